"""WikiEvents (KAIROS event mentions with triggers and arguments) → trigger and argument F1.

PATH is `dev.jsonl` (one document per line: `doc_id`, `tokens`, `sentences`, `entity_mentions`,
`event_mentions`) or a folder holding it. `limit` takes the first N documents in file order.

Text: the `text` field runs sentences together without the separator the token offsets count, so the
document is rebuilt from `sentences` (each sentence's text at its first token's offset, a newline before
it): every gold token then indexes the text we extract from, which `rebuild_text` checks.

Two families are scored, each only against armswatch events of the matching type (`FAMILIES`):

- attack ← ATTACK: gold `Conflict.Attack.*`; roles Attacker→attacker, Target→target, Instrument and
  ExplosiveDevice→weapon, Place→location.
- transaction ← TRANSFER: gold `Transaction.*` (change of possession) and
  `Movement.Transportation.IllegalTransportation` (smuggling, which armswatch reads as a transfer); roles
  Giver, Transporter→supplier, Recipient→recipient, AcquiredEntity, PassengerArtifact→item. Other
  Movement.Transportation events (people travelling, troops moving) are not transfers and not scored.

Gold arguments in other roles (PaymentBarter, Beneficiary, Destination, …) are not scored; armswatch's
ATTACK kills on "kill"/"destroy" that KAIROS files as Life.Die or ArtifactExistence count as false triggers.

Trigger identification (type-matched): a predicted trigger matches a gold trigger of its family that its
characters overlap, one-to-one, in text order. Argument classification: a predicted role mention is right
when its event's trigger matched a gold event that has an argument of the mapped role whose head word
matches (`heads_match`: the gold argument's head lies inside our mention and our mention's head inside the
gold argument); precision over all our role mentions of the family (also those of unmatched triggers),
recall over all gold arguments of the mapped roles.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from armswatch.errors import InvalidDocument
from armswatch.evaluate import EvalResult, prf
from armswatch.evaluate.case2021 import excerpt
from armswatch.records import Event, Mention

FILENAME = "dev.jsonl"


@dataclass(frozen=True, slots=True)
class Family:
    name: str
    our_type: str
    gold_prefixes: tuple[str, ...]
    roles: dict[str, str]  # gold KAIROS role → our role


FAMILIES = (
    Family(
        "attack",
        "ATTACK",
        ("Conflict.Attack.",),
        {
            "Attacker": "attacker",
            "Target": "target",
            "Instrument": "weapon",
            "ExplosiveDevice": "weapon",
            "Place": "location",
        },
    ),
    Family(
        "transaction",
        "TRANSFER",
        ("Transaction.", "Movement.Transportation.IllegalTransportation"),
        {
            "Giver": "supplier",
            "Transporter": "supplier",
            "Recipient": "recipient",
            "AcquiredEntity": "item",
            "PassengerArtifact": "item",
        },
    ),
)


@dataclass(slots=True)
class GoldArg:
    role: str  # ours
    start: int
    end: int
    head: tuple[int, int]
    text: str


@dataclass(slots=True)
class GoldEvent:
    type: str
    start: int
    end: int
    text: str
    args: list[GoldArg] = field(default_factory=list)


_WORD = re.compile(r"\w[\w'’.-]*")
_HEAD_STOP = frozenset({"of", "who", "which", "that", "in", "at", "on", "from", "with"})


def head_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The head word of a noun phrase text[start:end]: the last word before a post-modifier ("of", a
    relative pronoun, a preposition), else the last word; the whole span if it has no word."""
    words = [(start + m.start(), start + m.end(), m.group()) for m in _WORD.finditer(text[start:end])]
    if not words:
        return start, end
    head = words[-1]
    for i, w in enumerate(words):
        if i > 0 and w[2].lower() in _HEAD_STOP:
            head = words[i - 1]
            break
    return head[0], head[1]


def heads_match(text: str, ours: tuple[int, int], gold: GoldArg) -> bool:
    mine = head_span(text, *ours)
    inside_ours = ours[0] <= gold.head[0] and gold.head[1] <= ours[1]
    inside_gold = gold.start <= mine[0] and mine[1] <= gold.end
    return inside_ours and inside_gold


