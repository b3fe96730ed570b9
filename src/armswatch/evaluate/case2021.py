"""CASE 2021 task 2 (the event sub-type of a news snippet) → snippet classification scores.

PATH is `case2021_task2.tsv` (tab-separated, CSV quoting, header `id`, `EventSnippet`, `SubType`) or a
folder holding it. `limit` takes the first N rows in file order.

The snippets carry ACLED sub-types plus a few of the organisers' own (DIPLO, ATTRIB, AGREEMENT, …).
armswatch's event types are coarser and fewer, so both sides are mapped onto merged classes
(`CLASS_SUBTYPES`, `TYPE_CLASS`; docs/eval_events.md has the table):

- `violence`: every sub-type of a strike, shelling, bombing, clash or armed attack ← ATTACK;
- `diplo`: DIPLO ← SANCTION, DIPLOMACY, MEET;
- `attrib`: ATTRIB (claims and denials of responsibility, accusations) ← ACCUSE, DENY.

Rows whose gold sub-type is in no class (protests, riots, arrests, disasters, territory changes, seized
weapons caches, agreements, …) are not scored; how many is in the notes, and `excluded_quiet` says how
often armswatch stays quiet on them (predicts no class), the nearest thing to a false-alarm rate.

The predicted class of a snippet comes from its events by `salient()`: outermost events first (an event
whose trigger lies inside another event's claim, charge, action or measure is embedded in it: "denied it
fired missiles" is a denial, not a strike), in text order within each tier; the first event whose type has
a class gives the class, "none" when no event has one.

Metrics: `accuracy` (class or "none" vs gold class), `macro_f1` over the three classes (a "none" is a miss
of the gold class), per-class `f1_<class>`, and `detected` (share of scored snippets with any event at
all, of any type).
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from armswatch.evaluate import EvalResult, prf
from armswatch.records import Document, Event

FILENAME = "case2021_task2.tsv"

# Merged class → the CASE 2021 sub-types it holds. ACLED's "Explosions/Remote violence" sub-types, its
# armed clash, and its attack on civilians are all strikes in armswatch's sense (ATTACK: attacker, target,
# weapon, location). Not mapped, with the reason: DISR_WEAP (here: caches found or seized, no armswatch
# type), SEX_VIOL / ABDUCT_DISSAP / MOB_VIOL / VIOL_DEMONSTR / FORCE_AGAINST_PROTEST / PROPERTY_DISTRUCT
# (violence that is not an armed strike), GOV_REGAINS_TERIT / NON_STATE_ACTOR_OVERTAKES_TER /
# NON_VIOL_TERRIT_TRANSFER / HQ_ESTABLISHED / CHANGE_TO_GROUP_ACT (movements and territory), AGREEMENT
# (ceasefires, prisoner swaps), protests, arrests, crime, disasters, OTHER.
CLASS_SUBTYPES: dict[str, tuple[str, ...]] = {
    "violence": (
        "AIR_STRIKE",
        "ART_MISS_ATTACK",
        "ARMED_CLASH",
        "ATTACK",
        "CHEM_WEAP",
        "GRENADE",
        "REM_EXPLOS",
        "SUIC_BOMB",
    ),
    "diplo": ("DIPLO",),
    "attrib": ("ATTRIB",),
}
# armswatch event type → merged class. TRANSFER, REQUEST and TEST have no CASE counterpart.
TYPE_CLASS: dict[str, str] = {
    "ATTACK": "violence",
    "SANCTION": "diplo",
    "DIPLOMACY": "diplo",
    "MEET": "diplo",
    "ACCUSE": "attrib",
    "DENY": "attrib",
}
CLASSES = tuple(CLASS_SUBTYPES)
SUBTYPE_CLASS: dict[str, str] = {sub: cls for cls, subs in CLASS_SUBTYPES.items() for sub in subs}
# Our event type → the CASE sub-types it stands for (the table in docs/eval_events.md).
TYPE_SUBTYPES: dict[str, tuple[str, ...]] = {t: CLASS_SUBTYPES[c] for t, c in TYPE_CLASS.items()}
# Roles whose mention is a stretch of text that can hold another event's trigger.
TEXT_ROLES = ("claim", "charge", "action", "measure")
EXCERPT = 200


def salient(events: Iterable[Event]) -> list[Event]:
    """Events in salience order: outermost first, then those embedded in another event's text role;
    text order (trigger start) within each tier."""
    evs = list(events)
    holders = [m.span for e in evs for r in TEXT_ROLES for m in e.roles.get(r, [])]

    def embedded(e: Event) -> bool:
        return any(h.contains(e.trigger) for h in holders)

    return sorted(evs, key=lambda e: (embedded(e), e.trigger.start, e.trigger.end))


def predicted_class(events: Iterable[Event]) -> str:
    for e in salient(events):
        cls = TYPE_CLASS.get(e.type)
        if cls is not None:
            return cls
    return "none"


def excerpt(text: str, limit: int = EXCERPT) -> str:
    flat = re.sub(r"\s+", " ", text).strip()
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def read_rows(path: Path) -> list[dict[str, str]]:
    """The rows of the TSV as dicts (`id`, `EventSnippet`, `SubType`), in file order."""
    if path.is_dir():
        path = path / FILENAME
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, dialect="excel-tab"))
    missing = {"id", "EventSnippet", "SubType"} - set(rows[0] if rows else {})
    if missing:
        from armswatch.errors import InvalidDocument

        raise InvalidDocument(
            str(path), f"not a CASE 2021 task 2 file: no column {', '.join(sorted(missing))}"
        )
    return rows


def _error(
    row: dict[str, str], gold: str, gold_sub: str, pred: str, events: list[Event], *, scored: bool
) -> dict[str, Any]:
    """One wrong row; an unscored row is reported only when it got a class (a false alarm)."""
    return {
        "id": row["id"],
        "text": excerpt(row["EventSnippet"]),
        "gold": gold,
        "gold_subtype": gold_sub,
        "predicted": pred,
        "scored": scored,
        "events": [f"{e.type}:{e.trigger.text}" for e in salient(events)],
    }


def evaluate(path: Path, limit: int | None = None) -> EvalResult:
    from armswatch.process import process

    rows = read_rows(path)
    if limit is not None:
        rows = rows[:limit]
    docs = (Document(text=r["EventSnippet"], external_id=r["id"]) for r in rows)

    confusion: Counter[tuple[str, str]] = Counter()  # (gold class, predicted class) on scored rows
    excluded: Counter[str] = Counter()
    excluded_loud = 0
    detected = 0
    errors: list[dict[str, Any]] = []
    for row, ex in zip(rows, process(docs), strict=True):
        gold_sub = row["SubType"].strip()
        gold = SUBTYPE_CLASS.get(gold_sub)
        pred = predicted_class(ex.events)
        if gold is None:
            excluded[gold_sub] += 1
            if pred != "none":
                excluded_loud += 1
                errors.append(_error(row, "none", gold_sub, pred, ex.events, scored=False))
            continue
        confusion[(gold, pred)] += 1
        if ex.events:
            detected += 1
        if pred != gold:
            errors.append(_error(row, gold, gold_sub, pred, ex.events, scored=True))

    scored = sum(confusion.values())
    n_excluded = sum(excluded.values())
    metrics: dict[str, float] = {}
    counts: dict[str, int] = {"scored": scored, "excluded": n_excluded, "detected": detected}
    f1s = []
    for cls in CLASSES:
        tp = confusion[(cls, cls)]
        fp = sum(v for (g, p), v in confusion.items() if p == cls and g != cls)
        fn = sum(v for (g, p), v in confusion.items() if g == cls and p != cls)
        f1 = prf(tp, fp, fn)[2]
        f1s.append(f1)
        metrics[f"f1_{cls}"] = f1
        counts.update({f"{cls}_tp": tp, f"{cls}_fp": fp, f"{cls}_fn": fn, f"{cls}_gold": tp + fn})
    correct = sum(v for (g, p), v in confusion.items() if g == p)
    metrics = {
        "accuracy": correct / scored if scored else 0.0,
        "macro_f1": sum(f1s) / len(f1s),
        "detected": detected / scored if scored else 0.0,
        **metrics,
        "excluded_quiet": (n_excluded - excluded_loud) / n_excluded if n_excluded else 1.0,
    }
    counts["excluded_with_class"] = excluded_loud
    notes = [
        "classes: "
        + "; ".join(
            f"{cls} = {'/'.join(CLASS_SUBTYPES[cls])} ← {'/'.join(t for t, c in TYPE_CLASS.items() if c == cls)}"
            for cls in CLASSES
        ),
        "prediction: the first event with a class, outermost events (not inside another event's "
        "claim/charge/action/measure) first, text order within a tier; 'none' without one",
        f"not scored ({n_excluded} rows, sub-type not mapped): "
        + ", ".join(f"{k} {v}" for k, v in sorted(excluded.items(), key=lambda kv: (-kv[1], kv[0]))),
        f"excluded_quiet: share of unscored rows where no class was predicted ({excluded_loud} had one)",
    ]
    if limit is not None:
        notes.append(f"first {limit} rows in file order")
    return EvalResult(
        dataset="case2021",
        path=str(path),
        items=scored,
        metrics=metrics,
        counts=counts,
        errors=errors,
        notes=notes,
    )
