"""Incidents as PLOVER event records (the field names of the PLOVER gold-standard records: id, date,
event, mode, context, source/target actors with `actorText` and `code`, eventText, text, publication).

armswatch types map to PLOVER 2021 categories as DESIGN.md says (TRANSFER→AID with mode "military",
ATTACK→ASSAULT, REQUEST→REQUEST, SANCTION→SANCTION, MEET→CONSULT, ACCUSE→ACCUSE); TEST and DIPLOMACY
have no PLOVER category and are not exported. Actor codes are ISO 3166-1 alpha-3 states where the actor
is one, else armswatch's own id. The `armswatch` field carries the incident id, status, independent
origin count and denials.

A target side with no actor is coded by where the incident happened (`where_target`), as PLOVER's coders
do for an event that targets no other state's actor ("Egyptian police opened fire on demonstrators"
targets Egypt); such an entry says `"coded_by": "location"`.
"""

from __future__ import annotations

from typing import Any

from armswatch.export.common import SIDE1, SIDE2, incident_date, side

PLOVER_TYPES = {
    "TRANSFER": "AID",
    "ATTACK": "ASSAULT",
    "REQUEST": "REQUEST",
    "SANCTION": "SANCTION",
    "MEET": "CONSULT",
    "ACCUSE": "ACCUSE",
}
MODES = {"TRANSFER": "military"}
VERSION = "PLOVER-2021"


def where_target(
    target: list[dict[str, Any]], country: str | None, name: str | None = None
) -> list[dict[str, Any]]:
    """The target side, or where the event happened when it names no target."""
    if target or not country:
        return target
    return [{"actorText": name or country, "code": country, "coded_by": "location"}]


def plover_record(incident: dict[str, Any]) -> dict[str, Any] | None:
    typ = incident["type"]
    event = PLOVER_TYPES.get(typ)
    if event is None or not incident["events"]:
        return None
    first = incident["events"][0]
    trigger = first["trigger"]["text"]
    place = incident["place"]
    corroboration = incident["corroboration"]
    return {
        "id": f"armswatch-incident-{incident['id']}",
        "date": incident_date(incident),
        "event": event,
        "mode": MODES.get(typ, ""),
        "context": "military" if typ in ("TRANSFER", "ATTACK") else "",
        "source": [{"actorText": a["name"], "code": a["id"]} for a in side(incident, SIDE1.get(typ, ()))],
        "target": where_target(
            [{"actorText": a["name"], "code": a["id"]} for a in side(incident, SIDE2.get(typ, ()))],
            place.get("country"),
            place.get("name"),
        ),
        "eventText": trigger,
        "text": first["evidence"]["text"],
        "location": {
            "name": place.get("name"),
            "country": place.get("country"),
            "admin1": place.get("admin1"),
            "lat": place.get("lat"),
            "lon": place.get("lon"),
        },
        "language": "en",
        "publication": "; ".join(corroboration["outlets"]),
        "coder": "armswatch",
        "version": VERSION,
        "armswatch": {
            "incident": incident["id"],
            "type": typ,
            "status": incident["status"],
            "independent_origins": corroboration["independent_origins"],
            "origins": [o["name"] for o in corroboration["origins"]],
            "documents": incident["documents"],
            "denials": [
                {"event": d["event"], "deniers": d["deniers"], "claim": d["claim"], "outlet": d["outlet"]}
                for d in incident["denials"]
            ],
        },
    }
