"""`--smoke-test`: start the real GUI, wait for the model, close the window, exit 0 only if all of that worked.

For the bundle smoke test (packaging/bundle_smoke.py) and anyone checking an install:

    QT_QPA_PLATFORM=offscreen MODELSCOPE_CACHE=<models> tingxie --smoke-test=120

The flag (or TINGXIE_SMOKE_TEST=<seconds>) is taken off argv before the app sees it; `arm()` creates the
QApplication early (desktop.app.app reuses an existing instance) and polls the main window from a timer. Prints one
line starting with "smoke-test: ok" or "smoke-test: FAILED". A watchdog ends the process if closing hangs.
"""
from __future__ import annotations

import os
import sys
import threading
import time
from typing import Callable

from models.options import EXIT_FAILED, EXIT_HANG, EXIT_OK

DEFAULT_TIMEOUT_S = 120.0


def take_flag(argv: list[str]) -> tuple[list[str], float | None]:
    """Remove `--smoke-test[=SECONDS]` from argv. Returns (rest, timeout or None when not asked for)."""
    rest: list[str] = []
    timeout: float | None = None
    for arg in argv:
        if arg == "--smoke-test" or arg.startswith("--smoke-test="):
            value = arg.partition("=")[2]
            timeout = float(value) if value else DEFAULT_TIMEOUT_S
        else:
            rest.append(arg)
    env = os.environ.get("TINGXIE_SMOKE_TEST", "").strip()
    if timeout is None and env:
        timeout = float(env) if env not in ("1", "yes", "true") else DEFAULT_TIMEOUT_S
    return rest, timeout


class _Probe:
    """Polls the app until the main window is shown and its model settled, then closes everything."""

    def __init__(self, timeout_s: float, require_model: bool, quit: Callable[[int], None]) -> None:
        self.timeout_s = timeout_s
        self.require_model = require_model
        self.quit = quit
        self.watchdog = False
        self.exit_code: int | None = None
        self.started = time.monotonic()
        self.done = False
        self._timer_stop: Callable[[], None] = lambda: None

    def _main_window(self):
        from PySide6.QtWidgets import QApplication

        for w in QApplication.topLevelWidgets():
            if w.inherits("QMainWindow") and w.isVisible():
                return w
        return None

    def poll(self) -> None:
        if self.done:
            return
        elapsed = time.monotonic() - self.started
        window = self._main_window()
        runner = getattr(window, "runner", None)
        state = str(getattr(runner, "model_state", "unknown"))
        settled = state in ("ready", "missing", "error") or not self.require_model
        if window is not None and settled:
            ok = state == "ready" or not self.require_model
            detail = getattr(runner, "model_message", "") or ""
            self.finish(ok, f"window {window.windowTitle()!r} shown, model {state} after {elapsed:.1f} s"
                        + (f" ({detail})" if detail and not ok else ""), window)
        elif elapsed > self.timeout_s:
            self.finish(False, f"timed out after {self.timeout_s:.0f} s (window {'shown' if window else 'missing'},"
                        f" model {state})", window)

    def finish(self, ok: bool, message: str, window) -> None:
        from PySide6.QtWidgets import QApplication

        self.done = True
        self._timer_stop()
        print(f"smoke-test: {'ok' if ok else 'FAILED'}: {message}", flush=True)
        if self.watchdog:  # the real app: if closing hangs (a stuck worker), end the process anyway
            timer = threading.Timer(60.0, lambda: os._exit(EXIT_HANG))
            timer.daemon = True
            timer.start()
        if window is not None:
            if hasattr(window, "confirm_close"):
                window.confirm_close = False
            window.close()
        self.exit_code = EXIT_OK if ok else EXIT_FAILED
        self.quit(self.exit_code)


def arm(timeout_s: float = DEFAULT_TIMEOUT_S, require_model: bool = True,
        quit: Callable[[int], None] | None = None) -> _Probe:
    """Create the QApplication if needed and start polling; the GUI's own exec() runs the timer.

    Args:
        timeout_s: give up (exit 1) after this long without a shown window and a settled model.
        require_model: success needs the model "ready" (False: a shown window is enough).
        quit: called with the exit code (default QApplication.exit). Tests pass their own: exit() outside the
            main loop would make every later event loop of the shared test QApplication return at once.
    """
    import desktop.common.qtfix  # noqa: F401  (before any emit: PySide 6.12 emit() refcount bug)
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    probe = _Probe(timeout_s, require_model, quit or QApplication.exit)
    probe.watchdog = quit is None  # never in tests: it would end the test run
    timer = QTimer(app)
    timer.setInterval(250)
    timer.timeout.connect(probe.poll)
    timer.start()
    probe._timer_stop = timer.stop
    app._tingxie_smoke = (probe, timer)  # keep both alive
    return probe
