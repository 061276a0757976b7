"""From the text of a page to its logical lines, whatever syntax carried them.

Three syntaxes carry the same cards. **Plain text** (select all, copy; some
exporters add each link's address on a line of its own after its text) is
taken line by line. **Markdown** (browser extensions, reader modes, web
clippers, scrapers) hides links, images, escapes and headings in its marks.
**Text-browser dumps** (``lynx -dump``, ``w3m``, ``html2text``) number their
links (``[12]Title`` or ``[Title][12]``) and list the addresses at the end,
and wrap long lines at 70-120 columns.

Each logical :class:`Line` keeps the number of the line it starts on (for
messages), its visible text with the marks removed and the links it carried:
the arXiv ids of paper links (``huggingface.co/papers/ID``,
``arxiv.org/abs/ID``, ``arxiv.org/pdf/ID``), a comment count read from a
``#community`` link, other addresses. A line that is only a link gives it
to the line before (``Title`` then ``https://huggingface.co/papers/ID``).
Lines are joined back where the syntax split them: a link text spread over
several lines, a Markdown hard break (a line ending in ``\\``), a heading
wrapped onto an indented line, and, in a dump whose lines are wrapped, a
line that the browser broke because the next word did not fit.

A small hand-written reader rather than a Markdown library: what people
paste is rarely valid Markdown (an exporter leaves half a link on each side
of a blank line; a dump mixes numbered links into wrapped text), every line
must keep its number for the error messages, and a 5,000-card page must be
read in one linear pass.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from readinglist.core.importers.links import link_only_id, normalise_arxiv_id
from readinglist.core.text import clean_line

TEXT, MARKDOWN, DUMP = "text", "markdown", "dump"

#: A line longer than this is not a link alone (the longest arXiv or paper address is ~60).
_LINK_LINE = 300
#: How many lines a link's text may run over before its ``](`` closes it.
_LINK_SPAN = 30
#: A dump is wrapped if its lines stop at a width no wider than this.
_MAX_WRAP = 132
_FRONT_KEY = re.compile(r"^(?P<key>[A-Za-z][\w -]{0,30}):\s*(?P<value>.*)$")
#: Labelled lines scrapers and reader modes put before the page
#: (``**URL:** …``, ``URL Source: …``, ``Title: …``, ``Markdown Content:``).
_LABEL = re.compile(
    r"^(?:\*\*)?(?P<key>url source|url|page title|title|source|published time|"
    r"markdown content)(?::\*\*|\*\*:|:)\s*(?P<value>.*)$",
    re.IGNORECASE,
)
_LYNX_REF = re.compile(r"^\s*(?P<n>\d{1,5})\.\s+(?P<url>\S+)\s*$")
_MD_REF = re.compile(r"^\s{0,3}\[(?P<label>[^\]]{1,40})\]:\s*<?(?P<url>[^\s>]+)>?(?:\s+.*)?$")
_HEADING = re.compile(r"^(?P<marks>#{1,6})\s+(?P<text>.*?)(?:\s+#+)?\s*$")
_BULLET = re.compile(r"^[-*+•]\s+(?=\S)")
_RULE = re.compile(r"^(?:[-=*_]\s*){3,}$")
#: A link's text: anything but ``]``, escapes (``\]``) included; written as an
#: unrolled loop, which Python's engine runs far faster than ``(?:\\.|[^\]\\])*``.
_TEXT = r"[^\]\\]*(?:\\.[^\]\\]*)*"
_IMAGE = re.compile(
    rf"!\[{_TEXT}\](?:\(\s*<?[^()\s>]*(?:\([^()\s]*\)[^()\s>]*)*>?(?:\s+\"[^\"]*\")?\s*\)"
    r"|\[[^\]]*\])"
)
_LINK = re.compile(
    rf"\[(?P<text>{_TEXT})\]\(\s*<?(?P<url>[^()\s>]*(?:\([^()\s]*\)[^()\s>]*)*)>?"
    r"(?:\s+\"[^\"]*\")?\s*\)"
)
_REF_LINK = re.compile(rf"\[(?P<text>{_TEXT})\]\[(?P<label>[^\]]*)\]")
#: lynx's ``[12]`` before a link's text (``[51]3``: a comment count linked to the discussion).
_LYNX_LINK = re.compile(r"\[(?P<n>\d{1,5})\](?P<count>\d{1,7}(?![\w.,]))?")
#: The closing half of a link whose ``[`` stood on an earlier, separate line.
_HALF_LINK = re.compile(r"^(?P<text>[^\[\]]*)\]\(\s*<?(?P<url>[^()\s>]+)>?\s*\)")
_AUTOLINK = re.compile(r"<(?P<url>https?://[^\s>]+)>")
_BARE_URL = re.compile(r"^<?(?P<url>https?://\S+?)>?$")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~ ])")
_EMPHASIS = re.compile(r"\*\*|__")
_LINK_CLOSE = re.compile(r"\]\(|\]\[")
_LYNX_START = re.compile(r"^\s*(?:\* )?\[\d{1,5}\][^\s(\[]")
_STARTS_ITEM = re.compile(r"^(?:[-*+•·]\s|#{1,6}\s|\[\d{1,5}\]|!\[|\d{1,5} authors?\b)")
_MARKDOWN_SIGN = re.compile(r"^\s{0,3}#{1,6}\s|!\[|\[[^\]\n]*\]\([^)\s]+\)")


@dataclass(slots=True)
class Line:
    """One logical line of a page."""

    number: int
    text: str
    heading: int = 0
    indent: int = 0
    #: A blank line stood between this line and the one before.
    gap: bool = False
    bullet: bool = False
    #: The line was a link and nothing else (its text is empty).
    bare: bool = False
    #: It links to the login page: a card's upvote button, for a visitor.
    login: bool = False
    ids: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    comments: int | None = None


@dataclass(frozen=True)
class Parsed:
    """A page's logical lines, which syntax it was in, and what it says about itself."""

    lines: list[Line]
    flavour: str
    #: Front matter and labelled header fields, keys in lower case.
    meta: dict[str, str]


