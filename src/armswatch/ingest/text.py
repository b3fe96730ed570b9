"""Plain text to a Document: headline, byline and dateline out of the body, page furniture and publisher
notices out of it too (the notices kept in `syndication`).

The body is the input's own paragraphs, joined by one blank line; lines inside a paragraph are kept.
The HTML and feed readers reuse `read_header` and `clean_body` on the text their libraries extract.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

import dateparser

from armswatch.errors import InvalidDocument
from armswatch.ingest import furniture
from armswatch.records import Document

# Between the headline and the first paragraph there are at most this many short blocks (byline,
# dateline, "5 min read") before we stop treating them as a header.
MAX_HEADER_BLOCKS = 6
MAX_HEADLINE_CHARS = 200
MAX_HEADLINE_WORDS = 30

_BLANK_LINE = re.compile(r"\n\s*\n")
_BYLINE = re.compile(r"(?:by|written by|words by|reported by|byline:)\s+(?P<names>.{3,120})", re.IGNORECASE)
# Where a byline's names end and an affiliation or role begins: "By Jane Doe | Reuters", "… for RFA".
_AFFILIATION = re.compile(r"\s*(?:\||\s[-–—]\s|\sfor\s|\sin\s|\sat\s|\(|/).*$")
_NAME_SPLIT = re.compile(r"\s*(?:,|\band\b|&)\s*")
_NAME_WORD = re.compile(
    r"(?:[A-Z][\w'’.-]*|[A-Z]\.|(?:de|da|del|der|van|von|bin|ibn|al|el|la|le|di|du)(?:-\w+)?)$"
)
_DATE_LINE = re.compile(
    r"(?:(?P<label>published|posted|updated|last updated|date|first published)(?:\s+on)?\s*:?\s*)?"
    r"(?P<date>.{6,60})",
    re.IGNORECASE,
)
_HAS_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_HAS_MONTH = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\b|\b\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}\b",
    re.IGNORECASE,
)
_CLOSERS = "\"'”’)]»"
# Capitalised words in a byline that make a part a role or an affiliation, not a person.
ROLE_WORDS = frozenset(
    {
        "staff",
        "writer",
        "writers",
        "reporter",
        "reporters",
        "correspondent",
        "correspondents",
        "editor",
        "editors",
        "contributor",
        "contributors",
        "columnist",
        "bureau",
        "chief",
        "senior",
        "special",
        "desk",
        "news",
        "agency",
        "service",
        "wire",
        "press",
        "team",
        "associated",
        "reuters",
    }
)


@dataclass(slots=True)
class Header:
    title: str | None = None
    author: str | None = None
    published: date | None = None
    body: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Body:
    text: str
    publisher: str | None = None
    syndication: str | None = None


def parse_text(text: str, source: str) -> Document:
    """A Document from normalised plain text (see decode.normalise)."""
    header = read_header(split_blocks(text))
    body = clean_body(header.body)
    if not body.text:
        raise InvalidDocument(source, "no body text (only a headline, byline or page furniture)")
    return Document(
        text=body.text,
        title=header.title,
        author=header.author,
        published=header.published,
        publisher=body.publisher,
        syndication=body.syndication,
        source_file=source,
    )


def split_blocks(text: str) -> list[str]:
    """Paragraphs: runs of lines between blank lines, trailing spaces off each line."""
    blocks = []
    for raw in _BLANK_LINE.split(text):
        block = "\n".join(line.rstrip() for line in raw.strip("\n").split("\n")).strip()
        if block:
            blocks.append(block)
    return blocks


def read_header(blocks: list[str], *, title: str | None = None) -> Header:
    """Take the headline (unless `title` is already known), byline and dateline off the top of `blocks`.

    Without a headline only byline and date lines are taken: short lines at the top of a headline-less
    text may be the story.
    """
    header = Header(title=title)
    rest = list(blocks)
    if title is not None:
        if rest and _squash(rest[0]) == _squash(title):
            rest.pop(0)
    elif rest:
        lines = rest[0].split("\n")
        if len(rest) > 1 and _is_headline(lines[0]) and all(_is_meta(line) for line in lines[1:]):
            header.title = lines[0].strip()
            rest[0] = "\n".join(lines[1:])
            if not rest[0]:
                rest.pop(0)
    # Under a headline we found ourselves, everything up to the first real paragraph is header.
    header_end = 0
    if header.title is not None and title is None:
        header_end = next((i for i, b in enumerate(rest[:MAX_HEADER_BLOCKS]) if _is_paragraph(b)), 0)
    taken = 0
    notices: list[str] = []  # left for clean_body to record
    for i, block in enumerate(rest):
        lines = block.split("\n")
        if i >= header_end and not all(_is_meta(line) for line in lines):
            break
        if furniture.notice_publisher(block, at_foot=False):
            notices.append(block)
        for line in lines:
            _read_meta(line, header)
        taken = i + 1
    header.body = notices + rest[taken:]
    return header


def clean_body(blocks: list[str]) -> Body:
    """Drop furniture lines, cut the page's foot at a tail marker, strip publisher notices at either end."""
    kept: list[str] = []
    foot: list[str] = []
    for block in blocks:
        if foot:
            foot.append(block)
            continue
        lines: list[str] = []
        for line in block.split("\n"):
            if furniture.is_tail_marker(line) and (kept or lines):
                foot.append(line)
                break
            if not furniture.is_furniture(line):
                lines.append(line)
        if lines:
            kept.append("\n".join(lines))
    notices: list[tuple[int, str, str]] = []
    while kept and (found := furniture.notice_publisher(kept[-1])):
        notices.insert(0, (*found, kept.pop()))
    while len(kept) > 1 and (found := furniture.notice_publisher(kept[0], at_foot=False)):
        notices.insert(0, (*found, kept.pop(0)))
    for block in foot:
        found = furniture.notice_publisher(block)
        if found:
            notices.append((*found, block))
    return Body(
        text="\n\n".join(kept),
        publisher=min(notices)[1] if notices else None,
        syndication="\n\n".join(text for _, _, text in notices) or None,
    )


