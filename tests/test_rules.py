"""The sanctions rule engine against its case set (tests/rules_cases.yaml), the provisions file and the seed."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from armswatch.errors import InvalidKnowledge, NotFound
from armswatch.knowledge import Knowledge, load_knowledge
from armswatch.knowledge.provisions import PROVISIONS_FILE, Provisions, load_provisions
from armswatch.records import Attribution, Document, Event, Mention, Span, Time
from armswatch.rules import FIRM, POSSIBLE, RuleHit, check_event
from armswatch.rules.dates import Interval, interval
from conftest import SEED

CASES_FILE = Path(__file__).with_name("rules_cases.yaml")
CASES: list[dict[str, Any]] = yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))["cases"]
DPRK_RESOLUTIONS = {1695, 1718, 1874, 2087, 2094, 2270, 2321, 2356, 2371, 2375, 2397}


@pytest.fixture(scope="module")
def kb() -> Knowledge:
    return load_knowledge()


@pytest.fixture(scope="module")
def provisions() -> Provisions:
    return load_provisions()


# --- building events from the structured cases ------------------------------------------------------------
class _Text:
    """A sentence grown piece by piece, handing out spans that index it."""

    def __init__(self) -> None:
        self.text = ""

    def add(self, piece: str) -> Span:
        if self.text:
            self.text += " "
        start = len(self.text)
        self.text += piece
        return Span(start, len(self.text), piece)


def _precision(value: str) -> str:
    if "W" in value:
        return "week"
    if "Q" in value:
        return "quarter"
    return {10: "day", 7: "month", 4: "year"}.get(len(value.split("/")[0]), "decade")


def _actor(spec: Any, sentence: _Text, kb: Knowledge) -> Mention:
    if isinstance(spec, str):
        return Mention(sentence.add(kb.states[spec].name), "COUNTRY", spec, kb.states[spec].name)
    return Mention(
        sentence.add(spec["text"]), "ORG", spec.get("id"), spec["text"], attrs=spec.get("attrs", {})
    )


def _weapon(spec: Any, sentence: _Text, kb: Knowledge) -> Mention:
    if isinstance(spec, str) and spec in kb.weapon_classes:
        name = kb.weapon_classes[spec].name
        return Mention(sentence.add(name), "WEAPON", f"class:{spec}", name, attrs={"class": spec})
    if isinstance(spec, str):
        name = kb.weapons[spec].name  # class and origin left for the engine to look up
        return Mention(sentence.add(name), "WEAPON", spec, name)
    attrs = {k: v for k, v in spec.items() if k in ("class", "origin")}
    return Mention(sentence.add(spec["text"]), "WEAPON", None, spec["text"], attrs=attrs)


def build(spec: dict[str, Any], kb: Knowledge) -> tuple[Event, Document]:
    """An Event (and the Document its spans index) from one case's `event`."""
    s = _Text()
    trigger = s.add("Reported:")
    roles: dict[str, list[Mention]] = {}
    for role in ("supplier", "recipient", "attacker", "target"):
        if role in spec:
            roles[role] = [_actor(spec[role], s, kb)]
    for key, role in (("items", "item"), ("weapons", "weapon")):
        if key in spec:
            roles[role] = [_weapon(w, s, kb) for w in spec[key]]
    if "weapon_origin" in spec:
        roles["weapon_origin"] = [_actor(spec["weapon_origin"], s, kb)]
    time = None
    if "time" in spec:
        value = str(spec["time"])
        time = Time(s.add(value), value, _precision(value))
    cue = s.add("officials said")
    said = None
    if "said" in spec:
        value = str(spec["said"])
        said = Time(s.add(value), value, _precision(value))
    document = Document(text=s.text, published=spec.get("published"))
    evidence = document.span(0, len(s.text))
    attribution = Attribution("a1", cue, evidence, certainty=spec.get("certainty", "asserted"), time=said)
    event = Event(
        id="e1",
        type=spec["type"],
        trigger=trigger,
        evidence=evidence,
        roles=roles,
        time=time,
        attribution=attribution,
        certainty=spec.get("certainty", "asserted"),
        polarity=spec.get("polarity", "positive"),
        status=spec.get("status"),
    )
    return event, document


def run_case(case: dict[str, Any], kb: Knowledge, provisions: Provisions) -> tuple[list[RuleHit], Document]:
    event, document = build(case["event"], kb)
    return check_event(event, provisions, published=document.published, knowledge=kb), document


