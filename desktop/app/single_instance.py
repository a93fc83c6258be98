"""One Tingxie window per user: a second launch hands its files to the running window and exits.

    instance = SingleInstance()
    if instance.try_forward(files):     # True: the running window got them (and was raised): exit now
        return 0
    ...                                 # build the window
    instance.listen()
    instance.files_received.connect(window.add_paths)
    instance.activation_requested.connect(lambda: raise_window(window))

Who is first is decided by a QLockFile, not by the socket: QLockFile notices a lock left by a crashed process
(dead pid) and takes it over, and only the lock holder removes a leftover socket file before listening. Two
launches at the same moment therefore never delete each other's socket. The names include the user id and a hash
of the data folder, so test runs with their own XDG_DATA_HOME never reach the user's real window.

Protocol: one JSON line `{"files": [absolute paths], "cwd": "..."}` from the client, "ok" back from the server.
"""
from __future__ import annotations

import getpass
import hashlib
import json
import logging
import os
import time
from pathlib import Path

import platformdirs

import desktop.common.qtfix  # noqa: F401  (before any emit: PySide 6.12 emit() refcount bug)
from PySide6.QtCore import QByteArray, QCoreApplication, QDir, QLockFile, QObject, Signal, Slot
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger("tingxie.single")

MAX_MESSAGE = 1 << 20  # bytes; a file list never comes near this


def _user_tag() -> str:
    if hasattr(os, "getuid"):
        return str(os.getuid())
    try:
        return getpass.getuser()
    except Exception:  # no user name on this system: the data-dir hash still separates users
        return "user"


def server_name(name: str = "tingxie") -> str:
    """Socket / pipe name for this user and data folder (short: Unix socket paths are limited to ~100 bytes)."""
    data = platformdirs.user_data_dir("Tingxie", appauthor=False)
    digest = hashlib.sha1(os.path.abspath(data).encode("utf-8")).hexdigest()[:10]
    return f"{name}-{_user_tag()}-{digest}"


