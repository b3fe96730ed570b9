"""Time normalisation: the text of one time expression + an anchor date → a TimeML value, precision and kind.

dateparser reads absolute dates in their many written forms; the news rules on top handle what it gets
wrong or cannot say (DESIGN.md, "Chosen dependencies"):

- a bare weekday is the anchor day when it is the anchor's weekday, else the nearest such day before the
  anchor (after it in a future-tense clause): "Saturday" in a story of Thursday 2024-01-04 is 2023-12-30;
- a bare month is a month, not a day: "in November" said on 2024-01-04 is 2023-11 (the most recent one;
  the next one in a future-tense clause, or the next month in a past-tense one; with no tense, one of the
  next four months is read as upcoming);
- a year-less date is the most recent one (the next one in a future-tense clause; one up to a month ahead
  in a past-tense clause, "extended the offer to Jan. 14"; with no tense, one up to 120 days ahead is read
  as a schedule): "December 30" said on 2024-01-04 is 2023-12-30;
- relative periods are calendar periods ("last week" is ISO week 2023-W52), a rolling window without a
  count is a range ("the past month" is 2023-12-04/2024-01-04);
- holidays are days like any other ("Thanksgiving Day" is the fourth Thursday of November, "Good Friday"
  two days before Easter; "Easter week" is the ISO week that ends on Easter Sunday), and so are
  spelled-out years ("nineteen ninety-six", "the year two thousand").

Beyond calendar periods, values follow TimeML 1.2.1 / TIDES 2005 (`TimeValue.kind` is the TIMEX3 type):
- times of day are the day plus the clock time or part of day: "10 a.m. Thursday" 2024-01-04T10:00,
  "Friday morning" 2023-12-29TMO, "last night" 2024-01-03TNI (MO, AF, EV, NI; noon T12:00);
- durations are a count and a unit: "three days" P3D, "the past two months" P2M, "16-hour" PT16H, "a
  decade" P1DE, "two quarters" P2Q; an unspecified count is X: "several years", "years", "recent weeks"
  PXY, PXY, PXW; a year named by the day it ends on ("for the year ended Aug. 31", read from `after`) is
  a reporting period of twelve months, P1Y;
- sets are the period they repeat at: "daily" / "every day" P1D, "annually" P1Y, "each Thursday"
  XXXX-WXX-4, "each July" XXXX-07, "Tuesday nights" XXXX-WXX-2TNI;
- deictic references: "now", "currently", "current" PRESENT_REF; "recently", "the past", "several years
  ago" PAST_REF; "the future", "soon", "the near term" FUTURE_REF;
- seasons are 2023-SU / FA / WI / SP (quarter precision), centuries 19XX ("this century" the anchor's).
Durations, sets and references have no precision: they are no calendar period an event happened in.

Every expression is resolved at the coarsest precision the text supports: "early November" is 2023-11,
never a guessed day. An expression that cannot be resolved gives a `TimeValue` with value None (and the
kind its text has), never an error.

An expression relative to a narrated time ("a year earlier", "the following year", "that day", "the
quarter") is resolved against the latest time the text mentioned before it that is fine enough to count
from (`mentioned`; HeidelTime's narrative strategy, which TempEval's annotations follow), not against the
anchor; with none it stays unresolved. A text that reports on a quarter compares quarters: "from $4 million
a year earlier" (or "a year ago", "year-ago") after "the third quarter" of 2023 is 2022-Q3. A clock
time or part of day that names no day ("at 10:35 a.m.", "that night") is on the latest day mentioned.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

__all__ = ["KINDS", "POINT_KINDS", "TimeValue", "normalize_time", "time_kind"]

KINDS = ("date", "time", "duration", "set")  # TimeML TIMEX3 types
POINT_KINDS = ("date", "time")  # what an event can have happened at; durations and sets are not


@dataclass(frozen=True)
class TimeValue:
    # date: an ISO-8601 prefix (2023-12-30, 2023-W52, 2023-11, 2023-Q4, 2023-SU, 2023, 199X), a range a/b,
    # or PRESENT_REF / PAST_REF / FUTURE_REF; time: 2023-12-30T10:00, 2023-12-30TMO; duration: P3D, PT6H,
    # PXY; set: P1W, XXXX-WXX-1
    value: str | None
    precision: str | None  # day / week / month / quarter / year / decade; None for refs, durations, sets
    kind: str = "date"  # one of KINDS, decided by the text alone (see `time_kind`)
    # The earlier mention of a time an expression relative to narrated time was resolved against ("a year
    # earlier" after "the third quarter": 2023-Q3); None for anything resolved against the anchor.
    reference: str | None = field(default=None, compare=False)


UNRESOLVED = TimeValue(None, None)

_PRECISION_ORDER = ("day", "week", "month", "quarter", "year", "decade")


# ----------------------------------------------------------------------------------------------------------
# Resolved points: the first day of a period and its precision, formatted at the end.


@dataclass(frozen=True)
class _Point:
    day: date  # first day of the period
    precision: str

    def value(self) -> str:
        d, p = self.day, self.precision
        if p == "day":
            return d.isoformat()
        if p == "week":
            iso_year, week, _ = d.isocalendar()
            return f"{iso_year:04d}-W{week:02d}"
        if p == "month":
            return f"{d.year:04d}-{d.month:02d}"
        if p == "quarter":
            return f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}"
        if p == "year":
            return f"{d.year:04d}"
        return f"{d.year // 10:03d}X"  # decade

    def coarsen(self, precision: str) -> _Point:
        d = self.day
        if precision == "week":
            d = d - timedelta(days=d.weekday())
        elif precision == "month":
            d = d.replace(day=1)
        elif precision == "quarter":
            d = date(d.year, (d.month - 1) // 3 * 3 + 1, 1)
        elif precision == "year":
            d = date(d.year, 1, 1)
        elif precision == "decade":
            d = date(d.year // 10 * 10, 1, 1)
        return _Point(d, precision)


def _one(point: _Point | None) -> TimeValue:
    return UNRESOLVED if point is None else TimeValue(point.value(), point.precision)


def _span(start: _Point | None, end: _Point | None) -> TimeValue:
    """A range, both ends at the coarser precision; an inverted range or a week-month mix is unresolved."""
    if start is None or end is None:
        return UNRESOLVED
    if start.precision != end.precision:
        if "week" in (start.precision, end.precision):
            return UNRESOLVED
        coarser = max(start.precision, end.precision, key=_PRECISION_ORDER.index)
        start, end = start.coarsen(coarser), end.coarsen(coarser)
    if end.day < start.day:
        return UNRESOLVED
    if start == end:
        return _one(start)
    return TimeValue(f"{start.value()}/{end.value()}", start.precision)


# ----------------------------------------------------------------------------------------------------------
# Calendar arithmetic.


def _add_months(d: date, months: int) -> date:
    total = d.year * 12 + d.month - 1 + months
    year, month = divmod(total, 12)
    return date(year, month + 1, min(d.day, calendar.monthrange(year, month + 1)[1]))


def _shift(anchor: date, n: int, unit: str) -> _Point:
    """The `unit`-precision period `n` units from the anchor (negative: before)."""
    if unit == "day":
        return _Point(anchor + timedelta(days=n), "day")
    if unit == "week":
        return _Point(anchor + timedelta(weeks=n), "day").coarsen("week")
    if unit == "month":
        return _Point(_add_months(anchor, n), "day").coarsen("month")
    if unit == "quarter":
        return _Point(_add_months(anchor, 3 * n), "day").coarsen("quarter")
    if unit == "year":
        return _Point(date(anchor.year + n, 1, 1), "year")
    return _Point(date(anchor.year // 10 * 10 + 10 * n, 1, 1), "decade")


def _rolling(anchor: date, n: int, unit: str) -> TimeValue:
    """The window of `n` units ending (n < 0) or starting (n > 0) at the anchor, as a day range."""
    if unit == "day":
        other = anchor + timedelta(days=n)
    elif unit == "week":
        other = anchor + timedelta(weeks=n)
    elif unit == "month":
        other = _add_months(anchor, n)
    elif unit == "quarter":
        other = _add_months(anchor, 3 * n)
    elif unit == "year":
        other = _add_months(anchor, 12 * n)
    else:
        other = _add_months(anchor, 120 * n)
    a, b = sorted((anchor, other))
    return _span(_Point(a, "day"), _Point(b, "day"))


def _weekday_near(anchor: date, weekday: int, direction: str) -> date:
    """The anchor itself on its own weekday; else the nearest such day before ("past") or after ("future")."""
    if direction == "future":
        return anchor + timedelta(days=(weekday - anchor.weekday()) % 7)
    return anchor - timedelta(days=(anchor.weekday() - weekday) % 7)


def _month_near(anchor: date, month: int, direction: str) -> date:
    """The nearest month `month` not after the anchor's month ("past") or not before it ("future")."""
    if direction == "future":
        year = anchor.year if month >= anchor.month else anchor.year + 1
    else:
        year = anchor.year if month <= anchor.month else anchor.year - 1
    return date(year, month, 1)


def _day_near(anchor: date, month: int, day: int, tense: str | None, weekday: int | None) -> date | None:
    """A month-day without a year: the occurrence that fits the tense (and the weekday, when given)."""
    candidates: list[date] = []
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            candidates.append(date(year, month, day))
        except ValueError:  # 29 February in a common year
            continue
    if weekday is not None:
        fitting = [c for c in candidates if c.weekday() == weekday]
        if fitting:
            return min(fitting, key=lambda c: abs((c - anchor).days))
    return _occurrence(candidates, anchor, tense)


def _occurrence(candidates: list[date], anchor: date, tense: str | None) -> date | None:
    """Of one yearly day's occurrences, the one that fits the tense (see `_NEAR_FUTURE_DAYS`)."""
    past = [c for c in candidates if c <= anchor]
    future = [c for c in candidates if c >= anchor]
    if tense == "future":
        return min(future) if future else None
    if not future:
        return max(past) if past else None
    # News mostly reports the past, but a date a few weeks ahead is a schedule ("talks on Jan. 14"), even in
    # a past-tense clause ("extended the offer to Nov. 20"): a date almost a year back would carry its year.
    ahead = (min(future) - anchor).days
    limit = _PAST_TENSE_AHEAD_DAYS if tense == "past" else _NEAR_FUTURE_DAYS
    if not past or ahead <= limit:
        return min(future)
    return max(past)


