"""Single instance (issue 8): a second launch hands its files to the running window; crashes leave nothing stuck."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import desktop.common.qtfix  # noqa: F401
from desktop.app.single_instance import SingleInstance, server_name

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.timeout(60)


@pytest.fixture
def first(qtbot):
    inst = SingleInstance()
    assert inst.try_forward([]) is False  # nobody runs yet: this one takes the lock
    assert inst.listen()
    yield inst
    inst.close()


def _child(code: str) -> subprocess.Popen[str]:
    """A Python child in the same XDG folders (the env is inherited), run from the repo root."""
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(code)], cwd=str(REPO), text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen"})


def test_second_instance_in_process_hands_over_files(qtbot, first, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "会议.wav").write_bytes(b"")
    second = SingleInstance()
    with qtbot.waitSignal(first.files_received, timeout=5000) as blocker, \
            qtbot.waitSignal(first.activation_requested, timeout=5000):
        assert second.try_forward(["会议.wav", tmp_path / "b.mp3"]) is True
    # relative names are resolved in the sender's folder, not the receiver's
    assert blocker.args[0] == [str(tmp_path / "会议.wav"), str(tmp_path / "b.mp3")]
    assert not second.primary


def test_launch_without_files_only_raises_the_window(qtbot, first):
    with qtbot.waitSignal(first.files_received, timeout=5000) as blocker:
        assert SingleInstance().try_forward([]) is True
    assert blocker.args[0] == []


def test_second_process_hands_over_and_exits(qtbot, first, tmp_path):
    child = _child(f"""
        import sys
        from desktop.app.single_instance import SingleInstance
        sys.exit(0 if SingleInstance().try_forward([{str(tmp_path / 'x.wav')!r}], timeout_ms=10000) else 3)
    """)
    with qtbot.waitSignal(first.files_received, timeout=20000) as blocker:
        pass
    qtbot.waitUntil(lambda: child.poll() is not None, timeout=20000)
    assert child.returncode == 0, child.stderr.read()
    assert blocker.args[0] == [str(tmp_path / "x.wav")]


def test_names_are_per_user_and_data_folder(monkeypatch, tmp_path):
    a = server_name()
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "other"))
    b = server_name()
    assert a != b
    uid = str(os.getuid()) if hasattr(os, "getuid") else ""
    assert uid in a and len(a) < 60  # Unix socket paths are short


def test_crashed_instance_leaves_no_stuck_lock_or_socket(qtbot):
    """A first instance killed with SIGKILL leaves its lock file and socket file behind; the next launch copes."""
    child = _child("""
        import os, sys
        from PySide6.QtCore import QCoreApplication
        app = QCoreApplication(sys.argv)
        from desktop.app.single_instance import SingleInstance
        inst = SingleInstance()
        assert inst.try_forward([]) is False and inst.listen()
        print(inst.full_server_name(), flush=True)
        app.exec()
    """)
    sock_path = child.stdout.readline().strip()
    assert sock_path, child.stderr.read()
    os.kill(child.pid, signal.SIGKILL)
    child.wait(10)
    inst = SingleInstance()
    if sys.platform != "win32":
        assert Path(sock_path).exists() and Path(inst.lock_path).exists()  # the crash left both
    assert inst.try_forward(["a.wav"], timeout_ms=3000) is False  # dead holder: the lock is taken over
    assert inst.listen()
    try:
        with qtbot.waitSignal(inst.files_received, timeout=5000):
            assert SingleInstance().try_forward(["b.wav"]) is True
    finally:
        inst.close()


def test_stale_socket_file_without_lock(qtbot):
    """A socket file nobody listens on (no lock file at all) is removed by the instance that gets the lock."""
    name = server_name()
    from PySide6.QtCore import QDir

    path = Path(QDir.tempPath()) / name
    if sys.platform == "win32":
        pytest.skip("named pipes leave no file behind")
    path.unlink(missing_ok=True)
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.bind(str(path))
    s.close()  # the file stays: connecting to it is refused
    inst = SingleInstance()
    try:
        assert inst.try_forward([]) is False
        assert inst.listen() and inst.listening
        with qtbot.waitSignal(inst.files_received, timeout=5000):
            assert SingleInstance().try_forward(["c.wav"]) is True
    finally:
        inst.close()


def test_live_but_silent_holder_times_out_and_starts_anyway(qtbot):
    holder = SingleInstance()
    assert holder.try_forward([]) is False  # holds the lock but never listens (stuck while starting)
    try:
        assert SingleInstance().try_forward(["d.wav"], timeout_ms=400) is False
    finally:
        holder.close()


def test_listen_refuses_while_another_instance_holds_the_lock(qtbot, first):
    assert SingleInstance().listen() is False
    assert first.listening


def test_garbage_message_is_ignored(qtbot, first):
    from PySide6.QtNetwork import QLocalSocket

    sock = QLocalSocket()
    sock.connectToServer(first.name)
    assert sock.waitForConnected(2000)
    with qtbot.assertNotEmitted(first.files_received), qtbot.waitSignal(sock.disconnected, timeout=5000):
        sock.write(b"{not json\n")  # read and dropped: the listener hangs up on a bad message
        sock.flush()
    assert first.listening