class SingleInstance(QObject):
    """Either forwards this launch's files to the running instance, or becomes the instance that receives them."""

    files_received = Signal(list)  # list[str] of absolute paths (may be empty: "just show yourself")
    activation_requested = Signal()  # another launch happened: bring the window to the front

    def __init__(self, name: str = "tingxie", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = server_name(name)
        self.lock_path = str(Path(QDir.tempPath()) / f"{self.name}.lock")
        self._lock = QLockFile(self.lock_path)
        self._lock.setStaleLockTime(0)  # stale only when the holder's process is gone, never by age
        self._server: QLocalServer | None = None
        self._buffers: dict[QLocalSocket, bytes] = {}

    # -- client side --------------------------------------------------------------------------------------------
    @property
    def primary(self) -> bool:
        """True once this object holds the lock (it is, or will be, the running instance)."""
        return self._lock.isLocked()

    def try_forward(self, files: list[str | os.PathLike[str]], timeout_ms: int = 5000) -> bool:
        """Hand `files` to a running instance. True: it confirmed receipt, this process should exit.

        False: no instance runs (this one now holds the lock: call listen()), or the running one did not answer
        within `timeout_ms` (it is alive but stuck; this launch goes on as a second window rather than nothing).
        """
        if self.primary or self._lock.tryLock(0):
            return False
        paths = [os.path.abspath(os.fspath(f)) for f in files]
        payload = json.dumps({"files": paths, "cwd": os.getcwd()}, ensure_ascii=False).encode("utf-8") + b"\n"
        deadline = time.monotonic() + timeout_ms / 1000
        while time.monotonic() < deadline:  # the running instance may still be starting up: retry connecting
            if self._send(payload, deadline):
                log.info("handed %d file(s) to the running Tingxie", len(paths))
                return True
            if self._lock.tryLock(0):  # the other instance quit meanwhile: we are first after all
                return False
            time.sleep(0.1)
        log.warning("another Tingxie holds %s but did not answer in %d ms; starting a second window",
                    self.lock_path, timeout_ms)
        return False

    def _send(self, payload: bytes, deadline: float) -> bool:
        sock = QLocalSocket()
        sock.connectToServer(self.name)
        if not sock.waitForConnected(max(1, int((deadline - time.monotonic()) * 1000))):
            return False
        sock.write(QByteArray(payload))
        sock.flush()
        reply = b""
        app = QCoreApplication.instance()
        while time.monotonic() < deadline and b"\n" not in reply:
            if app is not None:
                app.processEvents()  # the server may live in this very process (tests)
            if sock.bytesAvailable() or sock.waitForReadyRead(20):
                reply += bytes(sock.readAll().data())
            elif sock.state() != QLocalSocket.LocalSocketState.ConnectedState:
                break
        sock.disconnectFromServer()
        return reply.strip() == b"ok"

    # -- server side --------------------------------------------------------------------------------------------
    def listen(self) -> bool:
        """Start receiving files from later launches. False when another live instance already listens."""
        if self._server is not None:
            return True
        if not self.primary and not self._lock.tryLock(0):
            log.warning("another Tingxie is running (lock %s); not listening", self.lock_path)
            return False
        # We hold the lock, so any socket file with our name is left over from a crash: remove it.
        QLocalServer.removeServer(self.name)
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.name):
            log.warning("single instance: cannot listen on %s: %s", self.name, server.errorString())
            return False
        server.newConnection.connect(self._on_new_connection)
        self._server = server
        log.info("single instance: listening on %s", server.fullServerName())
        return True

    @property
    def listening(self) -> bool:
        return self._server is not None and self._server.isListening()

    def full_server_name(self) -> str:
        return self._server.fullServerName() if self._server is not None else ""

    @Slot()
    def _on_new_connection(self) -> None:
        assert self._server is not None
        while self._server.hasPendingConnections():
            sock = self._server.nextPendingConnection()
            self._buffers[sock] = b""
            sock.readyRead.connect(self._on_ready_read)
            sock.disconnected.connect(self._on_disconnected)
            if sock.bytesAvailable():
                self._read(sock)

    @Slot()
    def _on_ready_read(self) -> None:
        sock = self.sender()
        if isinstance(sock, QLocalSocket):
            self._read(sock)

    @Slot()
    def _on_disconnected(self) -> None:
        sock = self.sender()
        if isinstance(sock, QLocalSocket):
            self._buffers.pop(sock, None)
            sock.deleteLater()

    def _read(self, sock: QLocalSocket) -> None:
        if sock not in self._buffers:
            return
        data = self._buffers[sock] + bytes(sock.readAll().data())
        if len(data) > MAX_MESSAGE:
            log.warning("single instance: message too long, dropped")
            self._buffers.pop(sock, None)
            sock.abort()
            return
        self._buffers[sock] = data
        if b"\n" not in data:
            return
        line = data.split(b"\n", 1)[0]
        self._buffers.pop(sock, None)
        try:
            message = json.loads(line.decode("utf-8"))
            files = [str(f) for f in message.get("files", []) if isinstance(f, str)]
        except (ValueError, AttributeError) as exc:
            log.warning("single instance: bad message (%s)", exc)
            sock.abort()
            return
        sock.write(QByteArray(b"ok\n"))
        sock.flush()
        log.info("single instance: received %d file(s) from another launch", len(files))
        self.activation_requested.emit()
        self.files_received.emit(files)

    def close(self) -> None:
        """Stop listening and give up the lock (also done when the process ends)."""
        if self._server is not None:
            self._server.close()
            self._server = None
        if self._lock.isLocked():
            self._lock.unlock()


def raise_window(window) -> None:
    """Bring `window` to the front (un-minimise, raise, ask the window manager for focus)."""
    from PySide6.QtCore import Qt

    if window.isMinimized():
        window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
    window.show()
    window.raise_()
    window.activateWindow()
