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


def test_ships_by_prefix_hull_number_and_later_name(run):
    ex = run(
        "The destroyer USS Cole (DDG 67) sailed with FS Chevalier Paul. Later, Chevalier Paul joined "
        "HMS Bulwark (L15) in the Gulf."
    )
    ships = {m.span.text for m in ex.entities if m.type == "WEAPON" and m.attrs.get("class") == "warship"}
    assert {"USS Cole", "DDG 67", "HMS Bulwark", "L15"} <= ships
    assert "FS Chevalier Paul" in ships and "Chevalier Paul" in ships
    assert not any(m.type == "PERSON" for m in ex.entities if "Chevalier" in m.span.text)


def test_coordinates_are_one_place_without_quantities(run):
    ex = run(
        "The dam lies at 36°37′51″N 42°49′23″E / 36.630833°N 42.823056°E / 36.630833; 42.823056 on the Tigris."
    )
    got = listed(ex)
    for text in ("36°37′51″N 42°49′23″E", "36.630833°N 42.823056°E", "36.630833; 42.823056"):
        assert got[text].type == "SITE" and got[text].attrs == {"coordinates": True}
    assert not any(m.type == "QUANTITY" for m in ex.entities)


def test_a_spaced_arabic_article_joins_the_name(run):
    ex = run("The strike near Dayr az Zawr, Syria, hit a tank.")
    assert parts(ex)["Dayr az Zawr"] == "Dayr az Zawr, Syria"
    ex = run("Fighting spread to northern Salah ad Din Province and the Diyala Province.")
    assert "northern Salah ad Din Province" in listed(ex)


def test_a_weapon_class_before_system_names_the_system(run):
    ex = run(
        "The strikes destroyed 20 anti-aircraft artillery systems and a rocket propelled grenade launcher."
    )
    weapons = {m.span.text: m.attrs.get("class") for m in ex.entities if m.type == "WEAPON"}
    assert weapons.get("anti-aircraft artillery systems") == "anti_aircraft_gun"
    assert weapons.get("rocket propelled grenade launcher") == "light_weapons"


def test_an_office_after_the_name_is_a_person_phrase_of_its_own(run):
    ex = run("Gen. Mark Milley, the Joint Staff spokesperson, said the Minister Tobias Ellwood was wrong.")
    persons = {m.span.text for m in ex.entities if m.type == "PERSON" and not m.attrs.get("part_of")}
    assert "the Joint Staff spokesperson" in persons
    assert not any(p.startswith("Minister") and p != "Minister Tobias Ellwood" for p in persons)


def test_restaurants_shops_and_homes_are_sites(run):
    ex = run("The bomb hit a restaurant and two shops, and families fled their homes.")
    sites = {m.span.text for m in ex.entities if m.type == "SITE"}
    assert sites == {"a restaurant", "shops", "their homes"}  # the count stays apart, as for every noun


def test_a_named_exercise_is_an_operation_and_a_joined_state_acts(run):
    ex = run("U.S. forces will join Jordan in Exercise Eager Lion next month.")
    got = listed(ex)
    assert got["Exercise Eager Lion"].type == "OPERATION"
    assert got["Jordan"].attrs.get("acting") is True
    ex = run("The group plans attacks against the United States and remains a threat to France.")
    got = listed(ex)
    assert got["the United States"].attrs.get("acting") is True and got["France"].attrs.get("acting") is True


def test_a_demonym_before_an_organisation_name_joins_it(run):
    ex = run("The plan was to build a permanent Iraqi Army presence in the province.")
    got = listed(ex)
    assert got["Iraqi Army"].type == "ORG"
    assert parts(ex)["Iraqi"] == "Iraqi Army"


def test_a_unit_symbol_after_a_number_belongs_to_the_quantity(run):
    ex = run("The barrage passes 5,500\u00a0m3/s and the lake holds 85,000,000 m3 behind a 240 MW plant.")
    quantities = {m.span.text for m in ex.entities if m.type == "QUANTITY"}
    assert {"5,500\u00a0m3/s", "85,000,000 m3", "240 MW"} <= quantities


def test_an_office_in_apposition_names_the_same_person(run):
    ex = run("John Kirby, the White House spokesman, briefed reporters.")
    office = listed(ex)["the White House spokesman"]
    assert office.type == "PERSON" and office.id == "john-kirby"


def test_ethnic_religious_and_language_groups_are_norp_without_a_state(run):
    ex = run("The Yazidis speak Kurdish, a Yezidi told us, and the Shiite militia spoke Arabic.")
    got = listed(ex)
    for text, community in (("Kurdish", "kurdish"), ("Yezidi", "yazidi"), ("Yazidis", "yazidi")):
        assert got[text].type == "NORP" and got[text].attrs["community"] == community
        assert got[text].id is None  # no state: never an actor or an origin
    assert got["Arabic"].attrs["kinds"] == ["language"]
    assert got["the Shiite militia"].type == "GROUP" and "Shiite" not in got  # one group phrase
    role_ids = {m.id for e in ex.events for ms in e.roles.values() for m in ms}
    assert not role_ids & {"kurdish", "yazidi", "shia", "arabic"}


