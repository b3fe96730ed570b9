"""Bytes to text: refuse binary input, find the encoding, normalise the characters.

Order of trust: a byte-order mark, then UTF-8 (a strict UTF-8 decode of non-ASCII bytes is almost never
an accident, so it beats a page's own, often wrong, charset declaration), then the declared charset
(HTTP header, `<meta charset>`, XML prolog), then charset_normalizer's detection.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

import charset_normalizer

from armswatch.errors import InvalidDocument

# (prefix, what it is): file signatures of formats people drop into a news folder by mistake.
MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF"),
    (b"PK\x03\x04", "ZIP (or DOCX/XLSX/EPUB)"),
    (b"PK\x05\x06", "ZIP"),
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"\x7fELF", "ELF executable"),
    (b"\x1f\x8b", "gzip"),
    (b"\xfd7zXZ\x00", "xz"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip"),
    (b"Rar!\x1a\x07", "RAR"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an OLE2 Office file (DOC/XLS)"),
    (b"SQLite format 3\x00", "SQLite"),
    (b"\xca\xfe\xba\xbe", "a Java class or Mach-O binary"),
    (b"ID3\x03", "MP3"),
    (b"ID3\x04", "MP3"),
    (b"OggS\x00", "Ogg"),
    (b"\x1aE\xdf\xa3", "Matroska/WebM"),
    (b"wOFF", "WOFF font"),
    (b"wOF2", "WOFF2 font"),
)

# Byte-order marks, longest first: the UTF-32-LE mark starts with the UTF-16-LE one.
BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Share of C0 control bytes (other than tab, newline, form feed, carriage return) above which a
# file is binary: text files have almost none; random binary has about 12%.
MAX_CONTROL_SHARE = 0.03
SNIFF_BYTES = 65_536

_TEXT_CONTROLS = frozenset(b"\t\n\x0c\r")
_DECLARED = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})"""
    rb"""|<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9_.:-]{2,40})["']""",
    re.IGNORECASE,
)
# Labels that browsers (WHATWG Encoding standard) read as windows-1252.
_WINDOWS_1252_LABELS = frozenset({"ascii", "us-ascii", "latin-1", "latin1", "iso-8859-1", "iso8859-1", "l1"})
_STRAY_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def binary_kind(data: bytes) -> str | None:
    """Why `data` is not text ("looks like PDF", …), or None when it may be text."""
    for magic, kind in MAGIC:
        if data.startswith(magic):
            return f"looks like {kind}"
    if data[8:12] in (b"WEBP", b"WAVE", b"AVI ") and data.startswith(b"RIFF"):
        return f"looks like {data[8:12].decode().strip()}"
    if data[4:8] == b"ftyp":
        return "looks like MP4/ISO media"
    if any(data.startswith(bom) for bom, _ in BOMS):
        return None  # UTF-16/32 text is full of NUL bytes
    sample = data[:SNIFF_BYTES]
    if b"\x00" in sample:
        return "contains NUL bytes"
    controls = sum(1 for b in sample if (b < 32 and b not in _TEXT_CONTROLS) or b == 127)
    if sample and controls / len(sample) > MAX_CONTROL_SHARE:
        return f"{controls / len(sample):.0%} control characters"
    return None


def declared_charset(data: bytes) -> str | None:
    """The charset a document declares for itself in a `<meta>` tag or an XML prolog."""
    match = _DECLARED.search(data[:4096])
    if not match:
        return None
    return (match.group(1) or match.group(2)).decode("ascii")


def decode(data: bytes, source: str, *, charset: str | None = None) -> str:
    """Decode and normalise `data`; `charset` is a hint from outside (an HTTP header).

    Raises InvalidDocument for empty, binary or undecodable input.
    """
    if not data.strip():
        raise InvalidDocument(source, "empty document")
    kind = binary_kind(data)
    if kind:
        raise InvalidDocument(source, f"binary content ({kind})")
    text = _decode(data, charset)
    if text is None:
        raise InvalidDocument(source, "cannot decode as text (not UTF-8, and no other encoding fits)")
    text = normalise(text)
    if not text.strip():
        raise InvalidDocument(source, "empty document")
    return text


def normalise(text: str) -> str:
    """Newlines to \\n, no BOM, no stray control characters, NFC: the form every offset indexes."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2029", "\n\n").replace("\u2028", "\n").replace("\x0c", "\n").replace("\x0b", "\n")
    text = text.lstrip("\ufeff")
    text = _STRAY_CONTROLS.sub("", text)
    return unicodedata.normalize("NFC", text)


def _decode(data: bytes, charset: str | None) -> str | None:
    for bom, bom_codec in BOMS:
        if data.startswith(bom):
            return _try(data, bom_codec)
    text = _try(data, "utf-8")
    if text is not None:
        return text
    for label in (charset, declared_charset(data)):
        declared = _codec(label) if label else None
        text = _try(data, declared) if declared else None
        if text is not None:
            return text
    return _detect(data)


def _codec(label: str) -> str | None:
    label = label.strip().lower()
    if label.startswith(("utf-16", "utf16", "utf-32", "utf32")):
        return None  # without a BOM (checked first) the declaration is wrong: browsers ignore it too
    return "cp1252" if label in _WINDOWS_1252_LABELS else label


def _try(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _detect(data: bytes) -> str | None:
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        return None
    guess = str(best)
    # On short Western texts the detector often picks a sibling code page (cp1257, cp1250) that reads
    # the same bytes as other Latin letters; windows-1252 is the usual legacy encoding of English news,
    # so when both readings are Latin script, take it.
    western = _try(data, "cp1252")
    if western is not None and _latin_only(guess) and _latin_only(western):
        return western
    return guess


def _latin_only(text: str) -> bool:
    return all("LATIN" in unicodedata.name(ch, "") for ch in set(text) if ord(ch) > 127 and ch.isalpha())