# --- the case set -----------------------------------------------------------------------------------------
def test_case_set_is_large_and_varied() -> None:
    assert len(CASES) >= 25
    assert len({c["name"] for c in CASES}) == len(CASES), "case names must be unique"
    assert sum(1 for c in CASES if not c["hits"]) >= 10, "near misses and out-of-force dates"
    assert sum(1 for c in CASES if "IRN" in (c["event"].get("supplier"), c["event"].get("recipient"))) >= 8


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_case(case: dict[str, Any], kb: Knowledge, provisions: Provisions) -> None:
    hits, document = run_case(case, kb, provisions)
    got = sorted(h.provision for h in hits)
    assert got == sorted(case["hits"]), "\n".join(h.reason for h in hits)
    possible = sorted(h.provision for h in hits if h.match == POSSIBLE)
    assert possible == sorted(case.get("possible", [])), [(h.provision, h.match) for h in hits]
    for phrase in case.get("missing", []):
        assert any(phrase.lower() in m.lower() for h in hits for m in h.missing), (
            phrase,
            [h.missing for h in hits],
        )
    for h in hits:
        assert h.match in (FIRM, POSSIBLE)
        assert h.provision in provisions.provisions and h.provision.startswith(h.instrument)
        assert f"→ {h.provision} " in h.reason, h.reason
        assert document.text[h.evidence.start : h.evidence.end] == h.evidence.text
        if "basis" in case:
            assert h.date_basis == case["basis"]
        start, until = h.in_force
        used = interval(h.date)
        if used is not None:  # the date used meets the window it is reported against
            assert used.last >= date.fromisoformat(start)
            assert until is None or used.first < date.fromisoformat(until)


def test_reason_spells_out_the_chain(kb: Knowledge, provisions: Provisions) -> None:
    case = next(c for c in CASES if c["name"].startswith("DPRK ballistic missiles and launchers"))
    hits = {h.provision: h for h in run_case(case, kb, provisions)[0]}
    reason = hits["UNSCR 1718 OP8(b)"].reason
    assert reason.startswith(
        "TRANSFER (delivered), supplier PRK, recipient RUS, item class ballistic missile"
    )
    assert "→ UNSCR 1718 OP8(b) export ban" in reason
    assert "extended to all arms by UNSCR 1874 OP9" in reason
    assert reason.endswith("recipient RUS voted for both (UNSCR 1718, UNSCR 1874)")
    assert "extending UNSCR 1718 OP8(b)" in hits["UNSCR 1874 OP9"].reason
    assert hits["UNSCR 1718 OP8(b)"].in_force == ("2006-10-14", None)
    assert hits["UNSCR 1718 OP8(b)"].missing == ()  # delivered, asserted, attributed, dated, verified


def test_implied_transfer_is_weaker_and_says_why(kb: Knowledge, provisions: Provisions) -> None:
    case = next(c for c in CASES if c["name"].startswith("Russia fires a KN-23"))
    hit = next(h for h in run_case(case, kb, provisions)[0] if h.provision == "UNSCR 1874 OP9")
    assert hit.inference == "implied by use"
    assert "implies prior transfer PRK → RUS" in hit.reason
    assert hit.supplier == "PRK" and hit.recipient == "RUS"


def test_hit_serialises_with_its_evidence_span(kb: Knowledge, provisions: Provisions) -> None:
    hit = run_case(CASES[0], kb, provisions)[0][0]
    out = hit.to_json()
    assert set(out) >= {
        "provision",
        "instrument",
        "paragraph",
        "reason",
        "in_force",
        "date",
        "missing",
        "evidence",
    }
    assert out["evidence"] == hit.evidence.to_json() and out["in_force"]["until"] is None


# --- dates ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "first", "last"),
    [
        ("2023-12-30", date(2023, 12, 30), date(2023, 12, 30)),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
        ("2023-Q4", date(2023, 10, 1), date(2023, 12, 31)),
        ("2023-W52", date(2023, 12, 25), date(2023, 12, 31)),
        ("2023", date(2023, 1, 1), date(2023, 12, 31)),
        ("199X", date(1990, 1, 1), date(1999, 12, 31)),
        ("2023-11/2024-01", date(2023, 11, 1), date(2024, 1, 31)),
    ],
)
def test_time_values_as_intervals(value: str, first: date, last: date) -> None:
    assert interval(value) == Interval(first, last)


@pytest.mark.parametrize("value", [None, "", "Saturday", "2023-02-30", "2024-03/2023-01"])
def test_unusable_time_values(value: str | None) -> None:
    assert interval(value) is None


