"""Extractions → a `Dossier`: the incidents between a supplier and a recipient, their provisions, claims,
denials, timeline and transfer summary, every quote a footnote to a checked span."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from importlib.metadata import PackageNotFoundError, version

from armswatch.errors import SpanMismatch
from armswatch.knowledge import Knowledge, load_knowledge
from armswatch.knowledge.provisions import Provisions, load_provisions
from armswatch.records import Attribution, Document, Event, Extraction, Mention, Span
from armswatch.report.model import (
    Citation,
    Claim,
    Dossier,
    Entry,
    Incident,
    ProvisionFinding,
    ProvisionRow,
    Statement,
    SummaryRow,
)
from armswatch.rules import FIRM, IMPLIED, RuleHit, check_extraction, state_of, statement_time, transfers_of
from armswatch.rules.dates import interval

# How far apart two reports of one transfer may date and still be one incident; a use is one day's event.
TOLERANCE = {"transfer": timedelta(days=31), "use": timedelta(0)}
# An undated event reported on day D is taken to lie in the month before D (news reports recent events).
RECENT = timedelta(days=30)
_STATEMENT_TYPES = ("DENY", "ACCUSE")


def build_dossier(
    extractions: Iterable[Extraction],
    supplier: str | None = None,
    recipient: str | None = None,
    since: date | None = None,
    *,
    generated: date | None = None,
    provisions: Provisions | None = None,
    knowledge: Knowledge | None = None,
) -> Dossier:
    """The dossier on transfers from `supplier` to `recipient` (either None: any) reported in `extractions`."""
    prov = provisions if provisions is not None else load_provisions()
    kb = knowledge if knowledge is not None else load_knowledge()
    documents: dict[str, Document] = {}
    entries: list[Entry] = []
    statements: list[tuple[Event, Document]] = []
    for ex in extractions:
        doc = ex.document
        if doc.id in documents:
            continue  # the same text twice (a syndicated copy) adds no evidence
        documents[doc.id] = doc
        hits: dict[str, list[RuleHit]] = {}
        for h in check_extraction(ex, prov, kb):
            hits.setdefault(h.event_id, []).append(h)
        attributions = {a.id: a for a in ex.attributions}
        for ev in ex.events:
            if ev.type in _STATEMENT_TYPES or (ev.type == "TRANSFER" and ev.certainty == "denied"):
                if _concerns(ev, supplier, recipient, kb) and _after(doc.published, since):
                    statements.append((ev, doc))
                continue
            if ev.polarity == "negative" or (ev.type != "TRANSFER" and ev.certainty == "expected"):
                continue
            said = statement_time(ev, attributions)
            for t in transfers_of(ev, kb, prov.targets()):
                if (supplier and t.supplier != supplier) or (recipient and t.recipient != recipient):
                    continue
                entry = _entry(ev, doc, t.supplier, t.recipient, t.inference, said, kb)
                entry.items = t.items
                entry.families = {_family(i.weapon_class, kb) for i in t.items if i.weapon_class}
                entry.hits = [
                    h for h in hits.get(ev.id, []) if (h.supplier, h.recipient) == (t.supplier, t.recipient)
                ]
                if since is None or entry.last is None or entry.last >= since:
                    entries.append(entry)

    cites = _Citations()
    incidents = [Incident(0, g[0].kind, g[0].supplier, g[0].recipient, g) for g in group_incidents(entries)]
    incidents.sort(key=lambda i: (i.entries[0].first or date.max, i.kind))
    used_statements: set[tuple[str, str]] = set()
    for n, inc in enumerate(incidents, 1):
        inc.number = n
        for e in inc.entries:
            e.citation = cites.cite(e.document, e.evidence)
            e.claim = _claim(e.event.attribution, e.document, e.citation)
        inc.findings = _findings(inc, prov)
        parties = {inc.supplier, inc.recipient} - {None}
        docs = {e.document.id for e in inc.entries}
        for ev, doc in statements:
            if doc.id in docs and _parties_of(ev, kb) & parties:
                inc.statements.append(_statement(ev, doc, cites, kb))
                used_statements.add((doc.id, ev.id))
    loose = [
        _statement(ev, doc, cites, kb) for ev, doc in statements if (doc.id, ev.id) not in used_statements
    ]
    referenced = list(dict.fromkeys(f.provision for inc in incidents for f in inc.findings))
    return Dossier(
        title=_title(supplier, recipient, kb),
        supplier=supplier,
        recipient=recipient,
        since=since,
        generated=generated or date.today(),
        version=_version(),
        documents=list(documents.values()),
        incidents=incidents,
        summary=_summary(incidents),
        provisions=[_provision_row(prov, pid) for pid in sorted(referenced, key=list(prov.provisions).index)],
        statements=loose,
        monitoring=[
            f"{m.date.isoformat()}: {m.event} ({m.source})"
            for m in prov.monitoring
            if "PRK" in (supplier, recipient)
        ],
        citations=cites.all,
        method=METHOD,
    )


def group_incidents(entries: list[Entry]) -> list[list[Entry]]:
    """Entries → incidents, simply, when no cross-document fusion is at hand.

    An entry joins the first incident (in date order) with the same kind (reported transfer / use), the same
    supplier and recipient, a weapon-class family in common (or no class known on either side), and a date
    near one of its entries: within `TOLERANCE[kind]` (a month for transfers, the same days for uses);
    an entry with no date at all fits any time. Single link: A near B and B near C puts all three together.
    """
    groups: list[list[Entry]] = []
    for e in sorted(entries, key=lambda x: (x.first or date.max, x.document.id, x.event.id)):
        for g in groups:
            head = g[0]
            if (
                head.kind == e.kind
                and (head.supplier, head.recipient) == (e.supplier, e.recipient)
                and _families_meet(g, e)
                and any(_near(e, x, TOLERANCE[e.kind]) for x in g)
            ):
                g.append(e)
                break
        else:
            groups.append([e])
    return groups


def _near(a: Entry, b: Entry, slack: timedelta) -> bool:
    if a.first is None or b.first is None or a.last is None or b.last is None:
        return True
    return a.first - slack <= b.last and b.first - slack <= a.last


def _families_meet(group: list[Entry], e: Entry) -> bool:
    known = set().union(*(x.families for x in group))
    return not known or not e.families or bool(known & e.families)


def _family(weapon_class: str, kb: Knowledge) -> str:
    """The class just below the generic `weapon` ("ballistic_missile" → "missile"), or the root itself."""
    cur = weapon_class
    while True:
        parent = kb.weapon_classes[cur].parent
        if parent is None or parent == "weapon":
            return cur
        cur = parent


def _entry(
    ev: Event,
    doc: Document,
    supplier: str | None,
    recipient: str | None,
    inference: str,
    said: str | None,
    kb: Knowledge,
) -> Entry:
    first, last, when = _when(ev, said, doc.published)
    place = None
    if ev.place is not None:
        where = ev.place.admin1 or ev.place.country
        place = f"{ev.place.name} ({where})" if where else ev.place.name
    return Entry(
        event=ev,
        document=doc,
        kind="use" if inference == IMPLIED else "transfer",
        supplier=supplier,
        recipient=recipient,
        items=[],
        families=set(),
        quantities=[_quantity(m) for m in ev.roles.get("quantity", [])],
        when=when,
        first=first,
        last=last,
        place=place,
        hits=[],
    )


def _when(ev: Event, said: str | None, published: date | None) -> tuple[date | None, date | None, str]:
    value = ev.time.value if ev.time is not None else None
    span = interval(value)
    if span is not None and value is not None:
        return span.first, span.last, value
    said_span = interval(said)
    if said_span is not None:
        return said_span.first - RECENT, said_span.last, f"undated; stated {said}"
    if published is not None:
        return published - RECENT, published, f"undated; reported {published.isoformat()}"
    return None, None, "undated"


def _after(published: date | None, since: date | None) -> bool:
    return since is None or published is None or published >= since


def _quantity(m: Mention) -> str:
    if m.value is None:
        return m.span.text
    number = f"{int(m.value):,}" if float(m.value).is_integer() else f"{m.value:,}"
    return f"{m.span.text} ({number})"


def _source_name(a: Attribution | None, doc: Document) -> tuple[str, str]:
    """How to name who makes a claim, and the key that counts it once as an independent origin."""
    publisher = doc.publisher or doc.title or doc.id
    if a is not None:
        m = a.source_ref or a.source
        if m is not None and m.type == "PRONOUN" and m.id is None:
            return f"{publisher} (source “{m.span.text}” unresolved)", f"publisher:{publisher.casefold()}"
        if m is not None:
            name = m.name or m.span.text
            return (f"{name} ({m.id})" if m.id and m.id != name else name), (m.id or m.span.text.casefold())
    return f"{publisher} (unattributed)", f"publisher:{publisher.casefold()}"


def _claim(a: Attribution | None, doc: Document, citation: int) -> Claim:
    name, _ = _source_name(a, doc)
    if a is None:
        return Claim(name, None, "asserted", None, citation)
    return Claim(name, a.cue.text, a.certainty, a.quote, citation)


def _findings(inc: Incident, prov: Provisions) -> list[ProvisionFinding]:
    by_provision: dict[str, list[tuple[RuleHit, int]]] = {}
    for e in inc.entries:
        for h in e.hits:
            by_provision.setdefault(h.provision, []).append((h, e.citation))
    order = list(prov.provisions)
    out: list[ProvisionFinding] = []
    for pid in sorted(by_provision, key=order.index):
        found = by_provision[pid]
        best = min((h for h, _ in found), key=lambda h: (h.match != FIRM, len(h.missing)))
        p = prov.get(pid)
        out.append(
            ProvisionFinding(
                provision=pid,
                label=p.label,
                measure=p.measure,
                match=best.match,
                reason=best.reason,
                in_force=best.in_force,
                missing=best.missing,
                confidence=p.confidence,
                citations=tuple(dict.fromkeys(c for _, c in found)),
            )
        )
    return out


def _parties_of(ev: Event, kb: Knowledge) -> set[str]:
    roles = ("denier", "accuser", "accused", "supplier", "recipient")
    return {s for r in roles for m in ev.roles.get(r, []) if (s := state_of(m, kb)) is not None}


def _concerns(ev: Event, supplier: str | None, recipient: str | None, kb: Knowledge) -> bool:
    wanted = {s for s in (supplier, recipient) if s}
    return not wanted or bool(_parties_of(ev, kb) & wanted)


def _statement(ev: Event, doc: Document, cites: _Citations, kb: Knowledge) -> Statement:
    number = cites.cite(doc, ev.evidence)
    who_roles: tuple[str, ...]
    if ev.type == "ACCUSE":
        who_roles, what_role, kind = ("accuser",), "charge", "accusation"
    elif ev.type == "DENY":
        who_roles, what_role, kind = ("denier",), "claim", "denial"
    else:  # a TRANSFER its source denies: the source is the one denying
        who_roles, what_role, kind = (), "item", "denial"
    who = [m.name or m.span.text for r in who_roles for m in ev.roles.get(r, [])]
    if not who:
        who = [_source_name(ev.attribution, doc)[0]]
    what = "; ".join(m.span.text for m in ev.roles.get(what_role, [])) or ev.evidence.text
    if ev.type == "TRANSFER":
        supplier = ", ".join(m.span.text for m in ev.roles.get("supplier", [])) or "a supplier not named"
        recipient = ", ".join(m.span.text for m in ev.roles.get("recipient", [])) or "a recipient not named"
        what = f"that {supplier} transferred {what} to {recipient}"
    return Statement(kind, ", ".join(dict.fromkeys(who)), what, ev.certainty, number)


@dataclass(slots=True)
class _Tally:
    incidents: dict[int, None] = field(default_factory=dict)
    quantities: dict[str, dict[int, None]] = field(default_factory=dict)  # text → citations
    sources: dict[str, str] = field(default_factory=dict)  # independent-origin key → name
    citations: dict[int, None] = field(default_factory=dict)


def _summary(incidents: list[Incident]) -> list[SummaryRow]:
    """Per item class and origin: incidents, quantities as reported, and each source origin counted once."""
    tallies: dict[tuple[str, str], _Tally] = {}
    for inc in incidents:
        for e in inc.entries:
            name_of_source, source_key = _source_name(e.event.attribution, e.document)
            for item in e.items:
                name = item.weapon_class.replace("_", " ") if item.weapon_class else item.text
                if inc.kind == "use":
                    name += " (seen in use)"
                tally = tallies.setdefault((name, item.origin or e.supplier or "unknown"), _Tally())
                tally.incidents[inc.number] = None
                for q in e.quantities:
                    tally.quantities.setdefault(q, {})[e.citation] = None
                tally.sources.setdefault(source_key, name_of_source)
                tally.citations[e.citation] = None
    return [
        SummaryRow(
            item=name,
            origin=origin,
            incidents=tuple(t.incidents),
            quantities=tuple((q, tuple(cs)) for q, cs in t.quantities.items()),
            sources=tuple(t.sources.values()),
            citations=tuple(t.citations),
        )
        for (name, origin), t in tallies.items()
    ]


def _provision_row(prov: Provisions, pid: str) -> ProvisionRow:
    p = prov.get(pid)
    inst = p.instrument
    favour = ", ".join(inst.vote.in_favour)
    windows = "; ".join(
        f"{w.start.isoformat()} – {w.until.isoformat() if w.until else 'in force'}"
        + (f" ({w.confidence})" if w.confidence else "")
        for w in p.windows
    )
    return ProvisionRow(
        provision=pid,
        instrument=f"{inst.title}, {inst.symbol}",
        adopted=inst.adopted.isoformat() + (f" ({inst.meeting})" if inst.meeting else ""),
        vote=f"{inst.vote.result}; in favour incl. {favour}",
        label=f"{p.label}: {p.summary}",
        in_force=windows,
        confidence=f"{p.confidence} — {p.confidence_note}",
        source=p.source,
    )


def _title(supplier: str | None, recipient: str | None, kb: Knowledge) -> str:
    def name(s: str | None) -> str:
        return f"{kb.states[s].name} ({s})" if s and s in kb.states else (s or "any state")

    return f"Arms transfers from {name(supplier)} to {name(recipient)}"


def _version() -> str:
    try:
        return version("armswatch")
    except PackageNotFoundError:  # running from a source tree that is not installed
        return "unknown"


class _Citations:
    """Footnotes in order of first use; one per distinct (document, span)."""

    def __init__(self) -> None:
        self.all: list[Citation] = []
        self._index: dict[tuple[str, int, int], int] = {}

    def cite(self, doc: Document, span: Span) -> int:
        key = (doc.id, span.start, span.end)
        if key not in self._index:
            if doc.text[span.start : span.end] != span.text:
                raise SpanMismatch(f"{doc.id}: span {span.start}:{span.end} is not {span.text!r}")
            self.all.append(Citation(len(self.all) + 1, doc, span))
            self._index[key] = len(self.all)
        return self._index[key]


METHOD = [
    "Events were extracted automatically from the documents listed; every quotation is an exact span of the "
    "stored document text, with its character offsets, checked when the dossier was made.",
    "Certainty is the source's own: asserted (stated as fact), assessed (assess, believe, estimate), hedged "
    "(appears, reportedly), expected (future), denied.",
    "Provisions are checked by rule against machine-readable provisions (armswatch provisions.yaml): a hit is a "
    "lead for an analyst, not a legal finding; 'for a firmer finding' lists what the reports leave open. A use "
    "of a sanctioned state's weapons by another state implies a prior transfer and is reported as such.",
    "An undated event is dated by the statement reporting it, else by the report's publication date; a "
    "paragraph number marked medium or unverified must be checked against the official S/RES text.",
    "Incidents group events of the same kind between the same parties, with a weapon family in common and "
    "dates within a month (transfers) or overlapping (uses); documents with identical text count once.",
]