def read(text: str) -> Parsed:
    src = text.split("\n")
    meta: dict[str, str] = {}
    start = _front_matter(src, meta)
    _labels(src, start, meta)
    end, refs, lynx = _references(src, start)
    flavour = DUMP if refs or lynx else MARKDOWN if _looks_markdown(src, start, end) else TEXT
    width = _wrap_width(src, start, end) if flavour != MARKDOWN else None
    reader = _Reader(src, end, flavour, refs if refs else {}, lynx, width)
    return Parsed(reader.run(start), flavour, meta)


def _front_matter(src: list[str], meta: dict[str, str]) -> int:
    """YAML front matter (``---`` … ``---``) read into ``meta``; the first line after it."""
    first = next((i for i, s in enumerate(src[:20]) if s.strip()), None)
    if first is None or src[first].strip() != "---":
        return 0
    for close in range(first + 1, min(len(src), first + 80)):
        if src[close].strip() in ("---", "..."):
            for line in src[first + 1 : close]:
                if match := _FRONT_KEY.match(line.strip()):
                    meta.setdefault(match["key"].lower(), match["value"].strip().strip("\"'"))
            return close + 1
    return 0


def _labels(src: list[str], start: int, meta: dict[str, str]) -> None:
    """A scraper's or reader mode's labelled lines at the top, if it names the page's URL."""
    found: list[tuple[int, str, str]] = []
    seen = 0
    for index in range(start, len(src)):
        line = src[index].strip()
        if not line:
            continue
        seen += 1
        if seen > 12:
            break
        if match := _LABEL.match(line):
            found.append((index, match["key"].lower(), match["value"].strip()))
    if not any(k in ("url", "url source", "source") and "://" in v for _, k, v in found):
        return
    for index, key, value in found:
        meta.setdefault(key, value)
        src[index] = ""


def _references(src: list[str], start: int) -> tuple[int, dict[str, str], bool]:
    """A dump's list of link addresses: (where the page's text ends, label -> URL, lynx-style)."""
    refs: dict[str, str] = {}
    end = len(src)
    for index in range(len(src) - 1, start - 1, -1):
        if src[index].strip() != "References":
            continue
        after = next((s for s in src[index + 1 :] if s.strip()), "")
        if _LYNX_REF.match(after):
            for line in src[index + 1 :]:
                if match := _LYNX_REF.match(line):
                    refs[match["n"]] = match["url"]
            return index, refs, True
        break
    for index in range(start, end):
        line = src[index]
        if "]:" in line and (match := _MD_REF.match(line)):
            refs[match["label"].lower()] = match["url"]
            src[index] = ""
    if len(refs) < 3:
        refs.clear()
    # lynx's numbered links without their list (the capture stopped before it):
    # the numbers still go, the addresses are lost.
    lynx = not refs and sum(1 for s in src[start:end] if _LYNX_START.match(s)) >= 5
    return end, refs, lynx


