"""One window per library, and a second launch that hands over to it.

The window that holds a library listens on a local socket (``QLocalServer``:
a Unix socket, a named pipe on Windows) named after the user and the
library's folder. A second ``readinglist [FILE...]`` on the same library
(the file manager opening a ``.bib``, a second click on the menu entry)
connects, sends the files as one line of JSON, and exits; the window imports
them, refreshes and comes to the front. Only the same user can connect
(``UserAccessOption``); what arrives is read as paths to import, nothing
else, and a message over :data:`MAX_MESSAGE` bytes is dropped.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

MAX_MESSAGE = 1 << 20
TIMEOUT_MS = 3000


def server_name(root: Path) -> str:
    """The socket's name: one per user and library folder, short enough for a
    Unix socket path whatever the folder's length."""
    folder = str(root.expanduser().resolve())
    user = str(os.getuid()) if hasattr(os, "getuid") else os.environ.get("USERNAME", "")
    digest = hashlib.sha256(f"{user}\0{folder}".encode("utf-8", "surrogatepass")).hexdigest()
    return f"readinglist-{digest[:24]}"


class InstanceServer(QObject):
    """Listens for second launches; :attr:`files_arrived` carries what they sent."""

    files_arrived = Signal(list)  # list[Path]; empty: just come to the front

    def __init__(self, root: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = server_name(root)
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._connection)
        self._buffers: dict[QLocalSocket, bytes] = {}

    def listen(self) -> bool:
        """Start listening; a socket left by a window that crashed is replaced
        (this process holds the library's lock, so no live window owns it)."""
        if self.server.listen(self.name):
            return True
        QLocalServer.removeServer(self.name)
        return self.server.listen(self.name)

    def close(self) -> None:
        self.server.close()

    def _connection(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            self._buffers[socket] = b""
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(lambda s=socket: self._forget(s))

    def _forget(self, socket: QLocalSocket) -> None:
        self._buffers.pop(socket, None)
        socket.deleteLater()

    def _read(self, socket: QLocalSocket) -> None:
        data = self._buffers.get(socket, b"") + bytes(socket.readAll().data())
        if len(data) > MAX_MESSAGE:
            socket.abort()
            return
        if b"\n" not in data:
            self._buffers[socket] = data
            return
        line = data.split(b"\n", 1)[0]
        self._buffers[socket] = b""
        files = _files(line)
        socket.write(json.dumps({"ok": files is not None}).encode() + b"\n")
        socket.flush()
        socket.disconnectFromServer()
        if files is not None:
            self.files_arrived.emit(files)


def _files(line: bytes) -> list[Path] | None:
    """The paths in a message, or ``None`` if it is not one of ours."""
    try:
        message = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    files = message.get("files") if isinstance(message, dict) else None
    if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
        return None
    return [Path(f) for f in files]


def hand_over(root: Path, files: list[str], timeout_ms: int = TIMEOUT_MS) -> bool:
    """Send ``files`` (made absolute) to the window holding ``root``; ``False``
    when no window answers (then this launch opens the window itself)."""
    socket = QLocalSocket()
    socket.connectToServer(server_name(root))
    if not socket.waitForConnected(timeout_ms):
        return False
    paths = [str(Path(f).expanduser().resolve()) for f in files]
    socket.write(json.dumps({"files": paths}).encode("utf-8", "surrogatepass") + b"\n")
    if not socket.waitForBytesWritten(timeout_ms):
        return False
    reply = b""
    while b"\n" not in reply and socket.waitForReadyRead(timeout_ms):
        reply += bytes(socket.readAll().data())
    socket.disconnectFromServer()
    try:
        return bool(json.loads(reply.split(b"\n", 1)[0] or b"{}").get("ok"))
    except ValueError:
        print("readinglist: the open window gave an unexpected answer.", file=sys.stderr)
        return False
