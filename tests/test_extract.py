"""Events, attribution and certainty on sentences written for these tests (not from any evaluation set)."""

from __future__ import annotations

from datetime import date

from helpers import events, ids, texts


def test_shipped_to(run):
    ex = run("Iran shipped hundreds of Shahed-136 drones to Russia last year, officials said.")
    (ev,) = events(ex, "TRANSFER")
    assert ids(ev, "supplier") == {"IRN"}
    assert ids(ev, "recipient") == {"RUS"}
    assert "shahed-136" in texts(ev, "item")
    assert ev.status == "delivered"


def test_provided_with_conjoined_items_and_metonymy(run):
    ex = run(
        "Pyongyang provided Moscow with artillery shells and several ballistic missiles, a US official said."
    )
    (ev,) = events(ex, "TRANSFER")
    assert ids(ev, "supplier") == {"PRK"}
    assert ids(ev, "recipient") == {"RUS"}
    items = texts(ev, "item")
    assert "artillery shells" in items and "ballistic missiles" in items
    assert len(ev.roles["item"]) == 2


def test_passive_with_agent(run):
    ex = run(
        "The missiles were supplied to Russia by North Korea in November, according to Ukrainian intelligence."
    )
    (ev,) = events(ex, "TRANSFER")
    assert ids(ev, "supplier") == {"PRK"}
    assert ids(ev, "recipient") == {"RUS"}
    assert "missiles" in texts(ev, "item")
    assert ev.attribution is not None and ev.attribution.cue.text == "according to"
    assert ev.time is not None and ev.time.value == "2023-11"


def test_received_from(run):
    ex = run("Russia received dozens of KN-23 missiles from North Korea, the report said.")
    (ev,) = events(ex, "TRANSFER")
    assert ids(ev, "supplier") == {"PRK"}
    assert ids(ev, "recipient") == {"RUS"}
    weapon = ev.roles["item"][0]
    assert weapon.attrs.get("origin") == "PRK"


def test_relative_clause_and_apposition_source(run):
    ex = run(
        "Sergei Shoigu, Russia's defence minister, said that North Korea, which denies any arms trade, "
        "had not sent weapons to Russia."
    )
    (att,) = [a for a in ex.attributions if a.cue.text == "said"]
    assert att.source is not None and "Shoigu" in att.source.span.text
    (tr,) = events(ex, "TRANSFER")
    assert tr.certainty == "denied"


def test_source_after_content_and_certainty(run):
    ex = run("Moscow appeared to have fired the missiles into Ukraine on Tuesday, said John Kirby.")
    (ev,) = events(ex, "ATTACK")
    assert ids(ev, "attacker") == {"RUS"}
    assert ids(ev, "target") == {"UKR"}
    assert ev.certainty == "hedged"
    assert ev.attribution is not None and ev.attribution.source is not None
    assert ev.attribution.source.id == "john-kirby"
    assert ev.time is not None and ev.time.value == "2024-01-02"


def test_nested_attribution_assessed(run):
    ex = run(
        "“We assess that Tehran is seeking fighter aircraft and air defense systems from Russia,” "
        "the spokesman said."
    )
    (ev,) = events(ex, "REQUEST")
    assert ids(ev, "requester") == {"IRN"}
    assert ids(ev, "provider") == {"RUS"}
    assert ev.certainty == "assessed"
    inner = ev.attribution
    assert inner is not None and inner.cue.text == "assess" and inner.parent is not None


def test_pronoun_source_resolves_to_named_person(run):
    ex = run(
        "John Kirby spoke to reporters on Thursday. He said Russia will use North Korean missiles against Ukraine."
    )
    (att,) = [a for a in ex.attributions if a.cue.text == "said"]
    assert att.source is not None and att.source.span.text == "He"
    assert att.source_ref is not None and att.source_ref.id == "john-kirby"
    (ev,) = events(ex, "ATTACK")
    assert ev.certainty == "expected"


def test_weekday_resolves_against_statement_day(run):
    ex = run("Ukraine's air force said Thursday that Russia launched Shahed drones at Odesa on Saturday.")
    (ev,) = events(ex, "ATTACK")
    assert ev.time is not None and ev.time.value == "2023-12-30" and ev.time.precision == "day"


def test_no_publication_date_keeps_relative_text(run):
    ex = run("Russia fired Iskander missiles at Kharkiv on Saturday, officials said.", published=None)
    (ev,) = events(ex, "ATTACK")
    assert ev.time is not None and ev.time.value is None and ev.time.span.text == "Saturday"


def test_sanction_and_meet_and_deny(run):
    ex = run(
        "The Treasury Department imposed sanctions on three Russian companies on Monday. "
        "Kim Jong Un and Vladimir Putin met at the Vostochny Cosmodrome in September. "
        "Moscow and Pyongyang have denied the transfers."
    )
    (s,) = events(ex, "SANCTION")
    assert "USA" in {m.attrs.get("state") for m in s.roles["imposer"]} | ids(s, "imposer")
    (m,) = events(ex, "MEET")
    assert "kim jong un" in texts(m, "participants") and "putin" in texts(m, "participants")
    assert m.time is not None and m.time.value == "2023-09"
    (d,) = events(ex, "DENY")
    assert ids(d, "denier") == {"RUS", "PRK"}


def test_every_span_matches_text(run):
    ex = run("Russian forces struck Kharkiv with North Korean KN-23 missiles on Jan. 2, killing two people.")
    text = ex.document.text
    data = ex.to_json()
    from armswatch.records import iter_spans

    spans = list(iter_spans({k: v for k, v in data.items() if k != "document"}))
    assert spans
    assert all(text[s["start"] : s["end"]] == s["text"] for s in spans)


def test_place_spelled_three_ways(run):
    for name in ("the Zaporizhzhia region", "the Zaporozhye region", "Zaporizhzhia Oblast"):
        ex = run(f"Russia fired missiles at {name} on Saturday.")
        places = [p for p in ex.places if p.admin1]
        assert places and places[0].admin1 == "UA-23", name
        assert places[0].lat is not None


def test_published_date_iso(run):
    ex = run("Russia fired missiles at Kyiv yesterday.", published=date(2024, 1, 4))
    (ev,) = events(ex, "ATTACK")
    assert ev.time is not None and ev.time.value == "2024-01-03"


def test_definite_speaker_and_continuing_quote_resolve_to_named_source(run):
    ex = run(
        "John Kirby, the White House spokesman, briefed reporters. “We are watching the deliveries closely,” "
        "he said. “We expect that Russia will receive more shipments.” The spokesman said Washington would impose new sanctions."
    )
    refs = {a.cue.text + ":" + a.source.span.text: a.source_ref for a in ex.attributions if a.source}
    assert refs["said:he"] is not None and refs["said:he"].id == "john-kirby"
    assert refs["expect:We"] is not None and refs["expect:We"].id == "john-kirby"
    assert refs["said:The spokesman"] is not None and refs["said:The spokesman"].id == "john-kirby"


def test_organisation_pronoun_nested_under_its_statement(run):
    ex = run(
        "South Korea's spy agency said on Wednesday that it believed North Korea had shipped "
        "two million artillery shells to Russia."
    )
    outer = next(a for a in ex.attributions if a.cue.text == "said")
    inner = next(a for a in ex.attributions if a.cue.text == "believed")
    assert outer.source is not None and outer.source.id == "KOR-NIS"
    assert inner.parent == outer.id
    assert inner.source_ref is not None and inner.source_ref.id == "KOR-NIS"
    (ev,) = events(ex, "TRANSFER")
    assert ev.certainty == "assessed"
    assert ev.roles["quantity"][0].value == 2_000_000
