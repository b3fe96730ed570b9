"""The geoparsing scorer (armswatch.evaluate.geo): reading the three XML schemas, matching, metrics."""

from __future__ import annotations

from pathlib import Path

import pytest

from armswatch.evaluate import geo
from armswatch.evaluate.geo import GoldToponym, SysToponym, km, match, read_articles
from armswatch.records import Document, Extraction, Mention, Place, span_of

DEV = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev" / "geo"

TEXT = "Moscow said on Monday that Russian troops left Kharkiv. Canadians in Europe were told."

GWN_XML = f"""<?xml version="1.0" ?>
<articles>
  <article file="7">
    <title>t</title>
    <link>l</link>
    <text>{TEXT}</text>
    <toponyms>
      <toponym><extractedName>Moscow</extractedName><normalisedName>Moscow</normalisedName>
        <type>Metonymic</type><modifierType /><nonLocational>No</nonLocational><start>0</start><end>6</end>
        <geonamesID>524901</geonamesID><latitude>55.75222</latitude><longitude>37.61556</longitude></toponym>
      <toponym><extractedName>Russian</extractedName><normalisedName>Russian Federation</normalisedName>
        <type>Non_Literal_Modifier</type><modifierType>Adjective</modifierType><nonLocational>No</nonLocational>
        <start>27</start><end>34</end><geonamesID>2017370</geonamesID><latitude>60.0</latitude>
        <longitude>100.0</longitude></toponym>
      <toponym><extractedName>Kharkiv</extractedName><normalisedName>Kharkiv</normalisedName>
        <type>Literal</type><modifierType /><nonLocational>No</nonLocational><start>47</start><end>54</end>
        <geonamesID>706483</geonamesID><latitude>49.98081</latitude><longitude>36.25272</longitude></toponym>
      <toponym><extractedName>Canadians</extractedName><normalisedName /><type>Demonym</type>
        <modifierType /><nonLocational>No</nonLocational><start>56</start><end>65</end></toponym>
      <toponym><extractedName>Europe</extractedName><normalisedName>Europe</normalisedName>
        <type>Literal</type><modifierType /><nonLocational>No</nonLocational><start>69</start><end>75</end>
        <geonamesID>6255148</geonamesID><latitude>48.69096</latitude><longitude>9.14062</longitude></toponym>
    </toponyms>
  </article>
</articles>
"""

# GeoVirus counts offsets from 1
GEOVIRUS_XML = f"""<articles>
  <article><source>s</source><text>{TEXT}</text>
    <locations>
      <location><name>Kharkiv</name><start>48</start><end>55</end><lat>49.99</lat><lon>36.23</lon>
        <page>p</page></location>
    </locations>
  </article>
</articles>
"""

TRNEWS_XML = f"""<?xml version="1.0" encoding="utf-8"?>
<articles>
  <article docid="42"><title>t</title><url>u</url><domain>d</domain><dltime>2016-12-19</dltime>
    <text><![CDATA[{TEXT}]]></text>
    <toponyms>
      <toponym><phrase>Kharkiv</phrase><start>47</start><end>54</end>
        <gaztag geonameid="706483"><name>Kharkiv</name><fclass>P</fclass><fcode>PPLA</fcode>
          <lat>49.98081</lat><lon>36.25272</lon><country geonameid="690791">Ukraine</country>
          <admin1 geonameid="706482">Kharkiv</admin1></gaztag></toponym>
      <toponym><phrase>Russian</phrase><start>27</start><end>34</end>
        <gaztag geonameid="2017370"><name>Russia</name><fclass>A</fclass><fcode>PCLI</fcode>
          <lat>60</lat><lon>100</lon><country geonameid="2017370">Russia</country></gaztag></toponym>
      <toponym><phrase>Europe</phrase><start>69</start><end>75</end></toponym>
    </toponyms>
  </article>
</articles>
"""

LGL_XML = f"""<articles>
  <article docid="1"><feedid>9</feedid><title>t</title><domain>d</domain><url>u</url><dltime>x</dltime>
    <text>{TEXT}</text>
    <toponyms>
      <toponym><start>47</start><end>54</end><phrase>Kharkiv</phrase>
        <gaztag geonameid="706483"><name>Kharkiv</name><fclass>P</fclass><fcode>PPLA</fcode>
          <lat>49.98081</lat><lon>36.25272</lon><country>UA</country><admin1>07</admin1></gaztag></toponym>
    </toponyms>
  </article>
</articles>
"""


