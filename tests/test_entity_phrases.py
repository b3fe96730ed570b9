"""Entity phrases (extract/mentions.py `entity_phrases`) on sentences written for these tests (not from any
evaluation set): what is listed as one entity, and which names inside it stay listed as its parts."""

from __future__ import annotations

from typing import Any

from armswatch.records import Extraction, Mention


def listed(ex: Extraction) -> dict[str, Mention]:
    """Entities that are no part of a longer phrase, by text."""
    return {m.span.text: m for m in ex.entities if not m.attrs.get("part_of")}


def parts(ex: Extraction) -> dict[str, Any]:
    """Names inside a longer phrase → the phrase's text."""
    return {m.span.text: m.attrs["part_of"]["text"] for m in ex.entities if m.attrs.get("part_of")}


def test_a_place_and_the_region_that_holds_it_are_one_place_phrase(run):
    ex = run("Rebels shelled Idlib, Syria, on Monday and then moved to Fort Bragg, North Carolina.")
    got = listed(ex)
    assert got["Idlib, Syria"].type == "SITE"
    assert got["Fort Bragg, North Carolina"].type == "SITE"
    assert parts(ex)["Idlib"] == "Idlib, Syria"
    assert parts(ex)["Syria"] == "Idlib, Syria"
    # both names still resolve: the place the event names is the town
    assert any(p.span.text == "Idlib" for p in ex.places)


def test_a_list_of_places_stays_a_list(run):
    ex = run("Aircraft struck Homs, Hama and Idlib while Iraq, Syria and Jordan met in Amman.")
    got = listed(ex)
    assert not any("," in text for text, m in got.items() if m.type == "SITE")
    assert {"Homs", "Hama", "Idlib", "Iraq", "Syria"} <= set(got)


def test_the_city_of_a_named_place_is_one_phrase(run):
    ex = run("Government troops entered the city of Homs and the vicinity of Hama.")
    got = listed(ex)
    assert got["the city of Homs"].type == "SITE"
    assert got["the vicinity of Hama"].type == "SITE"
    assert parts(ex)["Homs"] == "the city of Homs"
    ex = run("Troops entered the city of the dead.")
    assert "the city of the dead" not in listed(ex)  # the complement names no place


def test_a_capitalised_direction_word_belongs_to_the_place(run):
    ex = run("Fighting continued in Northern Iraq and in eastern Ukraine.")
    got = listed(ex)
    assert "Northern Iraq" in got and "eastern Ukraine" in got


def test_a_listed_quantity_is_the_number_without_its_bound(run):
    ex = run("The coalition carried out more than 300 strikes and delivered about 6,000 munitions.")
    quantities = {m.span.text: m for m in ex.entities if m.type == "QUANTITY"}
    assert set(quantities) == {"300", "6,000"}
    assert quantities["300"].value == 300


def test_bound_words_alone_are_no_quantity() -> None:
    import spacy

    from armswatch.extract.mentions import MentionIndex, _bare_quantity
    from armswatch.knowledge import load_knowledge
    from armswatch.records import Document, span_of

    text = "more than 700 miles"
    doc = spacy.blank("en")(text)
    idx = MentionIndex(doc, Document(text=text), load_knowledge())
    whole = Mention(span_of(text, 0, len(text)), "QUANTITY", value=700.0, unit="mi")
    bare = _bare_quantity(idx, whole, doc[0:4])
    assert bare is not None and bare.span.text == "700 miles" and bare.value == 700.0
    assert _bare_quantity(idx, Mention(span_of(text, 0, 9), "QUANTITY"), doc[0:2]) is None
