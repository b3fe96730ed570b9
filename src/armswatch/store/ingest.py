"""An ingest run: documents in, extracted, stored one transaction each, with a summary at the end.

Duplicates are found before extraction (the same text stored by the same extractor is not extracted
again). Extraction runs in batches; a batch that raises is retried document by document, so one bad
document is recorded as a failure (source, stage, reason) and the run goes on. A run killed at any point
leaves every document it finished complete and none half-stored: each `Store.save` is one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from time import perf_counter
from typing import Any

from armswatch.errors import ArmswatchError, InvalidDocument
from armswatch.records import Document, Extraction
from armswatch.store import Store

Extract = Callable[[Iterable[Document]], Iterable[Extraction]]


@dataclass(slots=True)
class Failure:
    source: str
    stage: str  # read / extract / store
    reason: str
    document: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"source": self.source, "stage": self.stage, "reason": self.reason, "document": self.document}


@dataclass(slots=True)
class Summary:
    new: int = 0
    duplicate: int = 0
    replaced: int = 0
    failed: list[Failure] = field(default_factory=list)
    duplicates: list[dict[str, str]] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def done(self) -> int:
        return self.new + self.duplicate + self.replaced + len(self.failed)

    def to_json(self) -> dict[str, Any]:
        return {
            "new": self.new,
            "duplicate": self.duplicate,
            "replaced": self.replaced,
            "failed": len(self.failed),
            "failures": [f.to_json() for f in self.failed],
            "duplicates": self.duplicates,
            "seconds": round(self.seconds, 3),
        }


def _source(document: Document) -> str:
    return document.source_file or document.url or document.external_id or document.id


def _batches(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    batch: list[Document] = []
    for d in documents:
        batch.append(d)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def ingest(
    store: Store,
    items: Iterable[Document | InvalidDocument],
    extract: Extract,
    extractor: str,
    *,
    batch_size: int = 32,
    on_progress: Callable[[Summary], None] | None = None,
) -> Summary:
    summary = Summary()
    started = perf_counter()
    seen: set[str] = set()

    def tick() -> None:
        summary.seconds = perf_counter() - started
        if on_progress is not None:
            on_progress(summary)

    def fail(source: str, stage: str, reason: str, document: str | None = None) -> None:
        summary.failed.append(Failure(source, stage, reason, document))
        store.record_failure(source, stage, reason, document)
        tick()

    def duplicate(document: Document, reason: str) -> None:
        summary.duplicate += 1
        summary.duplicates.append({"source": _source(document), "document": document.id, "reason": reason})
        tick()

    def fresh() -> Iterator[Document]:
        for item in items:
            if isinstance(item, InvalidDocument):
                fail(item.source, "read", item.reason)
                continue
            if item.id in seen:
                duplicate(item, f"same text as {item.id}, earlier in this run")
                continue
            if store.status_of(item, extractor) == "duplicate":
                duplicate(item, store.note_duplicate(item).reason)
                continue
            seen.add(item.id)
            yield item

    for batch in _batches(fresh(), batch_size):
        for document, result in _extract(batch, extract):
            if isinstance(result, BaseException):
                fail(_source(document), "extract", f"{type(result).__name__}: {result}", document.id)
                continue
            try:
                saved = store.save(result, extractor)
            except ArmswatchError as exc:
                fail(_source(document), "store", str(exc), document.id)
                continue
            if saved.status == "new":
                summary.new += 1
            elif saved.status == "replaced":
                summary.replaced += 1
            else:
                duplicate(document, saved.reason)
                continue
            tick()
    tick()
    return summary


def _extract(batch: list[Document], extract: Extract) -> list[tuple[Document, Extraction | BaseException]]:
    try:
        results = list(extract(batch))
    except Exception:  # retried one by one below, so that the failing document is named
        results = []
    if len(results) == len(batch):
        return list(zip(batch, results, strict=True))
    out: list[tuple[Document, Extraction | BaseException]] = []
    for document in batch:
        try:
            out.extend((document, ex) for ex in extract([document]))
        except Exception as exc:  # recorded as this document's failure; the run goes on (STYLE §6)
            out.append((document, exc))
    return out
