"""The dossier as data: what every renderer (Markdown, HTML, PDF) shows, with every quote a checked span.

A `Citation` is one footnote: a span of one document, quoted exactly (`Citation.quote` is
`document.text[start:end]`, re-checked when the citation is made). Everything else refers to citations by
number, so a renderer only lays out what is here and cannot cite anything that was not checked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from armswatch.records import Document, Event, Span
from armswatch.rules import Item, RuleHit


@dataclass(frozen=True, slots=True)
class Citation:
    number: int
    document: Document
    span: Span

    @property
    def quote(self) -> str:
        return self.span.text

    def locator(self) -> str:
        """Where the document is: its URL, else its source file, else its id."""
        return self.document.url or self.document.source_file or f"document {self.document.id}"


@dataclass(frozen=True, slots=True)
class Claim:
    """Who says an event happened, how and how sure, with the quoted evidence."""

    source: str  # "John Kirby (john-kirby)", or the publisher when the report attributes it to no one
    cue: str | None  # "said", "believed"
    certainty: str
    quote_kind: str | None  # direct / indirect / mixed
    citation: int


@dataclass(slots=True)
class Entry:
    """One event of an incident, from one document; `claim` and `citation` are set when it is cited."""

    event: Event
    document: Document
    kind: str  # "transfer" (reported) or "use" (a use implying a transfer)
    supplier: str | None
    recipient: str | None
    items: list[Item]
    families: set[str]  # weapon-class families, for grouping ("missile", "launcher", "ammunition")
    quantities: list[str]  # quantity mentions as reported ("more than a million (1,000,000)")
    when: str  # a date value, or how the date was bounded ("undated; reported 2024-01-04")
    first: date | None  # the days the event can lie in, for ordering, grouping and --since
    last: date | None
    place: str | None
    hits: list[RuleHit]
    claim: Claim | None = None
    citation: int = 0

    @property
    def evidence(self) -> Span:
        return self.event.evidence

    def describe(self) -> str:
        """One line: "TRANSFER (delivered) of ballistic missile launchers; more than a million (1,000,000)"."""
        items = ", ".join(i.text for i in self.items) or "items not named"
        if self.kind == "use":
            return f"{self.event.type} using {items} (implies transfer)"
        status = f" ({self.event.status})" if self.event.status else ""
        return f"TRANSFER{status} of {items}" + (f"; {', '.join(self.quantities)}" if self.quantities else "")


@dataclass(frozen=True, slots=True)
class ProvisionFinding:
    """One provision an incident implicates: the strongest hit among its entries, and where each came from."""

    provision: str
    label: str
    measure: str
    match: str  # firm / possible
    reason: str
    in_force: tuple[str, str | None]
    missing: tuple[str, ...]
    confidence: str
    citations: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Statement:
    """A denial or accusation about the incident's parties, quoted."""

    kind: str  # "denial" / "accusation"
    who: str
    what: str
    certainty: str
    citation: int


@dataclass(slots=True)
class Incident:
    number: int
    kind: str  # transfer / use
    supplier: str | None
    recipient: str | None
    entries: list[Entry]
    findings: list[ProvisionFinding] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)

    @property
    def items(self) -> list[str]:
        return list(dict.fromkeys(i.text for e in self.entries for i in e.items))

    @property
    def places(self) -> list[str]:
        return list(dict.fromkeys(e.place for e in self.entries if e.place))

    @property
    def dates(self) -> list[str]:
        return list(dict.fromkeys(e.when for e in self.entries))


@dataclass(frozen=True, slots=True)
class SummaryRow:
    """One item and origin across incidents: quantities as reported, sources counted once per origin."""

    item: str
    origin: str
    incidents: tuple[int, ...]
    quantities: tuple[
        tuple[str, tuple[int, ...]], ...
    ]  # each distinct quantity text once, with its citations
    sources: tuple[str, ...]  # independent origins of the claims, each once
    citations: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class ProvisionRow:
    provision: str
    instrument: str
    adopted: str
    vote: str
    label: str
    in_force: str
    confidence: str
    source: str

    def cells(self) -> tuple[str, ...]:
        """The row's columns in table order (the Markdown and HTML tables share them)."""
        return (
            self.provision,
            self.instrument,
            self.adopted,
            self.vote,
            self.label,
            self.in_force,
            self.confidence,
            self.source,
        )


@dataclass(slots=True)
class Dossier:
    title: str
    supplier: str | None
    recipient: str | None
    since: date | None
    generated: date
    version: str
    documents: list[Document]
    incidents: list[Incident]
    summary: list[SummaryRow]
    provisions: list[ProvisionRow]
    statements: list[Statement]  # denials and accusations tied to no incident
    monitoring: list[str]
    citations: list[Citation]
    method: list[str]
