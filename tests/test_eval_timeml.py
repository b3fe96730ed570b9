"""TimeML evaluation: the TempEval-3 scorer on a synthetic file, the armswatch_timex component on sentences
written for these tests, and one run on the real dev data (skipped when it is absent)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from spacy.language import Language

from armswatch.errors import InvalidDocument, NotFound
from armswatch.evaluate import get_adapter
from armswatch.evaluate.timeml import (
    Timex,
    comparable_value,
    evaluate,
    match_relaxed,
    read_tml,
    same_value,
    score_document,
    tml_files,
)
from armswatch.records import Extraction

TIMEML = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev" / "timeml"

# A TempEval-3 style file: a DCT, tags inside <TEXT> (EVENT, SIGNAL, TIMEX3), an XML entity, and text
# outside <TEXT> that must not be scored.
TML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>TEST0001</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2024-01-04" functionInDocument="CREATION_TIME">January 4, 2024</TIMEX3></DCT>
<TITLE>Not scored: <TIMEX3 tid="t9" type="DATE" value="2024">2024</TIMEX3></TITLE>
<TEXT>
AT&amp;T <EVENT eid="e1">said</EVENT> <TIMEX3 tid="t1" type="DATE" value="2023-12-30">Saturday</TIMEX3> it \
<EVENT eid="e2">shipped</EVENT> goods <SIGNAL sid="s1">for</SIGNAL> <TIMEX3 tid="t2" type="DURATION" \
value="P3D">three days</TIMEX3> in <TIMEX3 tid="t3" type="DATE" value="2023-11">November</TIMEX3>.
</TEXT>
</TimeML>
"""


@pytest.fixture
def tml(tmp_path: Path) -> Path:
    path = tmp_path / "corpus" / "a" / "TEST0001.tml"
    path.parent.mkdir(parents=True)
    path.write_text(TML, encoding="utf-8")
    return path


def test_read_tml_strips_tags_and_keeps_offsets(tml: Path) -> None:
    doc = read_tml(tml)
    assert doc.dct == date(2024, 1, 4)
    assert (
        "<" not in doc.text and "AT&T said Saturday it shipped goods for three days in November." in doc.text
    )
    assert [(g.text, g.type, g.value) for g in doc.gold] == [
        ("Saturday", "DATE", "2023-12-30"),
        ("three days", "DURATION", "P3D"),
        ("November", "DATE", "2023-11"),
    ]
    for g in doc.gold:
        assert doc.text[g.start : g.end] == g.text


def _sys(text: str, doc_text: str, value: str | None, nth: int = 0) -> Timex:
    start = -1
    for _ in range(nth + 1):
        start = doc_text.index(text, start + 1)
    return Timex(start, start + len(text), text, value)


def test_strict_relaxed_and_value_counts(tml: Path) -> None:
    doc = read_tml(tml)
    t = doc.text
    system = [
        _sys("Saturday", t, "2023-12-30"),  # strict match, right value
        _sys("three days in", t, None),  # relaxed match only; no value: wrong
        _sys("November", t, "2024-11"),  # strict match, wrong value
        _sys("goods", t, None),  # spurious
    ]
    scored = score_document(doc, system)
    assert scored.counts["gold"] == 3
    assert scored.counts["system"] == 4
    assert scored.counts["strict"] == 2
    assert scored.counts["relaxed"] == 3
    assert scored.counts["value"] == 1
    kinds = sorted(e["kind"] for e in scored.errors)
    assert kinds == ["spurious", "wrong_value", "wrong_value"]
    wrong = next(e for e in scored.errors if e["gold"] == "November")
    assert (wrong["gold_value"], wrong["value"], wrong["dct"]) == ("2023-11", "2024-11", "2024-01-04")


def test_a_missed_expression_and_a_boundary_error_are_reported(tml: Path) -> None:
    doc = read_tml(tml)
    t = doc.text
    scored = score_document(doc, [_sys("said Saturday", t, "2023-12-30")])
    assert (scored.counts["strict"], scored.counts["relaxed"], scored.counts["value"]) == (0, 1, 1)
    assert sorted(e["kind"] for e in scored.errors) == ["boundary", "missed", "missed"]