# With no tense to go by, a date in the next four months is read as a schedule ("the talks on Jan. 14", "a
# vote in February"); anything further is the past, which is what news mostly reports. In a past-tense
# clause only a date in the next month is. Measured on TimeBank/AQUAINT (year-less dates and months, gold
# against the document date): with no tense, every one up to four months ahead is future (39 of 39) and
# those further ahead mostly past (28 of 30); in past-tense clauses, those less than a month ahead are
# future (11 of 12), those further ahead past (26 of 28 up to seven months).
_NEAR_FUTURE_DAYS = 120
_NEAR_FUTURE_MONTHS = 4
_PAST_TENSE_AHEAD_DAYS = 31


def _direction(tense: str | None) -> str:
    return "future" if tense == "future" else "past"


# ----------------------------------------------------------------------------------------------------------
# Vocabulary.

_MONTHS = {
    name: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for name in names
}
_WEEKDAYS = {
    name: i
    for i, names in enumerate(
        [
            ("monday", "mon"),
            ("tuesday", "tue", "tues"),
            ("wednesday", "wed"),
            ("thursday", "thu", "thur", "thurs"),
            ("friday", "fri"),
            ("saturday", "sat"),
            ("sunday", "sun"),
        ]
    )
    for name in names
}
_UNITS = {
    f"{unit}{plural}": unit
    for unit in ("day", "week", "month", "quarter", "year", "decade")
    for plural in ("", "s")
}
_SMALL = [
    *("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven"),
    *("twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"),
]
_TENS = {
    word: 10 * i
    for i, word in enumerate(
        ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"), 2
    )
}
_ORDINALS = {
    word: i + 1
    for i, word in enumerate(
        (
            *("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"),
            *("eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth"),
            *("eighteenth", "nineteenth", "twentieth"),
        )
    )
} | {"thirtieth": 30}
_DECADE_WORDS = {  # "the nineties"
    f"{stem}ties": i + 2
    for i, stem in enumerate(("twen", "thir", "for", "fif", "six", "seven", "eigh", "nine"))
}
_SEASONS = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 12}
_HOLIDAYS = {
    "new year day": (1, 1),  # as cleaned: "New Year's Day"
    "new year eve": (12, 31),
    "christmas": (12, 25),
    "christmas day": (12, 25),
    "christmas eve": (12, 24),
    "valentine day": (2, 14),
    "halloween": (10, 31),
}
# Holidays on the nth weekday of a month (nth -1: the last), plus a day offset: (month, weekday, nth, offset).
_FLOATING_HOLIDAYS = {
    "thanksgiving": (11, 3, 4, 0),  # the fourth Thursday of November (US)
    "thanksgiving day": (11, 3, 4, 0),
    "election day": (11, 0, 1, 1),  # the Tuesday after the first Monday of November (US)
    "memorial day": (5, 0, -1, 0),
    "labor day": (9, 0, 1, 0),
}


# Holidays counted from Easter Sunday (days after it); "Easter week" / "Holy Week" is the week that ends on
# Easter Sunday (the ISO week that holds it).
_EASTER_HOLIDAYS = {
    "easter": 0,
    "easter sunday": 0,
    "easter day": 0,
    "easter monday": 1,
    "good friday": -2,
    "palm sunday": -7,
    "easter week": 0,
    "holy week": 0,
}


