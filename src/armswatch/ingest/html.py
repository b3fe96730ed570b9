"""HTML to a Document with trafilatura (main text and metadata), and HTML fragments to plain paragraphs."""

from __future__ import annotations

import re
from datetime import date, datetime

import lxml.etree  # type: ignore[import-untyped]  # lxml ships no type hints
import lxml.html  # type: ignore[import-untyped]  # lxml ships no type hints
import trafilatura
from trafilatura.settings import Document as Extracted

from armswatch.errors import InvalidDocument
from armswatch.ingest.text import clean_body, read_header
from armswatch.records import Document

# Elements whose boundaries are paragraph breaks when an HTML fragment is flattened.
BLOCK_TAGS = (
    "p",
    "div",
    "section",
    "article",
    "blockquote",
    "li",
    "ul",
    "ol",
    "tr",
    "table",
    "pre",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "figure",
    "figcaption",
    "hr",
)
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def parse_html(markup: str, source: str, *, url: str | None = None) -> Document:
    """A Document from a web page: trafilatura's main text, cleaned like plain text, and its metadata."""
    extracted = trafilatura.bare_extraction(
        markup,
        url=url,
        with_metadata=True,
        include_comments=False,
        favor_precision=True,
        include_tables=True,
        # Only dates the page states in its markup or URL: the full-text search guesses from any date
        # in the page (a copyright year, a "related" link), which would misanchor relative dates.
        date_extraction_params={
            "original_date": True,
            "extensive_search": False,
            "max_date": datetime.now().astimezone().strftime("%Y-%m-%d"),
        },
    )
    if not isinstance(extracted, Extracted) or not (extracted.text or "").strip():
        raise InvalidDocument(source, "no main text found")
    title = _clean(extracted.title)
    # trafilatura gives one paragraph per line; the record model separates paragraphs by a blank line.
    blocks = [line.strip() for line in (extracted.text or "").split("\n") if line.strip()]
    header = read_header(blocks, title=title)
    body = clean_body(header.body)
    if not body.text:
        raise InvalidDocument(source, "no main text found")
    return Document(
        text=body.text,
        title=title,
        author=_clean(extracted.author) or header.author,
        publisher=_clean(extracted.sitename) or body.publisher,
        published=_iso_date(extracted.date) or header.published,
        url=_clean(extracted.url) or url,
        language=_language(extracted.language),
        syndication=body.syndication or _clean(extracted.license),
        source_file=source,
    )


def html_to_text(fragment: str) -> str:
    """The text of an HTML fragment (a feed entry), one paragraph per block, blank-line separated."""
    if not fragment.strip():
        return ""
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return ""
    for junk in root.xpath(".//script|.//style|.//noscript"):
        junk.drop_tree()
    for element in root.iter("br"):
        element.tail = "\n" + (element.tail or "")
    for element in root.iter(*BLOCK_TAGS):
        element.text = "\n\n" + (element.text or "")
        element.tail = "\n\n" + (element.tail or "")
    text: str = root.text_content()
    paragraphs = (" ".join(p.split()) for p in _PARAGRAPH_BREAK.split(text))
    return "\n\n".join(p for p in paragraphs if p)


def _iso_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _language(value: str | None) -> str:
    code = (value or "").strip().lower()[:2]
    return code if code.isalpha() and len(code) == 2 else "en"


def _clean(value: str | None) -> str | None:
    value = " ".join((value or "").split())
    return value or None
