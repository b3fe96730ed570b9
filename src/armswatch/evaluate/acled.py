"""ACLED event rows (a coder's note and the fields coded from it) → strike extraction scores.

PATH is an ACLED export in CSV (`acled_ukraine_sample.csv`, or a folder holding it) with the columns
`notes`, `event_date`, `event_type`, `sub_event_type`, `actor1`, `admin1`, `latitude`, `longitude` and
`fatalities`. Each row's `notes` is one document; `limit` takes the first N rows in file order.

Publication anchor: none. The export has no column for when a note's sources were published: `timestamp`
is when ACLED last uploaded or edited the row (up to years after the event), and `event_date` is the gold
answer itself. The notes state their date ("On 2 January 2024, …"), so a relative time ("On that day") is
left unresolved rather than anchored on a wrong day or on the answer.

Scored rows: those coded as political violence that armswatch's ATTACK stands for (event types
Explosions/Remote violence, Battles, Violence against civilians) and interceptions (sub-event type
"Disrupted weapons use"). Others (protests, looting) are not scored; an ATTACK extracted from one counts
in `counts["false_alarms"]`.

Which event: the note's ATTACK events, strikes before interceptions, each group in text order. The place,
time and attacker come from the first of them that has one.

Metrics, each over the scored rows (`actor_acc` over those with a state actor, see below):

- `event_detected`: an ATTACK event was extracted;
- `date_acc`: its time value (else the note's first day-precise time) is `event_date`;
- `admin1_acc`: its admin1 (ISO 3166-2) is the gold admin1. The event's admin1 is that of the place the
  text puts its place in (`attrs["within"]` of the location mention: "Lvove, Kherson" → Kherson), else
  that of its place, else that of any other place of the event. `admin1_place_acc` scores the place's
  own admin1 only. Gold admin1 names map to ISO 3166-2 with the project's resolver:
  `resolve_place(name + " Oblast", country="UKR", kind="admin1")`, else the name alone ("Kyiv City");
- `loc25_acc`: its place's point is within 25 km of the gold latitude/longitude;
- `type_acc`: the note's subtype is the gold sub-event type, by `SUBTYPE_ACLED`. A note with several
  attacks takes the first subtype in the lexicon's precedence (armed clash, air strike, shelling,
  remote explosive, interception), as ACLED codes one event per place and day and files shelling during ground fighting as a
  battle. ACLED's "Attack" (violence against a person: abduction, torture, killing) has no subtype here and always misses;
- `fatalities_exact`: the killed count (sum of `casualties` mentions of kind "killed" over the note's
  attacks; 0 when none is stated) equals `fatalities`. ACLED splits a day's toll across events
  ("[1 fatality split among 21 events]" → 0 here), which no reading of the sentence can know;
- `actor_acc`: its attacker's state is actor1's. Gold: "Military/Police Forces of X (…)" → X's ISO3.
  Rows whose actor1 is no state's force (NAF, unidentified groups, militias) and interceptions (ACLED's
  actor1 is the interceptor, armswatch's attacker the side that fired) are not scored.
"""

from __future__ import annotations

import csv
import math
import re
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

from armswatch.evaluate import EvalResult
from armswatch.evaluate.case2021 import excerpt
from armswatch.evaluate.plover import state_of
from armswatch.records import Event, Extraction, Place

FILENAME = "acled_ukraine_sample.csv"
REQUIRED = (
    "notes",
    "event_date",
    "event_type",
    "sub_event_type",
    "actor1",
    "admin1",
    "latitude",
    "longitude",
    "fatalities",
)
SCORED_EVENT_TYPES = frozenset({"Explosions/Remote violence", "Battles", "Violence against civilians"})
SCORED_SUB_EVENT_TYPES = frozenset({"Disrupted weapons use"})
# armswatch ATTACK subtype → ACLED sub-event type.
SUBTYPE_ACLED: dict[str, str] = {
    "shelling": "Shelling/artillery/missile attack",
    "air_strike": "Air/drone strike",
    "armed_clash": "Armed clash",
    "remote_explosive": "Remote explosive/landmine/IED",
    "interception": "Disrupted weapons use",
}
STATE_FORCE = re.compile(r"^(?:Military|Police) Forces of (.+?) \(")
RADIUS_KM = 25.0
METRICS = (
    "event_detected",
    "date_acc",
    "admin1_acc",
    "admin1_place_acc",
    "loc25_acc",
    "type_acc",
    "fatalities_exact",
    "actor_acc",
)


