"""Events against provisions: which operative paragraphs a reported or implied transfer would implicate.

For each transfer an event reports or implies (see `facts`), each provision is checked in turn:

1. direction — the provision's target state is the supplier (`from`) or the recipient (`to`); with no
   supplier named, items of the target's origin count as coming from it;
2. items — some item's weapon class maps (provisions.yaml `weapon_classes`) to an item class the provision
   covers and not to one it excepts; a class that maps there only by some readings (a drone and the MTCR
   lists) gives a `possible` hit; an item of unknown class is taken as arms and related materiel, possibly;
3. date — the event's time (an interval: "2023-11" is the whole month) meets a force window; for a use the
   date of use stands in for the transfer's; with no date the date of the statement reporting it stands in
   ("said in November"), else the report's publication date (an undated event is taken to be recent news),
   and with neither the date is assumed inside the window. A date wholly
   before adoption or after the end gives no hit; one straddling a boundary gives a hit that says so.

A denied or negated event gives no hit, nor does an expected ATTACK (a use that has not happened implies no
transfer yet). Everything else that weakens a finding — certainty, undelivered status, an inferred supplier,
a paragraph number of medium confidence — goes into the hit's `missing`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from armswatch.knowledge import Knowledge, load_knowledge
from armswatch.knowledge.provisions import Provision, Provisions, Window, load_provisions
from armswatch.records import Attribution, Event, Extraction
from armswatch.rules.dates import Interval, interval, overlap
from armswatch.rules.facts import IMPLIED, Transfer, transfers_of
from armswatch.rules.hits import FIRM, POSSIBLE, RuleHit

_MEASURE_MISSING = {
    "notification": "whether the 1718 Committee was notified in advance is not known",
    "prior_approval": "whether the Security Council approved it in advance (case by case) is not known",
    "vigilance": "a vigilance obligation, not an outright ban",
}
_ASSUMED_ITEM = "all_arms"


def check_event(
    event: Event,
    provisions: Provisions | None = None,
    *,
    published: date | None = None,
    said: str | None = None,
    knowledge: Knowledge | None = None,
) -> list[RuleHit]:
    """The provisions `event` would implicate.

    For an undated event, `said` (the time value of the statement reporting it; default: its attribution's
    own time) or else `published` (the report's date) stands in.
    """
    provisions = provisions if provisions is not None else load_provisions()
    kb = knowledge if knowledge is not None else load_knowledge()
    if event.polarity == "negative" or event.certainty == "denied":
        return []
    if event.type != "TRANSFER" and event.certainty == "expected":
        return []
    hits: list[RuleHit] = []
    seen: set[tuple[str, str | None, str | None]] = set()
    for transfer in transfers_of(event, kb, provisions.targets()):
        found = [h for p in provisions if (h := _check(transfer, p, provisions, published, said)) is not None]
        matched = {h.provision for h in found}
        for h in found:
            later = provisions.get(h.provision).superseded_by
            key = (h.provision, h.supplier, h.recipient)
            if (later is None or later not in matched) and key not in seen:
                seen.add(key)
                hits.append(h)
    return hits


def check_extraction(
    ex: Extraction, provisions: Provisions | None = None, knowledge: Knowledge | None = None
) -> list[RuleHit]:
    """Rule hits for every event of one document, in event order."""
    provisions = provisions if provisions is not None else load_provisions()
    kb = knowledge if knowledge is not None else load_knowledge()
    published = ex.document.published
    by_id = {a.id: a for a in ex.attributions}
    return [
        h
        for ev in ex.events
        for h in check_event(
            ev, provisions, published=published, said=statement_time(ev, by_id), knowledge=kb
        )
    ]


def statement_time(ev: Event, attributions: dict[str, Attribution]) -> str | None:
    """When the statement reporting `ev` was made: its attribution's time, or the nearest enclosing one's."""
    att, seen = ev.attribution, set()
    while att is not None and att.id not in seen:
        if att.time is not None and att.time.value:
            return att.time.value
        seen.add(att.id)
        att = attributions.get(att.parent) if att.parent else None
    return None


@dataclass(slots=True)
class _ItemMatch:
    labels: list[str] = field(default_factory=list)
    classes: set[str] = field(default_factory=set)
    firm: bool = False
    notes: list[str] = field(default_factory=list)
    reach: set[str] = field(default_factory=set)  # every item class the items map to, covered or not


def _direction(t: Transfer, target: str) -> str | None:
    if t.supplier == target:
        return "from"
    if t.recipient == target:
        return "to"
    return None


def _items(t: Transfer, p: Provision, provisions: Provisions) -> _ItemMatch:
    covered, excepted = set(p.items), set(p.except_items)
    out = _ItemMatch()
    unknown = [i for i in t.items if i.weapon_class is None]
    for item in t.items:
        if item.weapon_class is None:
            continue
        ci = provisions.items_for(item.weapon_class)
        out.reach |= ci.items | ci.possible
        if ci.items & excepted:
            continue  # e.g. small arms under an embargo that excepts SALW
        sure, maybe = ci.items & covered, ci.possible & covered
        if sure:
            out.firm = True
            out.classes |= sure
            out.labels.append(item.label)
            if ci.possible & excepted:
                out.notes.append(
                    f"{item.label} may be {_plain(sorted(ci.possible & excepted))}, which {p.id} excepts"
                )
        elif maybe:
            out.classes |= maybe
            out.labels.append(item.label)
            why = f": {ci.note}" if ci.note else ""
            out.notes.append(f"{item.label} counts as {_plain(sorted(maybe))} only by some readings{why}")
    if unknown or not t.items:
        out.reach.add(_ASSUMED_ITEM)
    if (unknown or not t.items) and _ASSUMED_ITEM in covered and not out.labels:
        out.classes.add(_ASSUMED_ITEM)
        out.labels += [i.label for i in unknown] or ["items not named"]
        out.notes.append("item class unknown: assumed arms and related materiel")
    return out


def _date(
    t: Transfer, published: date | None, said: str | None
) -> tuple[Interval | None, str | None, str, list[str]]:
    """The interval to check, its value, its basis and what it leaves open."""
    time = t.event.time
    value = time.value if time is not None else None
    span = interval(value)
    if span is not None and value is not None:
        if t.inference == IMPLIED:
            return span, value, "use", [f"transfer date unknown: the date of use ({value}) stands in"]
        return span, value, "event", []
    notes = [f"date “{time.span.text}” not resolved"] if time is not None else []
    if said is None and t.event.attribution is not None and t.event.attribution.time is not None:
        said = t.event.attribution.time.value
    said_span = interval(said)
    if said_span is not None and said is not None:
        # "the agency said in November that the North had shipped …": it happened by then
        return said_span, said, "statement", [*notes, f"date unknown: the statement date {said} stands in"]
    if published is not None:
        iso = published.isoformat()
        return (
            Interval.day(published),
            iso,
            "published",
            [*notes, f"date unknown: publication date {iso} stands in"],
        )
    return None, None, "assumed", [*notes, "date unknown: assumed within the force window"]


def _window(span: Interval | None, value: str | None, p: Provision) -> tuple[Window, list[str]] | None:
    if span is None:
        return p.windows[-1], []
    for w in p.windows:
        where = overlap(span, w)
        if where == "inside":
            return w, []
        if where == "straddles":
            edge = f"end ({w.until})" if w.until and span.last >= w.until else f"start ({w.start})"
            return w, [f"date {value} straddles the {edge} of the force window"]
    return None


def _check(
    t: Transfer, p: Provision, provisions: Provisions, published: date | None, said: str | None
) -> RuleHit | None:
    direction = _direction(t, p.target)
    if direction is None or p.direction not in ("both", direction):
        return None
    items = _items(t, p, provisions)
    if not items.labels:
        return None
    span, value, basis, date_notes = _date(t, published, said)
    placed = _window(span, value, p)
    if placed is None:
        return None
    window, window_notes = placed
    ev = t.event
    missing = [*_event_missing(t, p.target), *items.notes, *date_notes, *window_notes]
    if window.confidence and window.confidence != "verified":
        missing.append(f"force window {window.confidence}: {window.basis}")
    if p.measure in _MEASURE_MISSING:
        missing.append(_MEASURE_MISSING[p.measure])
    if p.confidence != "verified":
        missing.append(f"paragraph number {p.confidence}: check {p.instrument.symbol} ({p.confidence_note})")
    return RuleHit(
        provision=p.id,
        instrument=p.instrument.id,
        paragraph=p.paragraph,
        event_id=ev.id,
        event_type=ev.type,
        reason=_reason(t, p, provisions, items),
        in_force=(window.start.isoformat(), window.until.isoformat() if window.until else None),
        date=value,
        date_basis=basis,
        missing=tuple(missing),
        evidence=ev.evidence,
        inference=t.inference,
        match=FIRM if items.firm else POSSIBLE,
        supplier=t.supplier,
        recipient=t.recipient,
        items=tuple(items.labels),
        item_classes=tuple(sorted(items.classes)),
        measure=p.measure,
        confidence=p.confidence,
    )


def _event_missing(t: Transfer, target: str) -> list[str]:
    ev = t.event
    out: list[str] = []
    if t.inference == IMPLIED:
        out.append(
            f"transfer not reported: inferred from the use of {t.supplier}-origin weapons by {t.recipient}"
        )
    elif ev.status is None:
        out.append("delivery status not stated")
    elif ev.status != "delivered":
        out.append(f"delivery not confirmed (status {ev.status})")
    if ev.certainty != "asserted":
        out.append(f"certainty {ev.certainty}")
    if ev.attribution is None:
        out.append("no attributed source")
    if t.supplier is None:
        out.append("supplier not named")
    elif t.supplier_basis == "item origin":
        out.append(f"supplier not named: {target} inferred from the items' origin")
    if t.recipient is None:
        out.append("recipient not named")
    return out


def _reason(t: Transfer, p: Provision, provisions: Provisions, items: _ItemMatch) -> str:
    ev = t.event
    labels = ", ".join(items.labels)
    if t.inference == IMPLIED:
        head = (
            f"{ev.type} by {t.recipient} with {t.supplier}-origin {labels} implies prior transfer "
            f"{t.supplier} → {t.recipient}"
        )
    else:
        status = f" ({ev.status})" if ev.status else ""
        head = (
            f"{ev.type}{status}, supplier {t.supplier or 'not named'}, "
            f"recipient {t.recipient or 'not named'}, item class {labels}"
        )
    covers = _plain(sorted(items.classes))
    text = f"{head} → {p.id} {p.label} ({covers})"
    chain = [p]
    if p.extends is not None:
        base = provisions.get(p.extends)
        text += f", extending {base.id} {base.label}"
        chain.append(base)
    for ext_id in provisions.extended_by(p.id):
        ext = provisions.get(ext_id)
        added = [c for c in ext.items if c not in p.items and c in items.reach]
        if added:  # only extensions that reach these items: "extended to all arms by UNSCR 1874 OP9"
            text += f", extended to {_plain(added)} by {ext.id}"
            chain.append(ext)
    counterpart, role = (t.recipient, "recipient") if p.target == t.supplier else (t.supplier, "supplier")
    instruments = list(dict.fromkeys(x.instrument.id for x in chain))
    if counterpart and all(counterpart in provisions.instruments[i].vote.in_favour for i in instruments):
        which = (
            instruments[0] if len(instruments) == 1 else "both" if len(instruments) == 2 else "all of them"
        )
        text += f"; {role} {counterpart} voted for {which}"
        if len(instruments) > 1:
            text += f" ({', '.join(instruments)})"
    return text


def _plain(names: list[str]) -> str:
    return ", ".join(n.replace("_", " ") for n in names)