def _easter(year: int) -> date:
    """Easter Sunday of a Gregorian year (the anonymous Gregorian computus, Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741  # the algorithm's own name
    m = (a + 11 * h + 19 * l) // 433
    month = (h + l - 7 * m + 90) // 25
    return date(year, month, (h + l - 7 * m + 33 * month + 19) % 32)


def _holiday_date(name: str, year: int) -> date:
    if name in _EASTER_HOLIDAYS:
        return _easter(year) + timedelta(days=_EASTER_HOLIDAYS[name])
    if name in _HOLIDAYS:
        month, day = _HOLIDAYS[name]
        return date(year, month, day)
    month, weekday, nth, offset = _FLOATING_HOLIDAYS[name]
    if nth > 0:
        first = date(year, month, 1)
        found = first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
    else:
        last = date(year, month, calendar.monthrange(year, month)[1])
        found = last - timedelta(days=(last.weekday() - weekday) % 7)
    return found + timedelta(days=offset)


def _number(word: str) -> int | None:
    """'3', 'three', 'a', 'twenty-one', 'a couple of' → the number; vague counts ('a few') → None."""
    word = word.strip()
    if word.isdigit():
        return int(word)
    if word in ("a", "an", "one", "a single"):
        return 1
    if word in ("a couple of", "a couple", "couple of"):
        return 2
    if word in _SMALL:
        return _SMALL.index(word)
    if word in _TENS:
        return _TENS[word]
    tens, _, ones = word.replace(" ", "-").partition("-")
    if tens in _TENS and ones in _SMALL[1:10]:
        return _TENS[tens] + _SMALL.index(ones)
    return None


def _alt(words: Iterable[str]) -> str:
    """A regex alternation of `words`, longest first so "sept" wins over "sep"."""
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


_MONTH = rf"(?P<month>{_alt(_MONTHS)})\.?"
_WEEKDAY = rf"(?P<weekday>{_alt(_WEEKDAYS)})\.?"
_NUMBER = rf"\d+|a couple of|a single|an?|{_alt(_SMALL)}|(?:{_alt(_TENS)})(?:[- ](?:{_alt(_SMALL[1:10])}))?"
_NUM = rf"(?P<n>{_NUMBER})"
_UNIT = rf"(?P<unit>{_alt(_UNITS)})"
_YEAR = r"(?P<year>1[0-9]{3}|2[0-9]{3})"
_DAY = r"(?P<day>[0-3]?[0-9])(?:st|nd|rd|th)?"
_DAYPART = r"morning|afternoon|evening|night|overnight|noon|midday|dawn|daybreak|dusk|lunchtime"
_UNIT_WORDS = re.compile(
    r"\b(?:days?|weeks?|months?|years?|decades?|quarters?|hours?|minutes?|seconds?|centur(?:y|ies)|"
    r"millenni(?:um|a)|times?|period|moment|era|age)\b"
)


def _re(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


# ----------------------------------------------------------------------------------------------------------
# Cleaning: lower case, plain punctuation, no leading prepositions or hedges, no clock times.

_PREFIXES = re.compile(
    rf"^(?:on|in(?! (?:{_NUMBER}) (?:{_alt(_UNITS)})\b)|at(?! least\b| most\b)|by|for|since|from|until|till|til|through|"
    r"throughout|during|before|after|around|about|circa|ca\.|approximately|roughly|sometime|some time|"
    r"as of|as early as|as late as|no later than|no earlier than|not until|starting|beginning|effective|"
    r"dated|of|over|into|almost|nearly|just|only|more than|less than|fewer than|at least|at most|exactly|"
    r"barely|well|some|its|their|his|her|our|my|your|within|up to|no more than|not more than|"
    r"no less than|upwards of|in excess of|as (?:long|much|many|little|few) as)\s+"
)
_SUFFIXES = re.compile(r"\s+(?:or so|or later|or earlier|and beyond|and later|or before|or after|or more)$")
_DAYPART_PREFIX = re.compile(
    rf"^(?:the )?(?:(?:early|mid|late) )?(?:{_DAYPART}|day)(?: hours)?(?: of| on)? "
    rf"(?=(?:yesterday|today|tomorrow|\w+day|{_alt(_MONTHS)})\b)"
)
_MODIFIERS = re.compile(
    r"^(?:the\s+)?(?:very\s+)?(?:early|earlier|late|later|mid|middle|end|start|beginning|close|turn|rest|"
    r"remainder|dawn|first days|last days|final days|first weeks|last weeks|final weeks|"
    r"(?:first|second|third|fourth|last|final) week)(?:\s+(?:of|in)\b)?\s+(?=\S)"
)
_CLOCK = re.compile(
    r"(?:\b(?:at|about|around|shortly after|shortly before|just after|just before)\s+)?"
    r"(?:\b\d{1,2}(?::\d{2})?\s*(?:a\.?m\.?|p\.?m\.?)(?=\W|$)|\b\d{1,2}:\d{2}\b|\b(?:at\s+)?(?:noon|midnight)\b)"
    r"(?:\s+(?:local time|[a-z]{1,3}[sd]t|gmt|utc|bst|cet|cest|msk|kst|jst|et|pt))?"
)
_PUNCT = str.maketrans({"’": "'", "‘": "'", "–": "-", "—": "-", "‐": "-", "‑": "-", "\u00a0": " "})


_ONES_WORDS = _alt(_SMALL[1:10])
_TEEN_WORDS = _alt(_SMALL[10:20])
_SPELLED_YEAR = _re(
    rf"\b(?:(?P<century>{_alt(_SMALL[13:20])}|twenty) (?:(?P<hundred>hundred)|(?:oh|o) (?P<oh>{_ONES_WORDS})|"
    rf"(?P<teen>{_TEEN_WORDS})|(?P<tens>{_alt(_TENS)})(?: (?P<ones>{_ONES_WORDS}))?)|"
    rf"two thousand(?: and)?(?: (?P<t_teen>{_TEEN_WORDS})| (?P<t_tens>{_alt(_TENS)})(?: (?P<t_ones>{_ONES_WORDS}))?|"
    rf" (?P<t_ones0>{_ONES_WORDS}))?)\b(?! (?:{_alt(_UNITS)}|old|percent)\b)"
)


def _spelled_year(m: re.Match[str]) -> str:
    """ "nineteen ninety six" → "1996", "two thousand and one" → "2001" (text already cleaned)."""
    if m["century"]:
        year = 100 * _SMALL.index(m["century"]) if m["century"] != "twenty" else 2000
        if m["oh"]:
            year += _SMALL.index(m["oh"])
        elif m["teen"]:
            year += _SMALL.index(m["teen"])
        elif m["tens"]:
            year += _TENS[m["tens"]] + (_SMALL.index(m["ones"]) if m["ones"] else 0)
        return str(year)
    year = 2000
    if m["t_teen"] or m["t_ones0"]:
        year += _SMALL.index(m["t_teen"] or m["t_ones0"])
    elif m["t_tens"]:
        year += _TENS[m["t_tens"]] + (_SMALL.index(m["t_ones"]) if m["t_ones"] else 0)
    return str(year)


def _plain(text: str) -> str:
    """Lower case, plain punctuation and spaces, no possessive: the text with its clock times."""
    s = re.sub(r"(?<=[a-z])'s\b", "", text.translate(_PUNCT).lower())
    return re.sub(r"\s+", " ", s).strip(' ,;:!?()[]"')


def _clean(text: str) -> str:
    s = text.translate(_PUNCT).lower().strip()
    s = _CLOCK.sub(" ", s)
    s = re.sub(r"(?<=[a-z])-|-(?=[a-z])", " ", s)  # "third-quarter", "mid-2023"; keeps 2024-01-04, 1998-99
    s = _SPELLED_YEAR.sub(_spelled_year, s)  # "nineteen ninety-six", "the year two thousand"
    s = re.sub(r"(?<=[a-z])'s\b", "", s)  # "last year's", "Monday's"; not "1990's"
    s = re.sub(r" or so\b", "", s)
    s = re.sub(r"\b(\w+) \1\b", r"\1", s)  # a typo's doubled word: "at the the end of November"
    s = re.sub(r"[\s,]*,[\s,]*", ", ", s)
    s = re.sub(r"\s+", " ", s).strip(' ,;:.!?()[]"')
    s = re.sub(r"\.$", "", s)
    for _ in range(3):
        stripped = _DAYPART_PREFIX.sub("", _SUFFIXES.sub("", _PREFIXES.sub("", s)))
        if stripped == s:
            break
        s = stripped
    return s


# ----------------------------------------------------------------------------------------------------------
# The rules. Each takes the cleaned text and returns a TimeValue, or None when it does not apply.

_VAGUE = _re(
    r"(?:the )?(?:past|present|future|recent past|near future|foreseeable future|time being|moment|"
    r"recently|lately|now|right now|just now|currently|nowadays|these days|at present|presently|"
    r"once|soon|shortly|ever|never|previously|formerly|meanwhile|then|later|earlier|eventually|"
    r"in recent (?:days|weeks|months|years|decades)|recent (?:days|weeks|months|years|decades)|"
    r"the same (?:day|time|week|month|year)|that (?:day|time|week|month|year)|the time)"
)
_TODAY = _re(
    rf"(?:today|tonight|this (?:{_DAYPART})|earlier today|later today|overnight|last (?:{_DAYPART})|"
    rf"yesterday(?: (?:{_DAYPART}))?|(?:the day before yesterday)|tomorrow(?: (?:{_DAYPART}))?|"
    rf"the day after tomorrow|(?:early|late) (?:today|tomorrow|yesterday|tonight)|"
    rf"(?:early|late) (?:this|last|yesterday|tomorrow) (?:{_DAYPART}))"
)
_WEEKDAY_RULE = _re(
    rf"(?:(?P<rel>last|this past|past|previous|this coming|coming|next|this|the) )?{_WEEKDAY}"
    rf"(?: (?:{_DAYPART}))?"
)
_WEEKEND = _re(r"(?:(?P<rel>last|this past|past|previous|this coming|coming|next|this|the) )?weekend")
_MONTH_RULE = _re(
    rf"(?:(?P<rel>last|this past|past|previous|this coming|coming|next|this) )?{_MONTH}"
    rf"(?: (?:of )?(?P<yrel>this|last|next) year)?"
)
_MONTH_YEAR = _re(rf"{_MONTH},? (?:of )?(?:{_YEAR}|'(?P<yy>\d\d))")
_REL_WEEKDAY = rf"(?:(?:this |last |next )?(?:coming |past )?{_WEEKDAY})"
_MONTH_DAY = _re(
    rf"(?:{_REL_WEEKDAY},? |(?P<drel>last|this past|next|this coming) )?{_MONTH} {_DAY}(?:,? (?:of )?(?:{_YEAR}|'(?P<yy>\d\d)))?"
    rf"(?: (?:{_DAYPART}))?"
)
_DAY_MONTH = _re(
    rf"(?:{_REL_WEEKDAY},? )?(?:the )?{_DAY} (?:of )?{_MONTH}(?:,? (?:of )?(?:{_YEAR}|'(?P<yy>\d\d)))?"
    rf"(?: (?:{_DAYPART}))?"
)
_ISO = _re(r"(?P<year>\d{4})-(?P<month>\d{2})(?:-(?P<day>\d{2}))?")
_YEAR_RULE = _re(rf"(?:(?:the )?(?:fiscal|fy|calendar|financial|the year|year|model|budget) )?{_YEAR}")
_SHORT_YEAR = _re(r"(?:fiscal|fy) ?'?(?P<yy>\d\d)")
_YEAR_RANGE = _re(rf"{_YEAR}(?: ?[-/] ?| to | through | and )(?P<end>\d{{4}}|\d\d)")
_DECADE = _re(
    r"(?:the )?(?:(?P<century>1\d|20)(?P<digit>\d)0 ?'?s|'?(?P<short>\d)0 ?'?s|"
    rf"(?P<word>{_alt(_DECADE_WORDS)}))"
)
_RELATIVE = _re(
    rf"(?P<the>the )?(?P<rel>last|this past|past|previous|this|current|present|next|coming|this coming|"
    rf"following|same|latest|most recent)(?: (?P<count>{_NUMBER}))? {_UNIT}"
)
_THE_UNIT = _re(
    r"(?=the |full |fiscal |calendar |financial |current |present )(?:the )?"
    r"(?:(?:full|fiscal|calendar|financial|current|present) )*(?P<unit>week|month|year|decade)"
    r"|(?:the )?(?P<end>year end)"
)
_WEEK_OF = _re(r"(?:the )?week (?:of|beginning|starting|ending) (?P<rest>.+)")
_AGO = _re(rf"{_NUM} {_UNIT} (?P<dir>ago|back|from now|hence|later|earlier|before|after)")
_IN_N = _re(rf"in {_NUM} {_UNIT}(?: time)?")
_ORD_Q = r"(?P<q>first|second|third|fourth|final|last|1st|2nd|3rd|4th)"
_QUARTER = _re(
    rf"(?:the )?(?:(?P<yrel0>this|last|next) year )?(?:(?:fiscal|calendar) )?(?:(?P<y1>\d{{4}}) )?{_ORD_Q}"
    rf" (?:fiscal |calendar )?quarter"
    rf"(?: (?:of )?(?:(?:fiscal|calendar) )?(?:(?P<y2>\d{{4}})|(?P<yrel>this|last|next) year))?"
)
_Q_SHORT = _re(r"q(?P<q>[1-4])(?:,? (?:fy ?)?(?P<y2>\d{4}))?|(?P<y1>\d{4}) q(?P<q2>[1-4])")
_HALF = _re(
    r"(?:the )?(?:(?P<y1>\d{4}) )?(?P<h>first|second|1st|2nd|latter|last) half"
    r"(?: (?:of )?(?:(?:fiscal|calendar) )?(?:(?P<y2>\d{4})|(?P<yrel>this|last|next) year))?"
)
_REL = "last|this past|past|previous|this coming|coming|next|this"
_SEASON = _re(
    rf"(?:the )?(?:(?P<rel>{_REL}) )?(?P<season>{_alt(_SEASONS)})"
    rf"(?: (?:of )?(?:{_YEAR}|(?P<yrel>this|last|next) year))?"
)
_SEASON_YEAR_FIRST = _re(rf"(?:the )?{_YEAR} (?P<season>{_alt(_SEASONS)})")
_RANGE = _re(r"(?:from |between )?(?P<a>.+?)(?: to | through | thru | until | till | and | - )(?P<b>.+)")
_DAY_RANGE = _re(rf"{_MONTH} (?P<d1>[0-3]?\d)(?:st|nd|rd|th)? ?(?:-|to|through|and) ?{_DAY}(?:,? {_YEAR})?")
_HOLIDAY = _re(
    rf"(?:(?P<rel>last|this past|next|this coming) )?"
    rf"(?P<name>{_alt([*_HOLIDAYS, *_FLOATING_HOLIDAYS, *_EASTER_HOLIDAYS])})"
    rf"(?: (?P<year>\d{{4}}))?"
)
# What dateparser may read: a month name, a numeric date ("12/30/2023", "30.12.") or a year. A bare
# number ("25", "4 in the morning") it would take for a day of the anchor's month.
_HAS_DATE_WORD = _re(rf".*(?:\b(?:{_alt(_MONTHS)})\b|\d{{1,4}}[/.-]\d{{1,2}}|\b\d{{4}}\b).*")
_EXPLICIT_YEAR = _re(r".*(?:\b\d{4}\b|'\d\d\b|\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b).*")
_ORD_WORD = rf"(?:(?P<tens>twenty|thirty)[ -])?(?P<ord>{_alt(_ORDINALS)})"
_CENTURY = _re(rf"(?:the )?(?:(?P<num>\d{{1,2}})(?:st|nd|rd|th)|{_ORD_WORD}) century")
_ORDINAL_AFTER_MONTH = _re(rf"\b(?P<m>{_alt(_MONTHS)})(?P<sep>\.? ){_ORD_WORD}\b")
_ORDINAL_BEFORE_MONTH = _re(rf"\b{_ORD_WORD}(?P<sep> of (?P<m>{_alt(_MONTHS)}))\b")


def _year_of(m: re.Match[str], anchor: date | None) -> int | None:
    """The year a match states: four digits, or 'YY (the century that puts it nearest the anchor)."""
    groups = m.groupdict()
    if groups.get("year"):
        return int(groups["year"])
    if groups.get("yy"):
        yy = int(groups["yy"])
        base = anchor.year if anchor else 2000
        candidates = [base // 100 * 100 + yy + c for c in (-100, 0, 100)]
        return min(candidates, key=lambda y: abs(y - base))
    return None


def _rule_today(s: str, anchor: date) -> TimeValue | None:
    if not _TODAY.fullmatch(s):
        return None
    if "day before yesterday" in s:
        offset = -2
    elif "day after tomorrow" in s:
        offset = 2
    elif "yesterday" in s or s.startswith(("last ", "early last ", "late last ")):
        offset = -1
    elif "tomorrow" in s:
        offset = 1
    else:
        offset = 0
    return _one(_Point(anchor + timedelta(days=offset), "day"))


def _rule_weekday(s: str, anchor: date, tense: str | None) -> TimeValue | None:
    m = _WEEKDAY_RULE.fullmatch(s)
    if not m:
        return None
    weekday = _WEEKDAYS[m["weekday"]]
    rel = m["rel"]
    if rel in ("last", "previous", "past", "this past"):
        day = _weekday_near(anchor - timedelta(days=1), weekday, "past")
    elif rel in ("next", "coming", "this coming"):
        day = _weekday_near(anchor + timedelta(days=1), weekday, "future")
    else:
        day = _weekday_near(anchor, weekday, _direction(tense))
    return _one(_Point(day, "day"))


def _rule_weekend(s: str, anchor: date, tense: str | None) -> TimeValue | None:
    m = _WEEKEND.fullmatch(s)
    if not m:
        return None
    rel = m["rel"]
    if rel in ("last", "previous", "past", "this past"):
        saturday = _weekday_near(anchor - timedelta(days=1), 5, "past")
        if anchor.weekday() == 6 and saturday == anchor - timedelta(days=1) and rel == "last":
            saturday -= timedelta(days=7)  # "last weekend" said on a Sunday is the one before
    elif rel in ("next", "coming", "this coming"):
        saturday = _weekday_near(anchor + timedelta(days=1), 5, "future")
    elif anchor.weekday() >= 5:
        saturday = anchor - timedelta(days=anchor.weekday() - 5)
    elif rel == "this":
        saturday = _weekday_near(anchor, 5, "past" if tense == "past" else "future")
    else:
        saturday = _weekday_near(anchor, 5, _direction(tense))
    return _span(_Point(saturday, "day"), _Point(saturday + timedelta(days=1), "day"))


def _rule_month(s: str, anchor: date, tense: str | None) -> TimeValue | None:
    m = _MONTH_RULE.fullmatch(s)
    if not m:
        return None
    month = _MONTHS[m["month"]]
    rel, yrel = m["rel"], m["yrel"]
    if yrel:
        year = anchor.year + {"this": 0, "last": -1, "next": 1}[yrel]
        return _one(_Point(date(year, month, 1), "month"))
    if rel in ("last", "previous", "past", "this past"):
        start = _month_near(_add_months(anchor, -1), month, "past")
    elif rel in ("next", "coming", "this coming"):
        start = _month_near(_add_months(anchor, 1), month, "future")
    elif rel == "this":
        start = date(anchor.year, month, 1)
    elif tense is None and 0 < (month - anchor.month) % 12 <= _NEAR_FUTURE_MONTHS:
        start = _month_near(anchor, month, "future")  # no tense: the next months are a schedule
    elif tense == "past" and (month - anchor.month) % 12 == 1:
        start = _month_near(anchor, month, "future")  # "was delayed until March" said in February
    else:
        start = _month_near(anchor, month, _direction(tense))
    return _one(_Point(start, "month"))


def _rule_relative(s: str, anchor: date) -> TimeValue | None:
    m = _THE_UNIT.fullmatch(s)
    if m:  # "the end of the month", "the fiscal year", "year-end": the current one
        return _one(_shift(anchor, 0, "year" if m["end"] else _UNITS[m["unit"]]))
    m = _RELATIVE.fullmatch(s)
    if not m:
        return None
    rel, unit, count_word = m["rel"], _UNITS[m["unit"]], m["count"]
    if rel in ("following", "same"):
        return UNRESOLVED  # relative to a narrated event, not to the anchor
    backward = rel in ("last", "past", "previous", "this past", "latest", "most recent")
    forward = rel in ("next", "coming", "this coming")
    if count_word or m["unit"].endswith("s"):
        count = _number(count_word) if count_word else None
        if count is None or not (backward or forward):
            return UNRESOLVED  # "the past months": how many?
        return _rolling(anchor, -count if backward else count, unit)
    if unit == "day":
        return UNRESOLVED  # "the next day", "the previous day": relative to a narrated event
    if not (backward or forward):
        return _one(_shift(anchor, 0, unit))  # this / current / present
    # "the past year", "the last decade", "the next year (or so)": the calendar period before or after the
    # anchor's, as TimeBank values them (4 of 4); "the past month", "the last week": the window up to it.
    rolling_unit = unit in ("week", "month")
    if (rolling_unit and rel in ("past", "this past")) or (rel == "last" and m["the"] and rolling_unit):
        return _rolling(anchor, -1, unit)  # "the past month", "the last week": the window up to the anchor
    if rel == "next" and m["the"] and rolling_unit:
        return _rolling(anchor, 1, unit)  # "the next month": the window from the anchor
    return _one(_shift(anchor, -1 if backward else 1, unit))  # "last week", "next month": calendar periods


def _rule_ago(s: str, anchor: date, tense: str | None) -> TimeValue | None:
    m = _AGO.fullmatch(s)
    forward = False
    if m:
        if m["dir"] in ("later", "earlier", "before", "after"):
            return UNRESOLVED  # "two days later": relative to a narrated event
        forward = m["dir"] in ("from now", "hence")
    else:
        m = _IN_N.fullmatch(s)
        if not m or tense == "past":
            return None
        forward = True
    count = _number(m["n"])
    if count is None:
        return UNRESOLVED
    unit = _UNITS[m["unit"]]
    if unit == "decade":  # "a decade ago" is a year, not the decade it falls in
        count, unit = 10 * count, "year"
    return _one(_shift(anchor, count if forward else -count, unit))


def _quarter_point(q: int, year: int | None, anchor: date | None, tense: str | None) -> _Point | None:
    month = 3 * (q - 1) + 1
    if year is not None:
        return _Point(date(year, month, 1), "quarter")
    if anchor is None:
        return None
    current = _Point(anchor, "day").coarsen("quarter").day
    candidates = [date(anchor.year + y, month, 1) for y in (-1, 0, 1)]
    if tense == "future":
        # Quarters are reported on after they end: "will report third-quarter results" in October.
        just_ended = _add_months(current, -3)
        return _Point(min(c for c in candidates if c >= just_ended), "quarter")
    return _Point(max(c for c in candidates if c <= current), "quarter")


def _rel_year(yrel: str | None, anchor: date | None) -> tuple[bool, int | None]:
    """(ok, year) for "this/last/next year"; ok is False when it needs an anchor that is missing."""
    if not yrel:
        return True, None
    if anchor is None:
        return False, None
    return True, anchor.year + {"this": 0, "last": -1, "next": 1}[yrel]


def _rule_quarter(s: str, anchor: date | None, tense: str | None) -> TimeValue | None:
    m = _QUARTER.fullmatch(s)
    if m:
        q_word = m["q"]
        if q_word in ("final", "last"):
            q = 4
        else:
            q = {"first": 1, "second": 2, "third": 3, "fourth": 4}.get(q_word) or int(q_word[0])
        if q_word in ("final", "last") and not (m["y1"] or m["y2"] or m["yrel"] or m["yrel0"]):
            return None  # "last quarter" is the previous quarter: a relative period
        ok, rel_year = _rel_year(m["yrel"] or m["yrel0"], anchor)
        if not ok:
            return UNRESOLVED
        year = int(m["y1"] or m["y2"]) if (m["y1"] or m["y2"]) else rel_year
        return _one(_quarter_point(q, year, anchor, tense))
    m = _Q_SHORT.fullmatch(s)
    if m:
        q = int(m["q"] or m["q2"])
        year_text = m["y1"] or m["y2"]
        return _one(_quarter_point(q, int(year_text) if year_text else None, anchor, tense))
    return None


def _rule_half(s: str, anchor: date | None, tense: str | None) -> TimeValue | None:
    m = _HALF.fullmatch(s)
    if not m:
        return None
    first = m["h"] in ("first", "1st")
    ok, year = _rel_year(m["yrel"], anchor)
    if not ok:
        return UNRESOLVED
    if m["y1"] or m["y2"]:
        year = int(m["y1"] or m["y2"])
    if year is None:
        if anchor is None:
            return UNRESOLVED
        in_first = anchor.month <= 6
        if tense == "future":
            year = anchor.year if (first and in_first) or not first else anchor.year + 1
        else:
            year = anchor.year if first or not in_first else anchor.year - 1
    start = 1 if first else 7
    return _span(_Point(date(year, start, 1), "month"), _Point(date(year, start + 5, 1), "month"))


def _season(year: int, season: str) -> TimeValue:
    return TimeValue(f"{year:04d}-{_SEASON_CODES[season]}", "quarter")


def _rule_season(s: str, anchor: date | None, tense: str | None) -> TimeValue | None:
    """A season as TimeML writes it, 2023-SU (quarter precision: three months), in the year it starts in
    ("winter 2023" runs from December 2023)."""
    m = _SEASON.fullmatch(s) or _SEASON_YEAR_FIRST.fullmatch(s)
    if not m:
        return None
    groups = m.groupdict()
    if groups.get("year"):
        return _season(int(groups["year"]), m["season"])
    if anchor is None:
        return UNRESOLVED
    _, year = _rel_year(groups.get("yrel"), anchor)
    if year is not None:
        return _season(year, m["season"])
    start_month = _SEASONS[m["season"]]
    starts = [date(anchor.year + y, start_month, 1) for y in (-2, -1, 0, 1)]
    latest = max(d for d in starts if d <= anchor)  # the current season of that name, or the last one
    upcoming = min(d for d in starts if d > anchor)
    current = _add_months(latest, 3) > anchor
    rel = groups.get("rel")
    if rel in ("last", "past", "previous", "this past"):
        chosen = _add_months(latest, -12) if current else latest
    elif rel in ("next", "coming", "this coming"):
        chosen = upcoming
    elif current:
        chosen = latest
    elif rel == "this":
        chosen = date(anchor.year, start_month, 1)  # "this summer": the one of the anchor's year
    elif tense == "future":
        chosen = upcoming
    else:
        chosen = latest
    return _season(chosen.year, m["season"])


def _rule_decade(s: str, anchor: date | None) -> TimeValue | None:
    m = _DECADE.fullmatch(s)
    if not m:
        return None
    if m["century"]:
        return _one(_Point(date(int(m["century"]) * 100 + int(m["digit"]) * 10, 1, 1), "decade"))
    if anchor is None:
        return UNRESOLVED  # "the '90s" needs a century
    digit = int(m["short"]) if m["short"] is not None else _DECADE_WORDS[m["word"]]
    year = anchor.year // 100 * 100 + digit * 10
    if year > anchor.year:
        year -= 100
    return _one(_Point(date(year, 1, 1), "decade"))


_THIS_CENTURY = _re(r"(?:the )?(?P<rel>this|current|present|last|previous|next|coming) century")


def _rule_century(s: str, anchor: date | None) -> TimeValue | None:
    """ "the 20th century" 19XX (no precision: a century is coarser than any of PRECISIONS); "this century"
    the anchor's, "the last century" the one before (TIDES 2005: "this century" is "19" in 1998)."""
    m = _THIS_CENTURY.fullmatch(s)
    if m:
        if anchor is None:
            return UNRESOLVED
        step = {"last": -1, "previous": -1, "next": 1, "coming": 1}.get(m["rel"], 0)
        return TimeValue(f"{anchor.year // 100 + step:02d}XX", None)
    m = _CENTURY.fullmatch(s)
    if not m:
        return None
    nth = int(m["num"]) if m["num"] else _ordinal_value(m)
    return TimeValue(f"{nth - 1:02d}XX", None) if 1 <= nth <= 100 else UNRESOLVED


def _rule_year(s: str, anchor: date | None) -> TimeValue | None:
    m = _YEAR_RULE.fullmatch(s)
    if m:
        return _one(_Point(date(int(m["year"]), 1, 1), "year"))
    m = _SHORT_YEAR.fullmatch(s)
    if m:
        year = _year_of(m, anchor)
        return _one(_Point(date(year, 1, 1), "year")) if year else UNRESOLVED
    m = _YEAR_RANGE.fullmatch(s)
    if m:
        start, end_text = int(m["year"]), m["end"]
        if len(end_text) == 4:
            end = int(end_text)
        else:  # "1998-99", "2011-12"; "2023-11" is no range of years but an ISO month
            gap = (int(end_text) - start) % 100
            if not 1 <= gap <= 10:
                return None
            end = start + gap
        return _span(_Point(date(start, 1, 1), "year"), _Point(date(end, 1, 1), "year"))
    return None


def _rule_absolute(s: str, anchor: date | None, tense: str | None) -> TimeValue | None:
    """Month-name dates: "Jan. 4, 2024", "4 January", "Friday, Jan. 5", "January 2024", "2024-01-04"."""
    m = _MONTH_YEAR.fullmatch(s)
    if m:
        year = _year_of(m, anchor)
        return _one(_Point(date(year, _MONTHS[m["month"]], 1), "month")) if year else UNRESOLVED
    m = _ISO.fullmatch(s)
    if m:
        try:
            d = date(int(m["year"]), int(m["month"]), int(m["day"] or 1))
        except ValueError:
            return UNRESOLVED
        return _one(_Point(d, "day" if m["day"] else "month"))
    m = _MONTH_DAY.fullmatch(s) or _DAY_MONTH.fullmatch(s)
    if not m:
        return None
    month, day = _MONTHS[m["month"]], int(m["day"])
    weekday = _WEEKDAYS[m["weekday"]] if m["weekday"] else None
    drel = m.groupdict().get("drel")
    if drel:  # "last Oct. 23", "next March 8"
        tense = "past" if drel in ("last", "this past") else "future"
    year = _year_of(m, anchor)
    if year is not None:
        try:
            return _one(_Point(date(year, month, day), "day"))
        except ValueError:
            return UNRESOLVED
    if anchor is None or not 1 <= day <= 31:
        return UNRESOLVED
    resolved = _day_near(anchor, month, day, tense, weekday)
    return _one(_Point(resolved, "day")) if resolved else UNRESOLVED


def _holiday_value(name: str, day: date) -> TimeValue:
    """A holiday's day; a holiday week ("Easter week") is the ISO week of that day."""
    point = _Point(day, "day")
    return _one(point.coarsen("week") if name.endswith(" week") else point)


def _rule_holiday(s: str, anchor: date | None, tense: str | None) -> TimeValue | None:
    m = _HOLIDAY.fullmatch(s)
    if not m:
        return None
    name = m["name"]
    if m["year"]:
        return _holiday_value(name, _holiday_date(name, int(m["year"])))
    if anchor is None:
        return UNRESOLVED
    rel = m["rel"]
    if rel in ("last", "this past"):
        candidates = [_holiday_date(name, y) for y in (anchor.year - 1, anchor.year)]
        return _holiday_value(name, max(c for c in candidates if c < anchor))
    if rel in ("next", "this coming"):
        candidates = [_holiday_date(name, y) for y in (anchor.year, anchor.year + 1)]
        return _holiday_value(name, min(c for c in candidates if c > anchor))
    candidates = [_holiday_date(name, y) for y in (anchor.year - 1, anchor.year, anchor.year + 1)]
    resolved = _occurrence(candidates, anchor, tense)
    return _holiday_value(name, resolved) if resolved else UNRESOLVED


def _rule_range(s: str, anchor: date | None, tense: str | None) -> TimeValue | None:
    m = _DAY_RANGE.fullmatch(s)
    if m:
        month = m["month"]
        tail = f", {m['year']}" if m["year"] else ""
        start = _resolve(f"{month} {m['d1']}{tail}", anchor, tense)
        end = _resolve(f"{month} {m['day']}{tail}", anchor, tense)
        return _join(start, end)
    m = _RANGE.fullmatch(s)
    if not m or (" and " in s and not s.startswith("between ")):
        return None
    left, right = m["a"], m["b"]
    start, end = _resolve(left, anchor, tense), _resolve(right, anchor, tense)
    return _join(start, end, shift_end=not _EXPLICIT_YEAR.fullmatch(right))


def _join(start: TimeValue, end: TimeValue, *, shift_end: bool = False) -> TimeValue:
    if not (start.value and end.value and start.precision and end.precision):
        return UNRESOLVED
    if "/" in start.value or "/" in end.value:
        return UNRESOLVED
    a, b = _parse_point(start.value, start.precision), _parse_point(end.value, end.precision)
    if a and b and shift_end and b.day < a.day and b.precision in ("day", "month", "quarter"):
        b = _Point(_add_months(b.day, 12), b.precision)  # "from December to February": the end follows
    return _span(a, b)


def _parse_point(value: str, precision: str) -> _Point | None:
    """Back from a formatted value (one of ours) to a point."""
    try:
        if precision == "day":
            return _Point(date.fromisoformat(value), "day")
        if precision == "week":
            return _Point(date.fromisocalendar(int(value[:4]), int(value[6:]), 1), "week")
        if precision == "month":
            return _Point(date(int(value[:4]), int(value[5:7]), 1), "month")
        if precision == "quarter":
            return _Point(date(int(value[:4]), 3 * int(value[6]) - 2, 1), "quarter")
        if precision == "year":
            return _Point(date(int(value), 1, 1), "year")
        return _Point(date(int(value[:3]) * 10, 1, 1), "decade")
    except ValueError:
        return None


# ----------------------------------------------------------------------------------------------------------
# TimeML values beyond calendar periods (TimeML 1.2.1 / TIDES 2005): sets, times of day, the deictic
# references PRESENT_REF / PAST_REF / FUTURE_REF, and durations. Each is told by its text alone, so the kind
# of an expression never depends on the anchor or the tense (`time_kind`).

# Duration units: the TimeML designator, and whether it is a time unit (after "T": PT6H, PT30M).
_DUR_UNITS: dict[str, tuple[str, bool]] = {
    "second": ("S", True),
    "minute": ("M", True),
    "hour": ("H", True),
    "day": ("D", False),
    "week": ("W", False),
    "fortnight": ("W", False),  # counted twice: see _duration_value
    "month": ("M", False),
    "quarter": ("Q", False),
    "year": ("Y", False),
    "decade": ("DE", False),
    "century": ("CE", False),
    "millennium": ("ML", False),
}
_DUR_WORDS = {
    **{f"{u}{pl}": u for u in _DUR_UNITS if u not in ("century", "millennium") for pl in ("", "s")},
    "centuries": "century",
    "century": "century",
    "millennium": "millennium",
    "millennia": "millennium",
    "millenniums": "millennium",
}
_HALF_DOWN = {"Y": (12, "M"), "D": (24, "H"), "H": (60, "M"), "M": (60, "S")}  # 2 1/2 years: P2Y6M
_VAGUE_COUNT = (
    "several|a few|few|many|some|a number of|dozens of|scores of|hundreds of|thousands of|a handful of"
)
_DUR_UNIT = rf"(?P<unit>{_alt(_DUR_WORDS)})"
_DURATION_RULE = _re(
    rf"(?:each of )?(?:the |another )?(?:(?:first|last|past|next|latest|previous|coming|final|initial|"
    rf"remaining|recent|following|early|entire|whole|full|other|additional|extra|further) )*"
    rf"(?:(?:an? )?(?P<n>(?:(?:{_NUMBER}) )?(?:hundred|thousand)|couple of|{_NUMBER})"
    rf"(?: (?:to|or|-) (?P<hi>{_NUMBER}))?(?P<half> and a half| 1/2| and one half)? "
    rf"|(?P<vague>{_VAGUE_COUNT}) )?"
    rf"(?:(?:more|additional|extra|full|trading|business|calendar|straight|consecutive|long|short|"
    rf"fiscal) )*"
    rf"{_DUR_UNIT}(?P<half2> and a half)?"
    rf"(?P<tail> (?:long|ahead|running|in a row|or so|or more|period|periods|term|span|stretch|old))?"
    rf"(?: of (?:(?:the|this|last|that) year|\d{{4}}))?"
)


def _count(word: str) -> int | None:
    """A duration's count: `_number`, plus round hundreds and thousands ("a hundred years")."""
    word = word.strip()
    if word == "couple of":
        return 2
    if word.endswith(("hundred", "thousand")):
        head, _, tail = word.rpartition(" ")
        factor = 100 if tail == "hundred" else 1000
        n = _number(head) if head else 1
        return None if n is None else n * factor
    return _number(word)


def _duration_value(count: int | None, unit: str, half: bool = False) -> str:
    """P3D, PT6H, P2Y6M, PXY: `count` None is an unspecified count ("several years")."""
    designator, is_time = _DUR_UNITS[unit]
    t = "T" if is_time else ""
    if count is None:
        return f"P{t}X{designator}"
    if unit == "fortnight":
        count *= 2
    if not half:
        return f"P{t}{count}{designator}"
    if designator in _HALF_DOWN and designator not in ("DE", "CE", "ML", "Q", "W"):
        factor, smaller = _HALF_DOWN[designator]
        if designator == "D":  # 1 1/2 days: P1DT12H
            return f"P{count}DT{factor // 2}{smaller}"
        return f"P{t}{count}{designator}{factor // 2}{smaller}"
    return f"P{t}{count}.5{designator}"


def _rule_duration(s: str) -> TimeValue | None:
    """ "three days" P3D, "the past two months" P2M, "a two-year" P2Y, "5 1/2 hours" PT5H30M, "several
    years" / "years" / "recent weeks" PXY / PXY / PXW, "a decade" P1DE. A singular unit without a count is
    no duration ("last year", "the past month", "the year"): the calendar rules read it."""
    m = _DURATION_RULE.fullmatch(s)
    if not m:
        return None
    word = m["unit"]
    unit = _DUR_WORDS[word]
    plural = word != unit and word not in ("fortnight",)
    half = bool(m["half"] or m["half2"])
    if m["n"]:
        count = _count(m["n"])
        if count is None or (count >= 1000 and not plural):
            return None  # "the 1988 quarter": a year, not a count
        if m["hi"]:  # "two to three weeks": some weeks
            return TimeValue(_duration_value(None, unit), None, "duration")
        return TimeValue(_duration_value(count, unit, half), None, "duration")
    if m["vague"] or plural:
        return TimeValue(_duration_value(None, unit), None, "duration")
    if m["tail"] in (" long", " old") and not s.startswith(("the ", "last ", "next ", "this ")):
        return TimeValue(_duration_value(1, unit, half), None, "duration")  # "day-long"
    return None


# Sets: a frequency adverb, "every/each/per <unit>", "every Monday", "each July".
_SET_ADVERBS = {
    "daily": "P1D",
    "nightly": "P1D",
    "weekly": "P1W",
    "biweekly": "P2W",
    "fortnightly": "P2W",
    "monthly": "P1M",
    "bimonthly": "P2M",
    "quarterly": "P1Q",
    "annually": "P1Y",
    "yearly": "P1Y",
    "hourly": "PT1H",
}
_SET_ADVERB = _re(rf"(?:almost |nearly |twice |three times )?(?P<adv>{_alt(_SET_ADVERBS)})")
_EVERY = r"(?:every|each|per)"
_SET_UNIT = _re(
    rf"(?:{_EVERY} (?:(?P<other>other|second|alternate) |(?P<n>{_NUMBER}) )?"
    rf"|(?:once|twice|\w+ times) (?:a|an|per|every|each) ){_DUR_UNIT}"
)
_SET_WEEKDAY = _re(rf"(?:{_EVERY} {_WEEKDAY}|(?P<plural>{_alt(w for w in _WEEKDAYS if len(w) > 4)})s)")
_SET_MONTH = _re(rf"{_EVERY} {_MONTH}")
_SET_SEASON = _re(rf"(?:{_EVERY} (?P<season>{_alt(_SEASONS)})|(?P<plural>summer|winter|spring|autumn)s)")
_SEASON_CODES = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}


