"""The human view of an extraction: a rich table of events per document."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from armswatch.records import Event, Extraction, Mention


def _who(ms: list[Mention]) -> str:
    return ", ".join(f"{m.id}" if m.id and len(m.id) == 3 and m.id.isupper() else m.span.text for m in ms)


def _roles(ev: Event) -> str:
    parts = []
    for role, ms in ev.roles.items():
        if role == "weapon_origin":
            continue
        parts.append(f"{role}: {_who(ms)}")
    return "; ".join(parts)


def _source(ev: Event) -> str:
    a = ev.attribution
    if a is None:
        return ""
    src = a.source_ref or a.source
    return src.name or src.span.text if src else ""


def print_table(ex: Extraction, console: Console | None = None) -> None:
    console = console or Console(width=160)
    d = ex.document
    title = f"{d.title or d.source_file or d.id} — {d.publisher or ''} {d.published or ''}".strip()
    table = Table(title=title, show_lines=False, expand=True)
    for col in ("type", "roles", "when", "where", "source", "certainty"):
        table.add_column(col, overflow="fold")
    for ev in ex.events:
        when = (ev.time.value or ev.time.span.text) if ev.time else ""
        where = ""
        if ev.place:
            where = ev.place.admin1 or ev.place.country or ev.place.name
        table.add_row(ev.type, _roles(ev), when, where, _source(ev), ev.certainty)
    console.print(table)
