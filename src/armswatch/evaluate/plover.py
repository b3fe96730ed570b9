"""PLOVER gold standard records (who did what to whom) → event type and actor-country accuracy.

PATH is `plover_gsr.json` (a JSON array) or a folder holding it. Items are the records with a `text`, in
file order (the leading DOCUMENT record, which documents the file, has none and is skipped); `limit` takes
the first N of them.

Gold labels: the file is coded in PLOVER 0.5b1, whose names differ from PLOVER 2021 for three of the
categories armswatch has; `GOLD_ALIASES` renames them as the CAMEO→PLOVER-2021 table next to the file does
(CAMEO 10 DEMAND → REQUEST, 11 DISAPPROVE → ACCUSE, 19 FIGHT → ASSAULT). Our types map by `TYPE_PLOVER`
(TRANSFER→AID, ATTACK→ASSAULT, REQUEST→REQUEST, SANCTION→SANCTION, MEET→CONSULT, DENY→REJECT,
ACCUSE→ACCUSE); DIPLOMACY and TEST stay unmapped. A record is scored when its gold type is one of those
targets; the others (AGREE, THREATEN, PROTEST, RETREAT, CONCEDE, COERCE, SUPPORT, MOBILIZE, COOPERATE, and
INVESTIGATE — PLOVER 2021 files it under ACCUSE, armswatch has no investigation frame) are counted in the
notes.

Predicted type: the first event with a PLOVER type in `case2021.salient` order (outermost first, then text
order). Countries: the scored event is the first event in that order whose PLOVER type equals the gold
type, else the predicted one. Its source side is the first mention with a state in the roles `SOURCE_ROLES`
names for its type, its target side likewise from `TARGET_ROLES` (for DENY: a state named inside the
denied claim; for MEET, which is symmetric, any participant's state may match either side). A mention's
state is its ISO3 id (COUNTRY, NORP), else `attrs["state"]`, else the state a capital stands for; a
location's is the country its place resolved to ("fired at targets in Jericho": Palestine). A target
side with no state is where the event happens (the event's place's country, `export.plover.where_target`,
as the PLOVER export codes it; else the state the text is most about, `normalize.dominant_country`, a step
only the scorer can take), as PLOVER codes an event that targets no other state's actor: "Egyptian police
opened fire on demonstrators" targets Egypt. The notes count the records scored by that last step.
Gold countries: the actors' codes, where they are ISO 3166-1 alpha-3 states once CAMEO spellings are
mended (`CAMEO_ISO`: JAP→JPN, ITL→ITA); IGO, NGO, IMG and empty sides are not scored.

Metrics: `event_type_accuracy` over scored records; `source_country_accuracy` / `target_country_accuracy`
over scored records whose gold side has a state (no event or no state on our side is a miss);
`detected`, the share of scored records where any event was extracted.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from armswatch.evaluate import EvalResult
from armswatch.evaluate.case2021 import TEXT_ROLES, excerpt, salient
from armswatch.export.plover import where_target
from armswatch.normalize import dominant_country
from armswatch.records import Event, Extraction, Mention

FILENAME = "plover_gsr.json"

# armswatch event type → PLOVER 2021 category.
TYPE_PLOVER: dict[str, str] = {
    "TRANSFER": "AID",
    "ATTACK": "ASSAULT",
    "REQUEST": "REQUEST",
    "SANCTION": "SANCTION",
    "MEET": "CONSULT",
    "DENY": "REJECT",
    "ACCUSE": "ACCUSE",
}
# PLOVER 0.5b1 names in the gold file → PLOVER 2021 names (CAMEO2PLOVER-2021.txt).
GOLD_ALIASES: dict[str, str] = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "FIGHT": "ASSAULT"}
SCORED_TYPES = frozenset(TYPE_PLOVER.values())
# Roles whose mentions stand for PLOVER's source (who acts) and target (who is acted on), per type.
SOURCE_ROLES: dict[str, tuple[str, ...]] = {
    "TRANSFER": ("supplier",),
    "ATTACK": ("attacker",),
    "REQUEST": ("requester",),
    "SANCTION": ("imposer",),
    "MEET": ("participants",),
    "DENY": ("denier",),
    "ACCUSE": ("accuser",),
    "DIPLOMACY": ("actor",),
    "TEST": ("actor",),
}
TARGET_ROLES: dict[str, tuple[str, ...]] = {
    "TRANSFER": ("recipient",),
    "ATTACK": ("target", "location"),
    "REQUEST": ("provider",),
    "SANCTION": ("target",),
    "MEET": ("participants",),
    "DENY": ("claim",),
    "ACCUSE": ("accused",),
    "DIPLOMACY": ("forum",),
    "TEST": (),
}
# CAMEO actor codes that are not the ISO3 code of the same state.
CAMEO_ISO: dict[str, str] = {"JAP": "JPN", "ITL": "ITA"}


def state_of(m: Mention) -> str | None:
    """The ISO3 state a mention stands for or belongs to, if any."""
    if m.type in ("COUNTRY", "NORP") and m.id:
        return m.id
    for key in ("state", "metonym_of"):
        value = m.attrs.get(key)
        if value:
            return str(value)
    return None


def _iso3(code: str) -> str | None:
    import pycountry

    code = CAMEO_ISO.get(code, code)
    if len(code) != 3 or not code.isalpha() or not code.isupper():
        return None
    return code if pycountry.countries.get(alpha_3=code) is not None else None


def gold_states(side: Any) -> set[str]:
    """ISO3 states among a gold side's actors (a list of {actorText, code}; may be "", None or absent)."""
    if not isinstance(side, list):
        return set()
    out = set()
    for actor in side:
        code = actor.get("code") if isinstance(actor, dict) else None
        iso = _iso3(code) if isinstance(code, str) else None
        if iso is not None:
            out.add(iso)
    return out