def read_rows(path: Path) -> list[dict[str, str]]:
    if path.is_dir():
        path = path / FILENAME
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    missing = set(REQUIRED) - set(rows[0] if rows else {})
    if missing:
        from armswatch.errors import InvalidDocument

        raise InvalidDocument(str(path), f"not an ACLED export: no column {', '.join(sorted(missing))}")
    return rows


def scored(row: dict[str, str]) -> bool:
    return row["event_type"] in SCORED_EVENT_TYPES or row["sub_event_type"] in SCORED_SUB_EVENT_TYPES


def gold_date(value: str) -> str:
    """ "16/04/2018 00:00:00" or "2018-04-16" → "2018-04-16"."""
    value = value.strip()
    for fmt in ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(value, fmt).date().isoformat()
        except ValueError:
            continue
    return value[:10]


_ADMIN1: dict[str, str | None] = {}


def gold_admin1(name: str) -> str | None:
    """An ACLED admin1 name ("Zaporizhia", "Kyiv City") → ISO 3166-2, by the project's place resolver."""
    if name not in _ADMIN1:
        from armswatch.normalize.place import resolve_place

        info = resolve_place(f"{name} Oblast", country="UKR", kind="admin1") or resolve_place(
            name, country="UKR", kind="admin1"
        )
        _ADMIN1[name] = info.admin1 if info is not None else None
    return _ADMIN1[name]


_STATES: dict[str, str | None] = {}


def gold_state(actor: str) -> str | None:
    """ "Military Forces of Russia (2000-) Air Force" → "RUS"; None for a force of no state."""
    m = STATE_FORCE.match(actor)
    if m is None:
        return None
    name = m.group(1)
    if name not in _STATES:
        from armswatch.normalize.place import resolve_place

        info = resolve_place(name, kind="country")
        _STATES[name] = info.country if info is not None else None
    return _STATES[name]


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p = math.pi / 180
    h = (
        math.sin((lat2 - lat1) * p / 2) ** 2
        + math.cos(lat1 * p) * math.cos(lat2 * p) * math.sin((lon2 - lon1) * p / 2) ** 2
    )
    return 12742.0 * math.asin(math.sqrt(h))


def attacks(ex: Extraction) -> list[Event]:
    """The note's ATTACK events: strikes first, then interceptions, text order within each."""
    evs = [e for e in ex.events if e.type == "ATTACK"]
    return sorted(evs, key=lambda e: (e.outcome == "intercepted", e.trigger.start))


def note_subtype(events: list[Event]) -> str | None:
    from armswatch.extract.lexicon import load_lexicon

    order = load_lexicon().attack_subtypes.precedence
    subs = [e.subtype for e in events if e.subtype in order]
    return min(subs, key=lambda s: order.index(str(s))) if subs else None


def killed(events: list[Event]) -> int:
    total = 0.0
    for e in events:
        for m in e.roles.get("casualties", []):
            if m.attrs.get("kind") == "killed" and m.value is not None:
                total += m.value
    return round(total)


def event_admin1(ev: Event, ex: Extraction) -> str | None:
    """The admin1 the text puts the event in: its place's stated container, its place, another place."""
    by_span = {(p.span.start, p.span.end): p for p in ex.places}
    locs = ev.roles.get("location", [])
    if ev.place is not None:
        key = (ev.place.span.start, ev.place.span.end)
        mention = next((m for m in locs if (m.span.start, m.span.end) == key), None)
        within = mention.attrs.get("within") if mention is not None else None
        if isinstance(within, dict):
            container = by_span.get((within["start"], within["end"]))
            if container is not None and container.admin1:
                return container.admin1
        if ev.place.admin1:
            return ev.place.admin1
    for m in locs:
        p = by_span.get((m.span.start, m.span.end))
        if p is not None and p.admin1:
            return p.admin1
    return None


def _place_json(p: Place | None) -> dict[str, Any] | None:
    if p is None:
        return None
    return {"text": p.span.text, "name": p.name, "admin1": p.admin1, "lat": p.lat, "lon": p.lon}


