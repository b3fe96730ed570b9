"""The ingest stage: formats, metadata, furniture, and every way an input can be bad."""

from __future__ import annotations

import io
import random
from datetime import date
from pathlib import Path

import pytest

from armswatch.errors import InvalidDocument
from armswatch.ingest import iter_bytes, iter_input, read_input
from armswatch.ingest.formats import detect_format
from armswatch.records import Document

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "000_158ebbbd6e6bf0d4.txt"


def one(source: Path | str, **kwargs: object) -> Document:
    docs = read_input(str(source), **kwargs)  # type: ignore[arg-type]
    assert len(docs) == 1
    return docs[0]


def reason(source: Path | str, **kwargs: object) -> str:
    with pytest.raises(InvalidDocument) as caught:
        read_input(str(source), **kwargs)  # type: ignore[arg-type]
    return caught.value.reason


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


# --- the seed report --------------------------------------------------------------------------------


def test_seed_report_metadata_and_body() -> None:
    if not SEED.exists():
        pytest.skip("shared seed report not present")
    doc = one(SEED)
    assert doc.title == "Russia Fired North Korean Missiles Into Ukraine, US Says"
    assert doc.author == "Alex Willemyns"
    assert doc.publisher == "Radio Free Asia"
    assert doc.syndication is not None
    assert "Content used with the permission of Radio Free Asia" in doc.syndication
    assert doc.text.startswith("Russian forces have for the first time")
    assert len(doc.text) > 1500
    for furniture in ("Leave a Reply", "email address will not be published", "mission is to", "Willemyns"):
        assert furniture not in doc.text
    assert doc.text.endswith("voted in favor of at the time.")
    assert doc.source_file == str(SEED)
    assert doc.id and len(doc.id) == 16


# --- the examples -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "title", "author", "published", "first_words"),
    [
        (
            "01_iran_drones_kyiv.txt",
            "Kyiv Hit by Largest Wave of Iranian-Designed Drones Since Invasion, Ukraine Says",
            "Marta Kovalenko",
            date(2023, 11, 25),
            "Russia launched 75 Iranian-designed Shahed",
        ),
        (
            "02_kharkiv_missile_debris.txt",
            "Ukraine Says Debris in Kharkiv Points to North Korean Missile",
            "Daniel Hartmann",
            date(2024, 1, 8),
            "Ukrainian investigators believe",
        ),
        (
            "03_vostochny_summit.txt",
            "Kim and Putin Meet at Russian Spaceport as U.S. Warns of Arms Deal",
            "Elena Park",
            date(2023, 9, 13),
            "North Korean leader Kim Jong Un met",
        ),
    ],
)
def test_plain_text_examples(name: str, title: str, author: str, published: date, first_words: str) -> None:
    doc = one(EXAMPLES / name)
    assert (doc.title, doc.author, doc.published) == (title, author, published)
    assert doc.text.startswith(first_words)
    assert title not in doc.text
    assert not doc.text.startswith("By ")
    for furniture in ("Share this", "Related articles", "Leave a Reply", "Required fields"):
        assert furniture not in doc.text
    assert 150 <= len(doc.text.split()) <= 400


def test_reprint_notice_names_the_publisher() -> None:
    doc = one(EXAMPLES / "03_vostochny_summit.txt")
    assert doc.publisher == "Northeast Asia Monitor"
    assert doc.syndication == (
        "This article was originally published by Northeast Asia Monitor and is reprinted with permission."
    )
    assert "reprinted" not in doc.text


def test_html_example_metadata() -> None:
    doc = one(EXAMPLES / "04_treasury_sanctions.html")
    assert doc.title == "U.S. Sanctions Slovak Broker Over North Korea–Russia Arms Deal"
    assert doc.author == "Priya Raman"
    assert doc.publisher == "Sanctions Desk"
    assert doc.published == date(2023, 3, 30)
    assert doc.url == "https://sanctionsdesk.example/2023/03/30/slovak-broker-dprk-russia-arms"
    assert doc.text.startswith("The U.S. Treasury Department on Thursday imposed sanctions")
    assert doc.text.endswith("a permanent member of the council, supported.")
    assert len(doc.text.split("\n\n")) == 6  # one paragraph per <p>, blank-line separated


