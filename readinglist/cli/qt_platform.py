"""Why the window cannot start on this machine, said in words a user can act on.

On a fresh Linux machine Qt's ``xcb`` platform plugin is shipped inside
PySide6 but needs system libraries that a minimal install lacks (the
``libxcb-*`` utility libraries, ``libxkbcommon-x11``). Qt then stops the
process with a generic "could not load the Qt platform plugin" and an abort.
:func:`watch_platform_start` installs a Qt message handler for the time the
application object is created: when Qt reports that no platform plugin could
start, it prints which of the plugin's libraries this machine cannot load
(read from the plugin's own ELF dependencies and tried with the dynamic
loader, never guessed) and the command that installs them on Debian/Ubuntu
and Fedora, then exits with code 1 instead of a core dump.

The ELF reading is a few lines of ``struct`` rather than a dependency: only
the ``DT_NEEDED`` entries of two files are wanted.
"""

from __future__ import annotations

import ctypes
import os
import struct
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

EXIT_PLATFORM = 1

#: soname -> (Debian/Ubuntu package, Fedora package), for what the xcb plugin needs.
PACKAGES: dict[str, tuple[str, str]] = {
    "libxcb-cursor.so.0": ("libxcb-cursor0", "xcb-util-cursor"),
    "libxcb-icccm.so.4": ("libxcb-icccm4", "xcb-util-wm"),
    "libxcb-util.so.1": ("libxcb-util1", "xcb-util"),
    "libxcb-image.so.0": ("libxcb-image0", "xcb-util-image"),
    "libxcb-keysyms.so.1": ("libxcb-keysyms1", "xcb-util-keysyms"),
    "libxcb-render-util.so.0": ("libxcb-render-util0", "xcb-util-renderutil"),
    "libxcb-randr.so.0": ("libxcb-randr0", "libxcb"),
    "libxcb-shm.so.0": ("libxcb-shm0", "libxcb"),
    "libxcb-sync.so.1": ("libxcb-sync1", "libxcb"),
    "libxcb-xfixes.so.0": ("libxcb-xfixes0", "libxcb"),
    "libxcb-render.so.0": ("libxcb-render0", "libxcb"),
    "libxcb-shape.so.0": ("libxcb-shape0", "libxcb"),
    "libxcb-xkb.so.1": ("libxcb-xkb1", "libxcb"),
    "libxcb.so.1": ("libxcb1", "libxcb"),
    "libX11-xcb.so.1": ("libx11-xcb1", "libX11-xcb"),
    "libX11.so.6": ("libx11-6", "libX11"),
    "libxkbcommon.so.0": ("libxkbcommon0", "libxkbcommon"),
    "libxkbcommon-x11.so.0": ("libxkbcommon-x11-0", "libxkbcommon-x11"),
    "libGL.so.1": ("libgl1", "libglvnd-glx"),
    "libEGL.so.1": ("libegl1", "libglvnd-egl"),
    "libfontconfig.so.1": ("libfontconfig1", "fontconfig"),
    "libfreetype.so.6": ("libfreetype6", "freetype"),
    "libglib-2.0.so.0": ("libglib2.0-0", "glib2"),
    "libgthread-2.0.so.0": ("libglib2.0-0", "glib2"),
    "libdbus-1.so.3": ("libdbus-1-3", "dbus-libs"),
}
_DT_NEEDED, _SHT_DYNAMIC = 1, 6


def needed(path: Path) -> list[str]:
    """The ``DT_NEEDED`` sonames of a 64-bit little-endian ELF file ([] if not one)."""
    try:
        data = path.read_bytes()
    except OSError:
        return []
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        return []
    (shoff,) = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
    sections = [
        struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)
    ]
    out: list[str] = []
    for section in sections:
        if section[1] != _SHT_DYNAMIC:
            continue
        offset, size, link = section[4], section[5], section[6]
        strtab = sections[link][4]
        for at in range(offset, offset + size, 16):
            tag, value = struct.unpack_from("<qQ", data, at)
            if tag == 0:
                break
            if tag == _DT_NEEDED:
                end = data.index(b"\0", strtab + value)
                out.append(data[strtab + value : end].decode("ascii", "replace"))
    return out