def _rule_set(s: str) -> TimeValue | None:
    m = _SET_ADVERB.fullmatch(s)
    if m:
        return TimeValue(_SET_ADVERBS[m["adv"]], None, "set")
    m = _SET_UNIT.fullmatch(s)
    if m:
        unit = _DUR_WORDS[m["unit"]]
        count = 2 if m["other"] else (_number(m["n"]) if m["n"] else 1)
        if count is None:
            return None
        return TimeValue(_duration_value(count, unit), None, "set")
    m = _SET_WEEKDAY.fullmatch(s)
    if m:
        weekday = _WEEKDAYS[m["weekday"] or m["plural"]]
        return TimeValue(f"XXXX-WXX-{weekday + 1}", None, "set")
    if re.fullmatch(rf"{_EVERY} weekend|weekends", s):
        return TimeValue("XXXX-WXX-WE", None, "set")
    m = _SET_MONTH.fullmatch(s)
    if m:
        return TimeValue(f"XXXX-{_MONTHS[m['month']]:02d}", None, "set")
    m = _SET_SEASON.fullmatch(s)
    if m:
        return TimeValue(f"XXXX-{_SEASON_CODES[m['season'] or m['plural']]}", None, "set")
    return None


# Deictic references (TimeML: "now" PRESENT_REF, "recently" PAST_REF, "the future" FUTURE_REF).
_PRESENT_REF = _re(
    r"(?:right |just |even |until |up to |as of |for |between |from )?now|currently|current|presently|at present|"
    r"(?:the )?present(?: time| day)?|nowadays|these days|at the moment|the moment|this moment|the time being"
)
_PAST_REF = _re(
    r"(?:more |most |very |only |until |as )?(?:recent|recently)|lately|the (?:recent |distant )?past|"
    r"previously|formerly|earlier|once|(?:not )?long ago|some time ago|a while ago|"
    rf"(?:(?:{_VAGUE_COUNT}) )?(?:days|weeks|months|years|decades|centuries) ago|years back"
)
_FUTURE_REF = _re(
    r"(?:the )?(?:(?:near|distant|foreseeable|immediate|not too distant|not so distant) )?future|"
    r"(?:very |fairly |quite )?soon|(?:as soon as possible)|shortly|eventually|someday|some day|"
    r"(?:the )?(?:near|short|long|longer|medium|intermediate) term|(?:a )?later (?:date|time|stage)|"
    r"(?:the )?(?:days|weeks|months|years|decades) to come|future (?:days|weeks|months|quarters|years|decades)"
)