def test_html_page_furniture_is_not_in_the_body() -> None:
    text = one(EXAMPLES / "04_treasury_sanctions.html").text
    for furniture in (
        "Home",  # nav
        "Newsletter",
        "Share on Facebook",
        "Click to share",
        "Leave a Reply",
        "email address will not be published",
        "Great reporting",  # a reader comment
        "Related articles",
        "White House details Wagner arms shipments",
        "cookies",
        "All rights reserved",
        "Privacy",
        "dataLayer",
    ):
        assert furniture not in text, furniture


def test_rss_example_gives_one_document_per_item() -> None:
    docs = read_input(str(EXAMPLES / "05_feed.xml"))
    assert [d.external_id for d in docs] == [
        "ksw-2023-1101-nis",
        "ksw-2023-1013-containers",
        "ksw-2023-0727-shoigu",
    ]
    assert [d.published for d in docs] == [date(2023, 11, 1), date(2023, 10, 13), date(2023, 7, 27)]
    assert [d.author for d in docs] == ["Jae-won Lim", "Sam Whitfield", "Jae-won Lim"]
    assert {d.publisher for d in docs} == {"Korea Security Wire"}
    assert docs[1].url == "https://koreasecuritywire.example/2023/10/13/containers"
    assert docs[0].title == "North Korea Sent Over a Million Shells to Russia, Seoul's Spy Agency Says"
    assert docs[0].text.count("\n\n") == 2  # three <p> paragraphs
    assert all("<p>" not in d.text for d in docs)
    assert len({d.id for d in docs}) == 3


def test_jsonl_example_keeps_ids_and_dates() -> None:
    docs = read_input(str(EXAMPLES / "06_batch.jsonl"))
    assert [d.external_id for d in docs] == ["batch-001", "batch-002", "batch-003"]
    # A datetime with an offset keeps the calendar date it was written with.
    assert [d.published for d in docs] == [date(2024, 3, 28), date(2024, 6, 19), date(2024, 5, 17)]
    assert docs[0].title == "Russia Vetoes Renewal of U.N. Panel Monitoring North Korea Sanctions"
    assert docs[0].url == "https://wire.example/2024/03/28/un-panel-veto"
    assert docs[0].text.startswith("Russia on Thursday vetoed")


# --- plain text rules ---------------------------------------------------------------------------------


def test_plain_text_normalisation(tmp_path: Path) -> None:
    decomposed = "Cafe\u0301"
    path = write(
        tmp_path, "a.txt", ("\ufeffOne paragraph about " + decomposed + ".\r\n\r\nTwo.\r\n").encode()
    )
    doc = one(path)
    assert doc.text == "One paragraph about Caf\u00e9.\n\nTwo."
    assert doc.title is None


def test_text_without_headline_keeps_its_first_paragraph(tmp_path: Path) -> None:
    body = "Russia fired missiles at Kharkiv on Tuesday, officials said.\n\nA second paragraph follows."
    doc = one(write(tmp_path, "lead.txt", body))
    assert doc.title is None
    assert doc.text == body


def test_header_lines_are_taken_and_standalone_furniture_removed(tmp_path: Path) -> None:
    text = (
        "Sanctions Widen on Arms Brokers\n\n"
        "By Jane Doe and John Roe, Staff Writers\n"
        "Published: 5 January 2024\n\n"
        "5 min read\n\n"
        "Officials announced new measures against three companies on Friday, a spokesperson said.\n\n"
        "Advertisement\n\n"
        "The companies deny wrongdoing.\n"
        "Share on Twitter\n\n"
        "Related stories\n\n"
        "Another story headline\n\n"
        "Yet another story"
    )
    doc = one(write(tmp_path, "h.txt", text))
    assert doc.title == "Sanctions Widen on Arms Brokers"
    assert doc.author == "Jane Doe; John Roe"
    assert doc.published == date(2024, 1, 5)
    assert doc.text == (
        "Officials announced new measures against three companies on Friday, a spokesperson said.\n\n"
        "The companies deny wrongdoing."
    )


