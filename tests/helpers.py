"""Small accessors over extraction records for readable assertions."""

from __future__ import annotations

from armswatch.records import Event, Extraction


def events(ex: Extraction, typ: str) -> list[Event]:
    return [e for e in ex.events if e.type == typ]


def ids(ev: Event, role: str) -> set[str]:
    return {m.id for m in ev.roles.get(role, []) if m.id}


def texts(ev: Event, role: str) -> str:
    return " | ".join(m.span.text for m in ev.roles.get(role, [])).lower()