def write(tmp_path: Path, body: str, name: str = "corpus.xml") -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def extraction() -> Extraction:
    """What armswatch makes of TEXT, written by hand: "Moscow said" is the state; Kharkiv is the city."""
    doc = Document(text=TEXT)
    places = [
        Place(span_of(TEXT, 0, 6), "Russia", "RUS", None, 60.0, 100.0, "country"),
        Place(span_of(TEXT, 47, 54), "Kharkiv", "UKR", "UA-63", 49.98, 36.25, "city"),
        Place(span_of(TEXT, 69, 75), "Europe", None, None, 48.69, 9.14, "continent"),
    ]
    entities = [
        Mention(span_of(TEXT, 27, 34), "NORP", "RUS", "Russia"),
        Mention(span_of(TEXT, 56, 65), "NORP", "CAN", "Canada"),  # people: no toponym
        Mention(span_of(TEXT, 7, 11), "ORG", None, "said"),  # not a place at all
    ]
    return Extraction(document=doc, entities=entities, places=places)


def test_reads_geowebnews_types_and_coordinates(tmp_path: Path) -> None:
    (art,) = read_articles(write(tmp_path, GWN_XML))
    assert art.id == "7" and art.text == TEXT
    assert [t.text for t in art.toponyms] == ["Moscow", "Russian", "Kharkiv", "Europe"]
    assert art.ignored == {"Demonym": 1}  # people, not a toponym
    moscow = art.toponyms[0]
    assert (moscow.type, moscow.geonames_id, moscow.lat, moscow.lon) == (
        "Metonymic",
        524901,
        55.75222,
        37.61556,
    )


def test_reads_geovirus_one_based_offsets(tmp_path: Path) -> None:
    (art,) = read_articles(write(tmp_path, GEOVIRUS_XML))
    (t,) = art.toponyms
    assert TEXT[t.start : t.end] == "Kharkiv" and (t.start, t.end) == (47, 54)
    assert art.moved == 0 and art.dropped == 0


def test_reads_trnews_gaztags_with_admin1(tmp_path: Path) -> None:
    (art,) = read_articles(write(tmp_path, TRNEWS_XML))
    russian, kharkiv, europe = art.toponyms  # in text order
    assert russian.text == "Russian" and (russian.lat, russian.lon) == (60.0, 100.0)
    assert kharkiv.text == "Kharkiv" and kharkiv.admin1 == "UA-63"  # by the admin1's GeoNames id
    assert (europe.lat, europe.lon) == (None, None)  # no gaztag: a toponym without coordinates


def test_reads_lgl_admin1_codes(tmp_path: Path) -> None:
    (art,) = read_articles(write(tmp_path, LGL_XML))
    (t,) = art.toponyms
    assert (t.admin1_raw, t.admin1) == ("07", "UA-63")  # GeoNames admin1 code UA.07 is Kharkiv Oblast


def test_misaligned_offsets_are_moved_or_dropped(tmp_path: Path) -> None:
    body = GEOVIRUS_XML.replace("<start>48</start><end>55</end>", "<start>50</start><end>57</end>")
    (art,) = read_articles(write(tmp_path, body))
    assert art.moved == 1 and TEXT[art.toponyms[0].start : art.toponyms[0].end] == "Kharkiv"
    body = GEOVIRUS_XML.replace("<start>48</start><end>55</end>", "<start>5</start><end>12</end>")
    (art,) = read_articles(write(tmp_path, body))
    assert art.dropped == 1 and not art.toponyms


def test_system_toponyms_take_places_countries_and_demonym_adjectives() -> None:
    got = geo.system_toponyms(extraction())
    assert [(s.text, s.source) for s in got] == [
        ("Moscow", "place"),
        ("Russian", "demonym"),
        ("Kharkiv", "place"),
        ("Europe", "place"),
    ]
    russian = got[1]
    assert (russian.country, russian.precision) == ("RUS", "country")
    assert russian.lat is not None and russian.lon is not None
    assert [s.text for s in geo.system_toponyms(extraction(), demonyms=False)] == [
        "Moscow",
        "Kharkiv",
        "Europe",
    ]


def test_continent_adjectives_and_the_eu_are_toponyms_at_the_continent() -> None:
    text = "African leaders met EU envoys and Europeans."
    doc = Document(text=text)
    ents = [
        Mention(span_of(text, 0, 7), "NORP", None, "African"),
        Mention(span_of(text, 20, 22), "ORG", "EU", "European Union"),
        Mention(span_of(text, 34, 43), "NORP", None, "Europeans"),
    ]
    ex = Extraction(document=doc, entities=ents)
    got = geo.system_toponyms(ex)
    assert [(s.text, s.source, s.precision) for s in got] == [
        ("African", "continent", "continent"),
        ("EU", "continent", "continent"),
    ]
    assert got[1].lat is not None and km(got[1].lat, got[1].lon or 0.0, 48.69, 9.14) < 1
    # where demonym adjectives are not toponyms (GeoVirus), neither associative use is
    assert geo.system_toponyms(ex, demonyms=False) == []