def _looks_markdown(src: list[str], start: int, end: int) -> bool:
    signs = 0
    for line in src[start:end]:
        if ("#" in line or "[" in line) and _MARKDOWN_SIGN.search(line):
            signs += 1
            if signs >= 3:
                return True
    return False


def _wrap_width(src: list[str], start: int, end: int) -> int | None:
    """The column a dump's lines were wrapped at, or ``None`` when they were not wrapped.

    Greedy wrapping leaves no line that holds a space longer than the width
    (a long address cannot be broken), many lines close to it, and sentences
    that go on, in lower case, on the next line. (A page of short lines, titles
    without abstracts, has the first two, not the third.)
    """
    lengths = [len(s.rstrip()) for s in src[start:end] if " " in s.strip()]
    if not lengths:
        return None
    width = max(lengths)
    if width > _MAX_WRAP:
        return None
    near = sum(1 for n in lengths if n >= width - 12)
    if near < 5 or near * 5 < sum(1 for n in lengths if n >= 40):
        return None
    going_on = 0
    for index in range(start, end - 1):
        here, there = src[index].rstrip(), src[index + 1].lstrip()
        if len(here) >= width - 12 and there[:1].islower():
            going_on += 1
            if going_on >= 3:
                return width
    return None


class _Reader:
    """One pass over a page's lines, joining what the syntax split and reading marks."""

    def __init__(
        self,
        src: Sequence[str],
        end: int,
        flavour: str,
        refs: dict[str, str],
        lynx: bool,
        width: int | None,
    ) -> None:
        self.src = src
        self.end = end
        self.marked = flavour != TEXT
        self.refs = refs
        self.lynx = lynx
        self.width = width
        self.lines: list[Line] = []
        self.ids: dict[str, str | None] = {}

    def run(self, start: int) -> list[Line]:
        index, gap = start, False
        while index < self.end:
            raw = self.src[index]
            if not raw.strip():
                gap, index = True, index + 1
                continue
            body, last = self._join(index)
            if self._emit(index + 1, len(raw) - len(raw.lstrip()), body, gap):
                gap = False
            index = last + 1
        return self.lines

    # joining -------------------------------------------------------------------------

    def _join(self, index: int) -> tuple[str, int]:
        """The logical line starting at ``index`` and the index of its last physical line."""
        src, end = self.src, self.end
        body, last = src[index].strip(), index
        while last + 1 < end:
            nxt = src[last + 1]
            if self.marked and body.endswith("\\") and nxt.strip():
                body = f"{body[:-1].rstrip()} {nxt.strip()}"
                last += 1
            elif "[" in body and _unclosed(body) and (close := self._link_close(last + 1)):
                more = (s.strip() for s in src[last + 1 : close + 1] if s.strip())
                body = " ".join([body, *more])
                last = close
            elif self.width and self._wrapped(src[last], nxt):
                body = f"{body} {nxt.strip()}"
                last += 1
            elif (
                last == index
                and body.startswith("#")
                and nxt[:1] in (" ", "\t")
                and nxt.strip()
                and not _STARTS_ITEM.match(nxt.strip())
                and _HEADING.match(body)
            ):
                body = f"{body} {nxt.strip()}"  # a heading wrapped onto an indented line
                last += 1
            else:
                break
        return body, last

    def _link_close(self, start: int) -> int | None:
        for index in range(start, min(self.end, start + _LINK_SPAN)):
            line = self.src[index]
            if _LINK_CLOSE.search(line):
                return index
            if "[" in line:
                return None
        return None

    def _wrapped(self, line: str, nxt: str) -> bool:
        """True when the browser broke ``line`` because ``nxt``'s first word did not fit."""
        assert self.width is not None
        here, there = line.rstrip(), nxt.strip()
        if not there or _STARTS_ITEM.match(there):
            return False
        indent, next_indent = len(line) - len(line.lstrip()), len(nxt) - len(nxt.lstrip())
        if next_indent not in (indent, indent + 2):
            return False
        word = there.split(" ", 1)[0]
        return len(here) + 1 + len(word) > self.width

    # one logical line -------------------------------------------------------------------

    def _emit(self, number: int, indent: int, body: str, gap: bool) -> bool:
        """Add the logical line; False when it only gave its link to the line before."""
        heading = 0
        if body.startswith("#") and (match := _HEADING.match(body)):
            heading, body = len(match["marks"]), match["text"]
        elif self.marked and body.startswith(">"):
            body = body.lstrip("> ")
        first = body[:1]
        if self.marked and first in "-=*_" and _RULE.match(body):
            return False
        bullet = False
        if first in "-*+•" and (match := _BULLET.match(body)):
            bullet, body = True, body[match.end() :]
        line = Line(number, "", heading, indent, gap, bullet)
        if not heading and self._bare(body, line):
            return not self._attach(line)
        line.text = clean_line(self._inline(body, line))
        if not line.text and not (line.ids or line.urls or line.comments is not None):
            return False
        line.bare = not line.text and not heading
        self.lines.append(line)
        return True

    def _bare(self, body: str, line: Line) -> bool:
        """Read a line that is only a paper link, ``arXiv:`` id or Hugging Face address."""
        if len(body) > _LINK_LINE or not ("://" in body or ":" in body[:12]):
            return False  # most lines: a title, an abstract
        found = link_only_id(body)
        if found is not None:
            line.ids.append(found)
            return True
        match = _BARE_URL.match(body)
        if match is None or "huggingface.co" not in match["url"].lower():
            return False
        self._target(match["url"], "", line)
        return True

    def _attach(self, bare: Line) -> bool:
        """Give a link-only line to the line before, when that one has text."""
        if not self.lines or not self.lines[-1].text:
            bare.bare = True
            self.lines.append(bare)
            return False
        before = self.lines[-1]
        if bare.comments is not None or (bare.urls and bare.urls[0] == "#community"):
            if before.text.isdigit():
                before.comments, before.text = int(before.text), ""
            return True
        before.login = before.login or bare.login
        before.ids.extend(i for i in bare.ids if i not in before.ids)
        before.urls.extend(bare.urls)
        return True

    def _inline(self, body: str, line: Line) -> str:
        if "[" in body or "<" in body:
            if "![" in body:
                body = _IMAGE.sub("", body)
            if "](" in body:
                body = _LINK.sub(lambda m: self._target(m["url"], m["text"], line), body)
            if self.refs and not self.lynx:
                body = _REF_LINK.sub(lambda m: self._ref(m["label"] or m["text"], m, line), body)
            if self.lynx:
                body = _LYNX_LINK.sub(lambda m: self._lynx(m["n"], m["count"], line), body)
            if "](" in body:
                body = _HALF_LINK.sub(lambda m: self._target(m["url"], m["text"], line), body)
            if "<http" in body:
                body = _AUTOLINK.sub(lambda m: self._target(m["url"], m["url"], line), body)
        if self.marked:
            if body.startswith("[") and _unclosed(body):
                body = body[1:]  # a link's text the capture cut off before its end
            if "\\" in body:
                body = _ESCAPE.sub(r"\1", body)
            if "**" in body or "__" in body:
                body = _EMPHASIS.sub("", body)
            if "&" in body:
                body = html.unescape(body)
        return body

    def _paper_id(self, url: str) -> str | None:
        """The arXiv id a link's address names (a card links to its paper three or four times)."""
        if url not in self.ids:
            self.ids[url] = normalise_arxiv_id(url)
        return self.ids[url]

    def _lynx(self, number: str, count: str | None, line: Line) -> str:
        """``[12]`` goes; a number right after it is the link's text (or a comment count)."""
        url = self.refs.get(number, "")
        if count and "#community" in url.lower():
            line.comments = int(count)
            return ""
        return self._target(url, count or "", line) if url else count or ""

    def _ref(self, label: str, match: re.Match[str], line: Line) -> str:
        url = self.refs.get(label.lower())
        return self._target(url, match["text"], line) if url else match["text"]

    def _target(self, url: str, text: str, line: Line) -> str:
        """Record where a link goes; returns the text that stays on the line."""
        lowered = url.lower()
        if "#community" in lowered:
            count = clean_line(text)
            if count.isdigit():
                line.comments = int(count)
            elif not text.strip():
                line.urls.append("#community")
            return ""
        if "huggingface.co/login" in lowered or lowered.startswith("/login"):
            line.login = True
            return text
        found = self._paper_id(url) if ("/papers/" in lowered or "arxiv" in lowered) else None
        if found is not None:
            if found not in line.ids:
                line.ids.append(found)
        else:
            line.urls.append(url)
        return text


def _unclosed(body: str) -> bool:
    """More ``[`` than ``]`` (escaped ones aside): a link's text runs on."""
    if "\\[" in body or "\\]" in body:
        body = body.replace("\\[", "").replace("\\]", "")
    return body.count("[") > body.count("]")