def _rule_ref(s: str) -> TimeValue | None:
    for pattern, value in (
        (_PRESENT_REF, "PRESENT_REF"),
        (_PAST_REF, "PAST_REF"),
        (_FUTURE_REF, "FUTURE_REF"),
    ):
        if pattern.fullmatch(s):
            return TimeValue(value, None, "date")
    return None


# Times of day: a clock time or a part of the day, on the day the rest of the expression names (the
# anchor day when it names none: "this morning", "10 p.m.", "tonight").
_PARTS = {
    "morning": "MO",
    "dawn": "MO",
    "daybreak": "MO",
    "sunrise": "MO",
    "afternoon": "AF",
    "evening": "EV",
    "dusk": "EV",
    "sunset": "EV",
    "nightfall": "NI",
    "night": "NI",
    "overnight": "NI",
    "tonight": "NI",
    "daytime": "DT",
}
_ZONE = r"(?:\s+(?:local time|local|[a-z]{1,3}[sd]t|gmt|utc|bst|cet|cest|msk|kst|jst|et|pt|ct|mt))"
_CLOCK_TIME = _re(
    rf"\b(?P<h>\d{{1,2}})(?:[:.](?P<m>\d\d))?\s*(?P<ampm>[ap])\.?\s?m\b\.?{_ZONE}?"
    rf"|\b(?P<h2>\d{{1,2}}):(?P<m2>\d\d)\b{_ZONE}?"
    rf"|\b(?P<h3>\d{{1,2}})(?: o'clock)? in the (?P<part>morning|afternoon|evening|night)\b"
    rf"|\b(?P<noon>noon|midday|midnight)\b{_ZONE}?"
)
_PART = _re(rf"\b(?:(?:early|late|mid)[- ]?)?(?P<part>{_alt(_PARTS)})(?P<plural>s)?\b")
_TOD_FILLER = {"early", "late", "later", "earlier", "mid", "this", "the", "at", "on", "in", "of", "today"}
_TOD_EDGE = re.compile(
    r"^(?:(?:at|on|of|in|by|around|about|from|until|till|after|before|shortly|just|as early as|as late as)"
    r"(?:\s+|$))+|(?:(?:^|\s+)(?:at|on|of|in|by|around|about))+$"
)