def test_relaxed_matching_is_one_to_one() -> None:
    gold = [Timex(0, 6, "Monday", "x"), Timex(11, 18, "Tuesday", "y")]
    # One system span over both gold spans matches one of them; the other is missed.
    assert len(match_relaxed(gold, [Timex(0, 18, "Monday and Tuesday", None)])) == 1
    # Two system spans inside one gold span: one matches (the larger overlap), the other is spurious.
    two = [Timex(0, 6, "a", None), Timex(11, 18, "b", None)]
    assert match_relaxed([Timex(0, 18, "x", None)], two) == [(0, 1)]
    # An exact match wins over a larger overlap.
    pairs = match_relaxed([Timex(0, 10, "g", None)], [Timex(0, 12, "a", None), Timex(0, 10, "b", None)])
    assert pairs == [(0, 1)]


@pytest.mark.parametrize(
    ("gold", "ours", "same"),
    [
        ("2023-12-30", "2023-12-30", True),
        ("199", "199X", True),  # TimeML decade vs TIMEX2/armswatch decade
        ("19", "19XX", True),
        ("2000-W7", "2000-W07", True),
        ("1998-XX", "1998", True),  # trailing unspecified fields say nothing more
        ("1998-02-XX", "1998-02", True),
        ("1989-W43-WE", "1989-10-28/1989-10-29", True),  # a Saturday–Sunday range is that weekend
        ("1989-H2", "1989-07/1989-12", True),
        ("1989-10-30/1989-10-31", "1989-10-30/1989-10-31", True),
        ("1998-08-07TNI", "1998-08-07", False),  # a time of day is not the day
        ("1998-SU", "1998", False),  # a season is not the year
        ("1998-SU", "1998-SU", True),
        ("1998-08-07TNI", "1998-08-07TNI", True),
        ("P1M", "2023-12-04/2024-01-04", False),
        ("P1M", "p1m", True),
        ("PRESENT_REF", None, False),
        ("PRESENT_REF", "PRESENT_REF", True),
        # the same duration in other units: TimeML decades (DE, TimeBank's E), centuries, quarters
        ("P20Y", "P2DE", True),
        ("P1E", "P1DE", True),
        ("P9M", "P3Q", True),
        ("P2Q", "P6M", True),
        ("P100Y", "P1CE", True),
        ("P2L", "P2000Y", True),
        ("P1Y", "P1DE", False),
        ("PXY", "PXDE", False),  # some years are not some decades
        ("PT3M", "P1Q", False),  # minutes are not months
        ("1989-10-27/1989-10-28", "1989-10-27/1989-10-28", True),
        ("1989-W43-WE", "1989-10-26/1989-10-27", False),  # Thursday–Friday: no weekend
        ("1989-11-06T17", "1989-11-06T17:00", True),  # a clock hour with or without its minutes
        ("1989-10-27T24", "1989-10-27T24:00", True),
        ("1989-11-06T17", "1989-11-06T17:30", False),
        ("PXC", "PXCE", True),  # an unknown count of centuries, spelled two ways
        ("PXE", "PXDE", True),
        ("PXE", "PXCE", False),
    ],
)
def test_values_are_compared_by_format_only(gold: str, ours: str | None, same: bool) -> None:
    assert same_value(gold, ours) is same


@pytest.mark.parametrize(
    ("text", "value", "parts"),
    [
        # TimeML has no range value: a range that names both ends is two TIMEX3
        ("between 1994 and 1997", "1994/1997", [("1994", "1994"), ("1997", "1997")]),
        ("1991 to 1997", "1991/1997", [("1991", "1991"), ("1997", "1997")]),
        (
            "Aug. 26 to Oct. 20",
            "1989-08-26/1989-10-20",
            [("Aug. 26", "1989-08-26"), ("Oct. 20", "1989-10-20")],
        ),
        ("April 24 and 25", "1999-04-24/1999-04-25", [("April 24", "1999-04-24"), ("25", "1999-04-25")]),
        ("from May through July", "2023-05/2023-07", [("May", "2023-05"), ("July", "2023-07")]),
        ("1998-99", "1998/1999", [("1998", "1998"), ("99", "1999")]),
        # a range with one expression stays whole: a weekend, a rolling window, a half
        ("the weekend", "1998-08-15/1998-08-16", [("the weekend", "1998-08-15/1998-08-16")]),
        ("the past month", "2023-12-04/2024-01-04", [("the past month", "2023-12-04/2024-01-04")]),
        # anything else is left alone
        ("two to three weeks", "PXW", [("two to three weeks", "PXW")]),
        ("between 1994 and 1997", None, [("between 1994 and 1997", None)]),
    ],
)
def test_ranges_are_two_timexes(text: str, value: str | None, parts: list[tuple[str, str | None]]) -> None:
    from armswatch.evaluate.timeml import timeml_parts

    offset = 100
    doc = " " * offset + text
    got = timeml_parts(Timex(offset, offset + len(text), text, value))
    assert [(t.text, t.value) for t in got] == parts
    assert all(doc[t.start : t.end] == t.text for t in got)