def test_a_name_after_a_title_is_a_person_not_a_state_or_place(run):
    ex = run("The Prime Minister and President Hollande met on 3 March at Amiens in France.")
    got = listed(ex)
    assert any(m.type == "PERSON" and "Hollande" in text for text, m in got.items())  # not "Holland"
    assert not any(m.id == "NLD" for m in ex.entities)
    ex = run(
        "The minister condemned an attack in al-Hilla in Iraq \nMinister Tobias Ellwood said: it was shocking."
    )
    assert listed(ex)["Minister Tobias Ellwood"].type == "PERSON"


def test_a_title_before_a_name_joins_it_where_the_parse_hung_it_elsewhere(run):
    got = listed(run("Foreign Secretary Boris Johnson statement on the UN and its inspectors."))
    assert got["Foreign Secretary Boris Johnson"].type == "PERSON"
    got = listed(run("US Secretary of State John Kerry met the Iraqi delegation."))
    assert got["US Secretary of State John Kerry"].type == "PERSON"
    got = listed(run("Navy Capt. Jeff Davis said today that strikes continued."))
    assert got["Navy Capt. Jeff Davis"].type == "PERSON"


def test_a_killed_person_with_an_arabic_article_stays_a_person(run):
    ex = run("A Royal Jordanian Air Force lieutenant Muath al-Kasasbeh was killed.")
    assert listed(ex)["Muath al-Kasasbeh"].type == "PERSON"
    assert not any(m.type == "PLACE" for m in ex.entities)


def test_a_name_the_ner_took_for_a_person_after_in_is_a_place_whole(run):
    ex = run("Fighters were killed in attacks in Wadi al-Qasab last week.")
    assert listed(ex)["Wadi al-Qasab"].type == "PLACE"  # the whole name, not "al-Qasab" alone
    assert not any(m.type == "PERSON" for m in ex.entities)


def test_a_state_opening_a_persons_title_is_listed_as_its_part(run):
    ex = run("The ministry told US Ambassador Jon Huntsman and a UK Minister that Jordan Peterson had left.")
    got = parts(ex)
    assert got.get("US") == "US Ambassador Jon Huntsman"
    assert got.get("UK") == "a UK Minister"
    assert next(m for m in ex.entities if m.span.text == "US").id == "USA"


def test_coordinated_capitalised_modifiers_share_their_head(run):
    ex = run("I commend Kurdish and Yezidi fighters and local Turkish and UK organisations.")
    got = listed(ex)
    assert got["Kurdish and Yezidi fighters"].type == "GROUP"
    assert any(text.endswith("Turkish and UK organisations") for text in got)
    assert parts(ex)["UK"].endswith("Turkish and UK organisations")  # the state stays listed as a part
    # lower-case modifiers describe: no phrase over them
    ex = run(
        "The troops came under heavy and sustained machine gun fire near vulnerable and displaced people."
    )
    assert not any(" and " in text for text in listed(ex))


def test_a_gloss_in_another_language_is_no_mention(run):
    ex = run(
        "The Hamrin Mountains (Arabic: جبل حمرين Jabāl Hamrīn, Kurdish: Çiyayê Hemrîn) are a ridge in Iraq. "
        "The Book of Revelation (Kitêba Cilwe in Kurdish; also transliterated as Kitab Al Jilwah) is short."
    )
    got = listed(ex)
    assert not {"Jabāl Hamrīn", "Çiyayê Hemrîn", "Kitêba Cilwe", "Kitab Al Jilwah"} & set(got)
    assert "Arabic" not in got and "Iraq" in got  # the label says which script follows


def test_an_organisation_name_opening_with_a_demonym_state_or_ordinal_is_one_phrase(run):
    ex = run(
        "The Syrian Computer Society met officers of the Royal Jordanian Air Force, the 158th Fighter Wing "
        "and the U.S. 5th Fleet."
    )
    got = listed(ex)
    for name in ("The Syrian Computer Society", "the Royal Jordanian Air Force", "the 158th Fighter Wing",
                 "the U.S. 5th Fleet"):  # fmt: skip
        assert got[name].type == "ORG", name
    assert parts(ex)["Syrian"] == "The Syrian Computer Society"
    assert parts(ex)["U.S."] == "the U.S. 5th Fleet"


def test_a_natural_feature_of_a_named_place_is_one_place_phrase(run):
    ex = run("Ships patrol the Arabian Gulf, Gulf of Oman, North Arabian Sea, Gulf of Aden and the Red Sea.")
    got = listed(ex)
    assert got["Gulf of Oman"].type == "SITE" and got["Gulf of Aden"].type == "SITE"
    assert parts(ex)["Oman"] == "Gulf of Oman"  # the state stays listed as a part
    # where the NER took "the Gulf" alone
    ex = run("Ships patrol the Gulf of Oman and the North Arabian Sea.")
    assert listed(ex)["the Gulf of Oman"].type == "SITE"
    assert parts(ex)["Oman"] == "the Gulf of Oman"


