"""Keep the computer from sleeping while a transcription runs. Never raises; logs what it did.

    awake = KeepAwake("Transcribing audio")
    awake.watch(window.runner)          # on while the queue runs, off when it stops (or use acquire/release)
    with KeepAwake("Benchmark"):        # or as a context manager
        ...

Backends, first that works:
- Linux: `systemd-inhibit --what=idle:sleep` around a `tail --pid=<our pid> -f /dev/null` (so the inhibitor also
  ends if Tingxie crashes); then org.freedesktop.ScreenSaver.Inhibit over the session D-Bus (QtDBus), which
  desktop environments without logind honour for idle sleep.
- macOS: `caffeinate -i -w <our pid>`.
- Windows: SetThreadExecutionState(ES_CONTINUOUS | ES_SYSTEM_REQUIRED) from the calling (GUI) thread.
- Otherwise nothing, with one log line.
"""
from __future__ import annotations

import logging
import os
import shutil
import signal
import subprocess
import sys
import time
from typing import Any, Callable

log = logging.getLogger("tingxie.awake")

_ES_CONTINUOUS = 0x80000000
_ES_SYSTEM_REQUIRED = 0x00000001
_EARLY_EXIT_S = 0.15  # systemd-inhibit without a system bus fails at once; waiting longer would stall the GUI


def _sd_booted() -> bool:
    return os.path.isdir("/run/systemd/system")


