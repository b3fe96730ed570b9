"""A rule hit: one provision an event would implicate, with the reasoning and what a firmer finding needs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from armswatch.records import Span

FIRM = "firm"  # every fact the provision needs is in the event (certainty and status aside: see `missing`)
POSSIBLE = "possible"  # the item class falls in the provision only by some readings (range, calibre, …)


@dataclass(frozen=True, slots=True)
class RuleHit:
    provision: str  # "UNSCR 1718 OP8(b)"
    instrument: str  # "UNSCR 1718"
    paragraph: str  # "OP8(b)"
    event_id: str
    event_type: str
    reason: str  # the chain in words: event, parties, item class → provision, extension, votes
    in_force: tuple[str, str | None]  # the window the date fell in: ISO from, ISO until (exclusive) or None
    date: str | None  # the date used: the event's time value, or the stand-in named by `date_basis`
    date_basis: str  # event / use / statement / published / assumed
    missing: tuple[str, ...]  # what a firmer finding needs
    evidence: Span
    inference: str  # "reported" or "implied by use"
    match: str  # FIRM or POSSIBLE
    supplier: str | None
    recipient: str | None
    items: tuple[str, ...]  # item mentions the provision covers, as labels
    item_classes: tuple[str, ...]  # provision item classes matched
    measure: str  # prohibition / prior_approval / notification / vigilance
    confidence: str  # of the paragraph number and wording: verified / medium / unverified

    def to_json(self) -> dict[str, Any]:
        return {
            "provision": self.provision,
            "instrument": self.instrument,
            "paragraph": self.paragraph,
            "event": self.event_id,
            "event_type": self.event_type,
            "reason": self.reason,
            "in_force": {"from": self.in_force[0], "until": self.in_force[1]},
            "date": {"value": self.date, "basis": self.date_basis},
            "missing": list(self.missing),
            "evidence": self.evidence.to_json(),
            "inference": self.inference,
            "match": self.match,
            "supplier": self.supplier,
            "recipient": self.recipient,
            "items": list(self.items),
            "item_classes": list(self.item_classes),
            "measure": self.measure,
            "confidence": self.confidence,
        }