@pytest.mark.parametrize(
    ("text", "state", "people"),
    [
        ("Russians", "RUS", True),
        ("Russian", "RUS", False),
        ("the Saudis", "SAU", True),
        ("Swiss", "CHE", False),
    ],
)
def test_plural_demonyms_are_people(text: str, state: str, people: bool) -> None:
    assert geo.is_people(text, state) is people


def test_match_is_one_to_one_exact_first() -> None:
    gold = [
        GoldToponym(0, 10, "New Mexico", None, None, None),
        GoldToponym(12, 18, "Mexico", None, None, None),
    ]
    system = [
        SysToponym(4, 10, "Mexico", None, None, None, None, None, "country"),
        SysToponym(12, 18, "Mexico", None, None, None, None, None, "country"),
    ]
    assert match(gold, system) == {0: 0, 1: 1}
    assert match(gold, system[1:]) == {1: 0}


def test_km() -> None:
    assert km(0, 0, 0, 0) == 0
    assert abs(km(51.5074, -0.1278, 48.8566, 2.3522) - 344) < 2  # London–Paris
    assert abs(km(0, 0, 0, 180) - 20015) < 5  # half the equator


def test_scores_on_a_tiny_corpus(tmp_path: Path) -> None:
    (art,) = read_articles(write(tmp_path, GWN_XML))
    tally = geo.Tally()
    errors: list[dict[str, object]] = []
    geo.score_article(art, extraction(), tally, errors)
    # four gold toponyms, four system ones, all on the same spans
    assert (tally.tp, tally.fp, tally.fn, tally.otp) == (4, 0, 0, 4)
    assert tally.with_coords == 4 and tally.recognised == 4 and tally.resolved == 4
    # "Moscow said" resolved to the state: GeoWebNews has the city's point, so it is 2,600 km off …
    assert tally.ok == 3
    (far,) = [e for e in errors if e["error"] == "far"]
    assert far["gold"]["text"] == "Moscow"  # type: ignore[index]
    # … and it is what the metonymy score wants
    assert (tally.meto_total, tally.meto_ok) == (1, 1)  # only "Moscow" is typed Metonymic
    # resolving the gold texts themselves: Moscow is the city there
    assert tally.gold_ok == 4


def test_admin1_accuracy_where_the_format_has_it(tmp_path: Path) -> None:
    (art,) = read_articles(write(tmp_path, TRNEWS_XML))
    tally = geo.Tally()
    geo.score_article(art, extraction(), tally, [])
    assert (tally.admin1_total, tally.admin1_ok) == (1, 1)  # Kharkiv in UA-63; Russia is a country


def test_evaluate_end_to_end_on_a_tiny_file(tmp_path: Path) -> None:
    result = geo.evaluate(write(tmp_path, GWN_XML), None)
    assert result.items == 1 and result.counts["gold_with_coords"] == 4
    assert 0.0 <= result.metrics["acc161"] <= result.metrics["acc161_resolved"] <= 1.0
    assert result.metrics["span_f1"] > 0.5
    assert "metonymy_state_acc" in result.metrics
    assert any("demonym" in n for n in result.notes)
    article = GWN_XML[GWN_XML.index("<article ") : GWN_XML.index("</articles>")]
    two = GWN_XML.replace("</articles>", article.replace('file="7"', 'file="8"') + "</articles>")
    assert len(read_articles(write(tmp_path, two, "two.xml"))) == 2
    limited = geo.evaluate(tmp_path / "two.xml", 1)
    assert limited.items == 1 and limited.counts["articles"] == 1


def test_not_xml_is_an_invalid_document(tmp_path: Path) -> None:
    from armswatch.errors import InvalidDocument

    with pytest.raises(InvalidDocument):
        read_articles(write(tmp_path, "<articles><article>"))


@pytest.mark.skipif(not (DEV / "GWN.xml").exists(), reason="eval data absent")
def test_geowebnews_subset_holds_its_level() -> None:
    result = geo.evaluate(DEV / "GWN.xml", 10)
    assert result.items == 10
    assert result.counts["gold_dropped"] <= 2
    assert result.metrics["overlap_f1"] > 0.6
    assert result.metrics["acc161"] > 0.4
    assert result.metrics["gold_span_acc161"] > 0.43
