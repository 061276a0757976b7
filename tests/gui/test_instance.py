"""A second launch hands its files to the window already open on the library."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from pytestqt.qtbot import QtBot

from readinglist.core.library import Library
from readinglist.gui.instance import InstanceServer, hand_over
from tests.gui.conftest import WindowFactory
from tests.support.processes import cli


def test_a_second_launch_hands_its_file_to_the_open_window(
    qtbot: QtBot, make_window: WindowFactory, library: Library, sample_paths: list[Path]
) -> None:
    window = make_window(library)
    server = InstanceServer(library.paths.root, window)
    server.files_arrived.connect(window.receive_files)
    assert server.listen()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    second = subprocess.Popen(
        cli(library.paths.root, sample_paths[3]),
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        with qtbot.waitSignal(window.import_export.import_finished, timeout=60_000):
            pass
        out, err = second.communicate(timeout=60)
    finally:
        if second.poll() is None:
            second.kill()
    assert second.returncode == 0, err
    assert "sent 1 file(s) to the window already open" in out
    assert library.stats().papers == 38  # imported by the window, once
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.splitter)
    assert window.model.rowCount() == 38  # and shown
    server.close()


def test_a_malformed_message_is_refused_and_nothing_imported(
    qtbot: QtBot, make_window: WindowFactory, library: Library
) -> None:
    from PySide6.QtNetwork import QLocalSocket

    window = make_window(library)
    server = InstanceServer(library.paths.root, window)
    arrived: list[object] = []
    server.files_arrived.connect(arrived.append)
    assert server.listen()
    socket = QLocalSocket()
    socket.connectToServer(server.name)
    qtbot.waitUntil(lambda: socket.state() == QLocalSocket.LocalSocketState.ConnectedState)
    socket.write(b'{"files": [1, 2]}\n')
    qtbot.waitUntil(lambda: socket.bytesAvailable() > 0, timeout=5000)
    assert b'"ok": false' in bytes(socket.readAll().data())
    assert arrived == []
    server.close()


def test_no_window_means_no_hand_over(qapp: object, tmp_path: Path) -> None:
    assert hand_over(tmp_path / "nobody-listens", ["x.bib"], timeout_ms=300) is False


def test_a_second_launch_without_files_brings_the_window_forward(
    qtbot: QtBot, make_window: WindowFactory, library: Library
) -> None:
    window = make_window(library)
    server = InstanceServer(library.paths.root, window)
    assert server.listen()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    second = subprocess.Popen(
        cli(library.paths.root), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        with qtbot.waitSignal(server.files_arrived, timeout=60_000) as arrived:
            pass
        out, err = second.communicate(timeout=60)
    finally:
        if second.poll() is None:
            second.kill()
    assert arrived.args == [[]]  # nothing to import: only come to the front
    assert second.returncode == 0, err
    assert f"brought the window already open on {library.paths.root} to the front" in out
    assert library.stats().papers == 0
    server.close()
