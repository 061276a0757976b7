"""Two real Syncthing instances on loopback, each with its own copy of one folder.

Debian's ``syncthing`` (1.19). Each instance gets its own home and ``HOME``
(nothing touches the user's configuration), and its ``config.xml`` is edited
*before* it first runs: it listens on 127.0.0.1 only, dials its peer at a
fixed loopback address, and has global and local discovery, relays, NAT
traversal, STUN, usage reporting, crash reporting and upgrades off. Nothing
leaves the machine. The tests wait on Syncthing's own event stream (a long
poll), never on sleeps; :meth:`Node.stop` ends the process group it started,
whatever happened.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import threading
import time
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

FOLDER_ID = "readinglist-sync"
#: Options changed from Syncthing's defaults: loopback only, no outside service.
OPTIONS = {
    "globalAnnounceEnabled": "false",
    "globalAnnounceServer": "",
    "localAnnounceEnabled": "false",
    "relaysEnabled": "false",
    "natEnabled": "false",
    "stunKeepaliveStartS": "0",
    "stunServer": "",
    "urAccepted": "-1",
    "crashReportingEnabled": "false",
    "autoUpgradeIntervalH": "0",
    "startBrowser": "false",
    "announceLANAddresses": "false",
    "reconnectionIntervalS": "1",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class Node:
    """One Syncthing instance and its copy of the shared folder."""

    def __init__(self, name: str, root: Path) -> None:
        self.name = name
        self.home = root / name / "config"
        self.folder = root / name / "Sync"
        self.folder.mkdir(parents=True)
        self.gui_port, self.sync_port = free_port(), free_port()
        self.apikey = f"readinglist-test-{name}"
        self.env = {
            **os.environ,
            "HOME": str(root / name),
            "STNODEFAULTFOLDER": "1",
            "STNOUPGRADE": "1",
            "STNORESTART": "1",
        }
        self._run("generate", f"--home={self.home}", "--no-default-folder", "--skip-port-probing")
        self.device_id = self._run("serve", f"--home={self.home}", "--device-id").strip()
        self.proc: subprocess.Popen[str] | None = None
        self._drainer: threading.Thread | None = None
        self.log: list[str] = []
        self._since = 0

    def _run(self, *args: str) -> str:
        done = subprocess.run(
            ["syncthing", *args], env=self.env, capture_output=True, text=True, timeout=60
        )
        if done.returncode != 0:
            raise RuntimeError(f"syncthing {args[0]} failed: {done.stderr or done.stdout}")
        return done.stdout

    def configure(self, peer: Node) -> None:
        """Loopback only, no outside service, one folder shared with ``peer``."""
        path = self.home / "config.xml"
        tree = ET.parse(path)
        root = tree.getroot()
        options = _child(root, "options")
        for tag, value in {
            **OPTIONS,
            "listenAddress": f"tcp://127.0.0.1:{self.sync_port}",
        }.items():
            for old in options.findall(tag):
                options.remove(old)
            ET.SubElement(options, tag).text = value
        gui = _child(root, "gui")
        _child(gui, "address").text = f"127.0.0.1:{self.gui_port}"
        _child(gui, "apikey").text = self.apikey
        device = ET.fromstring(ET.tostring(_child(root, "defaults/device")))
        device.set("id", peer.device_id)
        device.set("name", peer.name)
        _child(device, "address").text = f"tcp://127.0.0.1:{peer.sync_port}"
        root.insert(1, device)
        folder = ET.fromstring(ET.tostring(_child(root, "defaults/folder")))
        folder.set("id", FOLDER_ID)
        folder.set("label", "readinglist")
        folder.set("path", str(self.folder))
        folder.set("fsWatcherEnabled", "true")
        folder.set("fsWatcherDelayS", "1")
        folder.set("rescanIntervalS", "60")
        for old in folder.findall("device"):
            folder.remove(old)
        for member in (self.device_id, peer.device_id):
            entry = ET.SubElement(folder, "device", id=member, introducedBy="")
            ET.SubElement(entry, "encryptionPassword")
        root.insert(1, folder)
        tree.write(path)

    def start(self) -> None:
        """Start, and return once its REST API answers (read from its log, not polled)."""
        self.proc = subprocess.Popen(
            [
                "syncthing",
                "serve",
                f"--home={self.home}",
                "--no-browser",
                "--no-restart",
                "--no-upgrade",
                "--no-default-folder",
                "--logflags=0",
            ],
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,  # it forks a monitor and a worker: stop the group
        )
        up = threading.Event()
        self._drainer = threading.Thread(target=self._drain, args=(up,), daemon=True)
        self._drainer.start()
        if not up.wait(60):
            raise TimeoutError(f"syncthing {self.name} did not start:\n" + "\n".join(self.log))

    def _drain(self, up: threading.Event) -> None:
        """Keep its log (and keep the pipe from filling); say when the API is up."""
        assert self.proc is not None and self.proc.stdout is not None
        for line in self.proc.stdout:
            self.log.append(line.rstrip())
            if "API listening on" in line:
                up.set()

    def rest(self, path: str, method: str = "GET", timeout: float = 70) -> Any:
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.gui_port}{path}",
            method=method,
            headers={"X-API-Key": self.apikey},
        )
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            body = answer.read()
        return json.loads(body) if body.strip() else None

    def events(self, kinds: str, timeout: int = 5) -> list[dict[str, Any]]:
        """Events since the last call, waiting up to ``timeout`` s for one (a long poll)."""
        found: list[dict[str, Any]] = self.rest(
            f"/rest/events?since={self._since}&events={kinds}&timeout={timeout}",
            timeout=timeout + 30,
        )
        if found:
            self._since = found[-1]["id"]
        return found

    def wait_for(self, what: str, ready: Callable[[], bool], timeout: float = 120) -> None:
        """Until ``ready()``, waking on this node's folder and connection events."""
        deadline = time.monotonic() + timeout
        while not ready():
            if time.monotonic() > deadline:
                raise TimeoutError(f"syncthing {self.name}: {what}")
            self.events(
                "ItemFinished,LocalIndexUpdated,FolderCompletion,StateChanged,"
                "DeviceConnected,DeviceResumed"
            )

    def connected(self, peer: Node) -> bool:
        connections = self.rest("/rest/system/connections")["connections"]
        return bool(connections.get(peer.device_id, {}).get("connected"))

    def scan(self) -> None:
        """Look at the folder now (not after the watcher's delay)."""
        self.rest(f"/rest/db/scan?folder={FOLDER_ID}", "POST")

    def pause(self, peer: Node) -> None:
        self.rest(f"/rest/system/pause?device={peer.device_id}", "POST")

    def resume(self, peer: Node) -> None:
        self.rest(f"/rest/system/resume?device={peer.device_id}", "POST")

    def stop(self) -> None:
        """Shut down (or kill the process group after 20 s); safe to call twice."""
        if self.proc is None:
            return
        if self.proc.poll() is None:
            with contextlib.suppress(OSError):  # URLError is an OSError
                self.rest("/rest/system/shutdown", "POST", timeout=5)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(20)
        with contextlib.suppress(ProcessLookupError):  # its worker, if it outlived it
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(20)
        if self._drainer is not None:
            self._drainer.join(20)  # the log ends with the process
        if self.proc.stdout is not None:
            self.proc.stdout.close()


def _child(element: ET.Element, path: str) -> ET.Element:
    found = element.find(path)
    if found is None:
        raise RuntimeError(f"syncthing's config.xml has no <{path}>")
    return found


def files_of(folder: Path) -> set[str]:
    """The sync files in a copy of the folder (relative paths)."""
    base = folder / "devices"
    if not base.is_dir():
        return set()
    return {
        str(path.relative_to(folder))
        for path in base.glob("*/*")
        if path.is_file() and not path.name.startswith(".")
    }
