"""Sanctions provisions engine: events → the operative paragraphs they would implicate, with reasons.

    hits = check_extraction(ex)            # every event of one document
    hits = check_event(event, published=date(2024, 1, 4))
    hits[0].provision, hits[0].reason      # 'UNSCR 1718 OP8(b)', 'TRANSFER (delivered), supplier PRK, …'

The provisions are data (`knowledge/data/provisions.yaml`, loaded by `armswatch.knowledge.provisions`);
`engine` holds the matching rules, `facts` reads the transfer an event reports or implies, `dates` turns time
values into intervals. A hit is a lead for an analyst, not a legal finding: `missing` says what is needed
for a firmer one.
"""

from __future__ import annotations

from armswatch.rules.engine import check_event, check_extraction, statement_time
from armswatch.rules.facts import IMPLIED, REPORTED, Item, Transfer, item_of, state_of, transfers_of
from armswatch.rules.hits import FIRM, POSSIBLE, RuleHit

__all__ = [
    "FIRM",
    "IMPLIED",
    "POSSIBLE",
    "REPORTED",
    "Item",
    "RuleHit",
    "Transfer",
    "check_event",
    "check_extraction",
    "item_of",
    "state_of",
    "statement_time",
    "transfers_of",
]
