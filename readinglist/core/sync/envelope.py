"""The envelope around every file in a sync folder: checked before anything is applied.

A file in the folder is untrusted input, like any import: a sync service may
hand over half of it, a second copy of it or someone else's file under its
name, and a bit flip in a Yrs update can be accepted silently and make
devices diverge for good. So every file is
``MAGIC | header length | header (JSON) | body length | body (zlib) | SHA-256``:
the reader checks the magic, the lengths, the digest, that the header names
the file it came in, and inflates with a size cap — all before pycrdt sees a
byte. Nothing in a file is ever run or used to build a path.
"""

from __future__ import annotations

import hashlib
import json
import struct
import zlib
from dataclasses import dataclass
from typing import Any

MAGIC = b"RLSYNC\x00"
#: The format this code writes and reads; a newer file is reported, not guessed at.
FORMAT = 1
#: Larger files are refused: a 100,000-paper snapshot is tens of MB.
MAX_FILE = 512 * 1024 * 1024
#: Larger inflated bodies are refused (a zip bomb, or not ours).
MAX_PAYLOAD = 2 * 1024 * 1024 * 1024
MAX_HEADER = 64 * 1024
_DIGEST = 32


class BadFile(Exception):
    """A file that is not (yet) a readable sync file; ``reason`` says why in a few words.

    ``incomplete`` files may still be arriving and are read again next time.
    """

    def __init__(self, reason: str, *, incomplete: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.incomplete = incomplete


@dataclass(frozen=True)
class Header:
    device: str
    seq: int
    kind: str
    #: The device's name as its user knows it (the computer's name), for messages.
    label: str
    length: int


def pack(header: Header, payload: bytes, level: int = 6) -> bytes:
    """A complete file: ``payload`` (a Yrs update) compressed, framed and digested."""
    head = json.dumps(
        {
            "format": FORMAT,
            "device": header.device,
            "seq": header.seq,
            "kind": header.kind,
            "label": header.label,
            "length": len(payload),
        },
        ensure_ascii=True,
        sort_keys=True,
    ).encode("ascii")
    body = zlib.compress(payload, level)
    digest = hashlib.sha256(head + body).digest()
    return b"".join(
        (
            MAGIC,
            bytes([FORMAT]),
            struct.pack(">I", len(head)),
            head,
            struct.pack(">Q", len(body)),
            body,
            digest,
        )
    )


def digest_of(blob: bytes) -> str:
    """The file's own SHA-256 (its last 32 bytes), as hex: names one version of a file."""
    return blob[-_DIGEST:].hex()


def unpack(blob: bytes, device: str, seq: int, kind: str) -> tuple[Header, bytes]:
    """The header and the payload of a file found as ``device/seq.kind``; raises BadFile."""
    if not blob.startswith(MAGIC):
        if MAGIC.startswith(blob):  # empty, or the first bytes of one
            raise BadFile("empty or cut short (still arriving?)", incomplete=True)
        raise BadFile("not a readinglist sync file")
    if len(blob) == len(MAGIC):
        raise BadFile("cut short (still arriving?)", incomplete=True)
    if blob[len(MAGIC)] != FORMAT:
        raise BadFile(f"written in a newer format ({blob[len(MAGIC)]}): update readinglist")
    pos = len(MAGIC) + 1
    try:
        (head_len,) = struct.unpack_from(">I", blob, pos)
        if head_len > MAX_HEADER:
            raise BadFile("damaged (a header of impossible length)")
        head = blob[pos + 4 : pos + 4 + head_len]
        (body_len,) = struct.unpack_from(">Q", blob, pos + 4 + head_len)
    except struct.error as exc:
        raise BadFile("cut short (still arriving?)", incomplete=True) from exc
    start = pos + 4 + head_len + 8
    end = start + body_len
    if len(blob) < end + _DIGEST:
        raise BadFile("cut short (still arriving?)", incomplete=True)
    if len(blob) > end + _DIGEST:
        raise BadFile("damaged (extra bytes at the end)")
    body = blob[start:end]
    if hashlib.sha256(head + body).digest() != blob[end:]:
        raise BadFile("damaged (its checksum does not match)")
    header = _header(head)
    if (header.device, header.seq, header.kind) != (device, seq, kind):
        raise BadFile("its content belongs to another file name")
    return header, _inflate(body, header.length)


def _header(head: bytes) -> Header:
    try:
        fields: Any = json.loads(head)
        header = Header(
            device=str(fields["device"]),
            seq=int(fields["seq"]),
            kind=str(fields["kind"]),
            label=str(fields.get("label", ""))[:100],
            length=int(fields["length"]),
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise BadFile("damaged (its header cannot be read)") from exc
    if not 0 <= header.length <= MAX_PAYLOAD:
        raise BadFile("damaged (an impossible length)")
    return header


def _inflate(body: bytes, length: int) -> bytes:
    inflater = zlib.decompressobj()
    try:
        out = inflater.decompress(body, length + 1)
    except zlib.error as exc:
        raise BadFile("damaged (its content cannot be decompressed)") from exc
    if len(out) != length or inflater.unconsumed_tail or not inflater.eof:
        raise BadFile("damaged (its content is not the length it says)")
    return out
