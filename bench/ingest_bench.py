"""Ingest throughput into the knowledge base (SQLite and PostgreSQL), extraction excluded and included.

    .venv/bin/python bench/ingest_bench.py [--docs N] [--e2e-docs M] [--postgres URL] [--json OUT]

- store only: N extractions (the bench texts extracted once, then cloned with a distinct tail so each is
  a new document) saved one transaction each, with fusion, into a fresh store: documents/s of `Store.save`;
- end to end: M distinct documents through `armswatch.store.ingest.ingest` (spaCy extraction, then store),
  the pipeline loaded and warmed beforehand: documents/s of the whole ingest.

PostgreSQL is measured when `--postgres URL` (or ARMSWATCH_TEST_POSTGRES_URL) names a server; its public
schema is dropped and recreated first, so point it at a scratch database.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from sqlalchemy import create_engine, text

from armswatch.records import Document, Extraction
from armswatch.store import Store
from armswatch.store.engine import normalise_url
from armswatch.store.ingest import ingest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_texts import load_corpus


def _unique(documents: list[Document]) -> list[Document]:
    seen: set[str] = set()
    out = []
    for d in documents:
        if d.id not in seen:
            seen.add(d.id)
            out.append(d)
    return out


def clone(ex: Extraction, k: int) -> Extraction:
    """The same extraction over a text with a distinct tail: a new document whose spans all still hold."""
    doc = dataclasses.replace(ex.document, text=f"{ex.document.text}\n\n[bench copy {k}]", id="")
    return dataclasses.replace(ex, document=doc)


def reset(url: str) -> None:
    if url.startswith("sqlite"):
        return
    engine = create_engine(normalise_url(url))
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def bench_store(url: str, extractions: list[Extraction], extractor: str) -> dict[str, Any]:
    reset(url)
    with Store(url) as kb:
        start, cpu = time.perf_counter(), time.process_time()
        for ex in extractions:
            kb.save(ex, extractor)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        counts = kb.counts()
        problems = kb.check()
    return {
        "documents": len(extractions),
        "seconds": round(seconds, 2),
        "docs_per_s": round(len(extractions) / seconds, 1),
        "cpu_s": round(cpu, 2),
        "events": counts["events"],
        "incidents": counts["incidents"],
        "integrity_problems": len(problems),
    }


def bench_e2e(url: str, documents: list[Document], extractor: str) -> dict[str, Any]:
    from armswatch.process import process

    reset(url)
    with Store(url) as kb:
        cpu = time.process_time()
        summary = ingest(kb, documents, lambda docs: process(docs), extractor)
        cpu = time.process_time() - cpu
    return {
        "documents": len(documents),
        "seconds": round(summary.seconds, 2),
        "cpu_s": round(cpu, 2),
        "docs_per_s": round(len(documents) / summary.seconds, 2),
        "new": summary.new,
        "failed": len(summary.failed),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--docs", type=int, default=1000, help="documents for the store-only run")
    parser.add_argument("--e2e-docs", type=int, default=60, help="documents for the end-to-end run")
    parser.add_argument("--postgres", default=os.environ.get("ARMSWATCH_TEST_POSTGRES_URL"))
    parser.add_argument("--json", dest="json_out", default=None, help="also write the results here")
    args = parser.parse_args()

    from armswatch.extract import extractor_id
    from armswatch.nlp.pipeline import build_pipeline, pipeline_version
    from armswatch.process import process

    console = Console(stderr=True)
    t0 = time.perf_counter()
    build_pipeline()
    load_s = time.perf_counter() - t0
    extractor = extractor_id(pipeline_version())
    base_docs = _unique(load_corpus(max(args.e2e_docs, 60)).documents)
    t0 = time.perf_counter()
    base = list(process(base_docs[:60]))
    extract_rate = len(base) / (time.perf_counter() - t0)
    extractions = [clone(base[i % len(base)], i) for i in range(args.docs)]
    e2e_docs = [
        dataclasses.replace(d, text=f"{d.text}\n\n[bench run {i}]", id="")
        for i, d in enumerate(base_docs[: args.e2e_docs])
    ]

    backends = {"sqlite": None, "postgresql": args.postgres}
    results: dict[str, Any] = {
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
        },
        "pipeline_load_s": round(load_s, 1),
        "extraction_only_docs_per_s": round(extract_rate, 2),
        "events_per_doc": round(sum(len(e.events) for e in base) / len(base), 1),
        "backends": {},
    }
    with tempfile.TemporaryDirectory() as tmp:
        for name, url in backends.items():
            if name == "sqlite":
                store_url, e2e_url = f"sqlite:///{tmp}/store.db", f"sqlite:///{tmp}/e2e.db"
            elif url:
                store_url = e2e_url = url
            else:
                console.print("postgresql: skipped (no --postgres URL / ARMSWATCH_TEST_POSTGRES_URL)")
                continue
            console.print(f"{name}: store only, {args.docs} documents …")
            store = bench_store(store_url, extractions, extractor)
            console.print(f"{name}: end to end, {len(e2e_docs)} documents …")
            e2e = bench_e2e(e2e_url, e2e_docs, extractor)
            results["backends"][name] = {"store_only": store, "end_to_end": e2e}

    table = Table(title="armswatch ingest throughput (documents/s)")
    for col in ("backend", "store only (extraction excluded)", "end to end (extraction included)"):
        table.add_column(col)
    for name, r in results["backends"].items():
        s, e = r["store_only"], r["end_to_end"]
        table.add_row(
            name,
            f"{s['docs_per_s']} ({s['documents']} docs in {s['seconds']} s, CPU {s['cpu_s']} s; "
            f"{s['incidents']} incidents)",
            f"{e['docs_per_s']} ({e['documents']} docs in {e['seconds']} s, CPU {e['cpu_s']} s)",
        )
    Console().print(table)
    Console().print(
        f"extraction alone: {results['extraction_only_docs_per_s']} docs/s; "
        f"{results['events_per_doc']} events/doc; pipeline load {results['pipeline_load_s']} s"
    )
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
