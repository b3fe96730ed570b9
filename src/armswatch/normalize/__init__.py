"""Normalisation: resolve each time against the right anchor and each place against the gazetteer.

Times are resolved in two passes: first the times at which statements were made ("said Thursday"),
against the publication date; then every other time, against the day of the statement it sits under
when that day is known, else the publication date.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from armswatch.normalize.place import PlaceInfo, resolve_place
from armswatch.normalize.time import POINT_KINDS, normalize_time, time_kind
from armswatch.records import Attribution, Extraction, Place, Time

ADMIN_WORDS = ("region", "oblast", "province", "governorate", "krai", "district", "prefecture", "county")


def normalize(ex: Extraction) -> Extraction:
    published = ex.document.published
    # A statement is made, and an event happens, at a date or a time of day: "for three days", "every week"
    # (durations, sets) are no such point, and consumers must not read them as one.
    for t in ex.times:
        t.kind = time_kind(t.span.text)
    for a in ex.attributions:
        if a.time is not None and a.time.kind not in POINT_KINDS:
            a.time = None
    for ev in ex.events:
        if ev.time is not None and ev.time.kind not in POINT_KINDS:
            ev.time = None
    statement_times = {id(a.time) for a in ex.attributions if a.time is not None}
    for a in ex.attributions:
        if a.time is not None:
            _resolve(a.time, published, "published")
    # "A year earlier", "the following day", "the quarter" point back at the times the text has told of
    # before them; the days statements were made on ("said Thursday") tell of no narrated time.
    mentioned: list[str] = []
    for t in sorted(ex.times, key=lambda t: t.span.start):
        if id(t) in statement_times:
            continue
        anchor, kind = _anchor_for(t, ex.attributions, published)
        if _resolve(t, anchor, kind, mentioned) and t.value and t.kind in POINT_KINDS:
            mentioned.append(t.value)
    hint = dominant_country(ex)
    for p in ex.places:
        _place(p, hint)
    # A second pass lets a bare city name lean on the country the rest of the text is about.
    hint = dominant_country(ex) or hint
    for p in ex.places:
        if p.precision is None:
            _place(p, hint)
    return ex


def _resolve(t: Time, anchor: date | None, kind: str, mentioned: Sequence[str] = ()) -> bool:
    """Resolve `t`; True when it was resolved against the anchor, not against an earlier mention."""
    got = normalize_time(t.span.text, anchor, tense=t.tense, mentioned=mentioned)
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
    if info is None:
        return
    p.name = info.name
    p.country = info.country
    p.admin1 = info.admin1
    p.lat, p.lon = info.lat, info.lon
    p.precision = p.precision or info.precision
    p.geonames_id = info.geonames_id


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