def test_comparable_value_leaves_unknown_shapes_alone() -> None:
    assert comparable_value(None) is None
    assert comparable_value(" p3d ") == "P3D"
    assert comparable_value("2023-13-45/2023-13-46") == "2023-13-45/2023-13-46"


def test_files_in_sorted_order_with_a_limit(tmp_path: Path) -> None:
    for name in ("b/2.tml", "a/9.tml", "a/1.tml"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(TML, encoding="utf-8")
    assert [n for n, _ in tml_files(tmp_path)] == ["a/1.tml", "a/9.tml", "b/2.tml"]
    assert [n for n, _ in tml_files(tmp_path, 2)] == ["a/1.tml", "a/9.tml"]
    with pytest.raises(NotFound):
        tml_files(tmp_path / "a" / "missing")


def test_a_file_without_a_dct_is_an_invalid_document(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tml"
    bad.write_text("<TimeML><TEXT>Friday</TEXT></TimeML>", encoding="utf-8")
    with pytest.raises(InvalidDocument, match="DCT"):
        read_tml(bad)
    bad.write_text("<TimeML><TEXT>Friday", encoding="utf-8")
    with pytest.raises(InvalidDocument, match="TimeML"):
        read_tml(bad)


def test_evaluate_end_to_end_on_the_synthetic_file(tml: Path) -> None:
    result = get_adapter("timeml")(tml.parent.parent, None)
    assert result.items == 1
    assert result.counts["gold"] == 3
    # armswatch finds the three expressions with their TimeML extents and values (the duration P3D too).
    assert result.counts["strict"] == 3 and result.counts["system"] == 3
    assert result.counts["value"] == 3
    assert result.metrics["strict_f1"] == 1.0
    assert result.metrics["value_f1"] == 1.0
    assert result.counts["value_DURATION"] == result.counts["gold_DURATION"] == 1
    assert not result.errors


# --------------------------------------------------------------------------------------------------------
# The armswatch_timex component.


@pytest.fixture(scope="module")
def nlp() -> Language:
    from armswatch.nlp.pipeline import build_pipeline

    return build_pipeline()


def _times(nlp: Language, text: str) -> list[str]:
    return [e.text for e in nlp(text).ents if e.label_ in ("DATE", "TIME")]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a participle with a date on each side: two expressions
        ("Net income for the quarter ended Sept. 30 rose 5%.", ["the quarter", "Sept. 30"]),
        ("Sales in the year ending June 30, 1990, will fall.", ["the year", "June 30, 1990"]),
        # the determiner of the noun a date modifies is not the date's
        ("Investigators studied the Dec. 21, 1988 Lockerbie bombing.", ["Dec. 21, 1988"]),
        ("Voters rejected the 1988 period's budget.", ["the 1988 period"]),
        # possessive clitic, focus adverbs and "later" after a duration are left out
        ("He criticised last year's budget.", ["last year"]),
        # ... but the time noun's own determiner is kept, which the NER leaves out before a possessive
        ("Results for this year's harvest were poor.", ["this year"]),
        ("It was the week's busiest session.", ["the week"]),
        ("Turnout hit a five year low.", ["five year"]),
        # a number before "a year ago" counts something else
        ("The army has 13 bases, up from seven a year ago.", ["a year ago"]),
        ("The talks lasted only five hours.", ["five hours"]),
        ("Three days later, the ship sank.", ["Three days"]),
        # numbers that name a document or a body are no years
        ("It violates resolution 1718 (2006) and Committee 1267 rules.", ["2006"]),
        # ages and bare numbers are no times
        ("A 6-year-old boy and his uncle, 44, were found.", []),
        # a day and its time of day are one expression
        ("The shelling started early Friday morning.", ["early Friday morning"]),
        ("The vote is at 9 a.m. Tuesday.", ["9 a.m. Tuesday"]),
        # a coordination of whole dates is split, a range is not
        ("Kopp crossed the border in 1994, 1995 and 1997.", ["1994", "1995", "1997"]),
        ("Prices fell between 1994 and 1997.", ["between 1994 and 1997"]),
        # deictic adverbs TimeML annotates
        ("The ship is now in port and currently unloading.", ["now", "currently"]),
        ("Nobody can predict the future.", ["the future"]),
        ("The current ceasefire holds, unlike the then current truce.", ["current"]),
        ("Profit in the latest period fell.", ["the latest period"]),
        # a holiday the NER calls an event
        ("Elian was found on Thanksgiving Day.", ["Thanksgiving Day"]),
        # the determiner that says which day, where the NER left it out
        ("And this Thanksgiving I hope you will join me.", ["this Thanksgiving"]),
        # sets: "every"/"each" and a unit, weekday or month
        ("Protesters rallied every day and prayed each Thursday.", ["every day", "each Thursday"]),
        # frequency words are sets wherever they stand
        ("They gather daily for what has become a daily rally.", ["daily", "daily"]),
        ("He gave his weekly radio address.", ["weekly"]),
        # a spelled-out year
        ("It happened in nineteen ninety-six.", ["nineteen ninety-six"]),
        # ranges of days, a month glued to its day, a month and day the NER called an event
        ("He visited Turkey on 4 April and Uzbekistan from 5-6 April 2016.", ["4 April", "5-6 April 2016"]),
        ("Strikes hit the airfield between 11-13 Dec.\n\nThe general spoke.", ["11-13 Dec."]),
        ("He said so at his Dec.14th press conference.", ["Dec.14th"]),
        (
            "They will release the results of the September 17 Dayr az Zawr airstrike investigation.",
            ["September 17"],
        ),
    ],
)
def test_timex_extents(nlp: Language, sentence: str, expected: list[str]) -> None:
    assert _times(nlp, sentence) == expected


