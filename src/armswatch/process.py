"""The main job, wired: documents → spaCy → extract → normalise → rule hits → verified extractions."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from armswatch.extract import extract, extractor_id
from armswatch.nlp.pipeline import build_pipeline, pipeline_version
from armswatch.normalize import normalize
from armswatch.records import Document, Extraction, check_spans
from armswatch.rules import check_extraction


def process(documents: Iterable[Document], batch_size: int = 32) -> Iterator[Extraction]:
    """Extract every document; each result's spans are re-verified against its text before it leaves."""
    nlp = build_pipeline()
    name = extractor_id(pipeline_version())
    pairs = ((d.text, d) for d in documents)
    for doc, document in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        ex = normalize(extract(document, doc, name))
        ex.rule_hits = [hit.to_json() for hit in check_extraction(ex)]
        check_spans(ex.to_json())
        yield ex