def qt_dir() -> Path | None:
    try:
        import PySide6
    except ImportError:
        return None
    return Path(PySide6.__file__).parent / "Qt"


def xcb_libraries(qt: Path | None = None) -> list[str]:
    """The system libraries the xcb plugin needs (its own and its Qt helper's)."""
    qt = qt or qt_dir()
    if qt is None:
        return []
    files = (qt / "plugins" / "platforms" / "libqxcb.so", qt / "lib" / "libQt6XcbQpa.so.6")
    names = dict.fromkeys(n for f in files for n in needed(f) if not n.startswith("libQt6"))
    return list(names)


def loadable(soname: str) -> bool:
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def missing_libraries(names: Iterable[str] | None = None) -> list[str]:
    """The xcb plugin's libraries the dynamic loader cannot find on this machine."""
    return [n for n in (xcb_libraries() if names is None else names) if not loadable(n)]


def install_commands(missing: Iterable[str]) -> list[str]:
    """The commands that install ``missing`` (sonames), Debian/Ubuntu then Fedora."""
    known = [PACKAGES[n] for n in missing if n in PACKAGES]
    if not known:
        return []
    debian = " ".join(dict.fromkeys(d for d, _ in known))
    fedora = " ".join(dict.fromkeys(f for _, f in known))
    return [
        f"  Debian, Ubuntu:  sudo apt install {debian}",
        f"  Fedora:          sudo dnf install {fedora}",
    ]


def diagnosis(qt_message: str, missing: list[str], environ: dict[str, str]) -> str:
    """What to tell the user when no Qt platform plugin could start."""
    lines = [
        "readinglist: the window cannot start: Qt could not start its platform plugin.",
        f"  Qt said: {qt_message.strip().splitlines()[0] if qt_message.strip() else '(nothing)'}",
    ]
    if missing:
        lines.append("These system libraries that Qt's xcb plugin needs are missing:")
        lines += [f"  {name}" for name in missing]
        commands = install_commands(missing)
        if commands:
            lines.append("Install them with:")
            lines += commands
    else:
        lines.append("No library the xcb plugin needs is missing.")
    if not environ.get("DISPLAY") and not environ.get("WAYLAND_DISPLAY"):
        lines.append(
            "No display: neither DISPLAY nor WAYLAND_DISPLAY is set (start it from a desktop "
            "session, or over ssh with -X)."
        )
    lines.append(
        "The commands (readinglist import, search, export, ...) work without a window; "
        "QT_QPA_PLATFORM=offscreen starts the window with nothing on screen."
    )
    return "\n".join(lines)


def watch_platform_start() -> Callable[[], None]:
    """Until the returned function is called, a Qt fatal "no platform plugin"
    becomes :func:`diagnosis` on standard error and exit code 1."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    said: list[str] = []

    def handler(kind: QtMsgType, _context: Any, message: str) -> None:
        if kind == QtMsgType.QtFatalMsg and "platform plugin" in message:
            told = "\n".join([*said, message])
            plugin = "xcb" in told or sys.platform.startswith("linux")
            missing = missing_libraries() if plugin else []
            line = next((m for m in said if m.startswith("Could not")), message)
            print(diagnosis(line, missing, dict(os.environ)), file=sys.stderr)
            sys.stderr.flush()
            os._exit(EXIT_PLATFORM)
        if kind != QtMsgType.QtDebugMsg:
            said.append(message)
            print(message, file=sys.stderr)

    qInstallMessageHandler(handler)

    def done() -> None:
        qInstallMessageHandler(None)  # Qt's own handler again

    return done