def test_knowledge_entities_are_never_changed(nlp: Language) -> None:
    text = "North Korea shipped KN-23 missiles to Russia on Monday and Tuesday, Kirby said now."
    doc = nlp(text)
    with nlp.select_pipes(disable=["armswatch_timex"]):
        before = nlp(text)
    kept = {(e.start, e.end, e.label_, e.ent_id_) for e in before.ents if e.ent_id_}
    after = {(e.start, e.end, e.label_, e.ent_id_) for e in doc.ents if e.ent_id_}
    assert kept and kept == after
    assert [e.text for e in doc.ents if e.label_ == "DATE"] == ["Monday", "Tuesday", "now"]


def test_times_reach_the_extraction(run: Callable[..., Extraction]) -> None:
    ex = run("For the quarter ended Sept. 30, profit rose; the board meets on Thanksgiving Day.")
    got = [(t.span.text, t.value) for t in ex.times]
    assert ("Sept. 30", "2023-09-30") in got
    assert ("Thanksgiving Day", "2023-11-23") in got


def test_time_kinds_reach_the_extraction(run: Callable[..., Extraction]) -> None:
    ex = run(
        "Kyiv has said for months that Iran supplies drones to Russia. Russia shelled Kharkiv for three days, "
        "and drones now fly over the city every night."
    )
    got = {t.span.text: (t.kind, t.value, t.precision) for t in ex.times}
    assert got["months"] == ("duration", "PXM", None)
    assert got["three days"] == ("duration", "P3D", None)
    assert got["now"] == ("date", "PRESENT_REF", None)
    assert got["every night"] == ("set", "XXXX-XX-XXTNI", None)
    assert all(t.to_json()["kind"] == t.kind for t in ex.times)
    # a statement is made, an event happens, at a date or a time of day: never "for months", "every week"
    shelled = next(ev for ev in ex.events if ev.trigger.text == "shelled")
    assert shelled.time is None
    said = next(a for a in ex.attributions if "said" in a.cue.text)
    assert said.time is None
    assert all(ev.time is None or ev.time.kind in ("date", "time") for ev in ex.events)


# --------------------------------------------------------------------------------------------------------
# Real data.


@pytest.mark.skipif(not TIMEML.is_dir(), reason="TimeML dev data not present")
def test_real_data_subset() -> None:
    result = evaluate(TIMEML / "AQUAINT", 8)
    assert result.items == 8
    assert result.counts["gold"] > 20
    assert result.counts["relaxed"] <= min(result.counts["gold"], result.counts["system"])
    assert result.counts["value"] <= result.counts["relaxed"]
    assert result.metrics["relaxed_f1"] >= 0.85
    assert result.metrics["strict_f1"] >= 0.75
    assert result.metrics["value_f1"] >= 0.65  # measured 0.764 (26 gold)
    assert {e["kind"] for e in result.errors} <= {"missed", "spurious", "wrong_value", "boundary"}