class KeepAwake:
    """Blocks idle sleep while acquired. acquire()/release() are idempotent; set_active(bool) does either.

    Args:
        reason: shown by `systemd-inhibit --list` and power managers.
        app_name: who is inhibiting.
        inhibit_cmd: the Linux command prefix to use instead of systemd-inhibit (tests pass a fake).
        use_dbus: try org.freedesktop.ScreenSaver when the subprocess way fails (Linux).
        platform: override sys.platform (tests).
    """

    def __init__(self, reason: str = "Transcribing audio", app_name: str = "Tingxie", *,
                 inhibit_cmd: list[str] | None = None, use_dbus: bool = True, platform: str | None = None) -> None:
        self.reason = reason
        self.app_name = app_name
        self.platform = platform or sys.platform
        self._inhibit_cmd = inhibit_cmd
        self._use_dbus = use_dbus
        self._proc: subprocess.Popen[bytes] | None = None
        self._dbus_cookie: int | None = None
        self._windows = False
        self.method: str | None = None  # which backend holds the inhibition now
        self._failed_once = False
        self._watched: Any = None

    # -- public ---------------------------------------------------------------------------------------------------
    @property
    def active(self) -> bool:
        return self.method is not None

    def acquire(self) -> bool:
        """Start inhibiting sleep (no-op when already active). True when some backend holds it."""
        if self.active:
            if self._proc is not None and self._proc.poll() is not None:  # the inhibitor died: try again
                self._cleanup_proc()
                self.method = None
            else:
                return True
        try:
            for name, attempt in self._backends():
                if attempt():
                    self.method = name
                    log.info("keeping the computer awake (%s): %s", name, self.reason)
                    return True
        except Exception:  # never let power management break a transcription
            log.exception("keep-awake failed")
        if not self._failed_once:
            self._failed_once = True
            log.info("cannot keep the computer awake on this system (no systemd-inhibit/D-Bus/caffeinate); "
                     "it may sleep during long jobs")
        return False

    def release(self) -> None:
        """Stop inhibiting (no-op when not active)."""
        method, self.method = self.method, None
        try:
            if self._proc is not None:
                self._cleanup_proc()
            if self._dbus_cookie is not None:
                self._dbus_uninhibit()
            if self._windows:
                self._windows = False
                import ctypes

                ctypes.windll.kernel32.SetThreadExecutionState(_ES_CONTINUOUS)  # type: ignore[attr-defined]
        except Exception:
            log.exception("keep-awake release failed")
        if method:
            log.info("computer may sleep again (%s released)", method)

    def set_active(self, on: bool) -> None:
        if on:
            self.acquire()
        else:
            self.release()

    def watch(self, runner: Any, is_busy: Callable[[Any], bool] | None = None) -> None:
        """Follow a QueueRunner: active while `runner.busy or runner.running`, re-checked on `state_changed`."""
        check = is_busy or (lambda r: bool(getattr(r, "busy", False) or getattr(r, "running", False)))
        self._watched = runner
        runner.state_changed.connect(lambda *_: self.set_active(check(runner)))
        runner.destroyed.connect(lambda *_: self.release())

    def __enter__(self) -> "KeepAwake":
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

    def __del__(self) -> None:
        try:
            self.release()
        except Exception:
            pass

    # -- backends -------------------------------------------------------------------------------------------------
    def _backends(self) -> list[tuple[str, Callable[[], bool]]]:
        if self.platform.startswith("linux"):
            out: list[tuple[str, Callable[[], bool]]] = [("systemd-inhibit", self._linux_inhibit)]
            if self._use_dbus:
                out.append(("org.freedesktop.ScreenSaver", self._dbus_inhibit))
            return out
        if self.platform == "darwin":
            return [("caffeinate", self._caffeinate)]
        if self.platform == "win32":
            return [("SetThreadExecutionState", self._win_inhibit)]
        return []

    def _spawn(self, cmd: list[str]) -> bool:
        try:
            proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.PIPE, start_new_session=True)
        except OSError as exc:
            log.debug("keep-awake: %s: %s", cmd[0], exc)
            return False
        deadline = time.monotonic() + _EARLY_EXIT_S
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                err = proc.stderr.read().decode("utf-8", "replace").strip() if proc.stderr else ""
                log.debug("keep-awake: %s exited at once (%s): %s", cmd[0], proc.returncode, err)
                return False
            time.sleep(0.01)
        if proc.stderr is not None:
            proc.stderr.close()
        self._proc = proc
        return True

    def _holder_cmd(self) -> list[str]:
        """What runs under the inhibitor: ends by itself when this process dies (crash included)."""
        tail = shutil.which("tail")
        if tail and sys.platform.startswith("linux"):
            return [tail, f"--pid={os.getpid()}", "-f", "/dev/null"]
        return ["sleep", "infinity"]

    def _linux_inhibit(self) -> bool:
        if self._inhibit_cmd is not None:
            prefix = list(self._inhibit_cmd)
        else:
            exe = shutil.which("systemd-inhibit")
            if not exe or not _sd_booted():
                return False
            prefix = [exe, "--what=idle:sleep", f"--who={self.app_name}", f"--why={self.reason}", "--mode=block"]
        return self._spawn(prefix + self._holder_cmd())

    def _caffeinate(self) -> bool:
        exe = shutil.which("caffeinate")
        return bool(exe) and self._spawn([exe, "-i", "-w", str(os.getpid())])

    def _win_inhibit(self) -> bool:
        import ctypes

        ok = ctypes.windll.kernel32.SetThreadExecutionState(  # type: ignore[attr-defined]
            _ES_CONTINUOUS | _ES_SYSTEM_REQUIRED)
        self._windows = bool(ok)
        return self._windows

    def _screensaver_iface(self) -> Any:
        from PySide6.QtCore import QCoreApplication

        if QCoreApplication.instance() is None:
            return None
        from PySide6.QtDBus import QDBusConnection, QDBusInterface

        bus = QDBusConnection.sessionBus()
        if not bus.isConnected():
            return None
        iface = QDBusInterface("org.freedesktop.ScreenSaver", "/org/freedesktop/ScreenSaver",
                               "org.freedesktop.ScreenSaver", bus)
        return iface if iface.isValid() else None

    def _dbus_inhibit(self) -> bool:
        try:
            iface = self._screensaver_iface()
        except ImportError:
            return False
        if iface is None:
            return False
        reply = iface.call("Inhibit", self.app_name, self.reason)
        args = reply.arguments()
        if reply.errorName() or not args:
            log.debug("keep-awake: ScreenSaver.Inhibit failed: %s", reply.errorMessage())
            return False
        self._dbus_cookie = int(args[0])
        return True

    def _dbus_uninhibit(self) -> None:
        cookie, self._dbus_cookie = self._dbus_cookie, None
        iface = self._screensaver_iface()
        if iface is not None and cookie is not None:
            iface.call("UnInhibit", cookie)

    def _cleanup_proc(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        if proc.poll() is None:
            try:  # the whole session: the inhibitor and the holder process under it
                os.killpg(proc.pid, signal.SIGTERM)
            except (ProcessLookupError, PermissionError, AttributeError):
                proc.terminate()
            try:
                proc.wait(2)
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except (ProcessLookupError, PermissionError, AttributeError):
                    proc.kill()
                proc.wait(2)
        if proc.stderr is not None and not proc.stderr.closed:
            proc.stderr.close()