def test_leading_reprint_notice_is_recorded(tmp_path: Path) -> None:
    text = (
        "Missile Debris Examined\n\n"
        "This story originally appeared in The Diplomat.\n\n"
        "Investigators examined the debris of a missile that struck the city last week, prosecutors said."
    )
    doc = one(write(tmp_path, "r.txt", text))
    assert doc.publisher == "The Diplomat"
    assert doc.syndication == "This story originally appeared in The Diplomat."
    assert doc.text.startswith("Investigators examined")


def test_notice_like_phrases_in_the_story_stay(tmp_path: Path) -> None:
    last = "The study, originally published in The Lancet, counted the dead, researchers said."
    text = (
        "Study Counts Casualties\n\n"
        "Researchers counted casualties from missile strikes across the country over two years.\n\n" + last
    )
    doc = one(write(tmp_path, "s.txt", text))
    assert doc.publisher is None and doc.syndication is None
    assert doc.text.endswith(last)


def test_mission_like_sentence_inside_the_story_stays(tmp_path: Path) -> None:
    text = (
        "Alliance Meets\n\n"
        "NATO’s mission is to deter attacks on its members, the secretary general said on Monday.\n\n"
        "Ministers met in Brussels to discuss air defense for Ukraine and shells for its artillery."
    )
    doc = one(write(tmp_path, "m.txt", text))
    assert doc.publisher is None
    assert doc.text.startswith("NATO’s mission is to deter")


def test_text_that_is_only_a_headline_and_furniture(tmp_path: Path) -> None:
    assert "no body text" in reason(write(tmp_path, "f.txt", "Leave a Reply\n\nShare this:\n"))


# --- HTML ---------------------------------------------------------------------------------------------


def test_txt_file_that_is_html_is_read_as_html(tmp_path: Path) -> None:
    html = (EXAMPLES / "04_treasury_sanctions.html").read_text(encoding="utf-8")
    doc = one(write(tmp_path, "page.txt", html))
    assert doc.publisher == "Sanctions Desk"
    assert "<p>" not in doc.text and "Leave a Reply" not in doc.text


@pytest.mark.parametrize(
    "html",
    [
        "<html><head><script>" + "var a = 1;" * 2000 + "</script></head></html>",
        "<html><head><title>Only a title</title></head></html>",
        "<html></html>",
        "<div>" * 50_000 + "deep " * 30 + "</div>" * 50_000,
        "<!DOCTYPE html><body>" + "<div><span><a href='#'><b>" * 5000 + "<br>" * 1000,
    ],
    ids=["scripts", "no-body", "empty-html", "deep-nesting", "unclosed-tags"],
)
def test_hostile_html_is_refused_cleanly(tmp_path: Path, html: str) -> None:
    items = list(iter_input(str(write(tmp_path, "x.html", html))))
    assert len(items) == 1
    assert isinstance(items[0], InvalidDocument)
    assert items[0].reason == "no main text found"


def test_hostile_html_with_a_story_keeps_only_the_story(tmp_path: Path) -> None:
    story = "".join(
        f"<p>Paragraph {i}: officials said the drones struck power stations near the capital overnight.</p>"
        for i in range(5)
    )
    html = (
        "<html><head><script>var secret = 'script text';</script><style>p {color: red}</style></head><body>"
        + "<div>" * 200  # deep, but within the 256 levels lxml parses
        + f"<article><h1>Strikes</h1>{story}</article>"
        + "</div>" * 200
        + "<script>document.write('more script text')</script><<<>>><a<b<c</body></html>"
    )
    doc = one(write(tmp_path, "hostile.html", html))
    assert doc.text.startswith("Paragraph 0: officials said")
    assert "script text" not in doc.text and "color" not in doc.text and "<<<" not in doc.text


