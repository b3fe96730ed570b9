"""The certainty set (tests/data/certainty.yaml) → certainty accuracy, overall and per level.

PATH is the YAML file or a folder holding `certainty.yaml`. Each sentence lists its events (type, trigger
word as written — it occurs once in the sentence — and gold certainty); docs/certainty_set.md has the
labelling rules. `limit` takes the first N sentences in file order.

Each sentence is extracted with publication date 2024-01-04 (the date only anchors times; certainty does
not depend on it). A gold event is matched to the extracted event of the same type whose trigger span
covers the trigger word; when there is none, the prediction is "none" (a miss, counted wrong).

Metrics: `accuracy` over all labelled events; `accuracy_<level>` over the events of each gold level (the
recall of that level); `found` (share of gold events the extractor produced at all) and
`accuracy_found` (accuracy over those, which isolates certainty errors from missed events); and per
level `<level>_p/_r/_f1` (precision over events predicted at that level).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from armswatch.errors import InvalidKnowledge, NotFound
from armswatch.evaluate import EvalResult, prf
from armswatch.records import EVENT_TYPES, Document, Event

FILENAME = "certainty.yaml"
LEVELS = ("asserted", "assessed", "hedged", "expected", "denied")
PUBLISHED = date(2024, 1, 4)


@dataclass(frozen=True, slots=True)
class Gold:
    sentence: str  # the sentence's id
    type: str
    trigger: str
    start: int  # the trigger word's offsets in the sentence
    end: int
    certainty: str


@dataclass(frozen=True, slots=True)
class Sentence:
    id: str
    text: str
    events: tuple[Gold, ...]


def _file(path: Path) -> Path:
    if path.is_dir():
        path = path / FILENAME
    if not path.is_file():
        raise NotFound(f"{path}: no certainty set there")
    return path


def read_set(path: Path, limit: int | None = None) -> list[Sentence]:
    """The sentences, validated: known event types and levels, each trigger once in its sentence."""
    path = _file(path)
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    out: list[Sentence] = []
    seen: set[str] = set()
    for n, entry in enumerate(raw.get("sentences") or []):
        where = f"{path.name}: sentence {n + 1}"
        sid, text = str(entry.get("id", "")), str(entry.get("text", ""))
        if not sid or not text or sid in seen:
            raise InvalidKnowledge(f"{where}: needs a unique id and a text")
        seen.add(sid)
        golds: list[Gold] = []
        for ev in entry.get("events") or []:
            typ, trig, level = str(ev.get("type")), str(ev.get("trigger")), str(ev.get("certainty"))
            if typ not in EVENT_TYPES:
                raise InvalidKnowledge(f"{where} ({sid}): unknown event type {typ!r}")
            if level not in LEVELS:
                raise InvalidKnowledge(f"{where} ({sid}): certainty {level!r} is not one of {LEVELS}")
            hits = [m.span() for m in re.finditer(rf"(?<!\w){re.escape(trig)}(?!\w)", text)]
            if len(hits) != 1:
                raise InvalidKnowledge(f"{where} ({sid}): trigger {trig!r} occurs {len(hits)} times")
            golds.append(Gold(sid, typ, trig, hits[0][0], hits[0][1], level))
        if not golds:
            raise InvalidKnowledge(f"{where} ({sid}): no events labelled")
        out.append(Sentence(sid, text, tuple(golds)))
    return out[:limit] if limit is not None else out


def match(gold: Gold, events: list[Event]) -> Event | None:
    """The extracted event of the gold type whose trigger covers the gold trigger word."""
    for ev in events:
        if ev.type == gold.type and ev.trigger.start <= gold.start and gold.end <= ev.trigger.end:
            return ev
    for ev in events:  # a trigger that overlaps it ("test" of "test-fired")
        if ev.type == gold.type and ev.trigger.start < gold.end and gold.start < ev.trigger.end:
            return ev
    return None


def evaluate(path: Path, limit: int | None = None) -> EvalResult:
    from armswatch.process import process

    sentences = read_set(path, limit)
    docs = (Document(text=s.text, external_id=s.id, published=PUBLISHED) for s in sentences)
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    predicted: Counter[str] = Counter()
    found = found_right = 0
    errors: list[dict[str, Any]] = []
    for sent, ex in zip(sentences, process(docs), strict=True):
        for gold in sent.events:
            ev = match(gold, ex.events)
            got = ev.certainty if ev is not None else "none"
            total[gold.certainty] += 1
            predicted[got] += 1
            if ev is not None:
                found += 1
            if got == gold.certainty:
                right[gold.certainty] += 1
                found_right += 1
                continue
            errors.append(
                {
                    "id": sent.id,
                    "type": gold.type,
                    "trigger": gold.trigger,
                    "gold": gold.certainty,
                    "predicted": got,
                    "cue": ev.attribution.cue.text if ev is not None and ev.attribution is not None else None,
                    "text": sent.text,
                }
            )
    n = sum(total.values())
    metrics: dict[str, float] = {
        "accuracy": sum(right.values()) / n if n else 0.0,
        "found": found / n if n else 0.0,
        "accuracy_found": found_right / found if found else 0.0,
    }
    for level in LEVELS:
        metrics[f"accuracy_{level}"] = right[level] / total[level] if total[level] else 0.0
    for level in LEVELS:
        tp = right[level]
        p, r, f = prf(tp, predicted[level] - tp, total[level] - tp)
        metrics.update({f"{level}_p": p, f"{level}_r": r, f"{level}_f1": f})
    counts = {f"gold_{k}": total[k] for k in LEVELS} | {
        f"predicted_{k}": v for k, v in sorted(predicted.items())
    }
    counts |= {"events": n, "sentences": len(sentences), "found": found}
    notes = [
        f"{len(sentences)} sentences, {n} labelled events from {_file(path).name}"
        + (f"; limit {limit}" if limit is not None else ""),
        "an event matches when its type is the gold type and its trigger covers the gold trigger word; "
        "an unmatched gold event counts as predicted 'none' (wrong)",
        "labelling rules: docs/certainty_set.md (one certainty per event, of its innermost source)",
    ]
    return EvalResult(
        dataset="certainty",
        path=str(path),
        items=len(sentences),
        metrics=metrics,
        counts=counts,
        errors=errors,
        notes=notes,
    )