# --- the provisions file ----------------------------------------------------------------------------------
def test_provisions_cover_the_1718_regime_and_2231(provisions: Provisions) -> None:
    numbers = {int(i.id.split()[1]) for i in provisions.instruments.values() if i.target == "PRK"}
    assert numbers == DPRK_RESOLUTIONS
    for inst in provisions.instruments.values():
        if inst.target == "PRK":
            assert inst.vote.result == "15-0-0" and {"RUS", "CHN"} <= set(inst.vote.in_favour)
    assert provisions.instruments["UNSCR 1718"].adopted == date(2006, 10, 14)
    assert provisions.get("UNSCR 1874 OP9").extends == "UNSCR 1718 OP8(b)"
    assert provisions.get("UNSCR 1874 OP9").confidence == "verified"
    assert provisions.get("UNSCR 2094 OP20").confidence == "unverified"
    arms_from_iran = provisions.get("UNSCR 2231 Annex B para 6(b)")
    assert (arms_from_iran.direction, arms_from_iran.windows[0].until) == ("from", date(2020, 10, 18))
    assert provisions.get("UNSCR 2231 Annex B para 5").direction == "to"
    assert provisions.get("UNSCR 2231 Annex B para 4").windows[0].until == date(2023, 10, 18)
    for p in provisions:
        assert p.source and p.confidence_note


def test_every_weapon_class_maps_to_item_classes(kb: Knowledge, provisions: Provisions) -> None:
    for cls in kb.weapon_classes:
        got = provisions.items_for(cls)
        assert got.items and got.items <= provisions.item_classes.keys(), cls
    assert provisions.items_for("small_arms").items == {"all_arms", "salw"}
    assert provisions.items_for("loitering_munition").via == "drone"
    assert "ballistic_missile_items" in provisions.items_for("launcher").items
    with pytest.raises(NotFound):
        provisions.items_for("ray_gun")


def _broken(tmp_path: Path, old: str, new: str) -> Path:
    path = tmp_path / "provisions.yaml"
    shutil.copy(PROVISIONS_FILE, path)
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "items: [all_arms, training_technical_assistance]",
            "items: [all_arms, tanks]",
            "unknown item class 'tanks'",
        ),
        ("extends: UNSCR 1718 OP8(b)", "extends: UNSCR 1718 OP9", "unknown provision 'UNSCR 1718 OP9'"),
        ("direction: from", "direction: outwards", "paragraphs[1][direction]"),
        ("confidence: verified\n", "confidence: certain\n", "confidence"),
        ("  - id: UNSCR 1874\n", "  - id: UNSCR 1874\n    colour: blue\n", "colour"),
        ("from: 2016-01-16", "from: 2015-01-16", "before adoption"),
        ("  drone:\n", "  death_ray:\n", "death_ray"),
        ("  weapon: {items: [all_arms]}\n", "", "root weapon class 'weapon'"),
        ('result: "15-0-0", in_favour: [CHN', 'result: "15-0-0", in_favour: [XXX', "unknown state 'XXX'"),
        ("adopted: 2009-06-12", 'adopted: "12 June 2009"', "adopted"),
    ],
)
def test_bad_provisions_fail_loudly(tmp_path: Path, old: str, new: str, message: str) -> None:
    with pytest.raises(InvalidKnowledge) as exc:
        load_provisions(_broken(tmp_path, old, new))
    assert "provisions.yaml" in str(exc.value) and message in str(exc.value)


def test_bad_provisions_name_the_entry(tmp_path: Path) -> None:
    with pytest.raises(InvalidKnowledge, match=r"entry 3 \(id 'UNSCR 1874'\).*line \d+"):
        load_provisions(
            _broken(
                tmp_path,
                "direction: from\n        items: [all_arms, training",
                "direction: up\n        items: [all_arms, training",
            )
        )


# --- end to end -------------------------------------------------------------------------------------------
@pytest.mark.skipif(not SEED.exists(), reason="../shared/seed is absent")
def test_seed_lists_hits_for_the_dprk_russia_transfers() -> None:
    from armswatch.ingest import read_input
    from armswatch.process import process

    docs = read_input(str(SEED))
    for d in docs:
        d.published = date(2024, 1, 4)
    ex = next(process(docs))
    transfers = {e.id for e in ex.events if e.type == "TRANSFER"}
    hits = [h for h in ex.to_json()["rule_hits"] if h["event"] in transfers]
    by_provision: dict[str, list[dict[str, Any]]] = {}
    for h in hits:
        by_provision.setdefault(h["provision"], []).append(h)
    assert {"UNSCR 1718 OP8(b)", "UNSCR 1874 OP9"} <= by_provision.keys()
    missiles = by_provision["UNSCR 1718 OP8(b)"][0]
    assert "supplier PRK, recipient RUS" in missiles["reason"] and "voted for both" in missiles["reason"]
    shells = [h for h in by_provision["UNSCR 1874 OP9"] if "artillery shell" in h["reason"]]
    assert shells and "certainty assessed" in shells[0]["missing"]
    assert shells[0]["date"] == {"value": "2023-11", "basis": "statement"}
    text = ex.document.text
    for h in ex.to_json()["rule_hits"]:
        assert text[h["evidence"]["start"] : h["evidence"]["end"]] == h["evidence"]["text"]