def test_html_without_date_leaves_published_empty(tmp_path: Path) -> None:
    paragraphs = "".join(
        f"<p>Paragraph {i} reports that officials said the shipment of shells arrived by rail at a depot.</p>"
        for i in range(6)
    )
    html = (
        f"<html><head><title>Shells Arrive</title></head><body><article>{paragraphs}</article></body></html>"
    )
    doc = one(write(tmp_path, "nodate.html", html))
    assert doc.published is None
    assert doc.text.startswith("Paragraph 0 reports")


def test_html_declared_charset_is_used(tmp_path: Path) -> None:
    paragraphs = "".join(
        f"<p>Le ministère a déclaré que les débris du missile, numéro {i}, étaient nord-coréens.</p>"
        for i in range(6)
    )
    html = (
        '<html><head><meta charset="iso-8859-1"><title>Débris</title></head>'
        f"<body><article>{paragraphs}</article></body></html>"
    )
    doc = one(write(tmp_path, "fr.html", html.encode("latin-1")))
    assert "ministère a déclaré que les débris" in doc.text


# --- feeds --------------------------------------------------------------------------------------------


def test_atom_feed_entries(tmp_path: Path) -> None:
    atom = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Arms Monitor</title>
  <id>urn:arms-monitor</id>
  <updated>2024-02-01T00:00:00Z</updated>
  <entry>
    <id>urn:arms-monitor:1</id>
    <title>Drone plant expands</title>
    <link href="https://arms.example/1"/>
    <published>2024-01-31T23:30:00-05:00</published>
    <updated>2024-02-01T10:00:00Z</updated>
    <author><name>Ana Lima</name></author>
    <content type="html">&lt;p&gt;Satellite images show new buildings.&lt;/p&gt;
      &lt;p&gt;Analysts said so.&lt;/p&gt;</content>
  </entry>
  <entry>
    <id>urn:arms-monitor:2</id>
    <title>Updated only</title>
    <updated>2024-01-15T08:00:00Z</updated>
    <summary>A plain summary.</summary>
  </entry>
