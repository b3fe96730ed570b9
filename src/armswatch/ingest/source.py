"""Getting the bytes: a file, an http(s) URL or stdin ("-"), never more than the size limit."""

from __future__ import annotations

import stat
import sys
from dataclasses import dataclass
from email.message import Message
from pathlib import Path, PurePosixPath
from typing import BinaryIO
from urllib.parse import urlsplit

import trafilatura
import urllib3

from armswatch.errors import InvalidDocument

# What a server's Content-Type says about the format, as the file extension that would say the same.
CONTENT_TYPE_SUFFIX = {
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "application/rss+xml": ".xml",
    "application/atom+xml": ".xml",
    "application/rdf+xml": ".xml",
    "application/xml": ".xml",
    "text/xml": ".xml",
    "application/x-ndjson": ".jsonl",
    "application/jsonl": ".jsonl",
    "text/plain": ".txt",
}


@dataclass(frozen=True, slots=True)
class Raw:
    data: bytes
    name: str  # a file name whose extension hints at the format
    charset: str | None = None  # declared outside the bytes (HTTP header)
    url: str | None = None


def is_url(source: str) -> bool:
    return urlsplit(source).scheme.lower() in ("http", "https")


def read_source(source: str, *, max_bytes: int, stdin: BinaryIO | None = None) -> Raw:
    """The bytes of `source`; raises InvalidDocument when it is missing, unreadable or too large."""
    if source == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        data = stream.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise InvalidDocument(source, f"input is over the limit of {max_bytes} bytes")
        return Raw(data, name="-")
    if is_url(source):
        return _fetch(source, max_bytes)
    return _read_file(source, max_bytes)


def _read_file(source: str, max_bytes: int) -> Raw:
    path = Path(source)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InvalidDocument(source, "no such file") from None
    except OSError as err:
        raise InvalidDocument(source, f"cannot read: {err.strerror or err}") from None
    if stat.S_ISDIR(info.st_mode):
        raise InvalidDocument(source, "is a directory")
    if stat.S_ISREG(info.st_mode) and info.st_size > max_bytes:
        raise InvalidDocument(source, f"file is {info.st_size} bytes, over the limit of {max_bytes}")
    try:
        # Pipes and growing files have no trustworthy size: read one byte past the limit to tell.
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as err:
        raise InvalidDocument(source, f"cannot read: {err.strerror or err}") from None
    if len(data) > max_bytes:
        raise InvalidDocument(source, f"file is over the limit of {max_bytes} bytes")
    return Raw(data, name=path.name)


def _fetch(url: str, max_bytes: int) -> Raw:
    try:
        response = trafilatura.fetch_response(url)
    except (OSError, ValueError, urllib3.exceptions.HTTPError) as err:
        raise InvalidDocument(url, f"could not fetch: {err}") from None
    if response is None or response.data is None:
        raise InvalidDocument(url, "could not fetch: no response (network error, refused or too large)")
    if response.status >= 400:
        raise InvalidDocument(url, f"could not fetch: HTTP {response.status}")
    if len(response.data) > max_bytes:
        raise InvalidDocument(url, f"response is {len(response.data)} bytes, over the limit of {max_bytes}")
    content_type, charset = _content_type((response.headers or {}).get("content-type", ""))
    suffix = CONTENT_TYPE_SUFFIX.get(content_type) or PurePosixPath(urlsplit(url).path).suffix
    return Raw(response.data, name=f"download{suffix}", charset=charset, url=response.url or url)


def _content_type(header: str) -> tuple[str, str | None]:
    message = Message()
    message["content-type"] = header or "application/octet-stream"
    charset = message.get_param("charset")
    return message.get_content_type(), charset if isinstance(charset, str) else None