def _clock_code(m: re.Match[str]) -> str | None:
    if m["noon"]:
        return "T24:00" if m["noon"] == "midnight" else "T12:00"
    if m["h3"]:
        hour, minute = int(m["h3"]), 0
        if m["part"] in ("afternoon", "evening") or (m["part"] == "night" and hour < 12 and hour > 5):
            hour += 12
    else:
        hour = int(m["h"] or m["h2"])
        minute = int(m["m"] or m["m2"] or 0)
        if m["ampm"] == "p" and hour < 12:
            hour += 12
        elif m["ampm"] == "a" and hour == 12:
            hour = 0
    if not (0 <= hour <= 24 and 0 <= minute < 60):
        return None
    return f"T{hour:02d}:{minute:02d}"


def _rule_time_of_day(p: str, anchor: date | None, tense: str | None) -> TimeValue | None:
    """ "Friday morning" 2024-01-05TMO, "10 a.m. Thursday" 2024-01-04T10:00, "last night" …TNI; "every
    morning", "Tuesday nights": sets. `p` is the text in lower case with its clock times."""
    m = _CLOCK_TIME.search(p)
    if m:
        code = _clock_code(m)
        plural = False
    else:
        m = _PART.search(p)
        if not m:
            return None
        code = "T" + _PARTS[m["part"]]
        plural = bool(m["plural"])
    rest = re.sub(r"\s+", " ", f"{p[: m.start()]} {p[m.end() :]}").strip(" ,.;")
    rest = _TOD_EDGE.sub("", rest).strip(" ,.;")
    words = rest.split()
    if code is None or (words and (_number(words[0]) is not None and not _EXPLICIT_YEAR.fullmatch(rest))):
        return None  # "two nights", "25:99": not a time of day
    if plural or (words and words[0] in ("every", "each")):
        weekday = next((_WEEKDAYS[w.rstrip("s")] for w in words if w.rstrip("s") in _WEEKDAYS), None)
        days = f"WXX-{weekday + 1}" if weekday is not None else "XX-XX"
        return TimeValue(f"XXXX-{days}{code}", None, "set")
    if anchor is None:
        return TimeValue(None, None, "time")
    core = [w for w in words if w not in _TOD_FILLER]
    if not core:
        day = anchor
    elif core in (["last"], ["yesterday"]):
        day = anchor - timedelta(days=1)
    elif core == ["tomorrow"]:
        day = anchor + timedelta(days=1)
    else:
        got = _resolve(rest, anchor, tense)
        if got.kind != "date" or got.precision != "day" or not got.value or "/" in got.value:
            return TimeValue(None, None, "time")
        day = date.fromisoformat(got.value)
    return TimeValue(f"{day.isoformat()}{code}", "day", "time")


