"""The dossier on the seed and the example reports: every citation quotes the exact span it names, in the data
model and in the rendered Markdown and HTML; provisions, denials, timeline and summary are there."""

from __future__ import annotations

import html
import re
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from armswatch.cli import main
from armswatch.ingest import read_input
from armswatch.process import process
from armswatch.records import Document, Extraction
from armswatch.report import Dossier, build_dossier, md_text, md_unescape, render_html, render_markdown
from conftest import SEED

EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "examples").glob("*"))
GENERATED = date(2025, 1, 1)
FOOTNOTE = re.compile(r"^\[\^(\d+)\]: “(.*)” — .*; document ([0-9a-f]+), characters (\d+)–(\d+)\.$")
HTML_NOTE = re.compile(
    r'<li id="fn(\d+)" data-document="([0-9a-f]+)" data-start="(\d+)" data-end="(\d+)">“<q>(.*?)</q>”', re.S
)

pytestmark = pytest.mark.skipif(not SEED.exists(), reason="../shared/seed is absent")


@pytest.fixture(scope="module")
def extractions() -> list[Extraction]:
    docs: list[Document] = []
    for path in [SEED, *EXAMPLES]:
        for d in read_input(str(path)):
            if d.published is None:
                d.published = date(2024, 1, 4)
            docs.append(d)
    return list(process(docs))


@pytest.fixture(scope="module")
def dprk(extractions: list[Extraction]) -> Dossier:
    return build_dossier(extractions, supplier="PRK", recipient="RUS", generated=GENERATED)


@pytest.fixture(scope="module")
def iran(extractions: list[Extraction]) -> Dossier:
    return build_dossier(extractions, supplier="IRN", recipient="RUS", generated=GENERATED)


def texts(d: Dossier) -> dict[str, str]:
    return {doc.id: doc.text for doc in d.documents}


def test_every_citation_is_its_document_span(dprk: Dossier, iran: Dossier) -> None:
    for d in (dprk, iran):
        assert d.citations
        assert [c.number for c in d.citations] == list(range(1, len(d.citations) + 1))
        for c in d.citations:
            assert c.document.text[c.span.start : c.span.end] == c.quote


@pytest.mark.parametrize("which", ["dprk", "iran"])
def test_markdown_footnotes_quote_exact_spans(which: str, request: pytest.FixtureRequest) -> None:
    d: Dossier = request.getfixturevalue(which)
    md = render_markdown(d)
    body, _, notes = md.partition("\n## Notes\n")
    found = {}
    for line in notes.strip().splitlines():
        m = FOOTNOTE.match(line)
        assert m, line
        number, quote, doc_id, start, end = int(m[1]), md_unescape(m[2]), m[3], int(m[4]), int(m[5])
        assert texts(d)[doc_id][start:end] == quote, (number, quote)
        found[number] = quote
    assert sorted(found) == list(range(1, len(d.citations) + 1))
    cited = {int(n) for n in re.findall(r"\[\^(\d+)\]", body)}
    assert cited == set(found), "every footnote is referenced, and every reference has a footnote"


def test_html_notes_quote_exact_spans(dprk: Dossier) -> None:
    page = render_html(dprk)
    notes = HTML_NOTE.findall(page)
    assert len(notes) == len(dprk.citations)
    for _, doc_id, start, end, quote in notes:
        assert texts(dprk)[doc_id][int(start) : int(end)] == html.unescape(quote)
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")


def test_provisions_and_reasons_appear(dprk: Dossier) -> None:
    md = render_markdown(dprk)
    incidents = md.split("## 3. Incidents")[1].split("## 5. Provisions referred to")[0]
    for pid in ("UNSCR 1718 OP8(b)", "UNSCR 1874 OP9"):
        assert f"**{md_text(pid)}**" in incidents
        assert any(p.provision == pid for p in dprk.provisions)
    assert "recipient RUS voted for both" in incidents
    assert "*For a firmer finding:*" in incidents
    missiles = next(
        i for i in dprk.incidents if i.kind == "transfer" and "ballistic missile launchers" in i.items
    )
    assert {"UNSCR 1718 OP8(b)", "UNSCR 1874 OP9"} <= {f.provision for f in missiles.findings}
    assert any(c.source.startswith("John Kirby") for c in (e.claim for e in missiles.entries) if c)


