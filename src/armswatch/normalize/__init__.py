"""Normalisation: resolve each time against the right anchor and each place against the gazetteer.

Times are resolved in two passes: first the times at which statements were made ("said Thursday"),
against the publication date; then every other time, against the day of the statement it sits under
when that day is known, else the publication date.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from armswatch.normalize.place import PlaceInfo, name_key, resolve_place
from armswatch.normalize.time import POINT_KINDS, normalize_time, time_kind
from armswatch.records import Attribution, Extraction, Place, Time

ADMIN_WORDS = ("region", "oblast", "province", "governorate", "krai", "district", "prefecture", "county")


def normalize(ex: Extraction) -> Extraction:
    published = ex.document.published
    # A statement is made, and an event happens, at a date or a time of day: "for three days", "every week"
    # (durations, sets) are no such point, and consumers must not read them as one.
    for t in ex.times:
        t.kind = time_kind(t.span.text, after=_after(ex, t))
    for a in ex.attributions:
        if a.time is not None and a.time.kind not in POINT_KINDS:
            a.time = None
    for ev in ex.events:
        if ev.time is not None and ev.time.kind not in POINT_KINDS:
            ev.time = None
    statement_times = {id(a.time) for a in ex.attributions if a.time is not None}
    for a in ex.attributions:
        if a.time is not None:
            _resolve(a.time, published, "published", after=_after(ex, a.time))
    # "A year earlier", "the following day", "the quarter" point back at the times the text has told of
    # before them; the days statements were made on ("said Thursday") tell of no narrated time.
    mentioned: list[str] = []
    for t in sorted(ex.times, key=lambda t: t.span.start):
        if id(t) in statement_times:
            continue
        anchor, kind = _anchor_for(t, ex.attributions, published)
        if _resolve(t, anchor, kind, mentioned, _after(ex, t)) and t.value and t.kind in POINT_KINDS:
            mentioned.append(t.value)
    containers = _containers(ex)
    hint = dominant_country(ex)
    for p in ex.places:
        if id(p) not in containers:
            _place(p, hint)
    # A second pass lets a bare city name lean on the country the rest of the text is about.
    hint = dominant_country(ex) or hint
    for p in ex.places:
        if p.precision is None and id(p) not in containers:
            _place(p, hint)
    # Then the places the text puts inside another ("Ivanivka, Kherson") are looked for inside it only;
    # last first, as a container comes after what it holds.
    for p in reversed(ex.places):
        if id(p) in containers:
            _contained(p, containers[id(p)], hint)
    _lean_on_regions(ex, containers)
    _other_named_states(ex, containers, hint)
    _own_names(ex, containers, hint)
    return ex


def _own_names(ex: Extraction, containers: dict[int, Place | str], hint: str | None) -> None:
    """A city found under another's alternate name, in a state the text does not name, gives way to a city
    of that very name in a state it names ("Salisbury", once Harare's name, in a story about Britain).
    """
    named = _named_states(ex)
    if hint is not None:
        named.add(hint)
    for p in ex.places:
        if id(p) in containers or p.precision != "city" or p.name is None or p.country in named:
            continue
        if _key_equal(p.name, p.span.text):
            continue
        for state in sorted(named):
            other = _city_in(p.span.text, state)
            if other is not None and _key_equal(other.name, p.span.text):
                _fill(p, other)
                break


def _named_states(ex: Extraction) -> set[str]:
    """The states the text names (by country name or demonym)."""
    return {m.id for m in ex.entities if m.type in ("COUNTRY", "NORP") and m.id and len(m.id) == 3}


def _city_in(name: str, state: str) -> PlaceInfo | None:
    """The city of that name in that state, if the gazetteer has one."""
    info = place_info(name, state)
    return info if info is not None and info.precision == "city" and info.country == state else None


# A town the dominant-country hint picked gives way to a namesake this many times larger in another
# state the text names ("born in Manchester" in a story about a British soldier killed beside US forces)
_OTHER_STATE_RATIO = 3


def _other_named_states(ex: Extraction, containers: dict[int, Place | str], hint: str | None) -> None:
    named = _named_states(ex)
    named.discard(hint or "")
    if not named or hint is None:
        return
    for p in ex.places:
        if id(p) in containers or p.precision != "city" or p.country != hint:
            continue
        current = place_info(p.span.text, hint)
        if current is None or current.precision != "city":
            continue
        for state in sorted(named):
            other = _city_in(p.span.text, state)
            if other is not None and (other.population or 0) > _OTHER_STATE_RATIO * (current.population or 0):
                _fill(p, other)
                current = other


# A village or small town found outside every region the text names gives way to a namesake of the same
# name inside one ("Parkland" in a story that names Florida); a larger place does not ("Paris" in a story
# that names Texas is still the capital).
_LEAN_MAX_POP = 50_000


def _lean_on_regions(ex: Extraction, containers: dict[int, Place | str]) -> None:
    regions = [p.admin1 for p in ex.places if p.precision == "admin1" and p.admin1]
    regions += [c.admin1 for c in containers.values() if isinstance(c, Place) and c.admin1]
    named = list(dict.fromkeys(regions))
    _counties_in_regions(ex, containers, named)
    # the region of a county the text names counts as named ("Riverdale" beside "Morris County", New Jersey)
    named += [p.admin1 for p in ex.places if p.precision == "admin2" and p.admin1 and p.admin1 not in named]
    named = list(dict.fromkeys(named))
    if not named:
        return
    for p in ex.places:
        if id(p) in containers or p.precision != "city" or p.admin1 in named:
            continue
        current = place_info(p.span.text, p.country)
        # a larger place keeps its own name; one found under another name of it gives way whatever its
        # size ("Riverdale", once a name of Glendale, California, in a story that names Morris County, N.J.)
        if current is None or (
            (current.population or 0) >= _LEAN_MAX_POP and _key_equal(current.name, p.span.text)
        ):
            continue
        for region in named:
            info = resolve_place(p.span.text, within=region)
            if info is not None and info.precision == "city" and _key_equal(info.name, p.span.text):
                _fill(p, info)
                break


def _counties_in_regions(ex: Extraction, containers: dict[int, Place | str], named: list[str]) -> None:
    """A county found outside every region the text names gives way to a county of that very name inside
    one ("Walker County" in a story that names Georgia). Where the text names no such region, the counties
    it names lean on one another: each goes to the region that holds a county of that name for most of them
    ("McLean County", "Ohio County" beside "Daviess County": all in Kentucky)."""
    counties = [p for p in ex.places if p.precision == "admin2" and id(p) not in containers]
    if not counties:
        return
    regions = list(dict.fromkeys([*named, *(p.admin1 for p in counties if p.admin1)]))
    found: dict[tuple[int, str], PlaceInfo] = {}
    for n, p in enumerate(counties):
        for region in regions:
            info = resolve_place(p.span.text, within=region)
            if info is not None and info.precision == "admin2" and _key_equal(info.name, p.name or ""):
                found[(n, region)] = info
    held = {r: sum(1 for n in range(len(counties)) if (n, r) in found) for r in regions}
    for n, p in enumerate(counties):
        if p.admin1 in named:
            continue
        here = [r for r in regions if (n, r) in found]
        best = next((r for r in here if r in named), None)
        if best is None and here:
            best = max(here, key=lambda r: held[r])
            if held[best] <= held.get(p.admin1 or "", 0):
                best = None
        if best is not None and best != p.admin1:
            _fill(p, found[(n, best)])


def _key_equal(a: str, b: str) -> bool:
    """Whether two names are the same name, case and accents aside (no spelling variant)."""
    return name_key(a) == name_key(b)


_AFTER_CHARS = 40  # what `normalize_time` may read after an expression: a few words


def _after(ex: Extraction, t: Time) -> str:
    """The text right after a time expression ("the year" + " ended Aug. 31")."""
    return ex.document.text[t.span.end : t.span.end + _AFTER_CHARS]


def _resolve(t: Time, anchor: date | None, kind: str, mentioned: Sequence[str] = (), after: str = "") -> bool:
    """Resolve `t`; True when it was resolved against the anchor, not against an earlier mention."""
    got = normalize_time(t.span.text, anchor, tense=t.tense, mentioned=mentioned, after=after)
    t.value, t.precision = got.value, got.precision
    if got.reference is not None:
        t.anchor, t.anchor_kind = got.reference, "narrated"
    elif anchor is not None:
        t.anchor, t.anchor_kind = anchor.isoformat(), kind
    return got.reference is None


def _anchor_for(t: Time, attributions: list[Attribution], published: date | None) -> tuple[date | None, str]:
    """The day of the innermost statement whose content holds `t`, when that day is known to the day."""
    best: Attribution | None = None
    for a in attributions:
        known = a.time is not None and a.time.precision == "day" and bool(a.time.value)
        size = a.content.end - a.content.start
        if (
            known
            and a.content.contains(t.span)
            and (best is None or size < best.content.end - best.content.start)
        ):
            best = a
    if best is not None and best.time is not None and best.time.value:
        return date.fromisoformat(best.time.value[:10]), "statement"
    return published, "published"


def place_info(text: str, country_hint: str | None = None) -> PlaceInfo | None:
    """The gazetteer entry a toponym as written names, as `normalize` resolves a Place's text."""
    low = text.lower()
    kind = "admin1" if any(w in low.split() for w in ADMIN_WORDS) else None
    return resolve_place(text, country=country_hint, kind=kind)


def _place(p: Place, country_hint: str | None) -> None:
    if p.precision == "country" and p.country:
        info = resolve_place(p.country, kind="country")
    else:
        info = place_info(p.span.text, country_hint)
    if info is not None:
        _fill(p, info)


def _fill(p: Place, info: PlaceInfo) -> None:
    p.name = info.name
    p.country = info.country
    p.admin1 = info.admin1
    p.lat, p.lon = info.lat, info.lon
    p.precision = p.precision or info.precision
    p.geonames_id = info.geonames_id


def _containers(ex: Extraction) -> dict[int, Place | str]:
    """Each place the text puts inside another (`attrs["within"]` of its mention) → that place, or the
    alpha-3 code of the state it names ("MANILA, Philippines")."""
    by_span = {(p.span.start, p.span.end): p for p in ex.places}
    states = {(m.span.start, m.span.end): m.id for m in ex.entities if m.type in ("COUNTRY", "NORP") and m.id}
    out: dict[int, Place | str] = {}
    for m in ex.entities:
        within = m.attrs.get("within") if m.type == "PLACE" else None
        place = by_span.get((m.span.start, m.span.end))
        if not isinstance(within, dict) or place is None:
            continue
        key = (within.get("start"), within.get("end"))
        container = by_span.get(key) or states.get(key)  # type: ignore[arg-type]  # checked by the lookup
        if container is not None and container is not place:
            out[id(place)] = container
    return out


def _scopes(container: Place) -> list[str]:
    """The codes a contained place is looked for in: a region's ISO 3166-2, a country's alpha-3; for a
    city, its subdivision and the one named after it ("Bucha, Kyiv": Kyiv Oblast, not the capital's own)."""
    if container.precision == "country":
        return [container.country] if container.country else []
    out = [container.admin1] if container.admin1 else []
    if container.precision == "city":
        named = resolve_place(container.span.text, country=container.country, kind="admin1")
        if named is not None and named.admin1 and named.admin1 not in out:
            out.append(named.admin1)
    return out


def _contained(p: Place, container: Place | str, hint: str | None) -> None:
    """Resolve `p` inside its container. When the gazetteer has no such place there, `p` keeps the
    container's country and subdivision (what the text says) but gets no point or precision; unless the
    container is a town that names no subdivision ("Kisumu, Bondo"): a comma after a place is no proof
    of a container, and only a region's name makes it one."""
    low = p.span.text.lower()
    kind = "admin1" if any(w in low.split() for w in ADMIN_WORDS) else None
    if isinstance(container, str):
        info = resolve_place(p.span.text, kind=kind, within=container)
        if info is not None:
            _fill(p, info)
        else:
            p.country = container
        return
    scopes = _scopes(container)
    for scope in scopes:
        info = resolve_place(p.span.text, kind=kind, within=scope)
        if info is not None:
            _fill(p, info)
            return
    if scopes and (container.precision != "city" or len(scopes) > 1 or _names_region(container)):
        p.country = container.country
        p.admin1 = scopes[0] if container.precision != "country" else None
    else:
        _place(p, hint or container.country)


def _names_region(city: Place) -> bool:
    """Whether a city's name as written is also its subdivision's ("Kherson", "Zaporizhia")."""
    named = resolve_place(city.span.text, country=city.country, kind="admin1")
    return named is not None and named.precision == "admin1" and named.admin1 == city.admin1


def dominant_country(ex: Extraction) -> str | None:
    """The state the text is most about: the one its places, state names and demonyms name most often.

    Ties go to the state named first. It breaks ties between same-named places ("Georgia", "Ontario").
    """
    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    named = [(p.span.start, p.country) for p in ex.places]
    named += [(m.span.start, m.id) for m in ex.entities if m.type in ("COUNTRY", "NORP")]
    for start, code in sorted(named, key=lambda x: x[0]):
        if code and len(code) == 3 and code.isupper():
            counts[code] = counts.get(code, 0) + 1
            first.setdefault(code, start)
    return max(counts, key=lambda c: (counts[c], -first[c])) if counts else None