def time_kind(text: str, after: str = "") -> str:
    """The TimeML type of a time expression ("date", "time", "duration", "set"), from its text (and the
    words right after it, `after`): "three days" is a duration, "every week" a set, "Friday morning" a
    time, "now" and "May" dates, "the year" a duration before "ended Aug. 31". The value `normalize_time`
    gives the same text and `after` has this kind, whatever its anchor and tense."""
    return normalize_time(text, None, after=after).kind


# ----------------------------------------------------------------------------------------------------------
# dateparser, for the absolute forms the rules do not spell out (numeric dates, odd orders).

_PERIOD_PRECISION = {"day": "day", "time": "day", "week": "week", "month": "month", "year": "year"}
_parsers: dict[tuple[date, str], Any] = {}  # DateDataParser per (anchor, direction); dateparser is untyped


def _dateparser(s: str, anchor: date | None, tense: str | None) -> TimeValue:
    explicit_year = bool(_EXPLICIT_YEAR.fullmatch(s))
    if anchor is None and not explicit_year:
        return UNRESOLVED
    base = anchor or date(2000, 1, 1)
    prefer = "future" if tense == "future" else "past"
    key = (base, prefer)
    parser = _parsers.get(key)
    if parser is None:
        from dateparser.date import DateDataParser  # slow import: only when a rule could not answer

        if len(_parsers) > 256:
            _parsers.clear()
        parser = DateDataParser(
            languages=["en"],
            settings={
                "RELATIVE_BASE": datetime(base.year, base.month, base.day),
                "PREFER_DATES_FROM": prefer,
                "RETURN_AS_TIMEZONE_AWARE": False,
            },
        )
        _parsers[key] = parser
    try:
        data = parser.get_date_data(s)
    except (ValueError, OverflowError, TypeError, KeyError, IndexError, AttributeError, re.error):
        return UNRESOLVED  # dateparser's own failure on text it cannot read: an unresolved expression
    parsed, period = data.date_obj, data.period
    precision = _PERIOD_PRECISION.get(period or "")
    if parsed is None or precision is None:
        return UNRESOLVED
    point = (
        _Point(parsed.date(), "day").coarsen(precision)
        if precision != "day"
        else _Point(parsed.date(), "day")
    )
    if not explicit_year and anchor is not None and precision == "day":
        resolved = _day_near(anchor, point.day.month, point.day.day, tense, None)
        point = _Point(resolved, "day") if resolved else point
    return _one(point)


# ----------------------------------------------------------------------------------------------------------
# Narrated time: expressions that point back at a time the text has mentioned, not at the anchor ("a year
# earlier", "the following day", "that month", "the quarter"). As TempEval and HeidelTime do for narratives,
# they resolve against the latest earlier mention of a fine enough time; with none they stay unresolved,
# except the reporting quarter of a news text (`_reported_quarter`) and "the previous Friday" ("last Friday").

_MENTION = re.compile(
    r"(?P<year>\d{4})(?:-(?:(?P<month>\d\d)(?:-(?P<day>\d\d))?|W(?P<week>\d\d)|Q(?P<q>[1-4])))?(?:T.*)?"
)


def _mention_point(value: str) -> _Point | None:
    """A mentioned date or time of day as a point: 2023-10-05T10:00 is the day, 2023-Q3 the quarter; ranges,
    seasons, decades and references are no point to count from."""
    m = _MENTION.fullmatch(value)
    if not m:
        return None
    try:
        if m["day"]:
            return _Point(date(int(m["year"]), int(m["month"]), int(m["day"])), "day")
        if m["week"]:
            return _Point(date.fromisocalendar(int(m["year"]), int(m["week"]), 1), "week")
        if m["month"]:
            return _Point(date(int(m["year"]), int(m["month"]), 1), "month")
        if m["q"]:
            return _Point(date(int(m["year"]), 3 * int(m["q"]) - 2, 1), "quarter")
        return _Point(date(int(m["year"]), 1, 1), "year")
    except ValueError:
        return None


def _latest_mention(mentioned: Sequence[str], precisions: Iterable[str]) -> tuple[_Point, str] | None:
    """The latest mention at one of `precisions`, and its value as mentioned."""
    wanted = set(precisions)
    for value in reversed(mentioned):
        point = _mention_point(value)
        if point is not None and point.precision in wanted:
            return point, value
    return None


def _finer(unit: str) -> tuple[str, ...]:
    """The precisions a `unit`-sized step can start from: the unit's own and every finer one."""
    order = ("day", "week", "month", "quarter", "year")
    if unit == "week":
        return ("day", "week")
    return order[: order.index(unit) + 1] if unit in order else ()


def _year_before(point: _Point) -> _Point:
    """The same period a year before, at the same precision (a leap day falls back to 28 February)."""
    d = point.day
    if point.precision == "week":
        _, week, _ = d.isocalendar()
        try:
            return _Point(date.fromisocalendar(d.isocalendar()[0] - 1, week, 1), "week")
        except ValueError:  # week 53 of a year whose predecessor has 52
            return _Point(date.fromisocalendar(d.isocalendar()[0] - 1, 52, 1), "week")
    return _Point(d.replace(year=d.year - 1, day=min(d.day, 28) if d.month == 2 else d.day), point.precision)


_Q_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
_Q_NAMED = rf"(?:{_alt(_Q_WORDS)}) quarter"
# A reporting period compared with the same one a year before: "from $3 million a year earlier",
# "year-ago sales", "the year-earlier quarter", "the quarter a year ago", "last year's quarter".
_YEAR_BACK = _re(
    rf"(?:the )?(?:(?:comparable|corresponding|same) )?(?:"
    rf"(?:(?:a|one) )?year (?:earlier|ago|before)(?: {_Q_NAMED}| (?P<period>quarter|period))?"
    rf"|(?:last|prior|previous) year (?P<period3>quarter|period))"
    rf"|(?:the )?(?:(?:comparable|corresponding|same) )?(?P<period2>quarter|period) (?:of )?"
    rf"(?:a year (?:earlier|ago)|last year|the (?:previous|prior) year)"
)
# "the quarter", "that quarter", "the latest period", "the 1988 quarter": the reporting quarter the text is
# about; "the year-earlier quarter" and its kin are above.
_THE_QUARTER = _re(
    r"(?:the|that) (?:same |comparable )?(?:(?P<year>\d{4}) )?(?:fiscal )?quarter"
    r"|(?:the|that) (?:same |latest |most recent |comparable )?(?:(?P<year2>\d{4}) )?(?:fiscal )?period"
)
_NARRATED_STEP = _re(rf"{_NUM} {_UNIT} (?P<dir>later|earlier|before|after)")
_NARRATED_NEIGHBOUR = _re(
    r"the (?P<rel>following|previous|preceding|prior|same) (?P<unit>day|week|month|quarter|year)"
    r"|the (?P<rel4>next) (?P<unit4>day)"
    r"|(?:(?P<rel2>later|earlier) )?(?:that (?:same )?|(?<=later )in the |(?<=earlier )in the )"
    r"(?P<unit2>day|week|month|quarter|year)"
    r"|the (?P<unit3>day|week|month|year) (?P<rel3>before|after)"
)
_NARRATED_WEEKDAY = _re(rf"the (?P<rel>following|previous|preceding|prior|next) {_WEEKDAY}")


def _deictic_year_ago(s: str) -> bool:
    """'a year ago' counts from the anchor, unless it compares a reported quarter with its twin."""
    return s in ("a year ago", "one year ago")


