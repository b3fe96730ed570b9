"""Exports of the fusion reports' knowledge base: ACLED-like CSV, PLOVER records, FollowTheMoney entities,
incident JSON Lines and the flat event CSV — and the CLI around them."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from armswatch.cli import main
from armswatch.export import EVENT_COLUMNS, export
from armswatch.export.acled import COLUMNS
from armswatch.store import Filters, Store
from test_store_support import (
    BACKENDS,
    backend_url,
    fusion_extractions,
)


@pytest.fixture(params=BACKENDS)
def fused(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    url = backend_url(str(request.param), tmp_path)
    extractions, extractor = fusion_extractions()
    with Store(url) as kb:
        for ex in extractions:
            kb.save(ex, extractor)
    return url


def _export(url: str, fmt: str, filters: Filters | None = None) -> str:
    out = io.StringIO()
    with Store(url) as kb:
        export(kb, fmt, out, filters)
    return out.getvalue()


def test_acled_rows(fused: str) -> None:
    rows = list(csv.DictReader(io.StringIO(_export(fused, "acled", Filters(type="ATTACK")))))
    assert tuple(rows[0].keys()) == COLUMNS
    by_date = {r["event_date"]: r for r in rows if r["time_precision"] == "1"}
    zap = by_date["2023-12-30"]
    assert zap["event_type"] == "Explosions/Remote violence"
    assert zap["sub_event_type"] in ("Shelling/artillery/missile attack", "Air/drone strike")
    assert zap["actor1"] == "Russia"
    assert zap["country"] == "Ukraine"
    assert zap["admin1"] and zap["admin1"] != "UA-23"  # a name, as ACLED writes it
    assert zap["geo_precision"] == "3"  # an oblast
    assert set(zap["source"].split("; ")) == {"Capital Wire", "Harbor Times"}
    assert zap["notes"].startswith("2023-12-30: ") and "1 independent origin(s)" in zap["notes"]
    assert zap["fatalities"] == "0"
    kharkiv = by_date["2024-01-02"]
    assert float(kharkiv["latitude"]) == pytest.approx(49.99, abs=0.1)
    assert kharkiv["geo_precision"] == "1"


def test_plover_records(fused: str) -> None:
    records = [json.loads(line) for line in _export(fused, "plover").splitlines()]
    events = {r["event"] for r in records}
    assert {"ASSAULT", "AID"} <= events
    assert not events & {"TEST", "DIPLOMACY"}
    [aid] = [r for r in records if r["event"] == "AID"]
    assert aid["mode"] == "military"
    assert aid["source"] == [{"actorText": "North Korea", "code": "PRK"}]
    assert aid["target"] == [{"actorText": "Russia", "code": "RUS"}]
    assert aid["armswatch"]["status"] == "disputed" and aid["armswatch"]["denials"]
    assert aid["eventText"] in aid["text"]
    for r in records:
        assert r["id"].startswith("armswatch-incident-") and r["version"] == "PLOVER-2021"


def test_followthemoney_entities_are_valid_and_cite_their_reports(fused: str) -> None:
    from followthemoney import model

    entities = [model.get_proxy(json.loads(line)) for line in _export(fused, "ftm").splitlines()]
    by_id = {e.id: e for e in entities}
    assert len(by_id) == len(entities)  # each entity once
    schemata = {e.schema.name for e in entities}
    assert {"Event", "Article", "Documentation", "PublicBody"} <= schemata
    transfer = next(
        e for e in entities if e.schema.name == "Event" and e.first("name").startswith("TRANSFER")
    )
    assert "North Korea" in transfer.first("name") and "Russia" in transfer.first("name")
    assert "denied by PRK" in transfer.first("description")
    involved = {by_id[i].first("name") for i in transfer.get("involved")}
    assert {"North Korea", "Russia"} <= involved
    links = [e for e in entities if e.schema.name == "Documentation" and e.first("entity") == transfer.id]
    roles = {e.first("role") for e in links}
    assert roles == {"reports", "denies"}
    for link in links:
        article = by_id[link.first("document")]
        assert article.schema.name == "Article" and article.first("publisher")
    for e in entities:  # every property value is valid for its schema
        for prop, values in e.to_dict()["properties"].items():
            assert e.schema.get(prop) is not None, (e.schema.name, prop)
            assert values


def test_jsonl_and_csv(fused: str) -> None:
    incidents = [json.loads(line) for line in _export(fused, "jsonl").splitlines()]
    assert incidents and all(
        {"id", "type", "status", "corroboration", "denials", "events"} <= i.keys() for i in incidents
    )
    rows = list(csv.DictReader(io.StringIO(_export(fused, "csv"))))
    assert tuple(rows[0].keys()) == EVENT_COLUMNS
    in_incidents = {m["event"] for i in incidents for m in i["events"]}
    assert {r["event"] for r in rows if r["incident"]} == in_incidents


def test_cli_ingest_search_incidents_export(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    files = sorted(str(p) for p in (Path(__file__).parent / "data" / "fusion").glob("*.txt"))
    runner = CliRunner()
    result = runner.invoke(main, ["ingest", "--db", db, "--json", *files, files[0]])
    assert result.exit_code == 0, result.output
    summary: dict[str, Any] = json.loads(result.stdout.splitlines()[0])
    assert (summary["new"], summary["duplicate"], summary["failed"]) == (len(files), 1, 0)
    assert "6 new, 1 duplicate, 0 replaced, 0 failed" in result.stderr

    hits = runner.invoke(main, ["search", "--db", db, "--json", "Zaporizhzhia"])
    assert hits.exit_code == 0
    assert {json.loads(line)["kind"] for line in hits.stdout.splitlines()} == {"document", "evidence"}

    listed = runner.invoke(main, ["incidents", "--db", db, "--type", "TRANSFER", "--json"])
    [transfer] = [json.loads(line) for line in listed.stdout.splitlines()]
    assert transfer["status"] == "disputed"
    assert (
        runner.invoke(
            main, ["incidents", "--db", db, "--actor", "PRK", "--since", "2023-12-01"]
        ).stdout.count("#")
        >= 2
    )
    assert runner.invoke(main, ["incidents", "--db", db, "--until", "2020-01-01"]).stdout == ""

    # undo a merge from the command line: the Harbor Times report leaves the transfer incident
    harbor = next(e["event"] for e in transfer["events"] if e["outlet"] == "Harbor Times")
    unlinked = runner.invoke(main, ["incidents", "--db", db, "unlink", str(transfer["id"]), harbor])
    assert unlinked.exit_code == 0, unlinked.output
    new = json.loads(unlinked.stdout)["new_incident"]
    shown = json.loads(runner.invoke(main, ["incidents", "--db", db, "show", str(new)]).stdout)
    assert [e["event"] for e in shown["events"]] == [harbor]
    bad = runner.invoke(main, ["incidents", "--db", db, "unlink", str(transfer["id"]), "nope:e1"])
    assert bad.exit_code != 0 and "no such event" in bad.output

    out = tmp_path / "incidents.csv"
    exported = runner.invoke(main, ["export", "--db", db, "--format", "acled", "-o", str(out)])
    assert exported.exit_code == 0
    assert out.read_text(encoding="utf-8").splitlines()[0] == ",".join(COLUMNS)


def test_every_attack_subtype_has_an_acled_type() -> None:
    from armswatch.export.acled import ATTACK_TYPES
    from armswatch.extract.lexicon import SUBTYPES

    assert set(SUBTYPES) <= set(ATTACK_TYPES)


def test_plover_target_falls_back_to_where_it_happened() -> None:
    from armswatch.export.plover import where_target

    named = [{"actorText": "Ukraine", "code": "UKR"}]
    assert where_target(named, "RUS") == named  # a named target stays
    assert where_target([], "EGY", "Cairo") == [{"actorText": "Cairo", "code": "EGY", "coded_by": "location"}]
    assert where_target([], None) == []
