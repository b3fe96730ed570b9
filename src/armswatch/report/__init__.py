"""Cited dossiers in the style of a UN Panel of Experts annex: extractions → `Dossier` → Markdown, HTML, PDF.

    dossier = build_dossier(extractions, supplier="PRK", recipient="RUS", since=date(2023, 1, 1))
    render_markdown(dossier)   # str
    render_html(dossier)       # str, self-contained page
    render_pdf(dossier)        # bytes (fpdf2)

Per incident: what, when, where, which provisions with the engine's reasons and what a firmer finding
needs, the claims with their sources and certainty, the denials; then a timeline, a transfer summary (each
source origin counted once) and numbered footnotes quoting the exact span of every document cited.
"""

from __future__ import annotations

from armswatch.errors import NotFound
from armswatch.records import Extraction
from armswatch.report.build import build_dossier, group_incidents
from armswatch.report.html import render_html
from armswatch.report.markdown import md_text, md_unescape, render_markdown
from armswatch.report.model import Citation, Dossier, Entry, Incident

__all__ = [
    "Citation",
    "Dossier",
    "Entry",
    "Incident",
    "build_dossier",
    "group_incidents",
    "md_text",
    "md_unescape",
    "render_html",
    "render_markdown",
    "render_pdf",
    "stored_extractions",
]


def stored_extractions() -> list[Extraction]:
    """Every extraction in the store, when the store can hand them back (`armswatch.store.load_extractions`).

    Raises `NotFound` while it cannot: then the dossier is made from files given on the command line.
    """
    try:
        from armswatch import store
    except ImportError as exc:
        raise NotFound("armswatch.store is not available") from exc
    load = getattr(store, "load_extractions", None)
    if load is None:
        raise NotFound("armswatch.store has no load_extractions() to read extractions back")
    from armswatch.settings import Settings

    return list(load(Settings()))


def render_pdf(dossier: Dossier) -> bytes:
    """The dossier as PDF bytes (imports fpdf2 only when a PDF is asked for)."""
    from armswatch.report.pdf import render_pdf as _render

    return _render(dossier)