def _rule_narrated(s: str, anchor: date | None, mentioned: Sequence[str]) -> TimeValue | None:
    m = _YEAR_BACK.fullmatch(s)
    if m:
        return _year_back(s, m, anchor, mentioned)
    m = _THE_QUARTER.fullmatch(s)
    if m:
        found = _latest_mention(mentioned, ("quarter",))
        if found is None:
            return _one(_reported_quarter(anchor, m["year"] or m["year2"]))
        point, value = found
        if m["year"] or m["year2"]:
            point = _Point(point.day.replace(year=int(m["year"] or m["year2"])), "quarter")
        return TimeValue(point.value(), "quarter", reference=value)
    m = _NARRATED_STEP.fullmatch(s)
    if m:
        count = _number(m["n"])
        if count is None:
            return UNRESOLVED
        unit = _UNITS[m["unit"]]
        forward = m["dir"] in ("later", "after")
        return _step(mentioned, anchor, unit, count if forward else -count)
    m = _NARRATED_NEIGHBOUR.fullmatch(s)
    if m:
        rel = m["rel"] or m["rel2"] or m["rel3"] or m["rel4"]
        unit = m["unit"] or m["unit2"] or m["unit3"] or m["unit4"]
        if rel in ("following", "next", "after"):
            offset = 1
        elif rel in ("previous", "preceding", "prior", "before"):
            offset = -1
        else:
            offset = 0
        return _step(mentioned, anchor, unit, offset)
    m = _NARRATED_WEEKDAY.fullmatch(s)
    if m:
        found = _latest_mention(mentioned, ("day",))
        if found is not None:
            start, told = found
        elif anchor is not None:
            start, told = _Point(anchor, "day"), ""  # no day told: "the previous Friday" is "last Friday"
        else:
            return UNRESOLVED
        weekday = _WEEKDAYS[m["weekday"]]
        if m["rel"] in ("following", "next"):
            day = _weekday_near(start.day + timedelta(days=1), weekday, "future")
        else:
            day = _weekday_near(start.day - timedelta(days=1), weekday, "past")
        return TimeValue(day.isoformat(), "day", reference=told or None)
    return None


def _reported_quarter(anchor: date | None, year: str | None) -> _Point | None:
    """With no quarter mentioned, "the quarter" a news text reports on is the last one ended before it."""
    if anchor is None:
        return None
    point = _shift(anchor, -1, "quarter")
    return _Point(point.day.replace(year=int(year)), "quarter") if year else point


_BARE_TOD_WORDS = frozenset(
    {"the", "that", "at", "in", "on", "of", "early", "late", "mid", "around", "about"}
)


def _bare_time_of_day(text: str) -> bool:
    """A clock time or part of day that names no day ("10:35 a.m.", "at 6 a.m.", "that night"); not "this
    morning", "tonight" or "overnight", which are the anchor's."""
    p = _plain(text)
    m = _CLOCK_TIME.search(p)
    if m is None:
        m = _PART.search(p)
        if m is None or m["plural"] or m["part"] in ("tonight", "overnight"):
            return False
    rest = re.sub(r"[,.;]", " ", f"{p[: m.start()]} {p[m.end() :]}").split()
    return all(w in _BARE_TOD_WORDS for w in rest)


def _step(mentioned: Sequence[str], anchor: date | None, unit: str, n: int) -> TimeValue:
    """The `unit`-precision period `n` units from the latest mention fine enough to count in `unit`."""
    found = _latest_mention(mentioned, _finer(unit))
    if found is None:
        return UNRESOLVED
    point, value = found
    got = _one(_shift(point.day, n, unit))
    return TimeValue(got.value, got.precision, reference=value)


def _year_back(s: str, m: re.Match[str], anchor: date | None, mentioned: Sequence[str]) -> TimeValue | None:
    """The period a year before the one the text reports on: the latest mentioned quarter when there is one
    (and only then for "a year ago"), else the latest mentioned time at its own precision; a quarter or
    period with nothing told is the reported quarter's twin."""
    q_word = next((w for w in _Q_WORDS if f" {w} quarter" in f" {s}"), None)
    says_quarter = q_word is not None or "quarter" in (m["period"], m["period2"], m["period3"])
    deictic = _deictic_year_ago(s)
    # A text that reports on a quarter compares quarters ("sales rose to $5 million from $4 million a year
    # earlier", after "in the third quarter"), however many days ("ended Sept. 30") it names in between.
    found = _latest_mention(mentioned, ("quarter",))
    if found is None and not (says_quarter or deictic):
        found = _latest_mention(mentioned, ("day", "week", "month", "year"))
    says_period = says_quarter or "period" in (m["period"], m["period2"], m["period3"])
    if found is None and says_period:
        reported = _reported_quarter(anchor, None)  # "the year-ago quarter" in a text naming none
        found = (reported, reported.value()) if reported else None
    if found is None:
        return None if deictic else UNRESOLVED  # "a year ago" alone counts from the anchor
    point, value = found
    if q_word is not None:
        point = _Point(date(point.day.year, 3 * _Q_WORDS[q_word] - 2, 1), "quarter")
    before = _year_before(point)
    return TimeValue(before.value(), before.precision, reference=value)


# ----------------------------------------------------------------------------------------------------------
# Entry point.


# A year named by the day it ends on ("net income for the year ended Aug. 31", "the fiscal year ending June
# 30, 1990") is a reporting period of twelve months, not the calendar year: a duration, P1Y. TimeBank values
# it so 7 times of 8 (TimeML 1.2.1 guidelines: a period given by its length is a DURATION); "the year"
# without a day it ends on stays the calendar year. A quarter ended is left alone: its gold is split
# between the calendar quarter, the fiscal one and P1Q.
_YEAR_NAMED_BY_END = _re(r"(?:the )?(?:(?:fiscal|financial|business) )?year")
_ENDED_AFTER = re.compile(r"\s*,?\s*(?:(?:that|which) )?(?:ended|ending|ends|to end)\b", re.IGNORECASE)


def normalize_time(
    text: str,
    anchor: date | None,
    *,
    tense: str | None = None,
    mentioned: Sequence[str] = (),
    after: str = "",
) -> TimeValue:
    """The value and precision of one time expression resolved against `anchor` (see the module doc).

    `tense` is the tense of the clause the expression sits in ("past", "future" or None; see
    `clause_tense`); it decides the direction of bare weekdays, months and year-less dates. `mentioned`
    are the values of the times the text mentioned before this one, in text order (those resolved against
    the anchor, not against an earlier mention): what "a year earlier", "the following day" or "the
    quarter" point back at; the result's `reference` is the mention used. With no fitting mention they are
    unresolved, except "the quarter", which is then the last one ended before the anchor. `after` is the
    text right after the expression: "the year" is a twelve-month duration before "ended Aug. 31".
    """
    if not isinstance(text, str) or len(text) > 200:
        return UNRESOLVED
    if isinstance(anchor, datetime):
        anchor = anchor.date()
    elif anchor is not None and not isinstance(anchor, date):
        return UNRESOLVED
    try:
        if _ENDED_AFTER.match(after) and _YEAR_NAMED_BY_END.fullmatch(_clean(text)):
            return TimeValue("P1Y", None, "duration")
        got = _rule_narrated(_clean(text), anchor, tuple(mentioned))
        if got is not None:
            return got
        found = _latest_mention(tuple(mentioned), ("day",)) if _bare_time_of_day(text) else None
        if found is not None:  # "at 10:35 a.m.", "that night": on the day the text is telling of
            plain = re.sub(r"\bthat\b", "", _plain(text))
            got = _rule_time_of_day(plain, found[0].day, None) or UNRESOLVED
            return TimeValue(got.value, got.precision, got.kind, reference=found[1] if got.value else None)
        return _resolve(text, anchor, tense if tense in ("past", "future") else None)
    except (ValueError, OverflowError):
        return UNRESOLVED  # a date outside what `datetime.date` holds: "in 9999999 years"


@lru_cache(maxsize=1 << 16)
def _resolve(text: str, anchor: date | None, tense: str | None) -> TimeValue:
    got = _rule_time_of_day(_plain(text), anchor, tense)
    if got is not None:
        return got
    s = _clean(text)
    if not s:
        return UNRESOLVED
    if _HAS_MONTH.search(s):  # "March eighth", "the first of May"
        s = _ORDINAL_AFTER_MONTH.sub(lambda m: f"{m['m']}{m['sep']}{_ordinal_value(m)}", s)
        s = _ORDINAL_BEFORE_MONTH.sub(lambda m: f"{_ordinal_value(m)}{m['sep']}", s)
    got = _rule_set(s) or _rule_ref(s) or _rule_duration(s)
    if got is not None:
        return got
    if _VAGUE.fullmatch(s):
        return UNRESOLVED
    for anchorless in (_rule_decade, _rule_century, _rule_year):
        got = anchorless(s, anchor)
        if got is not None:
            return got
    for with_tense in (_rule_quarter, _rule_half, _rule_season, _rule_absolute, _rule_holiday):
        got = with_tense(s, anchor, tense)
        if got is not None:
            return got
    if anchor is not None:
        got = (
            _rule_today(s, anchor)
            or _rule_weekday(s, anchor, tense)
            or _rule_weekend(s, anchor, tense)
            or _rule_month(s, anchor, tense)
            or _rule_relative(s, anchor)
            or _rule_ago(s, anchor, tense)
        )
        if got is not None:
            return got
    stripped = _strip_modifiers(s)
    if stripped != s:
        return _resolve(stripped, anchor, tense)
    m = _WEEK_OF.fullmatch(s)
    if m:  # "the week of March 6": the ISO week of that day
        day = _resolve(m["rest"], anchor, tense)
        point = _parse_point(day.value, "day") if day.value and day.precision == "day" else None
        return _one(point.coarsen("week")) if point else UNRESOLVED
    got = _rule_range(s, anchor, tense)
    if got is not None:
        return got
    if _UNIT_WORDS.search(s) or not _HAS_DATE_WORD.fullmatch(s):
        return UNRESOLVED  # a duration, a bare number or a phrase no rule knows: not for dateparser to guess
    return _dateparser(s, anchor, tense)


_HAS_MONTH = _re(rf"\b(?:{_alt(_MONTHS)})\b")


def _ordinal_value(m: re.Match[str]) -> int:
    return _ORDINALS[m["ord"]] + (_TENS[m["tens"]] if m["tens"] else 0)


def _strip_modifiers(s: str) -> str:
    """'early November' → 'november', 'the end of last year' → 'last year': the period, not a guess."""
    stripped = _MODIFIERS.sub("", s, count=1)
    if stripped != s and stripped not in ("this", "last", "next", "the", ""):
        return stripped
    return s
