"""Exports of the knowledge base: incidents and events in formats other tools read.

- `jsonl`  one incident per line, as `armswatch incidents --json` prints it (members, corroboration,
           denials);
- `csv`    one row per stored event (spreadsheets): its document, outlet, roles, time, place, source and
           the incident it belongs to;
- `acled`  one row per incident in ACLED's column names (`acled.COLUMNS`);
- `plover` one PLOVER JSON record per incident (JSON Lines; types without a PLOVER category are skipped);
- `ftm`    FollowTheMoney entities (JSON Lines) for Aleph / OpenSanctions tooling (`ftm.py` says which
           schemata and why).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from armswatch.errors import ArmswatchError, NotFound
from armswatch.store import Filters, Store

FORMATS = ("jsonl", "csv", "acled", "plover", "ftm")

EVENT_COLUMNS = (
    "event",
    "incident",
    "document",
    "outlet",
    "url",
    "published",
    "type",
    "subtype",
    "actors",
    "items",
    "time",
    "time_precision",
    "country",
    "admin1",
    "place",
    "latitude",
    "longitude",
    "certainty",
    "polarity",
    "source",
    "evidence",
    "extractor",
)


def export(store: Store, fmt: str, out: TextIO, filters: Filters | None = None) -> int:
    """Write the store's incidents (or events, for `csv`) to `out` in `fmt`; return the records written."""
    if fmt not in FORMATS:
        raise NotFound(f"export format {fmt!r}: choose one of {', '.join(FORMATS)}")
    if fmt == "csv":
        return _write_csv(out, EVENT_COLUMNS, event_rows(store))
    incidents = (store.incident(pk) for pk in store.incident_ids(filters))
    if fmt == "jsonl":
        return _write_jsonl(out, incidents)
    if fmt == "acled":
        from armswatch.export.acled import COLUMNS, acled_row

        return _write_csv(out, COLUMNS, (acled_row(i) for i in incidents))
    if fmt == "plover":
        from armswatch.export.plover import plover_record

        return _write_jsonl(out, (r for i in incidents if (r := plover_record(i)) is not None))
    try:
        from armswatch.export.ftm import ftm_entities
    except ImportError as exc:
        raise ArmswatchError(
            "the FollowTheMoney export needs the 'ftm' extra: pip install 'armswatch[ftm]' (builds PyICU)"
        ) from exc

    return _write_jsonl(out, ftm_entities(incidents))


def _write_jsonl(out: TextIO, records: Iterable[dict[str, Any]]) -> int:
    n = 0
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False, sort_keys=False) + "\n")
        n += 1
    return n


def _write_csv(out: TextIO, columns: tuple[str, ...], rows: Iterable[dict[str, Any]]) -> int:
    writer = csv.DictWriter(out, fieldnames=list(columns), extrasaction="raise", lineterminator="\n")
    writer.writeheader()
    n = 0
    for row in rows:
        writer.writerow({k: "" if row.get(k) is None else row.get(k) for k in columns})
        n += 1
    return n


def event_rows(store: Store) -> Iterator[dict[str, Any]]:
    incidents = store.event_incidents()
    for ex in store.extractions():
        doc = ex.document
        for e in ex.events:
            key = f"{doc.id}:{e.id}"
            actors = "; ".join(
                f"{role}: {', '.join(m.id or m.span.text for m in ms)}"
                for role, ms in e.roles.items()
                if ms
                and role not in ("item", "weapon", "quantity", "casualties", "claim", "charge", "action")
            )
            items = "; ".join(
                m.id or m.span.text for role in ("item", "weapon") for m in e.roles.get(role, [])
            )
            source = None
            if e.attribution is not None:
                who = e.attribution.source_ref or e.attribution.source
                if who is not None:
                    source = who.name or who.span.text
            yield {
                "event": key,
                "incident": incidents.get(key),
                "document": doc.id,
                "outlet": doc.publisher,
                "url": doc.url,
                "published": doc.published.isoformat() if doc.published else None,
                "type": e.type,
                "subtype": e.subtype,
                "actors": actors,
                "items": items,
                "time": e.time.value if e.time else None,
                "time_precision": e.time.precision if e.time else None,
                "country": e.place.country if e.place else None,
                "admin1": e.place.admin1 if e.place else None,
                "place": e.place.name if e.place else None,
                "latitude": e.place.lat if e.place else None,
                "longitude": e.place.lon if e.place else None,
                "certainty": e.certainty,
                "polarity": e.polarity,
                "source": source,
                "evidence": e.evidence.text,
                "extractor": e.extractor,
            }
