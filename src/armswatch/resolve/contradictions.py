"""Contradictions: which incidents a denial speaks against.

A denial is a DENY event ("Pyongyang denied supplying missiles to Russia"), or an event its source
negates (certainty `denied`, polarity negative). It attaches to an incident when

- its claim refers to happenings of the incident's type (`claims.yaml`: "arms trade", "supplying" →
  TRANSFER; "fired", "strikes" → ATTACK), or, for a negated event, it is of the incident's type;
- a denier is a party of the incident (`DENIAL_PARTY_ROLES`: supplier/recipient, attacker and the state
  whose weapon was used, …);
- it was made after the incident's time began and at most `window_days` after it ended.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

import yaml

from armswatch.errors import InvalidKnowledge
from armswatch.records import EVENT_TYPES
from armswatch.resolve.views import DENIAL_PARTY_ROLES, EventView

CLAIMS_FILE = Path(__file__).with_name("claims.yaml")
_WORD = re.compile(r"[a-z]+")


@dataclass(frozen=True, slots=True)
class IncidentParties:
    """What a denial is checked against: an incident's type, parties and time."""

    type: str
    parties: frozenset[str]
    lo: date | None
    hi: date | None


@lru_cache(maxsize=1)
def claim_words() -> dict[str, frozenset[str]]:
    """The claim-word lists, checked: known event types, lower-case single words, no repeats."""
    try:
        data = yaml.safe_load(CLAIMS_FILE.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise InvalidKnowledge(f"{CLAIMS_FILE}: not valid YAML: {exc}") from exc
    table = data.get("claim_words") if isinstance(data, dict) else None
    if not isinstance(table, dict) or not data.get("version"):
        raise InvalidKnowledge(f"{CLAIMS_FILE}: needs `version` and a `claim_words` mapping")
    out: dict[str, frozenset[str]] = {}
    for typ, words in table.items():
        if typ not in EVENT_TYPES:
            raise InvalidKnowledge(f"{CLAIMS_FILE}: claim_words.{typ}: not an event type {EVENT_TYPES}")
        if not isinstance(words, list) or not words:
            raise InvalidKnowledge(f"{CLAIMS_FILE}: claim_words.{typ}: needs a list of words")
        for w in words:
            if not isinstance(w, str) or not _WORD.fullmatch(w):
                raise InvalidKnowledge(f"{CLAIMS_FILE}: claim_words.{typ}: {w!r} is not a lower-case word")
        if len(set(words)) != len(words):
            repeated = sorted({w for w in words if words.count(w) > 1})
            raise InvalidKnowledge(f"{CLAIMS_FILE}: claim_words.{typ}: repeated {repeated}")
        out[typ] = frozenset(words)
    return out


def referred_types(denial: EventView) -> frozenset[str]:
    """The incident types a denial speaks of."""
    if denial.type != "DENY":
        return frozenset({denial.type})
    words = set(_WORD.findall(f"{denial.claim} {denial.evidence}".lower()))
    return frozenset(t for t, cues in claim_words().items() if words & cues)


def deniers(denial: EventView) -> frozenset[str]:
    """Who denies: the DENY's denier, else the source of the attribution that negates the event."""
    if denial.type == "DENY" and denial.actors.get("denier"):
        return denial.actors["denier"]
    return denial.source_states


def denial_date(denial: EventView) -> date | None:
    if denial.interval is not None and not denial.interval.proxy:
        return denial.interval.hi
    return denial.published


def contradicts(denial: EventView, incident: IncidentParties, *, window_days: int = 365) -> str | None:
    """The rule by which `denial` speaks against `incident`, or None."""
    if incident.type not in referred_types(denial):
        return None
    who = deniers(denial) & incident.parties
    if not who:
        return None
    when = denial_date(denial)
    if when is not None:
        if incident.lo is not None and when < incident.lo:
            return None
        if incident.hi is not None and when > incident.hi + timedelta(days=window_days):
            return None
    roles = "/".join(DENIAL_PARTY_ROLES.get(incident.type, ()))
    if denial.claim:
        said = f"denied claim '{denial.claim}'"
    elif denial.type == "DENY":
        said = f"denial '{denial.evidence}'"
    else:
        said = f"{denial.type} its source denies"
    return f"denial by {'+'.join(sorted(who))} ({roles} of the incident): {said} refers to {incident.type}"