def rebuild_text(record: dict[str, Any]) -> tuple[str, list[tuple[int, int]]]:
    """The document text the token offsets index, and each token's (start, end)."""
    parts: list[str] = []
    pos = 0
    offsets: list[tuple[int, int]] = []
    for tokens, sentence in record["sentences"]:
        if not tokens:
            continue
        start = int(tokens[0][1])
        if start > pos:
            parts.append(" " * (start - pos - 1) + "\n")
            pos = start
        elif start < pos:
            raise InvalidDocument(str(record.get("doc_id")), f"sentence at {start} overlaps the one before")
        parts.append(sentence)
        pos += len(sentence)
        offsets.extend((int(t[1]), int(t[2])) for t in tokens)
    text = "".join(parts)
    words = [t[0] for tokens, _ in record["sentences"] for t in tokens]
    for word, (s, e) in zip(words, offsets, strict=True):
        if text[s:e] != word:
            raise InvalidDocument(str(record.get("doc_id")), f"token {word!r} is {text[s:e]!r} at {s}:{e}")
    return text, offsets


def gold_events(
    record: dict[str, Any], text: str, offsets: list[tuple[int, int]], family: Family
) -> list[GoldEvent]:
    entities = {e["id"]: e for e in record.get("entity_mentions", [])}
    out: list[GoldEvent] = []
    for em in record.get("event_mentions", []):
        etype = str(em.get("event_type", ""))
        if not etype.startswith(family.gold_prefixes):
            continue
        trig = em["trigger"]
        start, end = offsets[trig["start"]][0], offsets[trig["end"] - 1][1]
        ev = GoldEvent(etype, start, end, text[start:end])
        for arg in em.get("arguments", []):
            role = family.roles.get(arg.get("role", ""))
            ent = entities.get(arg.get("entity_id"))
            if role is None or ent is None:
                continue
            a_start, a_end = offsets[ent["start"]][0], offsets[ent["end"] - 1][1]
            ev.args.append(
                GoldArg(role, a_start, a_end, head_span(text, a_start, a_end), text[a_start:a_end])
            )
        out.append(ev)
    return sorted(out, key=lambda g: (g.start, g.end))


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _role_mentions(ev: Event, family: Family) -> list[tuple[str, Mention]]:
    roles = sorted(set(family.roles.values()))
    return [(r, m) for r in roles for m in ev.roles.get(r, [])]


def _sentence(text: str, start: int, end: int) -> str:
    lo = max(text.rfind("\n", 0, start), text.rfind(". ", 0, start) + 1, 0)
    hi_candidates = [i for i in (text.find("\n", end), text.find(". ", end)) if i >= 0]
    hi = min(hi_candidates) + 1 if hi_candidates else len(text)
    return excerpt(text[lo:hi])