def test_incidents_keep_shells_apart_from_missiles_and_group_uses(dprk: Dossier) -> None:
    seed_uses = [i for i in dprk.incidents if i.kind == "use"]
    assert len(seed_uses) == 1 and len(seed_uses[0].entries) >= 3  # the seed's launches, 30 Dec and 2 Jan
    missiles = next(i for i in dprk.incidents if "ballistic missile launchers" in i.items)
    assert all(e.families & {"missile", "launcher"} for e in missiles.entries), (
        "no shells-only report joins it"
    )
    shells = [i for i in dprk.incidents if any("shell" in x or "rounds" in x for x in i.items)]
    assert shells and all(i.supplier == "PRK" and i.recipient == "RUS" for i in shells)
    nis = [
        i for i in shells if any(e.document.title and "Million Shells" in e.document.title for e in i.entries)
    ]
    assert nis and any(e.document.id != nis[0].entries[0].document.id for e in nis[0].entries), (
        "the seed's and the feed's NIS reports of a million shells are one incident"
    )


def test_denials_are_kept_beside_the_claims(dprk: Dossier) -> None:
    denials = [s for i in dprk.incidents for s in i.statements if s.kind == "denial"]
    assert any("any such transfers occurring" in s.what for s in denials)
    assert all("RUS" not in s.who for s in denials)  # names, not codes
    md = render_markdown(dprk)
    assert "Denial by" in md and "Accusation by United States" in md


def test_summary_counts_each_source_origin_once(dprk: Dossier) -> None:
    rows = {r.item: r for r in dprk.summary}
    shells = rows["artillery shell"]
    assert shells.origin == "PRK"
    assert shells.sources.count("National Intelligence Service (KOR-NIS)") == 1
    assert len(shells.sources) == len(set(shells.sources))
    assert any("1,000,000" in q for q, _ in shells.quantities)
    for r in dprk.summary:
        assert set(r.citations) <= {c.number for c in dprk.citations}


def test_iran_drones_after_2231_ended_implicate_nothing(iran: Dossier) -> None:
    assert iran.incidents, "the example's Shahed drones for Russia"
    findings = [f for i in iran.incidents for f in i.findings]
    # The arms restrictions (Annex B paras 5, 6(b)) ended 18 Oct 2020: only the missile-technology paragraph
    # can apply, to last winter's (2022) use, and only possibly (drones are MTCR items only by range).
    assert {f.provision for f in findings} <= {"UNSCR 2231 Annex B para 4"}
    assert all(f.match == "possible" for f in findings)
    for inc in iran.incidents:
        if all(e.first and e.first >= date(2023, 10, 18) for e in inc.entries):
            assert not inc.findings, inc.dates  # reported 25 Nov 2023: after paragraph 4 ended too
    assert any(not i.findings for i in iran.incidents)
    assert "None: the dates or items fall outside every provision checked." in render_markdown(iran)


def test_since_drops_earlier_events(extractions: list[Extraction], dprk: Dossier) -> None:
    since = date(2024, 1, 1)
    later = build_dossier(extractions, supplier="PRK", recipient="RUS", since=since, generated=GENERATED)
    assert 0 < len(later.incidents) < len(dprk.incidents)
    for inc in later.incidents:
        for e in inc.entries:
            assert e.last is None or e.last >= since


def test_pdf_renders(dprk: Dossier, monkeypatch: pytest.MonkeyPatch) -> None:
    from armswatch.report import pdf

    out = pdf.render_pdf(dprk)
    assert out.startswith(b"%PDF") and len(out) > 5_000
    monkeypatch.setattr(pdf, "find_font", lambda: None)  # no Unicode font: core font, Latin-1
    assert pdf.render_pdf(dprk).startswith(b"%PDF")


def test_cli_report(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(
        main, ["report", str(SEED), "--supplier", "prk", "--recipient", "RUS", "--published", "2024-01-04"]
    )
    assert result.exit_code == 0, result.output
    assert "# Annex: Arms transfers from North Korea (PRK) to Russia (RUS)" in result.stdout
    assert "UNSCR 1718 OP8(b)" in result.stdout and "incident(s)" in result.stderr
    out = tmp_path / "d.pdf"
    result = runner.invoke(
        main, ["report", str(SEED), "--supplier", "PRK", "--format", "pdf", "-o", str(out)]
    )
    assert result.exit_code == 0 and out.read_bytes().startswith(b"%PDF")
    result = runner.invoke(main, ["report", str(SEED), "--format", "pdf"])
    assert result.exit_code == 2 and "-o FILE" in result.output


def test_cli_report_without_files_reads_the_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = pytest.importorskip("armswatch.store")
    monkeypatch.setenv("ARMSWATCH_DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    result = CliRunner().invoke(main, ["report", "--supplier", "PRK"])
    if not hasattr(store, "load_extractions"):
        assert result.exit_code == 2 and "give FILES" in result.output
        return
    assert result.exit_code == 0, result.output
    assert "from 0 document(s)" in result.stderr and "No transfer between these parties" in result.stdout
    monkeypatch.delattr(store, "load_extractions")  # a store that cannot hand extractions back
    result = CliRunner().invoke(main, ["report", "--supplier", "PRK"])
    assert result.exit_code == 2 and "give FILES" in result.output
