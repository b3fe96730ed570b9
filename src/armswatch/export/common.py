"""What the incident exports share: an incident's date at its precision, its sides, names of places."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import pycountry

# Roles whose actors act (side 1) and are acted on (side 2), per incident type.
SIDE1: dict[str, tuple[str, ...]] = {
    "TRANSFER": ("supplier",),
    "ATTACK": ("attacker",),
    "TEST": ("actor",),
    "REQUEST": ("requester",),
    "SANCTION": ("imposer",),
    "MEET": ("participants",),
    "ACCUSE": ("accuser",),
    "DIPLOMACY": ("actor",),
}
SIDE2: dict[str, tuple[str, ...]] = {
    "TRANSFER": ("recipient",),
    "ATTACK": ("target",),
    "TEST": (),
    "REQUEST": ("provider",),
    "SANCTION": ("target",),
    "MEET": (),
    "ACCUSE": ("accused",),
    "DIPLOMACY": ("forum",),
}


def side(incident: dict[str, Any], roles: tuple[str, ...]) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    for role in roles:
        for actor in incident["actors"].get(role, []):
            if actor not in out:
                out.append(actor)
    return out


def incident_date(incident: dict[str, Any]) -> str | None:
    """The incident's date: the day it happened, or the first day of the period it is known to."""
    time = incident["time"]
    if time.get("precision") == "day" and time.get("value"):
        return str(time["value"])[:10]
    start = time.get("start")
    return str(start) if start else None


@lru_cache(maxsize=512)
def country_name(alpha3: str | None) -> str | None:
    if not alpha3:
        return None
    country = pycountry.countries.get(alpha_3=alpha3)
    return str(country.name) if country is not None else alpha3


@lru_cache(maxsize=2048)
def admin1_name(code: str | None) -> str | None:
    if not code:
        return None
    sub = pycountry.subdivisions.get(code=code)  # type: ignore[no-untyped-call]  # pycountry is untyped here
    return str(sub.name) if sub is not None else code


def fatalities(incident: dict[str, Any]) -> int:
    """The highest death toll any report of the incident states (0 when none does)."""
    best = 0.0
    for member in incident["events"]:
        for m in member["roles"].get("casualties", []):
            if m.get("unit") == "killed" and isinstance(m.get("value"), int | float):
                best = max(best, float(m["value"]))
    return int(best)
