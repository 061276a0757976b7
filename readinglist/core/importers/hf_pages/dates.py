"""Days as Hugging Face pages write them: ``Mar 13``, ``Sep 4, 2026``, ``Published on May 29``.

A page leaves the year out for the current year, so a date without one is
placed relative to a reference day: the digest's own day, or the day the
page was seen.
"""

from __future__ import annotations

import re
from datetime import date

_MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
MONTHS = {m: i for i, m in enumerate(_MONTH_NAMES, 1)}
#: ``Mar``, ``March``, ``Sept.``: a month by its first three letters.
MONTH = r"(?P<month>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
#: The page's own day, alone on its line: ``Mar 13``.
DAY_LINE = re.compile(rf"^{MONTH} (?P<day>\d{{1,2}})$", re.IGNORECASE)
#: A paper's date: ``Jun 19, 2022``, ``May 18``, ``Mar 20 2`` (a trailing upvote
#: count, in the older layout), ``Published on Sep 4, 2026``.
DATE = re.compile(
    rf"^(?:(?:published|submitted) on:? )?{MONTH} (?P<day>\d{{1,2}})(?:, ?(?P<year>\d{{4}}))?"
    r"(?: (?P<upvotes>\d{1,7}))?$",
    re.IGNORECASE,
)
#: A weekly page's week: ``Week 12, 2026``, ``Week 12``, ``2026-W12``.
WEEK = re.compile(
    r"^(?:week (?P<week>\d{1,2})(?:,? (?P<year>\d{4}))?|(?P<iy>\d{4})-W(?P<iw>\d{2}))$",
    re.IGNORECASE,
)
#: A monthly page's month: ``March 2026``, ``Mar 2026``, ``2026-03``.
MONTH_LINE = re.compile(
    rf"^(?:{MONTH},? (?P<year>\d{{4}})|(?P<iy>\d{{4}})-(?P<im>\d{{2}}))$", re.IGNORECASE
)


def month_number(name: str) -> int:
    return MONTHS[name[:3].lower()]


def infer_year(month: int, day: int, today: date) -> date:
    """The latest ``month``/``day`` not after ``today`` (29 Feb: the last leap year)."""
    for year in range(today.year, today.year - 9, -1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate <= today:
            return candidate
    raise ValueError(f"no such day: {month}/{day}")


def paper_date(month: int, day: int, year: int | None, reference: date) -> date:
    """A paper's date; without a year, the latest one not after ``reference``
    (a paper listed in January, published in December, is from the year before).

    Raises ``ValueError`` for a day that does not exist (``Feb 30, 2023``).
    """
    if year is not None:
        return date(year, month, day)
    found = date(reference.year, month, day)
    return found if found <= reference else date(reference.year - 1, month, day)