def side_states(ev: Event, ex: Extraction, roles: tuple[str, ...]) -> list[str]:
    """States on one side of an event, in order: its role mentions, or for a text role (DENY's claim) the
    state mentions inside that text."""
    out: list[str] = []
    places = {(p.span.start, p.span.end): p.country for p in ex.places if p.country}
    for role in roles:
        for m in ev.roles.get(role, []):
            if role in TEXT_ROLES:
                inner = [e for e in ex.entities if m.span.contains(e.span)]
                found = [s for s in map(state_of, inner) if s]
            else:
                s = state_of(m) or (places.get((m.span.start, m.span.end)) if role == "location" else None)
                found = [s] if s else []
            out.extend(s for s in found if s not in out)
    return out


def read_records(path: Path) -> list[dict[str, Any]]:
    if path.is_dir():
        path = path / FILENAME
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, list):
        from armswatch.errors import InvalidDocument

        raise InvalidDocument(str(path), "not a PLOVER gold file: the top level is not a JSON array")
    return [r for r in data if isinstance(r, dict) and isinstance(r.get("text"), str) and r["text"].strip()]


def gold_type(record: dict[str, Any]) -> str:
    label = str(record.get("event", "")).strip().upper()
    return GOLD_ALIASES.get(label, label)


def evaluate(path: Path, limit: int | None = None) -> EvalResult:
    from armswatch.process import process
    from armswatch.records import Document

    records = read_records(path)
    if limit is not None:
        records = records[:limit]
    docs = (Document(text=r["text"], external_id=str(r.get("id", ""))) for r in records)

    n = {"scored": 0, "type_ok": 0, "detected": 0, "src_gold": 0, "src_ok": 0, "tgt_gold": 0, "tgt_ok": 0}
    excluded: Counter[str] = Counter()
    confusion: Counter[tuple[str, str]] = Counter()
    errors: list[dict[str, Any]] = []
    text_coded = 0
    for rec, ex in zip(records, process(docs), strict=True):
        gold = gold_type(rec)
        if gold not in SCORED_TYPES:
            excluded[gold] += 1
            continue
        n["scored"] += 1
        ranked = [e for e in salient(ex.events) if e.type in TYPE_PLOVER]
        if ex.events:
            n["detected"] += 1
        pred = TYPE_PLOVER[ranked[0].type] if ranked else "none"
        confusion[(gold, pred)] += 1
        n["type_ok"] += pred == gold
        scored_ev = next((e for e in ranked if TYPE_PLOVER[e.type] == gold), ranked[0] if ranked else None)

        src_gold, tgt_gold = gold_states(rec.get("source")), gold_states(rec.get("target"))
        src_pred: list[str] = []
        tgt_pred: list[str] = []
        if scored_ev is not None:
            src_pred = side_states(scored_ev, ex, SOURCE_ROLES.get(scored_ev.type, ()))
            tgt_pred = side_states(scored_ev, ex, TARGET_ROLES.get(scored_ev.type, ()))
            if not tgt_pred:
                # the exporter's rule (export.plover.where_target), then the text's dominant country
                where = where_target([], scored_ev.place.country if scored_ev.place else None)
                tgt_pred = [str(w["code"]) for w in where]
                if not tgt_pred and (text_state := dominant_country(ex)):
                    tgt_pred, text_coded = [text_state], text_coded + 1
        src_ok = _side_ok(scored_ev, src_pred, src_gold)
        tgt_ok = _side_ok(scored_ev, tgt_pred, tgt_gold)
        if src_gold:
            n["src_gold"] += 1
            n["src_ok"] += src_ok
        if tgt_gold:
            n["tgt_gold"] += 1
            n["tgt_ok"] += tgt_ok
        if pred != gold or (src_gold and not src_ok) or (tgt_gold and not tgt_ok):
            errors.append(
                {
                    "id": rec.get("id"),
                    "text": excerpt(rec["text"]),
                    "gold": {"type": gold, "source": sorted(src_gold), "target": sorted(tgt_gold)},
                    "predicted": {
                        "type": pred,
                        "event": f"{scored_ev.type}:{scored_ev.trigger.text}" if scored_ev else None,
                        "source": src_pred,
                        "target": tgt_pred,
                    },
                    "events": [f"{e.type}:{e.trigger.text}" for e in salient(ex.events)],
                }
            )

    def ratio(a: str, b: str) -> float:
        return n[a] / n[b] if n[b] else 0.0

    metrics = {
        "event_type_accuracy": ratio("type_ok", "scored"),
        "source_country_accuracy": ratio("src_ok", "src_gold"),
        "target_country_accuracy": ratio("tgt_ok", "tgt_gold"),
        "detected": ratio("detected", "scored"),
    }
    counts = dict(n)
    counts["excluded"] = sum(excluded.values())
    per_type = Counter(g for g, _ in confusion.elements())
    notes = [
        "type map: " + ", ".join(f"{k}→{v}" for k, v in TYPE_PLOVER.items()) + "; DIPLOMACY, TEST unmapped",
        "gold renamed PLOVER 0.5b1→2021: " + ", ".join(f"{k}→{v}" for k, v in GOLD_ALIASES.items()),
        "scored gold types: " + ", ".join(f"{k} {v}" for k, v in sorted(per_type.items())),
        f"not scored ({sum(excluded.values())} records, gold type not mapped): "
        + ", ".join(f"{k} {v}" for k, v in sorted(excluded.items(), key=lambda kv: (-kv[1], kv[0]))),
        "confusion (gold→predicted, wrong only): "
        + ", ".join(f"{g}→{p} {v}" for (g, p), v in sorted(confusion.items()) if g != p),
        "countries: gold ISO3 states only (IGO/NGO/IMG/empty sides not scored); CAMEO JAP→JPN, ITL→ITA",
        "target with no state in its roles: where the event happens (its place's country, as "
        "`export --format plover` codes it), else the text's dominant country (scorer only: stored incidents "
        f"carry no text-level country; {text_coded} records scored that way)",
    ]
    if limit is not None:
        notes.append(f"first {limit} records with text, in file order")
    return EvalResult(
        dataset="plover",
        path=str(path),
        items=n["scored"],
        metrics=metrics,
        counts=counts,
        errors=errors,
        notes=notes,
    )


def _side_ok(ev: Event | None, predicted: list[str], gold: set[str]) -> bool:
    """The first predicted state is a gold one; for a (symmetric) MEET, any participant may be."""
    if ev is None or not predicted or not gold:
        return False
    if ev.type == "MEET":
        return bool(gold & set(predicted))
    return predicted[0] in gold
