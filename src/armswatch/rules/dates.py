"""Time values (the ISO-8601 prefixes of `records.Time`) as date intervals, and intervals against windows."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from armswatch.knowledge.provisions import Window

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")
_DECADE = re.compile(r"^(\d{3})X$")


@dataclass(frozen=True, slots=True)
class Interval:
    """The days [first, last] (both inclusive) a time value can denote."""

    first: date
    last: date

    @classmethod
    def day(cls, d: date) -> Interval:
        return cls(d, d)


def interval(value: str | None) -> Interval | None:
    """ "2023-12-30" → that day; "2023-11" → 1–30 Nov 2023; "2023-W52", "2023-Q4", "2023", "199X"; "a/b" ranges.

    None when there is no value or it is not one of these shapes.
    """
    if not value:
        return None
    if "/" in value:
        start, _, end = value.partition("/")
        a, b = interval(start), interval(end)
        return Interval(a.first, b.last) if a and b and a.first <= b.last else None
    try:
        return _point(value)
    except ValueError:  # a well-shaped but impossible date such as 2023-02-30
        return None


def _point(value: str) -> Interval | None:
    value = value.partition("T")[0]  # a time of day ("2024-01-04T10:00", "…TNI") denotes its day
    if m := _DAY.match(value):
        return Interval.day(date(int(m[1]), int(m[2]), int(m[3])))
    if m := _WEEK.match(value):
        monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
        return Interval(monday, monday + timedelta(days=6))
    if m := _MONTH.match(value):
        year, month = int(m[1]), int(m[2])
        return Interval(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]))
    if m := _QUARTER.match(value):
        year, q = int(m[1]), int(m[2])
        last_month = 3 * q
        return Interval(
            date(year, last_month - 2, 1), date(year, last_month, calendar.monthrange(year, last_month)[1])
        )
    if m := _YEAR.match(value):
        return Interval(date(int(m[1]), 1, 1), date(int(m[1]), 12, 31))
    if m := _DECADE.match(value):
        start = int(m[1]) * 10
        return Interval(date(start, 1, 1), date(start + 9, 12, 31))
    return None


def overlap(span: Interval, window: Window) -> str | None:
    """How `span` sits against `window`: "inside", "straddles", or None when it lies wholly outside."""
    last_in_force = window.until - timedelta(days=1) if window.until else date.max
    if span.last < window.start or span.first > last_in_force:
        return None
    if span.first >= window.start and span.last <= last_in_force:
        return "inside"
    return "straddles"
