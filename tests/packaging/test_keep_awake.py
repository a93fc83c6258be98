"""Keep-awake (issue 8): never raises, cleans up its inhibitor process, ends with the app even after a crash."""
from __future__ import annotations

import logging
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from desktop.app.keep_awake import KeepAwake

REPO = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.timeout(60), pytest.mark.skipif(sys.platform == "win32", reason="POSIX processes")]


def _gone(pid: int) -> bool:
    """True when pid no longer runs (a zombie nobody reaped counts as gone: it holds no inhibitor)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        return False
    return "State:\tZ" in status


def _wait_gone(pid: int, timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if _gone(pid):
            return True
        time.sleep(0.05)
    return False


@pytest.fixture
def fake_inhibitor(tmp_path: Path) -> tuple[list[str], Path]:
    """Behaves like systemd-inhibit: runs the command it is given as a child and waits for it."""
    script = tmp_path / "fake-inhibit"
    pids = tmp_path / "pids"
    script.write_text(textwrap.dedent(f"""\
        #!/bin/bash
        echo $$ > {pids}
        "$@" &
        echo $! >> {pids}
        wait
    """))
    script.chmod(0o755)
    return [str(script)], pids


def _pids(path: Path) -> list[int]:
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        if path.exists() and len(path.read_text().split()) == 2:
            return [int(p) for p in path.read_text().split()]
        time.sleep(0.02)
    raise AssertionError("the fake inhibitor did not start its child")


def test_acquire_release_cleans_up_inhibitor_and_child(fake_inhibitor):
    cmd, pidfile = fake_inhibitor
    awake = KeepAwake("test", inhibit_cmd=cmd, use_dbus=False, platform="linux")
    assert awake.acquire() is True and awake.method == "systemd-inhibit"
    inhibitor, holder = _pids(pidfile)
    assert not _gone(inhibitor) and not _gone(holder)
    assert awake.acquire() is True  # idempotent: no second process
    assert _pids(pidfile) == [inhibitor, holder]
    awake.release()
    assert not awake.active
    assert _wait_gone(inhibitor) and _wait_gone(holder)
    awake.release()  # idempotent


def test_context_manager_and_set_active(fake_inhibitor):
    cmd, pidfile = fake_inhibitor
    with KeepAwake("ctx", inhibit_cmd=cmd, use_dbus=False, platform="linux") as awake:
        assert awake.active
        inhibitor, _ = _pids(pidfile)
    assert not awake.active and _wait_gone(inhibitor)
    awake.set_active(True)
    assert awake.active
    awake.set_active(False)
    assert not awake.active


def test_failing_inhibitor_is_a_logged_no_op(tmp_path, caplog):
    bad = tmp_path / "bad-inhibit"
    bad.write_text("#!/bin/sh\necho 'Failed to connect to bus' >&2\nexit 1\n")
    bad.chmod(0o755)
    awake = KeepAwake(inhibit_cmd=[str(bad)], use_dbus=False, platform="linux")
    with caplog.at_level(logging.INFO, logger="tingxie.awake"):
        assert awake.acquire() is False
        assert awake.acquire() is False
    assert not awake.active
    assert sum("cannot keep the computer awake" in r.message for r in caplog.records) == 1  # said once
    awake.release()


def test_missing_program_and_unknown_platform_never_raise(tmp_path):
    assert KeepAwake(inhibit_cmd=[str(tmp_path / "nope")], use_dbus=False, platform="linux").acquire() is False
    assert KeepAwake(platform="plan9").acquire() is False


def test_real_system_never_raises():
    """Whatever this machine has (systemd-inhibit without a bus here, a real logind elsewhere)."""
    awake = KeepAwake("tingxie test")
    on = awake.acquire()
    assert on == awake.active
    awake.release()
    assert not awake.active


def test_holder_ends_when_the_app_dies(fake_inhibitor):
    """The inhibition must not outlive a crashed Tingxie: the held command watches our pid."""
    cmd, pidfile = fake_inhibitor
    child = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import os, sys
        from desktop.app.keep_awake import KeepAwake
        a = KeepAwake(inhibit_cmd={cmd!r}, use_dbus=False, platform="linux")
        assert a.acquire()
        os._exit(0)  # no release: a crash
    """)], cwd=str(REPO), env={**os.environ, "PYTHONPATH": str(REPO)})
    assert child.wait(30) == 0
    inhibitor, holder = _pids(pidfile)
    assert _wait_gone(holder, 10) and _wait_gone(inhibitor, 10)


def test_watch_follows_the_runner(qtbot, fake_inhibitor):
    import desktop.common.qtfix  # noqa: F401
    from PySide6.QtCore import QObject, Signal

    class Runner(QObject):
        state_changed = Signal()
        busy = False
        running = False

    runner = Runner()
    cmd, _ = fake_inhibitor
    awake = KeepAwake(inhibit_cmd=cmd, use_dbus=False, platform="linux")
    awake.watch(runner)
    runner.running = True
    runner.state_changed.emit()
    assert awake.active
    runner.busy = True
    runner.state_changed.emit()
    assert awake.active
    runner.busy = runner.running = False
    runner.state_changed.emit()
    assert not awake.active