</feed>"""
    docs = read_input(str(write(tmp_path, "feed.atom", atom)))
    assert [d.external_id for d in docs] == ["urn:arms-monitor:1", "urn:arms-monitor:2"]
    # The date as the publisher wrote it, not shifted to UTC (which would be 1 February).
    assert [d.published for d in docs] == [date(2024, 1, 31), date(2024, 1, 15)]
    assert docs[0].text == "Satellite images show new buildings.\n\nAnalysts said so."
    assert docs[0].author == "Ana Lima"
    assert docs[0].url == "https://arms.example/1"
    assert docs[1].text == "A plain summary."
    assert {d.publisher for d in docs} == {"Arms Monitor"}


def test_feed_sniffed_by_content_whatever_the_extension(tmp_path: Path) -> None:
    rss = (EXAMPLES / "05_feed.xml").read_text(encoding="utf-8")
    assert len(read_input(str(write(tmp_path, "feed.txt", rss)))) == 3


def test_malformed_feed(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.xml", '<?xml version="1.0"?><rss version="2.0"><channel><item><title>x</ti')
    assert reason(path).startswith("malformed feed:")


def test_feed_without_entries(tmp_path: Path) -> None:
    path = write(tmp_path, "empty.xml", '<rss version="2.0"><channel><title>Quiet</title></channel></rss>')
    assert reason(path) == "feed has no entries"


def test_xml_that_is_not_a_feed(tmp_path: Path) -> None:
    path = write(tmp_path, "sitemap.xml", '<?xml version="1.0"?><urlset><url><loc>x</loc></url></urlset>')
    assert reason(path) == "not an RSS or Atom feed"


def test_feed_entry_without_text_is_reported_and_others_kept(tmp_path: Path) -> None:
    rss = (
        '<rss version="2.0"><channel><title>W</title>'
        "<item><guid>a</guid><title>Has text</title><description>Some text.</description></item>"
        "<item><guid>b</guid><title>No text</title></item>"
        "</channel></rss>"
    )
    items = list(iter_input(str(write(tmp_path, "f.rss", rss))))
    assert isinstance(items[0], Document) and items[0].text == "Some text."
    assert isinstance(items[1], InvalidDocument) and items[1].reason == "entry 2 (b) has no text"


# --- JSON Lines ---------------------------------------------------------------------------------------


def test_jsonl_bad_lines_are_reported_and_good_lines_kept(tmp_path: Path) -> None:
    lines = [
        '{"id": "a", "text": "First.", "published": "2024-01-02"}',
        "",
        "this is not json",
        '{"id": "c", "title": "no text"}',
        '{"id": 7, "text": "Fourth.", "published": "2024-01-05T23:00:00-05:00", "author": "Kim Lee"}',
        '{"id": "e", "text": "Fifth.", "published": "last Tuesday"}',
        '["a", "list"]',
    ]
    path = write(tmp_path, "batch.ndjson", "\n".join(lines) + "\n")
    items = list(iter_input(str(path)))
    docs = [i for i in items if isinstance(i, Document)]
    errors = [i for i in items if isinstance(i, InvalidDocument)]
    assert [(d.external_id, d.published, d.text) for d in docs] == [
        ("a", date(2024, 1, 2), "First."),
        ("7", date(2024, 1, 5), "Fourth."),
    ]
    assert docs[1].author == "Kim Lee"
    assert [e.reason.split(":")[0] for e in errors] == ["line 3", "line 4", "line 6", "line 7"]
    assert "not JSON" in errors[0].reason
    assert "text" in errors[1].reason
    assert "not an ISO date" in errors[2].reason
    assert all(e.source == str(path) for e in errors)
    with pytest.raises(InvalidDocument, match="line 3"):
        read_input(str(path))


def test_json_lines_detected_by_content(tmp_path: Path) -> None:
    path = write(tmp_path, "records.txt", '{"text": "One."}\n{"text": "Two."}\n')
    assert [d.text for d in read_input(str(path))] == ["One.", "Two."]


@pytest.mark.parametrize(
    ("name", "head", "expected"),
    [
        ("a.txt", "<!DOCTYPE html><html><body><p>x</p></body></html>", "html"),
        ("a.txt", "<p>One</p><p>Two</p><div>Three</div>", "html"),
        ("a.txt", '<?xml version="1.0"?><rss version="2.0"></rss>', "feed"),
        ("a.html", '<feed xmlns="http://www.w3.org/2005/Atom"></feed>', "feed"),
        ("a.xml", '<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"></html>', "html"),
        ("a.txt", '{"text": "x"}', "jsonl"),
        ("a.jsonl", "not json at all", "jsonl"),
        ("a.txt", "{curly} but not JSON", "text"),
        ("a", "Plain words.", "text"),
        ("a.htm", "Plain words in a file named .htm", "html"),
    ],
)
def test_detect_format(name: str, head: str, expected: str) -> None:
    assert detect_format(name, head) == expected


# --- bad input ----------------------------------------------------------------------------------------


def test_empty_and_whitespace_files(tmp_path: Path) -> None:
    assert reason(write(tmp_path, "empty.txt", b"")) == "empty document"
    assert reason(write(tmp_path, "blank.txt", " \n\t\r\n  \n")) == "empty document"
    assert reason(write(tmp_path, "bom.txt", "\ufeff\n \u00a0\n")) == "empty document"


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "PNG"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "PDF"),
        (b"PK\x03\x04\x14\x00\x06\x00" + b"word/document.xml", "ZIP"),
        (b"\x7fELF\x02\x01\x01" + bytes(100), "ELF"),
    ],
    ids=["png", "pdf", "zip", "elf"],
)
def test_binary_by_magic_number(tmp_path: Path, data: bytes, kind: str) -> None:
    got = reason(write(tmp_path, "report.txt", data))
    assert got.startswith(f"binary content (looks like {kind}")


def test_binary_without_magic_number(tmp_path: Path) -> None:
    assert (
        reason(write(tmp_path, "nul.txt", b"text\x00with\x00nuls" * 10))
        == "binary content (contains NUL bytes)"
    )
    controls = bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15]) * 20 + b"some text"
    assert "control characters" in reason(write(tmp_path, "ctl.txt", controls))


def test_cp1252_and_latin1_are_decoded(tmp_path: Path) -> None:
    western = "Café déjà vu — “quoted” text from München, naïve résumé."
    assert one(write(tmp_path, "w.txt", western.encode("cp1252"))).text == western
    german = "Die Straße in Köln war gesperrt, sagte der Sprecher. Ärger über Gelder."
    assert one(write(tmp_path, "l.txt", german.encode("latin-1"))).text == german


def test_utf16_with_bom(tmp_path: Path) -> None:
    text = "Missiles were fired at Kyiv overnight, officials said."
    assert one(write(tmp_path, "u16.txt", text.encode("utf-16"))).text == text


def test_undecodable_bytes(tmp_path: Path) -> None:
    rng = random.Random(7)
    garbage = bytes(rng.randrange(0x80, 0x100) for _ in range(400))
    assert reason(write(tmp_path, "g.txt", garbage)).startswith("cannot decode as text (not UTF-8")


def test_over_the_size_limit(tmp_path: Path) -> None:
    path = write(tmp_path, "big.txt", "word " * 100)
    assert reason(path, max_bytes=100) == "file is 500 bytes, over the limit of 100"
    assert one(path, max_bytes=500).text.startswith("word word")


def test_missing_file_and_directory(tmp_path: Path) -> None:
    assert reason(tmp_path / "nope.txt") == "no such file"
    assert reason(tmp_path) == "is a directory"


def test_stdin_dash() -> None:
    data = b"Headline Here\n\nBy Ana Lima\n\nThe body of the story says that officials said something today."
    doc = one("-", stdin=io.BytesIO(data))
    assert (doc.title, doc.author, doc.source_file) == ("Headline Here", "Ana Lima", "-")
    with pytest.raises(InvalidDocument, match="over the limit of 10 bytes"):
        read_input("-", stdin=io.BytesIO(data), max_bytes=10)


def test_iter_input_yields_source_errors_instead_of_raising(tmp_path: Path) -> None:
    items = list(iter_input(str(tmp_path / "missing.txt")))
    assert len(items) == 1 and isinstance(items[0], InvalidDocument)
    assert items[0].source == str(tmp_path / "missing.txt")


def test_iter_bytes_with_a_format_hint() -> None:
    (doc,) = iter_bytes(b'{"text": "Hello."}', "upload", kind="text")
    assert isinstance(doc, Document) and doc.text == '{"text": "Hello."}'


# --- URLs (no network: the fetcher is replaced) --------------------------------------------------------


class FakeResponse:
    def __init__(self, data: bytes, status: int = 200, content_type: str = "text/html; charset=utf-8"):
        self.data = data
        self.status = status
        self.url = "https://news.example/story"
        self.headers = {"content-type": content_type}


def test_url_is_fetched_and_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    page = (EXAMPLES / "04_treasury_sanctions.html").read_bytes()
    monkeypatch.setattr("trafilatura.fetch_response", lambda url, **kw: FakeResponse(page))
    doc = one("https://news.example/story")
    assert doc.publisher == "Sanctions Desk"
    assert doc.source_file == "https://news.example/story"


def test_url_feed_by_content_type(monkeypatch: pytest.MonkeyPatch) -> None:
    feed = (EXAMPLES / "05_feed.xml").read_bytes()
    monkeypatch.setattr(
        "trafilatura.fetch_response", lambda url, **kw: FakeResponse(feed, content_type="application/rss+xml")
    )
    assert len(read_input("https://news.example/rss")) == 3


@pytest.mark.parametrize(
    ("response", "expected"),
    [
        (None, "could not fetch: no response"),
        (FakeResponse(b"gone", status=404), "could not fetch: HTTP 404"),
    ],
)
def test_url_fetch_failures(monkeypatch: pytest.MonkeyPatch, response: object, expected: str) -> None:
    monkeypatch.setattr("trafilatura.fetch_response", lambda url, **kw: response)
    assert reason("https://news.example/story").startswith(expected)


def test_url_over_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("trafilatura.fetch_response", lambda url, **kw: FakeResponse(b"x" * 50))
    assert reason("https://news.example/story", max_bytes=10) == "response is 50 bytes, over the limit of 10"