def _score(
    doc_id: str,
    text: str,
    golds: list[GoldEvent],
    preds: list[Event],
    fam: Family,
    counts: Counter[str],
    errors: list[dict[str, Any]],
) -> None:
    """Trigger and argument counts of one family in one document; one error per wrong event."""
    pairs: dict[int, GoldEvent] = {}  # index in preds → matched gold
    taken: set[int] = set()
    for i, ev in enumerate(preds):
        span = (ev.trigger.start, ev.trigger.end)
        for j, g in enumerate(golds):
            if j not in taken and _overlaps(span, (g.start, g.end)):
                pairs[i] = g
                taken.add(j)
                break
    name = fam.name
    counts[f"{name}_trigger_tp"] += len(pairs)
    counts[f"{name}_trigger_fp"] += len(preds) - len(pairs)
    counts[f"{name}_trigger_fn"] += len(golds) - len(pairs)
    counts[f"{name}_gold_triggers"] += len(golds)
    counts[f"{name}_gold_args"] += sum(len(g.args) for g in golds)

    arg_tp = 0
    for i, ev in enumerate(preds):
        gold = pairs.get(i)
        used: set[int] = set()
        right: list[str] = []
        wrong: list[str] = []
        for role, m in _role_mentions(ev, fam):
            hit = _find_arg(text, gold, role, m, used) if gold is not None else None
            if hit is None:
                counts[f"{name}_arg_fp"] += 1
                wrong.append(f"{role}={m.span.text}")
            else:
                used.add(hit)
                arg_tp += 1
                right.append(f"{role}={m.span.text}")
        missed = [f"{a.role}={a.text}" for k, a in enumerate(gold.args) if k not in used] if gold else []
        if gold is None or wrong or missed:
            errors.append(
                {
                    "id": doc_id,
                    "kind": "spurious trigger" if gold is None else "arguments",
                    "family": name,
                    "text": _sentence(text, ev.trigger.start, ev.trigger.end),
                    "gold": None
                    if gold is None
                    else {"type": gold.type, "trigger": gold.text, "args": missed},
                    "predicted": {"trigger": ev.trigger.text, "wrong": wrong, "right": right},
                }
            )
    counts[f"{name}_arg_tp"] += arg_tp
    counts[f"{name}_arg_fn"] += sum(len(g.args) for g in golds) - arg_tp
    for j, g in enumerate(golds):
        if j not in taken:
            errors.append(
                {
                    "id": doc_id,
                    "kind": "missed trigger",
                    "family": name,
                    "text": _sentence(text, g.start, g.end),
                    "gold": {
                        "type": g.type,
                        "trigger": g.text,
                        "args": [f"{a.role}={a.text}" for a in g.args],
                    },
                    "predicted": None,
                }
            )


def _find_arg(text: str, gold: GoldEvent, role: str, m: Mention, used: set[int]) -> int | None:
    for k, a in enumerate(gold.args):
        if k not in used and a.role == role and heads_match(text, (m.span.start, m.span.end), a):
            return k
    return None


def evaluate(path: Path, limit: int | None = None) -> EvalResult:
    from armswatch.process import process
    from armswatch.records import Document

    if path.is_dir():
        path = path / FILENAME
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if limit is not None:
        records = records[:limit]
    rebuilt = [rebuild_text(r) for r in records]
    docs = (
        Document(text=t, external_id=str(r.get("doc_id", "")))
        for r, (t, _) in zip(records, rebuilt, strict=True)
    )

    counts: Counter[str] = Counter()
    errors: list[dict[str, Any]] = []
    for rec, (text, offsets), ex in zip(records, rebuilt, process(docs), strict=True):
        for fam in FAMILIES:
            golds = gold_events(rec, text, offsets, fam)
            preds = sorted((e for e in ex.events if e.type == fam.our_type), key=lambda e: e.trigger.start)
            _score(str(rec.get("doc_id", "")), text, golds, preds, fam, counts, errors)

    metrics: dict[str, float] = {}
    for fam in FAMILIES:
        for what in ("trigger", "arg"):
            p, r, f = prf(
                counts[f"{fam.name}_{what}_tp"],
                counts[f"{fam.name}_{what}_fp"],
                counts[f"{fam.name}_{what}_fn"],
            )
            metrics[f"{fam.name}_{what}_f1"] = f
            metrics[f"{fam.name}_{what}_precision"] = p
            metrics[f"{fam.name}_{what}_recall"] = r
    notes = [
        f"{f.name} ← {f.our_type}: gold {', '.join(p + ('*' if p.endswith('.') else '') for p in f.gold_prefixes)}; "
        + "roles "
        + ", ".join(f"{k}→{v}" for k, v in f.roles.items())
        for f in FAMILIES
    ]
    notes += [
        "trigger: type-matched character overlap, one-to-one; argument: matched trigger + mapped role + head word",
        "text rebuilt from `sentences` (the `text` field lacks the separators the offsets count)",
    ]
    if limit is not None:
        notes.append(f"first {limit} documents in file order")
    return EvalResult(
        dataset="wikievents",
        path=str(path),
        items=len(records),
        metrics=metrics,
        counts=dict(counts),
        errors=errors,
        notes=notes,
    )
