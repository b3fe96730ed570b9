"""Extraction: a parsed document → mentions, attributions, events (times and places not yet normalised)."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc

from armswatch.extract.attribution import find_attributions
from armswatch.extract.events import EventExtractor
from armswatch.extract.lexicon import lexicon_version, load_lexicon
from armswatch.extract.mentions import MentionIndex
from armswatch.extract.tense import clause_tense
from armswatch.knowledge import load_knowledge
from armswatch.records import Document, Extraction, Mention, Place, Time

EXTRACTOR_NAME = "armswatch.frames.v1"
# The span group the nlp stage's armswatch_embedded_places component fills (named, not imported: stages
# do not import each other)
EMBEDDED_PLACES = "armswatch_embedded_places"


@lru_cache(maxsize=1)
def code_version() -> str:
    """A hash of the code of the stages that make records (nlp, extract, normalize), so a changed rule is
    a new extractor version even when no data file changed."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for stage in ("nlp", "extract", "normalize"):
        for path in sorted((root / stage).glob("*.py")):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:8]


def extractor_id(pipeline_version: str) -> str:
    """Name + version of what made a record: the frames, the lexicon, the code and the pipeline/knowledge."""
    return f"{EXTRACTOR_NAME}+{lexicon_version()}+{code_version()}+{pipeline_version}"


def extract(document: Document, doc: Doc, extractor: str) -> Extraction:
    kb = load_knowledge()
    lex = load_lexicon()
    idx = MentionIndex(doc, document, kb).build()
    found = find_attributions(doc, idx, lex)
    events = EventExtractor(doc, idx, lex, found, extractor).run()
    idx.mark_containers()

    # One Time / Place object per span, shared by every record that points at it, so that normalising it
    # once updates them all.
    times: dict[tuple[int, int], Time] = {}
    for ent in doc.ents:
        m = idx.at(ent[0])
        if m is None or m.type != "DATE":
            continue
        key = (m.span.start, m.span.end)
        times.setdefault(key, Time(m.span, None, None, tense=clause_tense(ent.root)))
    for f in found:
        if f.record.time is not None:
            key = (f.record.time.span.start, f.record.time.span.end)
            f.record.time = times.setdefault(key, f.record.time)
    for ev in events:
        if ev.time is not None:
            key = (ev.time.span.start, ev.time.span.end)
            shared = times.setdefault(key, ev.time)
            if ev.time.tense and not shared.tense:
                shared.tense = ev.time.tense
            ev.time = shared

    actor_spans = {
        (m.span.start, m.span.end)
        for ev in events
        for role, ms in ev.roles.items()
        if role not in ("location", "weapon_origin")
        for m in ms
        if m.attrs.get("metonym")
    }
    actor_spans |= {
        (f.record.source.span.start, f.record.source.span.end)
        for f in found
        if f.record.source is not None and f.record.source.attrs.get("metonym")
    }
    places: dict[tuple[int, int], Place] = {}
    for m in idx.mentions:
        if m.type != "PLACE":
            continue
        key = (m.span.start, m.span.end)
        place = Place(m.span, m.span.text)
        if key in actor_spans and m.attrs.get("metonym_of") and "within" not in m.attrs:
            # "Moscow said", "Pyongyang provided": the state, not the city; but "MANILA, Philippines" (a
            # dateline) is the city the text puts in its country.
            place.country = str(m.attrs["metonym_of"])
            place.precision = "country"
        places[key] = place
    # "Dubai Police", "Smart Dubai": a place named inside a longer name (nlp.pipeline.find_embedded_places);
    # a state or a continent's adjective there ("Malaysia Airlines", "the Single European Sky") is listed as
    # a part of the name's mention, as a state inside any phrase is
    listed = {(m.span.start, m.span.end) for m in idx.mentions}
    parts: list[Mention] = []
    for sp in doc.spans.get(EMBEDDED_PLACES, ()):
        rs = document.span(sp.start_char, sp.end_char)
        if sp.label_ == "GPE":
            places.setdefault((rs.start, rs.end), Place(rs, rs.text))
            continue
        if (rs.start, rs.end) in listed:
            continue
        state_id = sp.id_.partition(":")[2] if sp.id_.startswith("state:") else None
        state = kb.states.get(state_id) if state_id else None
        outer = next((m for m in idx.mentions if m.span.start <= rs.start and rs.end <= m.span.end), None)
        attrs = {"part_of": outer.span.to_json()} if outer is not None else {}
        parts.append(Mention(rs, sp.label_, state_id, state.name if state else None, attrs=attrs))
        listed.add((rs.start, rs.end))
    for ev in events:
        if ev.place is not None:
            key = (ev.place.span.start, ev.place.span.end)
            ev.place = places.setdefault(key, ev.place)

    entities = [m for m in idx.mentions if m.type != "DATE"]
    if parts:
        entities = sorted(entities + parts, key=lambda m: (m.span.start, -m.span.end))
    return Extraction(
        document=document,
        entities=entities,
        times=sorted(times.values(), key=lambda t: t.span.start),
        places=sorted(places.values(), key=lambda p: p.span.start),
        attributions=[f.record for f in found],
        events=events,
        dropped=idx.dropped,
    )
