"""TimeML (TempEval-3 TimeBank / AQUAINT `.tml`) → time expression detection and value scores.

PATH is a folder of `.tml` files (`timeml/TimeBank`, `timeml/AQUAINT`), or a folder above them (`timeml`:
both), searched recursively; `limit` takes the first N files in sorted order of their path below PATH.

Each file gives one document: its text is the content of `<TEXT>` with the tags taken out (gold `TIMEX3`
offsets are tracked into that text), and its publication date is the value of `<DCT><TIMEX3 value>`.
armswatch runs on it end to end (`armswatch.process.process`), and every `Time` of the extraction is a
system time expression with its span and value. The DCT itself is not scored (it is not in `<TEXT>`).

Scores follow the TempEval-3 task A scorer:
- strict: a system span matches a gold span with the same start and end;
- relaxed: a system span matches a gold span it shares at least one character with; each gold and each
  system span is matched at most once, greedily by largest overlap (exact matches first);
- value: among the relaxed matches, the pairs whose values are equal; P = correct / system spans,
  R = correct / gold spans (TempEval-3's attribute F1).
Every gold TIMEX3 counts, whatever its type (DATE, TIME, DURATION, SET), as in TempEval-3. armswatch
gives TimeML values to times of day, durations, sets and deictic references ("10 a.m. Friday",
"three days", "daily", "now": 1998-08-07T10:00, P3D, P1D, PRESENT_REF; see `armswatch.normalize.time`).

Values are compared after normalising their *format* only (`comparable_value`), never their meaning:
- TimeML writes a decade "199" and a century "19"; the older TIMEX2 style and armswatch write "199X" and
  "19XX": both forms are read as one;
- a one-digit ISO week ("1998-W7", a few gold files) is "1998-W07";
- a clock time to the hour ("1989-11-06T17", "…T24") is that hour and no minutes ("…T17:00", "…T24:00");
- trailing unspecified fields ("1998-XX", "1998-02-XX") add nothing to the stated prefix and are dropped;
- a range of whole days from a Saturday to the next Sunday is that ISO week's weekend ("1998-W07-WE"), and
  a range of months from January to June (July to December) is that year's first (second) half ("1989-H2"):
  the TimeML spellings of the same periods;
- a duration counted in a unit that is a whole number of another is the same duration: TimeML's decades,
  centuries and millennia (DE, CE, ML; TimeBank also writes E, C, L) in years, quarters (Q) in months
  ("P2DE" = "P20Y", "P3Q" = "P9M"); an unspecified count ("PXDE") is not converted, only its unit spelled
  one way ("PXC" = "PXCE", "PXE" = "PXDE").
Anything else must be equal: a gold time of day ("1998-08-07TNI", "…T10:35") is not a day "1998-08-07",
a season ("1998-SU") is not a year "1998", a duration ("P1M") is not a range.
"""

from __future__ import annotations

import re
import time
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from armswatch.errors import InvalidDocument, NotFound
from armswatch.evaluate import EvalResult, prf
from armswatch.records import Document

_CONTEXT = 60  # characters either side of an error span


@dataclass(frozen=True, slots=True)
class Timex:
    """A time expression: characters [start, end) of the document text, its value and (gold) type."""

    start: int
    end: int
    text: str
    value: str | None
    type: str = ""


@dataclass(slots=True)
class TimeMLDoc:
    name: str  # path below the scored folder
    text: str
    dct: date
    gold: list[Timex]


# ----------------------------------------------------------------------------------------------------------
# Reading .tml files.


def read_tml(path: Path, name: str | None = None) -> TimeMLDoc:
    """The text of `<TEXT>` without tags, its gold TIMEX3 spans and the document creation date."""
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as exc:
        raise InvalidDocument(str(path), f"not a readable TimeML file: {exc}") from exc
    dct_node = root.find("DCT/TIMEX3")
    dct_value = dct_node.get("value", "") if dct_node is not None else ""
    try:
        dct = date.fromisoformat(dct_value[:10])
    except ValueError as exc:
        raise InvalidDocument(str(path), f"no DCT date (<DCT><TIMEX3 value>): {dct_value!r}") from exc
    body = root.find("TEXT")
    if body is None:
        raise InvalidDocument(str(path), "no <TEXT> element")
    parts: list[str] = []
    gold: list[Timex] = []
    _flatten(body, parts, gold, outer=True)
    return TimeMLDoc(name or path.name, "".join(parts), dct, gold)


def _flatten(node: ET.Element, parts: list[str], gold: list[Timex], *, outer: bool = False) -> None:
    """Append the node's text (without tags) to `parts`, recording each TIMEX3's offsets in `gold`."""
    start = sum(map(len, parts))
    if node.text:
        parts.append(node.text)
    for child in node:
        _flatten(child, parts, gold)
        if child.tail:
            parts.append(child.tail)
    if node.tag == "TIMEX3" and not outer:
        end = sum(map(len, parts))
        text = "".join(parts)[start:end]
        gold.append(Timex(start, end, text, node.get("value"), node.get("type", "")))


