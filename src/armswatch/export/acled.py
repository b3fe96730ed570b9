"""Incidents as ACLED-like rows: ACLED's column names and codes, one row per incident.

Codes follow ACLED's codebook: `time_precision` 1 (day), 2 (within a week), 3 (month or wider);
`geo_precision` 1 (the location itself), 2 (near it / part of a region), 3 (a region, admin1 or wider).
Strikes map to "Explosions/Remote violence" by their subtype; what is not political violence in ACLED's
sense (transfers, sanctions, meetings…) is a "Strategic developments" row, as ACLED files such events.
"""

from __future__ import annotations

from typing import Any

from armswatch.export.common import (
    SIDE1,
    SIDE2,
    admin1_name,
    country_name,
    fatalities,
    incident_date,
    side,
)

COLUMNS = (
    "event_date",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "country",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "time_precision",
    "source",
    "notes",
    "fatalities",
)

ATTACK_TYPES: dict[str | None, tuple[str, str]] = {
    "shelling": ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    "air_strike": ("Explosions/Remote violence", "Air/drone strike"),
    "armed_clash": ("Battles", "Armed clash"),
    "remote_explosive": ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    "interception": ("Strategic developments", "Disrupted weapons use"),
}
OTHER_TYPES: dict[str, tuple[str, str]] = {
    "TRANSFER": ("Strategic developments", "Other"),
    "TEST": ("Strategic developments", "Other"),
    "REQUEST": ("Strategic developments", "Other"),
    "SANCTION": ("Strategic developments", "Other"),
    "MEET": ("Strategic developments", "Agreement"),
    "ACCUSE": ("Strategic developments", "Other"),
    "DIPLOMACY": ("Strategic developments", "Other"),
}
TIME_PRECISION = {"day": 1, "week": 2}
GEO_PRECISION = {"point": 1, "city": 1, "admin2": 2, "admin1": 3, "country": 3}


def _subtype(incident: dict[str, Any]) -> str | None:
    subtypes = [m.get("subtype") for m in incident["events"] if m.get("subtype")]
    return max(set(subtypes), key=subtypes.count) if subtypes else None


def acled_row(incident: dict[str, Any]) -> dict[str, Any]:
    typ = incident["type"]
    if typ == "ATTACK":
        event_type, sub_event_type = ATTACK_TYPES.get(_subtype(incident), ATTACK_TYPES["shelling"])
    else:
        event_type, sub_event_type = OTHER_TYPES.get(typ, ("Strategic developments", "Other"))
    place = incident["place"]
    time = incident["time"]
    corroboration = incident["corroboration"]
    first = incident["events"][0] if incident["events"] else None
    origins = "; ".join(o["name"] for o in corroboration["origins"])
    notes = f"{incident_date(incident) or 'Undated'}: {first['evidence']['text'] if first else ''}".strip()
    notes += f" [armswatch incident {incident['id']}, {typ}; {corroboration['independent_origins']} independent origin(s): {origins}]"
    if incident["denials"]:
        deniers = sorted({d for denial in incident["denials"] for d in denial["deniers"]})
        notes += f" [disputed: denied by {', '.join(deniers)}]"
    return {
        "event_date": incident_date(incident),
        "event_type": event_type,
        "sub_event_type": sub_event_type,
        "actor1": "; ".join(a["name"] for a in side(incident, SIDE1.get(typ, ()))),
        "actor2": "; ".join(a["name"] for a in side(incident, SIDE2.get(typ, ()))),
        "country": country_name(place.get("country")),
        "admin1": admin1_name(place.get("admin1")),
        "location": place.get("name"),
        "latitude": place.get("lat"),
        "longitude": place.get("lon"),
        "geo_precision": GEO_PRECISION.get(place.get("precision") or ""),
        "time_precision": TIME_PRECISION.get(time.get("precision") or "", 3),
        "source": "; ".join(corroboration["outlets"]),
        "notes": notes,
        "fatalities": fatalities(incident),
    }