def test_a_facility_name_the_ner_left_untagged_is_a_place(run):
    ex = run("Its role has become less critical with the construction of the Mosul Dam upstream.")
    assert listed(ex)["the Mosul Dam"].type == "PLACE"


def test_a_groups_of_complement_belongs_to_it_unless_it_names_an_organisation(run):
    ex = run(
        "He met residents of Homs and the families of the victims, while members of the Syrian Computer "
        "Society stayed away. Aircraft struck a group of buildings."
    )
    got = listed(ex)
    assert got["residents of Homs"].type == "GROUP" and parts(ex)["Homs"] == "residents of Homs"
    assert got["the families of the victims"].type == "GROUP"
    assert "members" in got  # the named organisation stays an entity of its own
    assert got["a group of buildings"].type == "SITE"  # a partitive takes its complement's kind


def test_a_bare_office_in_apposition_is_no_mention_of_its_own(run):
    ex = run("Gen. Joseph Votel, commander of U.S. Central Command, said the strikes would go on.")
    got = listed(ex)
    assert "commander" not in got and "U.S. Central Command" in got
    assert any(m.type == "PERSON" and "Votel" in text for text, m in got.items())


def test_one_identity_named_by_several_words_is_one_norp(run):
    ex = run(
        "The village is predominately Shia Arab. The books were written by non-Yazidis in the Northern "
        "Kurdish language. Rebels back a Syrian-led settlement."
    )
    got = listed(ex)
    for text in ("Shia Arab", "non-Yazidis", "Northern Kurdish"):
        assert got[text].type == "NORP", text
    assert "the Northern" not in got
    assert got["Syrian"].type == "NORP" and got["Syrian"].id == "SYR"  # "-led" describes the settlement


def test_two_states_naming_an_act_together_both_act(run):
    ex = run("The two leaders discussed UK-France co-operation on counter-terrorism.")
    got = listed(ex)
    assert got["UK"].attrs.get("acting") is True and got["France"].attrs.get("acting") is True


def test_a_law_or_a_written_work_is_a_document_not_a_body_or_a_place(run):
    ex = run(
        "The Coalition complies with the Law of Armed Conflict. The Yazidi Black Book is old. It breaches "
        "UN Security Council resolutions and the Minsk agreements. It is an offence under Australian law."
    )
    got = listed(ex)
    for name in ("the Law of Armed Conflict", "The Yazidi Black Book", "UN Security Council resolutions",
                 "the Minsk agreements"):  # fmt: skip
        assert got[name].type == "DOCUMENT", name
    assert "Yazidi" not in got and "UN Security Council" not in got
    assert parts(ex)["Minsk"] == "the Minsk agreements"  # a place inside stays listed as a part
    # a known body whose document it is stays known, as a part: the organ a sanctions check needs
    assert parts(ex)["UN Security Council"] == "UN Security Council resolutions"
    assert next(m for m in ex.entities if m.span.text == "UN Security Council").id == "UN-SC"
    assert got["Australian"].type == "NORP"  # a demonym alone makes no document


def test_a_phone_number_the_ner_cut_and_a_focus_adverb_make_no_quantity(run):
    ex = run("Contact the Public Affairs Office at 910-432-3383. Only 30 fighters remain.")
    quantities = [m.span.text for m in ex.entities if m.type == "QUANTITY"]
    assert quantities == ["30"]


def test_aircraft_named_by_role_beside_an_aircraft_class_are_aircraft(run):
    ex = run(
        "Coalition forces conducted 15 strikes using attack, bomber, fighter and remotely piloted aircraft."
    )
    weapons = {m.span.text: m.attrs.get("class") for m in ex.entities if m.type == "WEAPON"}
    assert weapons["bomber"] == "bomber" and weapons["fighter"] == "fighter_aircraft"
    assert weapons["attack"] == "attack_aircraft"
    # alone, "fighters" are people
    ex = run("Kurdish fighters and suicide bombers attacked the town.")
    assert not any(m.type == "WEAPON" for m in ex.entities)


def test_a_part_of_a_force_named_by_its_people_or_owner_is_a_group(run):
    ex = run(
        "The Arab element of the SDF is indigenous to the area. He was assigned to Explosive Ordnance "
        "Disposal Mobile Unit Two in Norfolk. Trust is a key element of the plan. It serves the Syrian state."
    )
    got = listed(ex)
    assert got["the Syrian state"].type == "GROUP" and got["the Syrian state"].attrs.get("state") == "SYR"
    assert got["The Arab element of the SDF"].type == "GROUP"
    assert got["Explosive Ordnance Disposal Mobile Unit Two"].type == "GROUP"
    assert not any("element of the plan" in text for text in got)


def test_a_known_body_whose_place_is_described_stays_listed_as_a_part(run):
    ex = run("The plan lowers the cost of the EU's airports.")
    assert parts(ex).get("the EU", "").endswith("airports")
