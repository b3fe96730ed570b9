"""Which reader a text needs: the content decides when it is unmistakable, the extension otherwise."""

from __future__ import annotations

import json
import re
from pathlib import PurePosixPath
from typing import Literal

Format = Literal["text", "html", "feed", "jsonl"]

EXTENSIONS: dict[str, Format] = {
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".shtml": "html",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
    ".rdf": "feed",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".txt": "text",
    ".text": "text",
    ".md": "text",
}

_FEED_ROOT = re.compile(r"<(?:rss|feed|rdf:rdf)\b")
_HTML_ROOT = re.compile(r"(?:<!--.*?-->\s*)*(?:<!doctype html|<html\b|<head\b|<body\b)", re.DOTALL)
_HTML_TAG = re.compile(
    r"</?(?:p|div|span|a|br|h[1-6]|article|section|ul|ol|li|table|script|style|meta|title|link)\b[^>]*>"
)
# A fragment that opens with a tag and has at least this many HTML tags up front is HTML.
MIN_HTML_TAGS = 3


def detect_format(name: str, text: str) -> Format:
    head = text[:4096].lstrip().lower()
    if head.startswith("<?xml"):
        if _HTML_ROOT.search(head) and not _FEED_ROOT.search(head):
            return "html"  # XHTML
        return "feed"
    if _FEED_ROOT.match(head):
        return "feed"
    if _HTML_ROOT.match(head) or (head.startswith("<") and len(_HTML_TAG.findall(head)) >= MIN_HTML_TAGS):
        return "html"
    if _first_line_is_object(text):
        return "jsonl"
    return EXTENSIONS.get(PurePosixPath(name).suffix.lower(), "text")


def _first_line_is_object(text: str) -> bool:
    line = next((line for line in text.split("\n") if line.strip()), "").strip()
    if not line.startswith("{"):
        return False
    try:
        return isinstance(json.loads(line), dict)
    except json.JSONDecodeError:
        return False
