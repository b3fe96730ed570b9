"""The store: schema and migrations, exact round trips, duplicates, replacement, search, integrity, undo,
and whole documents only after a kill -9 — on SQLite and on PostgreSQL."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from armswatch.records import Document, Extraction
from armswatch.store import Store
from armswatch.store.engine import current_revision, head_revision, normalise_url
from test_store_support import (
    BACKENDS,
    FUSION,
    backend_url,
    fusion_extractions,
    many_documents,
    strike_report,
)

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return backend_url(str(request.param), tmp_path)


def test_migrations_create_the_orm_schema_and_nothing_else(db_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from armswatch.store.schema import Base, include_name

    with Store(db_url) as kb:
        assert current_revision(kb.engine) == head_revision()
        with kb.engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"compare_type": True, "include_name": include_name})
            assert compare_metadata(ctx, Base.metadata) == []
    with Store(db_url) as kb:  # opening again upgrades nothing and keeps the data
        assert kb.counts()["documents"] == 0


def test_postgres_url_gets_the_psycopg3_driver() -> None:
    assert normalise_url("postgresql://u:p@h/db").startswith("postgresql+psycopg://u:p@h/db")
    assert normalise_url("sqlite:///x.db") == "sqlite:///x.db"


def test_round_trip_is_exact_and_spans_are_rechecked(db_url: str) -> None:
    extractions, extractor = fusion_extractions()
    with Store(db_url) as kb:
        for ex in extractions:
            assert kb.save(ex, extractor).status == "new"
        for ex in extractions:
            back = kb.extraction(ex.document.id)
            assert back.to_json() == ex.to_json()
        assert kb.check() == []
        counts = kb.counts()
        assert counts["documents"] == len(extractions)
        assert counts["events"] == sum(len(ex.events) for ex in extractions)


def test_same_text_is_stored_once_and_other_urls_are_kept(db_url: str) -> None:
    ex = strike_report(
        "Russia struck Kharkiv with missiles on Tuesday, the air force said.", url="https://a.example/1"
    )
    copy = replace(ex, document=replace(ex.document, url="https://b.example/2", publisher="Other Outlet"))
    reflowed_text = ex.document.text.upper().replace(" ", "  ")
    with Store(db_url) as kb:
        assert kb.save(ex, "x.v1").status == "new"
        again = kb.save(ex, "x.v1")
        assert again.status == "duplicate" and again.document == ex.document.id
        other = kb.save(copy, "x.v1")
        assert other.status == "duplicate"
        assert "https://b.example/2" in other.reason
        # the same text re-flowed (case and spacing) is the same story
        assert kb.status_of(Document(text=reflowed_text), "x.v1") == "duplicate"
        assert kb.counts()["documents"] == 1
        incident = kb.incident(kb.incident_ids()[0])
        # the copy's publisher counts as an outlet, not as an origin
        assert set(incident["corroboration"]["outlets"]) == {"Test Outlet", "Other Outlet"}
        assert incident["corroboration"]["independent_origins"] == 1


def test_a_newer_extractor_replaces_the_records_atomically(db_url: str) -> None:
    ex = strike_report("Russia struck Kharkiv with missiles on Tuesday, the air force said.")
    other = strike_report(
        "Russia struck Kharkiv with missiles on Tuesday, the governor said.", source=None, publisher="Second"
    )
    with Store(db_url) as kb:
        kb.save(ex, "x.v1")
        kb.save(other, "x.v1")
        [incident] = kb.incident_ids()
        assert kb.incident(incident)["corroboration"]["independent_origins"] == 2
        fewer = replace(ex, events=[], attributions=[], times=[], places=[])
        result = kb.save(fewer, "x.v2")
        assert result.status == "replaced"
        assert kb.extraction(ex.document.id).events == []
        assert kb.status_of(ex.document, "x.v2") == "duplicate"
        assert kb.status_of(ex.document, "x.v1") == "replace"
        # the replaced events left the incident; the other report still stands
        [incident] = kb.incident_ids()
        assert kb.incident(incident)["documents"] == [other.document.id]
        assert kb.check() == []


def test_failed_save_leaves_nothing(db_url: str) -> None:
    ex = strike_report("Russia struck Kharkiv with missiles on Tuesday, the air force said.")
    broken = replace(ex, events=[*ex.events, replace(ex.events[0], id="e2", type=None)])  # type: ignore[arg-type]
    with Store(db_url) as kb:
        with pytest.raises(Exception, match=r"(?i)null|constraint"):
            kb.save(broken, "x.v1")
        assert kb.counts() == {"documents": 0, "events": 0, "incidents": 0, "failures": 0}
        assert kb.save(ex, "x.v1").status == "new"
        assert kb.check() == []


def test_search_documents_and_evidence_and_stays_in_sync(db_url: str) -> None:
    first = strike_report(
        "Russia struck Kharkiv with missiles on Tuesday, the air force said.\nKN-23 debris was found.",
        title="Kharkiv strike",
    )
    second = strike_report("Russia struck Odesa with missiles on Tuesday, the air force said.", place=None)
    with Store(db_url) as kb:
        kb.save(first, "x.v1")
        kb.save(second, "x.v1")
        hits = kb.search("Kharkiv missiles")
        assert {h.document for h in hits} == {first.document.id}
        assert {h.kind for h in hits} == {"document", "evidence"}
        evidence = [h for h in hits if h.kind == "evidence"]
        assert evidence[0].event == f"{first.document.id}:e1" and evidence[0].event_type == "ATTACK"
        assert "Kharkiv" in evidence[0].snippet
        # operator characters in the query are words, not syntax
        assert {h.document for h in kb.search('KN-23 "debris was"')} == {first.document.id}
        assert {h.document for h in kb.search("strike")} >= {first.document.id}  # stemming
        kb.delete(first.document.id)
        assert kb.search("Kharkiv") == []
        assert {h.document for h in kb.search("Odesa")} == {second.document.id}
        assert kb.check() == []


def test_unlink_and_split_are_undoable_and_kept(db_url: str) -> None:
    reports = [
        strike_report(
            f"Russia struck Kharkiv with missiles on Tuesday, the air force said. ({n})",
            publisher=f"Outlet {n}",
            source=None,
        )
        for n in range(3)
    ]
    with Store(db_url) as kb:
        for ex in reports:
            kb.save(ex, "x.v1")
        [incident] = kb.incident_ids()
        keys = [f"{ex.document.id}:e1" for ex in reports]
        assert kb.incident(incident)["documents"] == sorted(ex.document.id for ex in reports)
        new = kb.unlink(incident, keys[2], reason="different strike")
        assert new != incident
        assert kb.incident_of(keys[2]) == new
        assert len(kb.incident(incident)["documents"]) == 2
        assert "split from incident" in kb.incident(new)["events"][0]["rule"]
        # a later report that matches both never puts the unlinked event back
        kb.save(
            strike_report("Russia struck Kharkiv with missiles on Tuesday, the air force said. (4)"), "x.v1"
        )
        assert kb.incident_of(keys[2]) == new
        with pytest.raises(Exception, match="not an active member"):
            kb.unlink(incident, keys[2])
        assert kb.check() == []


def test_ingest_failures_are_recorded(db_url: str) -> None:
    from armswatch.errors import InvalidDocument
    from armswatch.store.ingest import ingest

    good = strike_report("Russia struck Kharkiv with missiles on Tuesday, the air force said.")
    bad = Document(text="This one breaks the extractor.", source_file="bad.txt")

    def extract(docs: object) -> list[Extraction]:
        out = []
        for d in docs:  # type: ignore[attr-defined]
            if d.text.startswith("This one breaks"):
                raise ValueError("cannot parse")
            out.append(good)
        return out

    with Store(db_url) as kb:
        summary = ingest(
            kb, [InvalidDocument("empty.txt", "no body text"), good.document, bad], extract, "x.v1"
        )
        assert (summary.new, summary.duplicate, len(summary.failed)) == (1, 0, 2)
        assert {(f.source, f.stage) for f in summary.failed} == {
            ("empty.txt", "read"),
            ("bad.txt", "extract"),
        }
        assert "ValueError: cannot parse" in summary.failed[1].reason
        assert kb.counts()["failures"] == 2
        again = ingest(kb, [good.document, good.document], extract, "x.v1")
        assert (again.new, again.duplicate) == (0, 2)


# --- a kill -9 in the middle of a run --------------------------------------------------------------------

_WRITER = """
import sys
sys.path.insert(0, {tests!r})
from test_store_support import many_documents
from armswatch.store import Store
with Store({url!r}) as kb:
    for ex in many_documents(100000, words=3000):
        kb.save(ex, "x.v1")