def tml_files(path: Path, limit: int | None = None) -> list[tuple[str, Path]]:
    """(name below `path`, file) of every .tml file under `path` (or `path` itself), sorted; first `limit`."""
    if path.is_file():
        return [(path.name, path)]
    files = sorted((p.relative_to(path).as_posix(), p) for p in path.rglob("*.tml"))
    if not files:
        raise NotFound(f"no .tml files under {path}")
    return files[:limit] if limit is not None else files


# ----------------------------------------------------------------------------------------------------------
# Values: format only.

_WEEKEND_RANGE = re.compile(r"(\d{4}-\d\d-\d\d)/(\d{4}-\d\d-\d\d)")
# A count of a unit that is a whole number of another: TimeML's decades, centuries and millennia (written
# DE/E, CE/C, ML/L) are years, its quarters months: P2DE = P20Y, P3Q = P9M.
_UNIT_DURATION = re.compile(r"P(\d+)(DE|E|CE|C|ML|L|Q)")
_IN_UNITS = {
    **dict.fromkeys(("DE", "E"), (10, "Y")),
    **dict.fromkeys(("CE", "C"), (100, "Y")),
    **dict.fromkeys(("ML", "L"), (1000, "Y")),
    "Q": (3, "M"),
}
_UNSPECIFIED_UNIT = re.compile(r"PX(DE|E|CE|C|ML|L)")
_UNIT_SPELLING = {"DE": "DE", "E": "DE", "CE": "CE", "C": "CE", "ML": "ML", "L": "ML"}
_HALF_RANGE = re.compile(r"(\d{4})-(01|07)/(\d{4})-(06|12)")


def comparable_value(value: str | None) -> str | None:
    """The value in one spelling for comparison (see the module doc); None stays None."""
    if value is None:
        return None
    v = value.strip().upper()
    if not v:
        return None
    m = _WEEKEND_RANGE.fullmatch(v)
    if m:
        try:
            sat, sun = date.fromisoformat(m[1]), date.fromisoformat(m[2])
        except ValueError:
            return v
        if sat.weekday() == 5 and sun == sat + timedelta(days=1):
            year, week, _ = sat.isocalendar()
            return f"{year:04d}-W{week:02d}-WE"
        return v
    m = _HALF_RANGE.fullmatch(v)
    if m and m[1] == m[3] and (m[2], m[4]) in (("01", "06"), ("07", "12")):
        return f"{m[1]}-H{1 if m[2] == '01' else 2}"
    m = _UNIT_DURATION.fullmatch(v)
    if m:
        factor, unit = _IN_UNITS[m[2]]
        return f"P{int(m[1]) * factor}{unit}"
    m = _UNSPECIFIED_UNIT.fullmatch(v)
    if m:  # an unspecified count keeps its unit, in one spelling: "PXC" is "PXCE"
        return f"PX{_UNIT_SPELLING[m[1]]}"
    v = re.sub(r"-W(\d)(?=$|-)", r"-W0\1", v)
    v = re.sub(r"(T\d\d)$", r"\1:00", v)  # a clock hour: "…T17" is "…T17:00"
    while v.endswith("-XX"):
        v = v[:-3]
    if re.fullmatch(r"\d{3}X", v):
        return v[:3]
    if re.fullmatch(r"\d{2}XX", v):
        return v[:2]
    return v


def same_value(gold: str | None, ours: str | None) -> bool:
    g, o = comparable_value(gold), comparable_value(ours)
    return g is not None and g == o


# ----------------------------------------------------------------------------------------------------------
# Matching.


def _overlap(a: Timex, b: Timex) -> int:
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def match_relaxed(gold: Sequence[Timex], system: Sequence[Timex]) -> list[tuple[int, int]]:
    """One-to-one (gold index, system index) pairs of overlapping spans: exact first, then largest overlap."""
    candidates = [
        (g.start == s.start and g.end == s.end, _overlap(g, s), -i, -j, i, j)
        for i, g in enumerate(gold)
        for j, s in enumerate(system)
        if _overlap(g, s) > 0
    ]
    candidates.sort(reverse=True)
    used_g: set[int] = set()
    used_s: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for *_, i, j in candidates:
        if i in used_g or j in used_s:
            continue
        used_g.add(i)
        used_s.add(j)
        pairs.append((i, j))
    return sorted(pairs)


@dataclass(slots=True)
class Scored:
    """Counts and errors of one document."""

    counts: Counter[str]
    errors: list[dict[str, Any]]


