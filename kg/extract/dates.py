"""Dates of events: explicit ("June 15, 2023", "Sept. 13"), relative to the article's date
("on Thursday", "Wednesday evening", "yesterday") and relative to the event just told
("a day earlier", "that evening"). Vague ones ("last week", "late last month") give None.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from .. import lexicons
from ..text import MONTH, month_number, safe_date

WEEKDAYS = sorted(((row["weekday"].lower(), int(row["number"])) for row in lexicons.rows("weekdays.tsv")),
                  key=lambda x: x[1])  # (name, date.weekday())
_NUM = {"a": 1, "an": 1, **{w: int(v) for w, v in lexicons.mapping("numbers.tsv", "word", "value").items()}}
_MONTH = f"({MONTH})"
FULL = re.compile(_MONTH + r"\s+(\d{1,2})(?!\d)(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?")
_ORD = r"(?:st|nd|rd|th)?"
# "16 May", "14-16 May 2023" (a range: its first day)
DAY_MONTH = re.compile(r"(?<!\d)(\d{1,2})" + _ORD + r"(?:\s*[-–]\s*\d{1,2}" + _ORD + r")?\s+(?:of\s+)?"
                       + _MONTH + r"(?:,?\s+(\d{4}))?")
ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
RELATIVE_EVENT = re.compile(r"\b(a|an|one|two|three|four|five|six|seven)\s+days?\s+(earlier|before|later|after)\b"
                            r"|\bthe (day|night) before\b|\bthe previous (day|night|evening)\b|\bthe next day\b"
                            r"|\bthe following day\b|\bthat (same )?(day|morning|afternoon|evening|night)\b"
                            r"|\bthe same day\b|\blater that day\b|\bearlier that day\b|\bearlier in the day\b")
FUTURE_WORDS = re.compile(r"\b(next|tomorrow|coming|upcoming|later this (week|month|year))\b")
VAGUE = re.compile(r"\b(last|past|this|earlier|late|early|mid|recent)\b.*\b(week|month|year|weeks|months|years)\b"
                   r"|\b(weeks?|months?|years?) ago\b")


@dataclass(frozen=True)
class DateReading:
    value: date | None
    future: bool = False  # the expression points after the article's date
    relative_to_event: bool = False


def resolve_date(expr: str, published: date | None, previous: date | None = None) -> DateReading:
    """Read one date expression against the article's date and the previous event's date.

    Examples (published = Friday 2023-06-16):
        "June 15, 2023" -> 2023-06-15; "on Thursday" -> 2023-06-15; "Wednesday evening" ->
        2023-06-14; "a day earlier" (previous 2023-06-15) -> 2023-06-14; "last week" -> None.
    """
    text = " ".join(expr.lower().split())
    if FUTURE_WORDS.search(text):
        return DateReading(None, future=True)
    if m := ISO.search(text):
        return DateReading(safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3))))
    for rx, mi, di in ((FULL, 1, 2), (DAY_MONTH, 2, 1)):
        if m := rx.search(text):
            month, day = month_number(m.group(mi)), int(m.group(di))
            year_txt = m.group(3)
            if not month:
                continue
            if year_txt:
                return DateReading(safe_date(int(year_txt), month, day))
            if published is None:
                return DateReading(None)
            d = safe_date(published.year, month, day)
            if d and d > published:  # a month-day after the dateline lies in the previous year
                d = safe_date(published.year - 1, month, day)
            return DateReading(d)
    if m := RELATIVE_EVENT.search(text):
        if previous is None:
            return DateReading(None, relative_to_event=True)
        phrase = m.group(0)
        if m.group(1):
            n = _NUM[m.group(1)]
            sign = -1 if m.group(2) in ("earlier", "before") else 1
            return DateReading(previous + timedelta(days=sign * n), relative_to_event=True)
        if "before" in phrase or "previous" in phrase:
            return DateReading(previous - timedelta(days=1), relative_to_event=True)
        if "next" in phrase or "following" in phrase:
            return DateReading(previous + timedelta(days=1), relative_to_event=True)
        return DateReading(previous, relative_to_event=True)
    if VAGUE.search(text):
        return DateReading(None)
    if published is None:
        return DateReading(None)
    if re.search(r"\b(today|tonight|this (morning|afternoon|evening))\b", text):
        return DateReading(published)
    if re.search(r"\byesterday\b", text):
        return DateReading(published - timedelta(days=1))
    for name, k in WEEKDAYS:
        if re.search(rf"\b{name}\b", text):
            back = (published.weekday() - k) % 7
            return DateReading(published - timedelta(days=back))
    return DateReading(None)
