"""Fusion into incidents, corroboration by origin and contradictions: the rules one by one on hand-made
records, then the fusion reports (tests/data/fusion) end to end on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from armswatch.records import Extraction
from armswatch.resolve import (
    IncidentParties,
    Report,
    choose,
    compare,
    contradicts,
    corroborate,
    interval_of,
    view_of,
)
from armswatch.resolve.contradictions import claim_words
from armswatch.store import Store
from test_store_support import (
    BACKENDS,
    Builder,
    backend_url,
    fusion_extractions,
    strike_report,
)


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return backend_url(str(request.param), tmp_path)


def view(ex: Extraction, i: int = 0) -> Any:
    return view_of(ex.events[i], ex.document)


KHARKIV = ("Kharkiv", "UKR", "UA-63", 49.98, 36.25, "city")
ZAPORIZHZHIA = ("Zaporizhzhia region", "UKR", "UA-23", 47.23, 35.73, "admin1")


def test_intervals_at_their_precision() -> None:
    assert interval_of("2023-12-30", "day") == (date(2023, 12, 30), date(2023, 12, 30))
    assert interval_of("2023-12", "month") == (date(2023, 12, 1), date(2023, 12, 31))
    assert interval_of("2024-02", "month") == (date(2024, 2, 1), date(2024, 2, 29))
    assert interval_of("2023-Q4", "quarter") == (date(2023, 10, 1), date(2023, 12, 31))
    assert interval_of("2024-W01", "week") == (date(2024, 1, 1), date(2024, 1, 7))
    assert interval_of("2023", "year") == (date(2023, 1, 1), date(2023, 12, 31))
    assert interval_of("2023-11/2023-12", "month") == (date(2023, 11, 1), date(2023, 12, 31))
    assert interval_of("sometime", None) is None


def test_same_strike_reported_twice_matches_with_its_rule() -> None:
    a = strike_report("Russia struck Kharkiv with missiles on Tuesday, the air force said.", place=KHARKIV)
    b = strike_report("Russia struck Kharkiv with missiles on Tuesday, officials said.", source=None)
    c = compare(view(a), view(b))
    assert c.compatible
    assert "attacker RUS" in c.rule and "place UA-63" in c.rule and "2024-01-02 (day)" in c.rule


@pytest.mark.parametrize(
    ("change", "conflict"),
    [
        ({"day": "2024-01-05"}, "time 2024-01-02 (day) vs 2024-01-05 (day)"),
        ({"place": ("Odesa", "UKR", "UA-51", 46.48, 30.72, "city")}, "place Kharkiv ↔ Odesa"),
        ({"place": ZAPORIZHZHIA}, "place UA-63 ≠ UA-23"),
    ],
)
def test_different_day_or_place_is_a_conflict(change: dict[str, Any], conflict: str) -> None:
    a = strike_report("Russia struck Kharkiv with missiles on Tuesday, the air force said.")
    text = "Russia struck Kharkiv with missiles on Tuesday, officials said. Odesa. Zaporizhzhia region."
    b = strike_report(text, **change)
    c = compare(view(a), view(b))
    assert not c.compatible
    assert any(conflict in x for x in c.conflicts), c.conflicts


def test_an_overnight_strike_may_be_dated_by_either_night() -> None:
    a = strike_report("Russia struck Kharkiv with missiles on Tuesday, the air force said.")
    b = strike_report(
        "Russia struck Kharkiv with missiles on Wednesday, officials said.",
        day="2024-01-03",
        when="on Wednesday",
    )
    assert compare(view(a), view(b)).compatible


def transfer(text: str, supplier: str, recipient: str, item: tuple[str, str], **meta: Any) -> Extraction:
    b = Builder(text, published=date(2024, 1, 4), **meta)
    roles = {
        "supplier": [b.mention(supplier, "COUNTRY", {"North Korea": "PRK", "Iran": "IRN"}[supplier])],
        "recipient": [b.mention(recipient, "COUNTRY", "RUS")],
        "item": [b.mention(item[0], "WEAPON", f"class:{item[1]}", **{"class": item[1]})],
    }
    b.event("TRANSFER", "supplied", text, roles)
    return b.build()


def test_transfers_of_unrelated_items_or_suppliers_do_not_merge() -> None:
    missiles = transfer(
        "North Korea supplied Russia with ballistic missiles.",
        "North Korea",
        "Russia",
        ("ballistic missiles", "ballistic_missile"),
    )
    missiles2 = transfer(
        "North Korea supplied Russia with missiles.", "North Korea", "Russia", ("missiles", "missile")
    )
    shells = transfer(
        "North Korea supplied Russia with artillery shells.",
        "North Korea",
        "Russia",
        ("artillery shells", "artillery_shell"),
    )
    drones = transfer("Iran supplied Russia with missiles.", "Iran", "Russia", ("missiles", "missile"))
    same = compare(view(missiles), view(missiles2))
    assert same.compatible and "item ballistic_missile ~ missile" in same.rule
    assert "items artillery_shell vs ballistic_missile" in compare(view(shells), view(missiles)).conflicts
    assert "supplier IRN ≠ PRK" in compare(view(drones), view(missiles2)).conflicts


def test_an_undated_report_fitting_two_strikes_joins_neither() -> None:
    first = view(strike_report("Russia struck Kharkiv with missiles on Tuesday, the air force said."))
    second = view(
        strike_report(
            "Russia struck Kharkiv with missiles on Saturday, the air force said.",
            day="2023-12-30",
            when="on Saturday",
        )
    )
    vague = view(
        strike_report("Russia struck Kharkiv with missiles, the air force said.", published=date(2024, 1, 4))
    )
    assert vague.interval is not None and vague.interval.proxy
    decision = choose(vague, {1: [first], 2: [second]})
    assert decision.incident is None and "fits several incidents (#1, #2)" in decision.rule
    assert choose(vague, {1: [first]}).incident == 1
    # an incident whose member conflicts with the event is vetoed even if another member matches
    elsewhere = view(
        strike_report(
            "Russia struck Odesa with missiles on Tuesday, the air force said.",
            place=("Odesa", "UKR", "UA-51", 46.48, 30.72, "city"),
        )
    )
    dated = view(strike_report("Russia struck Kharkiv with missiles on Tuesday, officials said."))
    assert choose(dated, {7: [first, elsewhere]}).incident is None
    assert choose(dated, {7: [first, elsewhere]}, excluded=frozenset()).incident is None
    assert choose(dated, {7: [first]}, excluded=frozenset({7})).incident is None


def test_corroboration_counts_origins_not_outlets() -> None:
    text_a = "Russia fired North Korean missiles at Ukraine on Saturday, John Kirby said. " * 5
    reports = [
        Report(
            "a:e1",
            "a",
            "Capital Wire",
            date(2024, 1, 4),
            text_a,
            origin_id="john-kirby",
            origin_name="John Kirby",
        ),
        Report("b:e1", "b", "Harbor Times", date(2024, 1, 5), "Different words. " * 20, origin_id="USA-WH"),
        # a syndicated copy with its own masthead: near-duplicate text
        Report("c:e1", "c", "Pacific Ledger", date(2024, 1, 5), text_a + " Edited.", origin_id="john-kirby"),
        # a republication notice naming the first outlet; the report's own claim is the outlet's
        Report(
            "d:e1",
            "d",
            "Gulf Courier",
            date(2024, 1, 6),
            "Other text entirely. " * 9,
            syndication="Republished with permission from Capital Wire.",
        ),
        Report("e:e1", "e", "Kyiv Post Example", date(2024, 1, 6), "Own reporting. " * 9),
    ]
    c = corroborate(reports)
    assert c.outlets == [
        "Capital Wire",
        "Harbor Times",
        "Pacific Ledger",
        "Gulf Courier",
        "Kyiv Post Example",
    ]
    origins = {o.key: o for o in c.origins}
    # Kirby speaks for the NSC, part of the White House: one origin with the White House
    assert origins["actor:USA-WH"].via == ["john-kirby"]
    assert set(origins["actor:USA-WH"].outlets) == {"Capital Wire", "Harbor Times", "Pacific Ledger"}
    # the republished story's own claim is Capital Wire's
    assert origins["outlet:capital wire"].documents == ["d"]
    assert c.independent_origins == 3
    copies = {s["document"]: s for s in c.syndicated}
    assert copies["c"]["copy_of"] == "a" and "near-duplicate" in copies["c"]["rule"]
    assert copies["d"]["copy_of"] == "a" and copies["d"]["rule"] == "syndication notice names Capital Wire"


def test_denial_attaches_to_incidents_of_its_parties_and_type() -> None:
    b = Builder("North Korea denied supplying weapons to Russia.", published=date(2024, 1, 9))
    b.event(
        "DENY",
        "denied",
        b.document.text,
        {
            "denier": [b.mention("North Korea", "COUNTRY", "PRK")],
            "claim": [b.mention("supplying weapons to Russia", "TEXT", None)],
        },
    )
    denial = view(b.build())
    transfer_incident = IncidentParties(
        "TRANSFER", frozenset({"PRK", "RUS"}), date(2023, 12, 4), date(2024, 1, 4)
    )
    rule = contradicts(denial, transfer_incident)
    assert rule is not None and "PRK" in rule and "TRANSFER" in rule
    assert contradicts(denial, IncidentParties("TRANSFER", frozenset({"IRN", "RUS"}), None, None)) is None
    assert contradicts(denial, IncidentParties("ATTACK", frozenset({"PRK"}), None, None)) is None
    # a denial made before the happening cannot deny it
    assert (
        contradicts(denial, IncidentParties("TRANSFER", frozenset({"PRK"}), date(2024, 2, 1), None)) is None
    )


def test_claim_words_file_is_checked() -> None:
    words = claim_words()
    assert "supplying" in words["TRANSFER"] and "fired" in words["ATTACK"]


# --- the fusion reports, end to end ----------------------------------------------------------------------


def _by_documents(incidents: list[dict[str, Any]], titles: dict[str, str]) -> dict[str, dict[str, Any]]:
    """Incidents keyed by which test report files' documents they hold ("a+b+c")."""
    out = {}
    for inc in incidents:
        out["+".join(sorted(titles[d] for d in inc["documents"]))] = inc
    return out