"""


def _wait_for_documents(url: str, n: int, proc: subprocess.Popen[bytes], timeout: float = 240.0) -> None:
    engine = create_engine(normalise_url(url))
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise AssertionError(
                    f"the writer ended early: {proc.stderr.read().decode() if proc.stderr else ''}"
                )
            try:
                with engine.connect() as conn:
                    if (conn.execute(text("SELECT count(*) FROM documents")).scalar() or 0) >= n:
                        return
            except Exception:  # the schema may not exist yet
                pass
            time.sleep(0.2)
        raise AssertionError(f"fewer than {n} documents stored after {timeout} s")
    finally:
        engine.dispose()


def _kill(proc: subprocess.Popen[bytes]) -> None:
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL


def test_kill_9_while_saving_leaves_only_whole_documents(db_url: str) -> None:
    code = _WRITER.format(tests=str(Path(__file__).parent), url=db_url)
    proc = subprocess.Popen([sys.executable, "-c", code], stderr=subprocess.PIPE, cwd=ROOT)
    _wait_for_documents(db_url, 5, proc)
    time.sleep(0.37)  # land somewhere inside a later document's transaction
    _kill(proc)
    with Store(db_url) as kb:
        assert kb.check() == []
        stored = kb.counts()["documents"]
        assert stored >= 5
        for ex in kb.extractions():
            assert len(ex.events) == 1 and ex.events[0].roles["attacker"][0].id == "RUS"
        # the store goes on: the next document saves and fuses normally
        assert kb.save(next(many_documents(1, words=5)), "x.v1").status == "new"
        assert kb.check() == []


def test_kill_9_during_armswatch_ingest_then_resume(db_url: str, tmp_path: Path) -> None:
    """The CLI, extraction included: killed mid-run, every stored document is whole; a rerun stores the
    rest and reports the finished ones as duplicates."""
    texts = sorted(FUSION.glob("*.txt"))
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    n = 24
    for i in range(n):
        src = texts[i % len(texts)].read_text(encoding="utf-8")
        (corpus / f"{i:03d}.txt").write_text(
            src.replace("\n\n©", f"\n\nEdition {i}.\n\n©", 1) + f"\nRef {i}.\n"
        )
    env = {**os.environ, "ARMSWATCH_DATABASE_URL": db_url, "ARMSWATCH_BATCH_SIZE": "2"}
    cli = [sys.executable, "-m", "armswatch.cli", "ingest", "--quiet", *sorted(map(str, corpus.iterdir()))]
    proc = subprocess.Popen(cli, stderr=subprocess.PIPE, stdout=subprocess.PIPE, cwd=ROOT, env=env)
    _wait_for_documents(db_url, 3, proc)
    _kill(proc)
    with Store(db_url) as kb:
        assert kb.check() == []
        first = kb.counts()["documents"]
        assert 3 <= first < n
        for ex in kb.extractions():
            assert ex.events  # each report here has events; a half-stored one would have none
    rerun = subprocess.run([*cli, "--json"], capture_output=True, text=True, cwd=ROOT, env=env, timeout=600)
    assert rerun.returncode == 0, rerun.stderr

    summary = json.loads(rerun.stdout)
    # finished documents are duplicates (or "replaced" when the extractor changed in between: the
    # lexicon or pipeline was edited while the test ran); none is new again
    assert summary["duplicate"] + summary["replaced"] == first, summary
    assert summary["new"] == n - first
    with Store(db_url) as kb:
        assert kb.check() == []
        assert kb.counts()["documents"] == n


def test_each_backend_opens_from_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from armswatch.settings import Settings

    url = backend_url("sqlite", tmp_path)
    monkeypatch.setenv("ARMSWATCH_DATABASE_URL", url)
    with Store(settings=Settings()) as kb:
        assert kb.url == url and kb.dialect == "sqlite"