def evaluate(path: Path, limit: int | None = None) -> EvalResult:
    from armswatch.process import process
    from armswatch.records import Document

    rows = read_rows(path)
    if limit is not None:
        rows = rows[:limit]
    docs = (Document(text=r["notes"], external_id=r.get("event_id_cnty") or r.get("id")) for r in rows)

    n: Counter[str] = Counter()
    excluded: Counter[str] = Counter()
    confusion: Counter[tuple[str, str]] = Counter()
    errors: list[dict[str, Any]] = []
    for row, ex in zip(rows, process(docs), strict=True):
        evs = attacks(ex)
        if not scored(row):
            excluded[row["sub_event_type"]] += 1
            n["false_alarms"] += bool(evs)
            continue
        n["scored"] += 1
        timed = next((e for e in evs if e.time is not None and e.time.value), None)
        placed = next((e for e in evs if e.place is not None), None)
        strikes = [e for e in evs if e.outcome != "intercepted"] or evs
        actor_ev = next((e for e in strikes if any(state_of(m) for m in e.roles.get("attacker", []))), None)

        date = timed.time.value if timed is not None and timed.time is not None else None
        if date is None or len(date) < 10:
            date = next((t.value for t in ex.times if t.precision == "day" and t.value), date)
        place = placed.place if placed is not None else None
        admin1 = event_admin1(placed, ex) if placed is not None else None
        dist = None
        if place is not None and place.lat is not None and place.lon is not None:
            dist = distance_km(float(row["latitude"]), float(row["longitude"]), place.lat, place.lon)
        sub = note_subtype(evs)
        dead = killed(evs)
        attacker = None
        if actor_ev is not None:
            attacker = next(s for s in map(state_of, actor_ev.roles["attacker"]) if s)

        g_date, g_admin1 = gold_date(row["event_date"]), gold_admin1(row["admin1"])
        g_state = gold_state(row["actor1"]) if row["sub_event_type"] not in SCORED_SUB_EVENT_TYPES else None
        ok = {
            "event_detected": bool(evs),
            "date_acc": bool(date) and str(date)[:10] == g_date,
            "admin1_acc": admin1 is not None and admin1 == g_admin1,
            "admin1_place_acc": place is not None and place.admin1 is not None and place.admin1 == g_admin1,
            "loc25_acc": dist is not None and dist <= RADIUS_KM,
            "type_acc": sub is not None and SUBTYPE_ACLED.get(sub) == row["sub_event_type"],
            "fatalities_exact": str(dead) == row["fatalities"].strip(),
        }
        for k, v in ok.items():
            n[k] += v
        if g_state is not None:
            n["actor_scored"] += 1
            ok["actor_acc"] = attacker == g_state
            n["actor_acc"] += ok["actor_acc"]
        confusion[(row["sub_event_type"], SUBTYPE_ACLED.get(sub or "", "none"))] += 1
        wrong = [k for k, v in ok.items() if not v and k != "admin1_place_acc"]
        if wrong:
            errors.append(
                {
                    "id": row.get("event_id_cnty") or row.get("id"),
                    "wrong": wrong,
                    "text": excerpt(row["notes"]),
                    "gold": {
                        "date": g_date,
                        "sub_event_type": row["sub_event_type"],
                        "actor1": row["actor1"],
                        "admin1": f"{row['admin1']} ({g_admin1})",
                        "location": row["location"],
                        "lat": float(row["latitude"]),
                        "lon": float(row["longitude"]),
                        "fatalities": int(row["fatalities"]),
                    },
                    "ours": {
                        "events": [f"{e.trigger.text}:{e.subtype}" for e in evs],
                        "date": date,
                        "subtype": sub,
                        "attacker": attacker,
                        "place": _place_json(place),
                        "admin1": admin1,
                        "km": round(dist, 1) if dist is not None else None,
                        "killed": dead,
                    },
                }
            )

    def ratio(a: str, b: str) -> float:
        return n[a] / n[b] if n[b] else 0.0

    metrics = {m: ratio(m, "actor_scored" if m == "actor_acc" else "scored") for m in METRICS}
    notes = [
        "anchor: none (no publication column; `timestamp` is ACLED's upload time; event_date is gold)",
        "subtype map: " + ", ".join(f"{k}→{v}" for k, v in SUBTYPE_ACLED.items()),
        "gold admin1 → ISO 3166-2 by resolve_place(name + ' Oblast', country='UKR', kind='admin1')",
        f"not scored ({sum(excluded.values())} rows, not a strike): "
        + ", ".join(f"{k} {v}" for k, v in sorted(excluded.items())),
        f"actor_acc over {n['actor_scored']} rows with a state's force as actor1 (no interceptions)",
        "type confusion (gold→ours, wrong only): "
        + ", ".join(f"{g}→{p} {v}" for (g, p), v in sorted(confusion.items()) if p != g),
    ]
    if limit is not None:
        notes.append(f"first {limit} rows in file order")
    return EvalResult(
        dataset="acled",
        path=str(path),
        items=n["scored"],
        metrics=metrics,
        counts=dict(n),
        errors=errors,
        notes=notes,
    )
