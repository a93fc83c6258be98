"""Wires the watch folders into the main window: taken files join the queue (started at once: hands-free), the
queue's outcome goes back to the watch, a notification when a watched file is done, the login entry follows the
setting. Kept apart from main_window.py so the window stays a composition of parts."""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import desktop.common.qtfix  # noqa: F401  (before any emit: PySide 6.12 emit() refcount bug)
from PySide6.QtCore import QCoreApplication

from desktop.settings.store import Key
from desktop.watch import autostart
from desktop.watch.service import WatchService

log = logging.getLogger("tingxie.watch")
translate = QCoreApplication.translate
RESTART_KEYS = {str(Key.WATCH_FOLDERS), str(Key.PRECISION), str(Key.DEVICE), str(Key.BACKEND), str(Key.PUNC),
                str(Key.TEXT_ITN), str(Key.TEXT_SCRIPT), str(Key.GLOSSARY)}  # what a route's settings key holds


class WindowWatch:
    def __init__(self, window: Any, **service_kw: Any) -> None:
        self.w = window
        self.service = WatchService(window.settings, self.add_job, window, **service_kw)
        window.runner.job_finished.connect(self._on_finished)
        window.runner.job_failed.connect(self.service.job_failed)
        self.service.file_done.connect(self._on_done)
        self.service.failed_to_start.connect(
            lambda m: window.show_notice(translate("WindowWatch", "Watch folders are not watched: %1").replace("%1", m),
                                         "warning"))
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.service.stop)  # manifests finished, notification threads joined

    def add_job(self, path: Path, speakers: Any, text: Any) -> str:
        jobs = self.w.queue.add_paths([path], speakers)
        if not jobs:
            return ""
        jobs[0].text = text
        self.w.prober.probe(jobs[0].id, jobs[0].path)
        if not self.w.runner.running:
            self.w.runner.start()
        self.w.update_actions()
        return jobs[0].id

    def _on_finished(self, job_id: str) -> None:
        """A watched file's transcript (from the job history, with any corrections) goes to its watch folder."""
        if job_id not in self.service.pending:  # not a watched file
            return
        from models.core.errors import TingxieError
        from models.jobs.edits import edited_transcript

        try:
            transcript = edited_transcript(self.w.jobs, self.w.jobs.get(job_id).id)
        except TingxieError as exc:
            self.service.job_failed(job_id, str(exc))
            return
        self.service.job_finished(job_id, transcript)

    def _on_done(self, path: str, outputs: list[str]) -> None:
        notifier = getattr(self.w, "notifier", None)
        if notifier is not None:
            notifier.notify(translate("WindowWatch", "Transcribed: %1").replace("%1", Path(path).name),
                            "\n".join(outputs))

    def settings_changed(self, changed: set[str]) -> None:
        if str(Key.WATCH_AT_LOGIN) in changed:
            try:
                autostart.set_enabled(bool(self.w.settings.value(Key.WATCH_AT_LOGIN)))
            except OSError as exc:
                self.w.show_notice(translate("WindowWatch", "Could not change the login entry: %1")
                                   .replace("%1", str(exc)), "error")
        if changed & RESTART_KEYS:
            self.service.start()

    def start(self) -> bool:
        return self.service.start()

    def stop(self) -> None:
        self.service.stop()
