"""Incidents as FollowTheMoney entities (the `followthemoney` package), for Aleph and OpenSanctions users.

Schemata, and why:

- `Event` for each incident: FtM's schema for a happening with a date (`date`, or `startDate`/`endDate`
  for a period), `location`, `country`, the parties `involved` and the one who acted as `organizer`
  (attacker, supplier, imposer…); `summary` is the evidence, `description` the corroboration and dispute.
  A transfer is not modelled as `Payment`/`Ownership`: those are money and shareholding, and the item
  transferred (missiles, shells) is no FtM asset with an owner.
- `PublicBody` for states and state organs (FtM has no Country schema; a state acting in an incident is
  its government), `Person` for people, `Organization` for anything else with an id.
- `Article` for each report (title, author, publisher, publication date, URL, body), and `Documentation`
  linking an article to the incident it reports (`role` "reports") or disputes (`role` "denies"), so
  every incident cites its sources.

Entity ids are stable: derived from armswatch ids (incident number, document content hash, actor id).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from followthemoney import model
from followthemoney.proxy import EntityProxy

from armswatch.export.common import SIDE1, SIDE2, incident_date, side

_STATE = re.compile(r"^[A-Z]{3}$")
_ORGAN = re.compile(r"^[A-Z]{2,3}-[A-Z0-9-]+$")


def _slug(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")


def _actor(ident: str, name: str, person: bool) -> EntityProxy:
    if person:
        entity = model.make_entity("Person")
    elif _STATE.match(ident) or _ORGAN.match(ident):
        entity = model.make_entity("PublicBody")
        entity.add("jurisdiction", ident[:3])
    else:
        entity = model.make_entity("Organization")
    entity.id = f"armswatch-actor-{_slug(ident)}"
    entity.add("name", name)
    return entity


def _is_person(incident: dict[str, Any], ident: str) -> bool:
    for member in incident["events"]:
        for mentions in member["roles"].values():
            for m in mentions:
                if m.get("id") == ident:
                    return bool(m.get("type") == "PERSON")
    return False


def _article(member: dict[str, Any]) -> EntityProxy:
    article = model.make_entity("Article")
    article.id = f"armswatch-document-{member['document']}"
    article.add("title", member.get("title") or member["document"])
    article.add("publisher", member.get("outlet"))
    article.add("publishedAt", member.get("published"))
    article.add("sourceUrl", member.get("url"))
    article.add("contentHash", member["document"])
    return article


def _documentation(article: EntityProxy, event: EntityProxy, role: str, summary: str) -> EntityProxy:
    link = model.make_entity("Documentation")
    link.id = f"{article.id}-{role}-{event.id}"
    link.add("document", article.id)
    link.add("entity", event.id)
    link.add("role", role)
    link.add("summary", summary)
    return link


def incident_entities(incident: dict[str, Any]) -> Iterator[EntityProxy]:
    typ = incident["type"]
    event = model.make_entity("Event")
    event.id = f"armswatch-incident-{incident['id']}"
    acting = side(incident, SIDE1.get(typ, ()))
    acted_on = side(incident, SIDE2.get(typ, ()))
    label = f"{typ}: {', '.join(a['name'] for a in acting) or '?'}"
    if acted_on:
        label += f" → {', '.join(a['name'] for a in acted_on)}"
    date = incident_date(incident)
    if date:
        label += f", {date}"
    event.add("name", label)
    time = incident["time"]
    if time.get("precision") == "day" and time.get("value"):
        event.add("date", time["value"])
    else:
        event.add("startDate", time.get("start"))
        event.add("endDate", time.get("end"))
    place = incident["place"]
    event.add("location", place.get("name"))
    event.add("country", place.get("country"))
    if incident["events"]:
        event.add("summary", incident["events"][0]["evidence"]["text"])
    corroboration = incident["corroboration"]
    description = (
        f"{incident['status']}; {corroboration['independent_origins']} independent origin(s): "
        + "; ".join(o["name"] for o in corroboration["origins"])
    )
    if incident["denials"]:
        description += "; denied by " + ", ".join(
            sorted({d for x in incident["denials"] for d in x["deniers"]})
        )
    event.add("description", description)
    event.add("publisher", corroboration["outlets"])
    event.add("sourceUrl", [m["url"] for m in incident["events"] if m.get("url")])

    actors: dict[str, EntityProxy] = {}
    for role_actors, organizer in ((acting, True), (acted_on, False)):
        for a in role_actors:
            entity = actors.get(a["id"]) or _actor(a["id"], a["name"], _is_person(incident, a["id"]))
            actors[a["id"]] = entity
            event.add("involved", entity.id)
            if organizer:
                event.add("organizer", entity.id)
    for denial in incident["denials"]:
        for ident in denial["deniers"]:
            if ident not in actors:
                actors[ident] = _actor(ident, ident, person=False)
            event.add("involved", actors[ident].id)
    yield event
    yield from actors.values()
    articles: dict[str, EntityProxy] = {}
    for member, role in [(m, "reports") for m in incident["events"]] + [
        (d, "denies") for d in incident["denials"]
    ]:
        article = articles.get(member["document"]) or _article(member)
        articles[member["document"]] = article
        yield _documentation(article, event, role, member["evidence"]["text"])
    yield from articles.values()


def ftm_entities(incidents: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Each incident's entities as FtM dicts (`EntityProxy.to_dict()`), each entity once."""
    seen: set[str] = set()
    for incident in incidents:
        for entity in incident_entities(incident):
            if entity.id is None or entity.id in seen:
                continue
            seen.add(entity.id)
            yield entity.to_dict()
