"""Strike frames: terse conflict-log sentences → ATTACK events with subtype, place, casualties, outcome.

The sentences are written for these tests (none is taken from an evaluation set); place names are real
Ukrainian settlements so that the gazetteer has something to resolve.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from armswatch.records import Event, Extraction

Run = Callable[..., Extraction]


def attacks(ex: Extraction) -> list[Event]:
    return [e for e in ex.events if e.type == "ATTACK"]


def only_attack(ex: Extraction) -> Event:
    evs = attacks(ex)
    assert len(evs) == 1, [f"{e.trigger.text}:{e.subtype}" for e in evs]
    return evs[0]


def casualties(ev: Event, kind: str) -> list[float | None]:
    return [m.value for m in ev.roles.get("casualties", []) if m.attrs.get("kind") == kind]


def test_intransitive_shelling_near_a_place(run: Run) -> None:
    ex = run("On 3 May 2023, Russian troops shelled near Velyka Pysarivka, Sumy region. Casualties unknown.")
    ev = only_attack(ex)
    assert ev.subtype == "shelling"
    assert ev.roles["attacker"][0].id == "RUS"
    assert ev.place is not None and ev.place.span.text == "Velyka Pysarivka"
    assert ev.time is not None and ev.time.value == "2023-05-03"
    assert "casualties" not in ev.roles  # "unknown" is no count


def test_place_as_object_with_its_region_and_casualties(run: Run) -> None:
    ex = run("On 9 June 2023, Russian forces shelled Bilozerka, Kherson, wounding three civilians.")
    ev = only_attack(ex)
    assert ev.place is not None and ev.place.span.text == "Bilozerka"
    loc = {m.span.text: m for m in ev.roles["location"]}
    assert loc["Bilozerka"].attrs["within"]["text"] == "Kherson"
    assert casualties(ev, "injured") == [3.0]
    (m,) = ev.roles["casualties"]
    assert m.type == "QUANTITY" and ex.document.text[m.span.start : m.span.end] == m.span.text


def test_killed_and_injured_are_kept_apart(run: Run) -> None:
    ex = run(
        "On 2 July 2023, Russian forces struck Orikhiv with guided bombs. "
        "Two people were killed and four were injured."
    )
    ev = only_attack(ex)
    assert ev.subtype == "air_strike"
    assert casualties(ev, "killed") == [2.0]
    assert casualties(ev, "injured") == [4.0]


def test_no_casualties_is_zero(run: Run) -> None:
    ev = only_attack(run("Ukrainian forces fired mortars at Svatove. There were no casualties."))
    assert ev.subtype == "shelling"
    assert [(m.value, m.attrs["kind"]) for m in ev.roles["casualties"]] == [(0.0, "casualties")]


def test_a_single_victim_counts_one(run: Run) -> None:
    ev = only_attack(run("Russian artillery hit Kupiansk on Friday. A woman was killed."))
    assert casualties(ev, "killed") == [1.0]


def test_bracketed_editor_note_is_not_a_casualty_count(run: Run) -> None:
    ev = only_attack(run("Russian forces shelled Huliaipole. [2 fatalities split across 3 events]"))
    assert "casualties" not in ev.roles


def test_airstrike_by_support_verb(run: Run) -> None:
    ev = only_attack(run("Russian forces carried out an airstrike near Vuhledar, Donetsk."))
    assert ev.type == "ATTACK" and ev.trigger.text == "airstrike"
    assert ev.subtype == "air_strike"
    assert ev.roles["attacker"][0].id == "RUS"
    assert ev.place is not None and ev.place.span.text == "Vuhledar"


def test_air_force_strike_is_an_air_strike(run: Run) -> None:
    ev = only_attack(run("Russian air forces struck Avdiivka."))
    assert ev.subtype == "air_strike"


def test_ground_fighting_is_an_armed_clash(run: Run) -> None:
    ex = run("Ukrainian and Russian troops clashed near Klishchiivka, Donetsk region.")
    ev = only_attack(ex)
    assert ev.subtype == "armed_clash"
    assert ev.place is not None and ev.place.span.text == "Klishchiivka"


def test_offensive_carried_by_engage(run: Run) -> None:
    ev = only_attack(run("Russian forces engaged in an offensive near Marinka and were repelled."))
    assert ev.subtype == "armed_clash"
    assert ev.roles["attacker"][0].id == "RUS"


def test_interception_is_no_attack_by_the_defender(run: Run) -> None:
    ex = run("Ukrainian air defences destroyed 12 Russian drones over the Odesa region.")
    ev = only_attack(ex)
    assert ev.outcome == "intercepted" and ev.subtype == "interception"
    assert [m.id for m in ev.roles.get("attacker", [])] == ["RUS"]  # who launched them, not the defender


def test_shot_down_drones_are_intercepted(run: Run) -> None:
    ev = only_attack(run("Ukrainian forces shot down four Shahed drones near Izmail."))
    assert ev.outcome == "intercepted"


def test_shooting_down_an_aircraft_is_an_attack_on_it(run: Run) -> None:
    ev = only_attack(run("Russian fighter jets shot down a Ukrainian helicopter near Kreminna."))
    assert ev.outcome is None and ev.subtype == "armed_clash"
    assert [m.id for m in ev.roles["attacker"]] == ["RUS"]


def test_weapon_class_decides_a_generic_trigger(run: Run) -> None:
    ev = only_attack(run("Russian forces struck Nikopol with MLRS rockets."))
    assert ev.subtype == "shelling"


def test_small_arms_make_a_clash(run: Run) -> None:
    ev = only_attack(run("Separatist forces fired at army positions near Shyrokyne with machine guns."))
    assert ev.subtype == "armed_clash"
    assert ev.roles["attacker"][0].span.text == "Separatist forces"


def test_passive_casualty_sentence_is_not_a_second_attack(run: Run) -> None:
    ex = run("Russian forces shelled Beryslav, Kherson. Two civilians were killed.")
    ev = only_attack(ex)
    assert casualties(ev, "killed") == [2.0]


@pytest.mark.parametrize(
    "text",
    [
        "The ministry reported that the harvest was damaged by rain in Poltava.",
        "Officials met in Kyiv to discuss grain exports.",
    ],
)
def test_no_strike_without_one(run: Run, text: str) -> None:
    assert attacks(run(text)) == []


def test_subtype_is_serialised_only_when_set(run: Run) -> None:
    ex = run("Russian forces shelled Kherson on Monday.")
    (ev,) = attacks(ex)
    assert ev.to_json()["subtype"] == "shelling"
    meet = [e for e in run("Officials met in Kyiv on Monday.").events]
    assert all("subtype" not in e.to_json() for e in meet)


def test_mine_and_roadside_bomb_are_remote_explosives(run: Run) -> None:
    ev = only_attack(
        run("Two farmers were killed when an anti-tank mine exploded under their tractor near Izium.")
    )
    assert ev.subtype == "remote_explosive"
    ev = only_attack(run("Militants detonated a roadside bomb near a police convoy in Kirkuk province."))
    assert ev.subtype == "remote_explosive"


def test_an_attack_used_to_fire_takes_the_place_of_the_firing(run: Callable[..., Extraction]) -> None:
    ex = run("On 3 May 2019, rebel forces used mortars to fire upon army positions near Avdiivka.")
    attack = next(e for e in ex.events if e.type == "ATTACK")
    assert attack.place is not None and attack.place.span.text == "Avdiivka"