def byline_names(line: str) -> list[str]:
    """The names in a byline ("By Jane Doe and John Roe, Reuters" → two names), or [] if it is not one."""
    match = _BYLINE.fullmatch(line.strip())
    if not match:
        return []
    names = _AFFILIATION.sub("", match.group("names")).strip()
    parts = [p.strip() for p in _NAME_SPLIT.split(names) if p.strip()]
    people = [p for p in parts if _is_name(p)]
    # A trailing non-name ("…, Staff Writer") is an affiliation; a non-name first means no byline.
    if not people or not _is_name(parts[0]):
        return []
    return people


def _is_name(text: str) -> bool:
    words = text.split()
    return (
        1 < len(words) <= 5
        and words[0][0].isupper()
        and all(_NAME_WORD.match(w) and w.lower() not in ROLE_WORDS for w in words)
    )


def _is_headline(line: str) -> bool:
    s = line.strip()
    if not s or len(s) > MAX_HEADLINE_CHARS or len(s.split()) > MAX_HEADLINE_WORDS:
        return False
    if s.rstrip(_CLOSERS).endswith((".", ",", ";", ":")):
        return False
    return not (_is_meta(s) or furniture.is_furniture(s))


def _is_paragraph(block: str) -> bool:
    s = " ".join(block.split())
    return len(s) >= 120 or (len(s.split()) >= 8 and s.rstrip(_CLOSERS).endswith((".", "!", "?")))


def _is_meta(line: str) -> bool:
    return bool(byline_names(line)) or _line_date(line) is not None or furniture.is_furniture(line)


def _read_meta(line: str, header: Header) -> None:
    names = byline_names(line)
    if names and header.author is None:
        header.author = "; ".join(names)
        return
    found = _line_date(line)
    if found is not None:
        day, label = found
        # A "Published" date beats an "Updated" one whichever comes first.
        if header.published is None or (label or "").lower().endswith("published"):
            header.published = day


def _line_date(line: str) -> tuple[date, str | None] | None:
    match = _DATE_LINE.fullmatch(line.strip())
    if not match:
        return None
    text = match.group("date")
    if not (_HAS_YEAR.search(text) and _HAS_MONTH.search(text)):
        return None
    parsed = dateparser.parse(text, languages=["en"], settings={"STRICT_PARSING": True})
    if parsed is None:
        return None
    return parsed.date(), match.group("label")


def _squash(text: str) -> str:
    return " ".join(text.split()).casefold()