def score_document(doc: TimeMLDoc, system: Sequence[Timex]) -> Scored:
    counts: Counter[str] = Counter(gold=len(doc.gold), system=len(system))
    errors: list[dict[str, Any]] = []
    exact = {(s.start, s.end) for s in system}
    counts["strict"] = sum((g.start, g.end) in exact for g in doc.gold)
    pairs = match_relaxed(doc.gold, system)
    counts["relaxed"] = len(pairs)
    matched_g = {i for i, _ in pairs}
    matched_s = {j for _, j in pairs}

    def err(kind: str, g: Timex | None, s: Timex | None) -> dict[str, Any]:
        where = g or s
        assert where is not None
        lo, hi = min(x.start for x in (g, s) if x), max(x.end for x in (g, s) if x)
        return {
            "file": doc.name,
            "dct": doc.dct.isoformat(),
            "kind": kind,
            "gold": g.text if g else None,
            "gold_type": g.type if g else None,
            "gold_value": g.value if g else None,
            "ours": s.text if s else None,
            "value": s.value if s else None,
            "start": where.start,
            "context": doc.text[max(0, lo - _CONTEXT) : hi + _CONTEXT].replace("\n", " "),
        }

    for i, j in pairs:
        g, s = doc.gold[i], system[j]
        right = same_value(g.value, s.value)
        counts["value"] += right
        counts[f"gold_{g.type}"] += 1
        counts[f"value_{g.type}"] += right
        if not right:
            errors.append(err("wrong_value", g, s))
        elif (g.start, g.end) != (s.start, s.end):
            errors.append(err("boundary", g, s))
    for i, g in enumerate(doc.gold):
        if i not in matched_g:
            counts[f"gold_{g.type}"] += 1
            errors.append(err("missed", g, None))
    for j, s in enumerate(system):
        if j not in matched_s:
            errors.append(err("spurious", None, s))
    return Scored(counts, errors)


# ----------------------------------------------------------------------------------------------------------
# The adapter.


# A range written out with both ends: "between 1994 and 1997", "Aug. 26 to Oct. 20", "April 24 and 25".
_RANGE_TEXT = re.compile(
    r"(?:(?:from|between)\s+)?(?P<a>\S.*?)\s*(?:\s(?:to|through|thru|until|till|and)\s|-|–)\s*(?P<b>\S.*)",
    re.IGNORECASE | re.DOTALL,
)


def timeml_parts(t: Timex) -> list[Timex]:
    """A time as TimeML writes it. TimeML has no range value: "from 1991 to 1997" is two TIMEX3, one for
    each end ("1991", "1997"; TimeML 1.2.1 guidelines, anchored durations use beginPoint/endPoint TIMEX3s),
    where armswatch keeps one expression with a range value ("1991/1997"). A range value whose text names
    both ends is given as its two ends, each with its own span and value; anything else is left whole (a
    weekend or "the past month" is a range with one expression: no connective to cut at)."""
    if not t.value or t.value.count("/") != 1:
        return [t]
    m = _RANGE_TEXT.fullmatch(t.text)
    if m is None:
        return [t]
    first, last = t.value.split("/")
    a_start, b_start = t.start + m.start("a"), t.start + m.start("b")
    return [
        Timex(a_start, a_start + len(m["a"]), m["a"], first, t.type),
        Timex(b_start, b_start + len(m["b"]), m["b"], last, t.type),
    ]


def system_timexes(docs: Sequence[TimeMLDoc]) -> Iterator[list[Timex]]:
    """armswatch's times for each document, end to end, in the order given, as TimeML writes them
    (`timeml_parts`)."""
    from armswatch.process import process

    documents = (Document(text=d.text, published=d.dct, external_id=d.name) for d in docs)
    for ex in process(documents):
        yield [
            part
            for t in ex.times
            for part in timeml_parts(Timex(t.span.start, t.span.end, t.span.text, t.value))
        ]


def evaluate(path: Path, limit: int | None = None) -> EvalResult:
    started = time.perf_counter()
    docs = [read_tml(p, name) for name, p in tml_files(Path(path), limit)]
    total: Counter[str] = Counter()
    errors: list[dict[str, Any]] = []
    for doc, system in zip(docs, system_timexes(docs), strict=True):
        scored = score_document(doc, system)
        total.update(scored.counts)
        errors.extend(scored.errors)
    metrics: dict[str, float] = {}
    for name in ("strict", "relaxed", "value"):
        tp = total[name]
        p, r, f = prf(tp, total["system"] - tp, total["gold"] - tp)
        metrics.update({f"{name}_p": p, f"{name}_r": r, f"{name}_f1": f})
    metrics["value_accuracy"] = total["value"] / total["relaxed"] if total["relaxed"] else 0.0
    by_type = ", ".join(
        f"{t} {total[f'value_{t}']}/{total[f'gold_{t}']}"
        for t in ("DATE", "TIME", "DURATION", "SET")
        if total[f"gold_{t}"]
    )
    seconds = time.perf_counter() - started
    return EvalResult(
        dataset="timeml",
        path=str(path),
        items=len(docs),
        metrics=metrics,
        counts=dict(sorted(total.items())),
        errors=errors,
        notes=[
            f"{len(docs)} .tml files in sorted path order"
            + (f" (first {limit})" if limit is not None else ""),
            "TempEval-3 scoring: strict = same span, relaxed = overlap (one-to-one), value = relaxed match "
            "with the same value (format-normalised; see armswatch.evaluate.timeml)",
            "all gold TIMEX3 types scored (DATE, TIME, DURATION, SET)",
            f"correct values by gold type: {by_type}",
            f"{seconds:.1f} s",
        ],
    )