def test_fusion_reports_make_two_strikes_and_one_disputed_transfer(db_url: str) -> None:
    extractions, extractor = fusion_extractions()
    letters = {ex.document.id: ex.document.source_file.rsplit("/", 1)[-1][0] for ex in extractions}  # type: ignore[union-attr]
    with Store(db_url) as kb:
        for ex in extractions:
            kb.save(ex, extractor)
        assert kb.check() == []
        incidents = kb.incidents()
    dated = [i for i in incidents if i["time"]["precision"] == "day"]
    strikes = {i["time"]["value"]: i for i in dated if i["type"] == "ATTACK"}
    assert set(strikes) == {"2023-12-30", "2024-01-02"}

    first = strikes["2023-12-30"]
    assert first["place"]["admin1"] == "UA-23"
    assert sorted(letters[d] for d in first["documents"]) == ["a", "b", "c"]
    c = first["corroboration"]
    assert set(c["outlets"]) == {"Capital Wire", "Harbor Times"}
    assert c["independent_origins"] == 1  # everyone quotes John Kirby
    assert [s["rule"].split(" (")[0] for s in c["syndicated"]] == ["near-duplicate text"]
    assert first["status"] == "reported" and not first["disputed"]

    second = strikes["2024-01-02"]
    assert second["place"]["admin1"] == "UA-63"
    assert {"d", "e"} <= {letters[d] for d in second["documents"]}
    names = {o["name"] for o in second["corroboration"]["origins"]}
    assert "Ukrainian Air Force" in names
    assert second["corroboration"]["independent_origins"] >= 2
    assert second["status"] == "corroborated"

    [transfer_incident] = [i for i in incidents if i["type"] == "TRANSFER"]
    assert sorted(letters[d] for d in transfer_incident["documents"]) == ["a", "b", "c"]
    assert {a["id"] for a in transfer_incident["actors"]["supplier"]} == {"PRK"}
    assert {a["id"] for a in transfer_incident["actors"]["recipient"]} == {"RUS"}
    t = transfer_incident["corroboration"]
    assert t["independent_origins"] == 1
    assert t["origins"][0]["key"] == "actor:USA-WH" and t["origins"][0]["via"] == ["john-kirby"]
    # the dispute: North Korea's denial, with its own outlet, beside the claims and theirs
    assert transfer_incident["disputed"] and transfer_incident["status"] == "disputed"
    denials = transfer_incident["denials"]
    assert denials and {letters[d["document"]] for d in denials} == {"f"}
    assert all(d["deniers"] == ["PRK"] for d in denials)
    assert all(d["outlet"] == "Baltic Dispatch" for d in denials)
    assert all("supplier/recipient" in d["rule"] for d in denials)
    # no strike is disputed by a denial of transfers
    assert not any(i["disputed"] for i in incidents if i["type"] == "ATTACK")
    # every reported event carries the rule that placed it
    for inc in incidents:
        for member in inc["events"]:
            assert member["rule"].startswith(("new incident", "matched", "undated"))


def test_fusion_does_not_depend_on_the_order_of_reports(db_url: str) -> None:
    extractions, extractor = fusion_extractions()

    def summary(order: list[Extraction]) -> set[tuple[str, str | None, frozenset[str], int, bool]]:
        with Store(db_url) as kb:
            for ex in order:
                kb.save(ex, extractor)
            out = {
                (
                    i["type"],
                    i["time"]["value"],
                    frozenset(i["documents"]),
                    i["corroboration"]["independent_origins"],
                    i["disputed"],
                )
                for i in kb.incidents()
                if i["time"]["precision"] == "day" or i["type"] == "TRANSFER"
            }
            for ex in order:
                kb.delete(ex.document.id)
            assert kb.counts()["incidents"] == 0
        return out

    assert summary(list(extractions)) == summary(list(reversed(extractions)))
