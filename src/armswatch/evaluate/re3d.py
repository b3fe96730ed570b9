"""re3d (defence-domain entities) → typed span scores.

PATH is the `re3d` folder (every source folder in it, in sorted folder-name order) or one source folder
(`re3d/CENTCOM`), each holding JSON Lines `documents.json` (`_id`, `text`) and `entities.json` (`begin`,
`end`, `type`, `confidence`, `documentId`). `limit` takes the first N documents in that order: source
folders sorted by name, documents sorted by `_id` within a folder.

Gold: entities with confidence ≥ 0.5 of the scored types (`SCORED`); Money, Vehicle, DocumentReference,
Coordinate, Frequency and CommsIdentifier are not scored (armswatch has no such type). Gold offsets are
used as they are (a handful of gold `value` strings differ from the text at those offsets by whitespace or
quote style; the offsets are right).

Predicted: our mentions mapped to re3d types by `TYPE_MAP` (and `PLATFORM_CLASSES` for weapons), plus the
spans of `Extraction.times` as Temporal, plus attribution sources the entity list lacks (a pronoun source
takes the type of the named mention it was resolved to). One type per predicted span: the first mapping
wins, in that order.

Scores: micro P/R/F1 over all scored types with exact span + type; relaxed micro F1 where a prediction
matches a gold entity of the same type it overlaps (one-to-one, greedy by largest overlap); per-type
P/R/F1 (exact); and `span_micro_f1`, exact spans with types ignored, which separates boundary errors from
typing errors.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from armswatch.evaluate import EvalResult, prf
from armswatch.knowledge import load_knowledge
from armswatch.records import Document, Extraction, Mention, Time

SCORED = (
    "Weapon",
    "MilitaryPlatform",
    "Organisation",
    "Person",
    "Location",
    "Nationality",
    "Temporal",
    "Quantity",
)
MIN_CONFIDENCE = 0.5

# Our mention type → re3d type. WEAPON is refined by its class (`PLATFORM_CLASSES`); COUNTRY whose text is
# one of the state's demonyms is Nationality; QUANTITY whose text names a currency is Money (not scored).
# Types not listed (PRODUCT, PRONOUN, TEXT, TARGET, …) are not scored.
TYPE_MAP: dict[str, str] = {
    "WEAPON": "Weapon",
    "ORG": "Organisation",
    "GROUP": "Organisation",
    "PERSON": "Person",
    "COUNTRY": "Location",
    "PLACE": "Location",
    "SITE": "Location",
    "NORP": "Nationality",
    "QUANTITY": "Quantity",
    "DATE": "Temporal",
}

# Weapon classes (knowledge/data/weapon_classes.yaml) that decide a weapon's re3d type: the nearest class on
# the chain class → parent → … that is listed here wins; a weapon with none listed is a Weapon.
# A loitering munition is a drone by class but a munition in use, hence Weapon.
PLATFORM_CLASSES: dict[str, str] = {
    "aircraft": "MilitaryPlatform",  # and fighter_aircraft, attack_aircraft, bomber, transport_aircraft, helicopter
    "drone": "MilitaryPlatform",
    "loitering_munition": "Weapon",
    "military_vehicle": "MilitaryPlatform",  # tactical vehicles, technicals; and armored_vehicle, tank
    "warship": "MilitaryPlatform",
    "submarine": "MilitaryPlatform",
}

_MONEY = re.compile(r"[$£€¥]|\b(?:dollars?|euros?|yen|yuan|roubles?|rubles?|USD|GBP|EUR)\b", re.IGNORECASE)
_CONTEXT = 60

Key = tuple[int, int, str]  # start, end, re3d type


@cache
def _class_parents() -> dict[str, str | None]:
    return {cid: c.parent for cid, c in load_knowledge().weapon_classes.items()}


@cache
def _demonyms() -> dict[str, frozenset[str]]:
    return {sid: frozenset(d.casefold() for d in s.demonyms) for sid, s in load_knowledge().states.items()}


def weapon_type(m: Mention) -> str:
    cls = m.attrs.get("class") or m.attrs.get("related_class")
    parents = _class_parents()
    seen: set[str] = set()
    while isinstance(cls, str) and cls not in seen:
        if cls in PLATFORM_CLASSES:
            return PLATFORM_CLASSES[cls]
        seen.add(cls)
        cls = parents.get(cls)
    return "Weapon"


def re3d_type(m: Mention) -> str | None:
    """The re3d type of one of our mentions; None when it has none."""
    kind = m.type
    if m.attrs.get("part_of"):
        return None  # a name inside a longer entity phrase: re3d is flat and marks only the phrase
    if kind == "PRONOUN":
        # a personal pronoun entity says what it refers to; re3d marks "he"/"I" Person, "we"/"they" Organisation
        return TYPE_MAP.get(str(m.attrs.get("refers"))) if m.attrs.get("refers") else None
    if kind == "WEAPON":
        return weapon_type(m)
    if kind == "COUNTRY" and m.id and m.span.text.casefold() in _demonyms().get(m.id, frozenset()):
        return "Nationality"
    if kind == "COUNTRY" and m.attrs.get("acting"):
        # a state that acts ("The UK is committed", "France's partners"), not a territory
        return "Organisation"
    if kind == "QUANTITY" and _MONEY.search(m.span.text):
        return "Money"
    if kind == "QUANTITY" and m.span.text.casefold() == "one":
        # "one strike", "one day": re3d marks the count "one" as rarely as it marks the article "a" (3 of
        # the 34 "one" in the dev texts are a Quantity)
        return None
    return TYPE_MAP.get(kind)


# TimeML values of times re3d does not mark: deictic references ("now", "currently", "recently", "the
# future") and sets ("daily", "every day"). Dates, times and durations ("today", "last month", "two weeks")
# are Temporal.
UNMARKED_TIME_VALUES = frozenset({"PRESENT_REF", "PAST_REF", "FUTURE_REF"})


def time_type(t: Time) -> str | None:
    """The re3d type of one of our times: Temporal, or None for a deictic reference or a set."""
    if t.kind == "set" or t.value in UNMARKED_TIME_VALUES:
        return None
    return "Temporal"


def predicted(ex: Extraction) -> set[Key]:
    """Typed spans of one extraction; one type per span (entities, then times, then attribution sources)."""
    typed: dict[tuple[int, int], str | None] = {}

    def put(start: int, end: int, typ: str | None) -> None:
        typed.setdefault((start, end), typ)

    for m in ex.entities:
        put(m.span.start, m.span.end, re3d_type(m))
    for t in ex.times:
        put(t.span.start, t.span.end, time_type(t))
    listed = [(m.span.start, m.span.end) for m in ex.entities]
    for a in ex.attributions:
        src = a.source
        if src is None:
            continue
        if any(s <= src.span.start and src.span.end <= e for s, e in listed):
            # the name inside a listed phrase ("Ellwood" in "Mr Ellwood", "Philip Hammond" in "Foreign
            # Secretary Philip Hammond"): the phrase is the entity; re3d is flat
            continue
        ref = a.source_ref if src.type == "PRONOUN" else src
        put(src.span.start, src.span.end, re3d_type(ref) if ref is not None else None)
    return {(s, e, t) for (s, e), t in typed.items() if t in SCORED}


# --- reading -------------------------------------------------------------------------------------------
@dataclass(slots=True)
class Item:
    source: str  # the source folder's name
    id: str
    text: str
    gold: set[Key]


def _jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def source_folders(path: Path) -> list[Path]:
    if (path / "documents.json").is_file():
        return [path]
    folders = sorted(p for p in path.iterdir() if (p / "documents.json").is_file()) if path.is_dir() else []
    if not folders:
        from armswatch.errors import NotFound

        raise NotFound(f"{path} holds no re3d source folder (documents.json + entities.json)")
    return folders


def read_items(path: Path, limit: int | None) -> tuple[list[Item], Counter[str]]:
    """Documents with their scored gold entities, and how many of their gold entities were left out, why."""
    items: list[Item] = []
    skipped: dict[str, Counter[str]] = {}
    for folder in source_folders(path):
        docs = sorted(_jsonl(folder / "documents.json"), key=lambda d: str(d["_id"]))
        gold: dict[str, set[Key]] = {str(d["_id"]): set() for d in docs}
        for ent in _jsonl(folder / "entities.json"):
            doc_id = str(ent["documentId"])
            if doc_id not in gold:
                continue
            why = skipped.setdefault(f"{folder.name}/{doc_id}", Counter())
            if float(ent["confidence"]) < MIN_CONFIDENCE:
                why["with confidence < 0.5"] += 1
            elif ent["type"] not in SCORED:
                why[f"of type {ent['type']}"] += 1
            else:
                gold[doc_id].add((int(ent["begin"]), int(ent["end"]), str(ent["type"])))
        items.extend(Item(folder.name, str(d["_id"]), str(d["text"]), gold[str(d["_id"])]) for d in docs)
        if limit is not None and len(items) >= limit:
            break
    items = items[:limit] if limit is not None else items
    total: Counter[str] = Counter()
    for item in items:
        total.update(skipped.get(f"{item.source}/{item.id}", Counter()))
    return items, total


# --- matching ------------------------------------------------------------------------------------------
def overlap(a: Key, b: Key) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def match_relaxed(gold: set[Key], pred: set[Key]) -> list[tuple[Key, Key]]:
    """One-to-one (gold, pred) pairs of the same type that overlap, greedily by largest overlap."""
    cands = sorted(
        ((overlap(g, p), g, p) for g in gold for p in pred if g[2] == p[2] and overlap(g, p)),
        key=lambda c: (-c[0], c[1], c[2]),
    )
    used: set[Key] = set()
    pairs: list[tuple[Key, Key]] = []
    for _, g, p in cands:
        if g in used or p in used:
            continue
        used.update((g, p))
        pairs.append((g, p))
    return pairs


def _context(text: str, start: int, end: int) -> str:
    left = text[max(0, start - _CONTEXT) : start]
    return " ".join(f"{left}⟦{text[start:end]}⟧{text[end : end + _CONTEXT]}".split())


def doc_errors(item: Item, pred: set[Key]) -> list[dict[str, Any]]:
    """Gold entities we missed (with what we predicted over them, if anything) and spurious predictions."""
    text = item.text
    errors: list[dict[str, Any]] = []
    for g in sorted(item.gold - pred):
        over = sorted(p for p in pred if overlap(g, p))
        same_span = [p[2] for p in over if p[:2] == g[:2]]
        kind = "wrong_type" if same_span else "boundary" if any(p[2] == g[2] for p in over) else "missed"
        errors.append(
            {
                "doc": f"{item.source}/{item.id}",
                "error": kind,
                "type": g[2],
                "gold": text[g[0] : g[1]],
                "predicted": [f"{text[p[0] : p[1]]} ({p[2]})" for p in over],
                "start": g[0],
                "end": g[1],
                "context": _context(text, g[0], g[1]),
            }
        )
    for p in sorted(pred - item.gold):
        if any(overlap(g, p) for g in item.gold):
            continue  # reported above as a boundary or type error
        errors.append(
            {
                "doc": f"{item.source}/{item.id}",
                "error": "spurious",
                "type": p[2],
                "predicted": text[p[0] : p[1]],
                "start": p[0],
                "end": p[1],
                "context": _context(text, p[0], p[1]),
            }
        )
    return errors


# --- the adapter ---------------------------------------------------------------------------------------
def evaluate(path: Path, limit: int | None = None) -> EvalResult:
    from armswatch.process import process

    items, skipped = read_items(path, limit)
    exact: Counter[str] = Counter()
    relaxed: Counter[str] = Counter()
    untyped: Counter[str] = Counter()
    errors: list[dict[str, Any]] = []
    docs = (Document(text=i.text, external_id=i.id, source_file=f"{i.source}/{i.id}") for i in items)
    for item, ex in zip(items, process(docs), strict=True):
        pred = predicted(ex)
        gold = item.gold
        for typ in SCORED:
            g_typ = {k for k in gold if k[2] == typ}
            p_typ = {k for k in pred if k[2] == typ}
            tp = len(g_typ & p_typ)
            exact.update({f"{typ}_tp": tp, f"{typ}_fp": len(p_typ) - tp, f"{typ}_fn": len(g_typ) - tp})
        tp = len(match_relaxed(gold, pred))
        relaxed.update({"tp": tp, "fp": len(pred) - tp, "fn": len(gold) - tp})
        g_spans, p_spans = {k[:2] for k in gold}, {k[:2] for k in pred}
        tp = len(g_spans & p_spans)
        untyped.update({"tp": tp, "fp": len(p_spans) - tp, "fn": len(g_spans) - tp})
        errors.extend(doc_errors(item, pred))

    metrics: dict[str, float] = {}
    totals = Counter({k: sum(exact[f"{t}_{k}"] for t in SCORED) for k in ("tp", "fp", "fn")})
    metrics["micro_p"], metrics["micro_r"], metrics["micro_f1"] = prf(
        totals["tp"], totals["fp"], totals["fn"]
    )
    p, r, f = prf(relaxed["tp"], relaxed["fp"], relaxed["fn"])
    metrics.update(relaxed_micro_f1=f, relaxed_micro_p=p, relaxed_micro_r=r)
    metrics["span_micro_f1"] = prf(untyped["tp"], untyped["fp"], untyped["fn"])[2]
    for typ in SCORED:
        p, r, f = prf(exact[f"{typ}_tp"], exact[f"{typ}_fp"], exact[f"{typ}_fn"])
        low = typ.lower()
        metrics.update({f"{low}_f1": f, f"{low}_p": p, f"{low}_r": r})

    counts = {k: v for k, v in sorted(exact.items())}
    counts |= {f"total_{k}": v for k, v in totals.items()}
    counts |= {f"relaxed_{k}": v for k, v in relaxed.items()}
    counts |= {f"untyped_{k}": v for k, v in untyped.items()}
    folders = sorted({i.source for i in items})
    notes = [
        f"{len(items)} documents from {', '.join(folders)} (source folders by name, documents by _id)"
        + (f"; limit {limit}" if limit is not None else ""),
        f"gold: confidence ≥ {MIN_CONFIDENCE}, types {', '.join(SCORED)}; left out: "
        + (", ".join(f"{n} {why}" for why, n in sorted(skipped.items())) or "none"),
        "mapping: "
        + ", ".join(f"{ours}→{theirs}" for ours, theirs in TYPE_MAP.items())
        + "; WEAPON of class "
        + ", ".join(f"{c}→{t}" for c, t in PLATFORM_CLASSES.items())
        + " (and their subclasses); COUNTRY written as a demonym→Nationality; QUANTITY naming a currency→Money "
        "(not scored); times→Temporal; attribution sources (pronouns by their resolved referent)",
        "relaxed: same type and any character overlap, one-to-one by largest overlap; "
        "span_micro_f1: exact spans, types ignored",
    ]
    return EvalResult(
        dataset="re3d",
        path=str(path),
        items=len(items),
        metrics=metrics,
        counts=counts,
        errors=errors,
        notes=notes,
    )
