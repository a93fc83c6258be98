"""Composition root of the desktop app: logging, QApplication, fonts, translator, settings, window.

    from desktop.app.app import run
    sys.exit(run(sys.argv[1:]))      # arguments that are files or folders are added to the queue (sys.argv works too)
"""
from __future__ import annotations

import logging
import os
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType
from typing import Any, Callable

import desktop.common.qtfix  # noqa: F401  (before any emit: PySide 6.12 emit() refcount bug)
from PySide6.QtCore import QObject, QtMsgType, Signal, Slot, qInstallMessageHandler
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.common import i18n
from desktop.app.keep_awake import KeepAwake
from desktop.app.notify import JobNotifier
from desktop.common.resources import app_icon
from desktop.app.single_instance import SingleInstance, raise_window
from desktop.settings.store import Key, Settings

log = logging.getLogger("tingxie.app")

# Chinese glyph forms first: with fonts-noto-cjk installed Qt's fallback would otherwise pick "Noto Sans CJK JP".
CJK_FAMILIES = ["Noto Sans CJK SC", "WenQuanYi Micro Hei", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC"]


def apply_fonts(app: QApplication) -> QFont:
    font = app.font()
    default = font.family()
    families = CJK_FAMILIES + ([default] if default and default not in CJK_FAMILIES else [])
    font.setFamilies(families)
    app.setFont(font)
    return font


class _CrashBridge(QObject):
    """Carries an unhandled exception from any thread to a dialog in the GUI thread."""

    crashed = Signal(str)

    def __init__(self, log_path: Path) -> None:
        super().__init__()
        self.log_path = log_path
        self._box: QMessageBox | None = None
        self._count = 0
        self.crashed.connect(self._show)

    @Slot(str)
    def _show(self, summary: str) -> None:
        self._count += 1
        if self._box is not None and self._box.isVisible():  # one dialog, however many errors follow
            self._box.setInformativeText(self._informative(summary))
            return
        parent = QApplication.activeWindow()
        box = QMessageBox(QMessageBox.Icon.Critical, self.tr("Tingxie hit an unexpected error"),
                          self.tr("Something went wrong inside Tingxie. Your queue and transcripts are still there; "
                                  "you can keep working, but restarting is safest."), QMessageBox.StandardButton.Ok,
                          parent)
        box.setInformativeText(self._informative(summary))
        box.setModal(False)
        self._box = box
        box.show()

    def _informative(self, summary: str) -> str:
        more = self.tr(" (%1 errors so far)").replace("%1", str(self._count)) if self._count > 1 else ""
        return (self.tr("%1\n\nDetails are in the log file:\n%2").replace("%1", summary + more)
                .replace("%2", str(self.log_path)))


def install_excepthook(log_path: Path) -> _CrashBridge:
    """Log unhandled exceptions (any thread) and show a dialog with the log path instead of dying."""
    bridge = _CrashBridge(log_path)

    def report(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        log.critical("unhandled exception:\n%s", "".join(traceback.format_exception(exc_type, exc, tb)))
        try:
            bridge.crashed.emit(f"{exc_type.__name__}: {exc}")
        except RuntimeError:  # the bridge is gone (interpreter shutting down)
            pass

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        report(args.exc_type, args.exc_value or args.exc_type(), args.exc_traceback)

    sys.excepthook = report
    threading.excepthook = thread_hook
    return bridge


def _qt_messages(mode: QtMsgType, _context: Any, message: str) -> None:
    qt_log = logging.getLogger("tingxie.qt")
    level = {QtMsgType.QtDebugMsg: logging.DEBUG, QtMsgType.QtInfoMsg: logging.INFO,
             QtMsgType.QtWarningMsg: logging.WARNING}.get(mode, logging.ERROR)
    qt_log.log(level, "%s", message)


def split_argv(argv: list[str]) -> tuple[list[str], list[str]]:
    """(argv for QApplication, the arguments). Accepts sys.argv as is, or only the arguments (main.py passes
    sys.argv[1:]), so `python main.py talk.mp3` queues talk.mp3 either way."""
    if argv and sys.argv and argv[0] == sys.argv[0]:
        return list(argv), list(argv[1:])
    return [sys.argv[0] if sys.argv and sys.argv[0] else "tingxie", *argv], list(argv)


def open_job_history() -> Any:
    """The user's job history. Never fatal: a history that cannot be used gives an in-memory store whose
    `problem` the window shows in its notice bar (JobStore.open_default falls back by itself; this also covers bugs)."""
    from models.jobs.store import JobStore

    try:
        jobs = JobStore.open_default()
    except Exception as exc:  # noqa: BLE001 - transcription must work without a history
        log.exception("cannot open the job history")
        jobs = JobStore(":memory:")
        jobs.problem = f"{type(exc).__name__}: {exc}"
    log.info("job history %s (%d interrupted job(s) recovered)", jobs.path, len(jobs.recovered))
    return jobs


def build(argv: list[str], *, engine_factory: Callable[..., Any] | None = None,
          store_factory: Callable[[], Any] | None = None) -> tuple[QApplication, Any]:
    """Logging, QApplication, fonts, translator, excepthook, settings and the main window (shown)."""
    from models.core.logsetup import setup

    log_path = setup(console=True)
    log.info("starting Tingxie (Python %s, pid %d)", sys.version.split()[0], os.getpid())
    QApplication.setApplicationName("Tingxie")
    QApplication.setOrganizationName("Tingxie")
    QApplication.setDesktopFileName("tingxie")
    qt_argv, args = split_argv(argv)
    app = QApplication.instance() or QApplication(qt_argv)
    assert isinstance(app, QApplication)
    qInstallMessageHandler(_qt_messages)
    app.setWindowIcon(app_icon())
    apply_fonts(app)
    settings = Settings()
    lang = i18n.install(app, settings.value(Key.LANGUAGE))
    log.info("UI language %s, settings %s", lang, settings.path)
    bridge = install_excepthook(log_path)
    bridge.setParent(app)

    from desktop.window.main_window import MainWindow

    jobs = open_job_history()  # the queue and unfinished transcripts reload from it
    window = MainWindow(settings, engine_factory=engine_factory, store_factory=store_factory, jobs=jobs)
    window.keep_awake = KeepAwake(app.translate("app", "Transcribing audio"))  # no sleep while queue runs
    window.keep_awake.watch(window.runner)
    window.notifier = JobNotifier(window, min_seconds=120)  # tray message when a long run finishes
    window.notifier.watch(window.runner, name_of=lambda job_id: window.queue.job(job_id).path.name)
    from desktop.watch.window_watch import WindowWatch

    window.watch = WindowWatch(window)  # watch folders: run while the window is open
    window.watch.start()
    window.show()
    files = [Path(a) for a in args if not a.startswith("-") and Path(a).exists()]
    if files:
        window.add_paths(files)
    return app, window


def run(argv: list[str], *, engine_factory: Callable[..., Any] | None = None,
        store_factory: Callable[[], Any] | None = None) -> int:
    """Start the GUI and block until the window closes; returns the exit code."""
    # one window per user; a second launch hands its files over and exits. Decided before the job
    # history opens, so two windows never show the same queue.
    instance = SingleInstance()
    if instance.try_forward([a for a in split_argv(argv)[1] if not a.startswith("-") and Path(a).exists()]):
        return 0
    app, window = build(argv, engine_factory=engine_factory, store_factory=store_factory)
    instance.listen()
    instance.files_received.connect(window.add_paths)
    instance.activation_requested.connect(lambda: raise_window(window))
    rc = app.exec()
    window.keep_awake.release()
    instance.close()
    if not window.runner.wait_stopped(30_000):
        # A model load cannot be interrupted; never terminate() a thread, and do not let Qt abort on exit.
        log.error("worker thread still busy 30 s after the window closed; exiting anyway")
        logging.shutdown()
        os._exit(rc)
    window.jobs.close()  # the worker is gone: nothing writes to the job history any more
    log.info("exit %d", rc)
    return rc
