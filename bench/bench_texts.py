"""The texts the benchmarks run on: the project's examples, the seed report and, when present, news texts
from the shared dev sets (PolNeAR dev texts, TimeML articles with their tags stripped).

The dev sets are read from `../shared` at run time and never copied into the repository (DESIGN.md,
"Evaluation data"). Sources are interleaved so that any prefix of the list mixes them.
"""

from __future__ import annotations

import contextlib
import dataclasses
import itertools
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from armswatch.errors import InvalidDocument
from armswatch.ingest import iter_bytes, iter_input
from armswatch.records import Document

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SHARED = REPO.parent / "shared"


@dataclasses.dataclass(slots=True)
class Corpus:
    documents: list[Document]
    counts: dict[str, int]  # documents found per source, before cycling

    @property
    def chars(self) -> int:
        return sum(len(d.text) for d in self.documents)


def _ok(items: Iterable[Document | InvalidDocument]) -> Iterator[Document]:
    for item in items:
        if isinstance(item, Document) and item.text.strip():
            yield item


def _files(folder: Path, pattern: str) -> list[Path]:
    return sorted(folder.glob(pattern)) if folder.is_dir() else []


def _examples() -> list[Document]:
    return [d for p in _files(REPO / "examples", "*") if p.is_file() for d in _ok(iter_input(str(p)))]


def _seed(shared: Path) -> list[Document]:
    return [d for p in _files(shared / "seed", "*.txt") for d in _ok(iter_input(str(p)))]


def _polnear(shared: Path) -> list[Document]:
    folder = shared / "eval" / "dev" / "polnear" / "dev" / "text"
    return [d for p in _files(folder, "*.txt") for d in _ok(iter_input(str(p)))]


def _timeml_document(path: Path) -> Document | None:
    """The <TEXT> of a TimeML article with its inline tags stripped; the DCT becomes the publication date."""
    root = ET.parse(path).getroot()
    body = root.find("TEXT")
    if body is None:
        return None
    text = "".join(body.itertext()).strip()
    docs = list(_ok(iter_bytes(text.encode("utf-8"), str(path), name=path.name, kind="text")))
    if not docs:
        return None
    doc = docs[0]
    dct = root.find("DCT/TIMEX3")
    value = dct.get("value", "") if dct is not None else ""
    if doc.published is None and len(value) >= 10:
        # a DCT without a full date leaves relative times unresolved, as the CLI would
        with contextlib.suppress(ValueError):
            doc.published = date.fromisoformat(value[:10])
    return doc


def _timeml(shared: Path) -> list[Document]:
    folder = shared / "eval" / "dev" / "timeml"
    out = []
    for path in _files(folder, "*/*.tml"):
        doc = _timeml_document(path)
        if doc is not None:
            out.append(doc)
    return out


def load_corpus(n_docs: int, shared: Path = DEFAULT_SHARED) -> Corpus:
    """`n_docs` documents: every source round-robin, cycled when there are fewer than `n_docs`."""
    groups = {
        "examples": _examples(),
        "seed": _seed(shared),
        "polnear_dev": _polnear(shared),
        "timeml_dev": _timeml(shared),
    }
    counts = {name: len(docs) for name, docs in groups.items()}
    mixed = [
        d
        for row in itertools.zip_longest(*groups.values())
        for d in row
        if d is not None  # zip_longest pads the shorter sources
    ]
    if not mixed:
        raise SystemExit("no benchmark texts found (examples/ is empty and no shared data)")
    picked = list(itertools.islice(itertools.cycle(mixed), n_docs))
    return Corpus(documents=picked, counts=counts)


def fresh(documents: list[Document]) -> list[Document]:
    """Copies, so that a round never sees what an earlier round may have set on a document."""
    return [dataclasses.replace(d) for d in documents]
