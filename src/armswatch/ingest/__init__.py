"""The ingest stage: plain text, HTML, RSS/Atom and JSON Lines in; `Document`s out.

`read_input` is strict (the first bad record raises `InvalidDocument`); `iter_input` yields each bad
record or unreadable source as an `InvalidDocument` value and goes on, for batch runs that record
failures and carry on.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from armswatch.errors import InvalidDocument
from armswatch.ingest.decode import decode
from armswatch.ingest.feed import iter_feed
from armswatch.ingest.formats import Format, detect_format
from armswatch.ingest.html import parse_html
from armswatch.ingest.jsonl import iter_jsonl
from armswatch.ingest.source import read_source
from armswatch.ingest.text import parse_text
from armswatch.records import Document

__all__ = ["MAX_BYTES", "detect_format", "iter_bytes", "iter_input", "read_input"]

MAX_BYTES = 20_000_000


def read_input(source: str, *, max_bytes: int = MAX_BYTES, stdin: BinaryIO | None = None) -> list[Document]:
    """The documents in `source` (a path, an http(s) URL, or "-" for stdin); raises InvalidDocument."""
    documents = []
    for item in iter_input(source, max_bytes=max_bytes, stdin=stdin):
        if isinstance(item, InvalidDocument):
            raise item
        documents.append(item)
    if not documents:
        raise InvalidDocument(source, "no documents found")
    return documents


def iter_input(
    source: str, *, max_bytes: int = MAX_BYTES, stdin: BinaryIO | None = None
) -> Iterator[Document | InvalidDocument]:
    """Each document in `source`, or an InvalidDocument for each record (or whole source) that failed."""
    try:
        raw = read_source(source, max_bytes=max_bytes, stdin=stdin)
    except InvalidDocument as err:
        yield err
        return
    yield from iter_bytes(raw.data, source, name=raw.name, charset=raw.charset, url=raw.url)


def iter_bytes(
    data: bytes,
    source: str,
    *,
    name: str | None = None,
    charset: str | None = None,
    url: str | None = None,
    kind: Format | None = None,
) -> Iterator[Document | InvalidDocument]:
    """The documents in bytes already read (an upload, a queue message).

    `kind` forces a format; otherwise the content decides, then the extension of `name`.
    """
    try:
        text = decode(data, source, charset=charset)
        kind = kind or detect_format(name or source, text)
        if kind == "feed":
            yield from iter_feed(data, source, url=url)
        elif kind == "jsonl":
            yield from iter_jsonl(text, source)
        elif kind == "html":
            yield parse_html(text, source, url=url)
        else:
            yield parse_text(text, source)
    except InvalidDocument as err:
        yield err
