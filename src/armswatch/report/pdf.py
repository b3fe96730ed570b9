"""The dossier as PDF, with fpdf2 (pure Python): the sections and wording of the Markdown dossier.

Quotes need a Unicode font: DejaVu Sans is looked up where systems install it (or passed as `font`); without
one, the PDF falls back to the core Helvetica font, which holds Latin-1 only, transliterates typographic
punctuation and says so on its first page — the Markdown and HTML dossiers keep the exact text.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from armswatch.report.model import Citation, Dossier, Incident, Statement

FONT_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/share/fonts/TTF"),
    Path("/usr/local/share/fonts"),
    Path("/Library/Fonts"),
    Path.home() / "Library/Fonts",
    Path("C:/Windows/Fonts"),
)
_FACES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}
_ASCII = str.maketrans(
    {"“": '"', "”": '"', "‘": "'", "’": "'", "—": "-", "–": "-", "→": "->", "…": "...", "↩": ""}
)


def find_font() -> Path | None:
    """The directory holding DejaVu Sans (regular, bold, oblique), or None."""
    for d in FONT_DIRS:
        if all((d / f).is_file() for f in _FACES.values()):
            return d
    return None


class _Writer:
    def __init__(self, font_dir: Path | None) -> None:
        self.pdf = FPDF(format="A4")
        self.pdf.set_auto_page_break(auto=True, margin=15)
        self.pdf.set_margins(18, 15, 18)
        self.unicode = font_dir is not None
        if font_dir is not None:
            for style, name in _FACES.items():
                self.pdf.add_font("DejaVu", style, str(font_dir / name))
            self.family = "DejaVu"
        else:
            self.family = "Helvetica"
        self.pdf.add_page()

    def text(self, s: str) -> str:
        if self.unicode:
            return s
        return s.translate(_ASCII).encode("latin-1", "replace").decode("latin-1")

    def para(self, s: str, size: float = 9.5, style: str = "", gap: float = 1.5) -> None:
        self.pdf.set_font(self.family, style, size)
        self.pdf.multi_cell(0, size * 0.5, self.text(s), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.pdf.ln(gap)

    def heading(self, s: str, size: float) -> None:
        self.pdf.ln(2)
        self.para(s, size=size, style="B", gap=2)

    def table(self, head: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[int]) -> None:
        self.pdf.set_font(self.family, "", 7.5)
        with self.pdf.table(col_widths=tuple(widths), text_align="LEFT", line_height=3.6) as table:
            for row in [head, *rows]:
                r = table.row()
                for cell in row:
                    r.cell(self.text(cell))
        self.pdf.ln(2)


def render_pdf(d: Dossier, font: Path | None = None) -> bytes:
    """The dossier as PDF bytes; `font`: a directory with DejaVuSans*.ttf (default: looked up)."""
    w = _Writer(font or find_font())
    w.heading(f"Annex: {d.title}", 15)
    window = f"; events since {d.since.isoformat()}" if d.since else ""
    w.para(
        f"Compiled by armswatch {d.version} on {d.generated.isoformat()} from {len(d.documents)} document(s)"
        f"{window}: {len(d.incidents)} incident(s), {len(d.citations)} cited passage(s).",
        style="I",
    )
    if not w.unicode:
        w.para(
            "No Unicode font was found: quotes are shown in Latin-1 here; the Markdown and HTML dossiers keep the exact text.",
            style="I",
        )
    w.para("Method. " + " ".join(d.method), size=8.5)
    w.heading("1. Summary of transfers", 12)
    if d.summary:
        w.table(
            [
                "Item",
                "Origin",
                "Incidents",
                "Quantities reported",
                "Independent sources (each once)",
                "Sources",
            ],
            [
                [
                    r.item,
                    r.origin,
                    ", ".join(map(str, r.incidents)),
                    "; ".join(f"{q} {_refs(cs)}" for q, cs in r.quantities) or "-",
                    "; ".join(r.sources),
                    _refs(r.citations),
                ]
                for r in d.summary
            ],
            (30, 12, 17, 34, 57, 24),
        )
    else:
        w.para("No transfer between these parties is reported in the documents.")
    w.heading("2. Timeline", 12)
    rows = sorted(
        ((inc, e) for inc in d.incidents for e in inc.entries),
        key=lambda p: (p[1].first is None, p[1].first, p[0].number),
    )
    if rows:
        w.table(
            ["Date", "Incident", "Event", "Parties", "Certainty", "Source"],
            [
                [
                    e.when,
                    str(inc.number),
                    e.describe(),
                    f"{e.supplier or '?'} → {e.recipient or '?'}",
                    e.claim.certainty if e.claim else e.event.certainty,
                    f"{e.claim.source if e.claim else ''} [{e.citation}]",
                ]
                for inc, e in rows
            ],
            (26, 17, 58, 20, 17, 36),
        )
    w.heading("3. Incidents", 12)
    for inc in d.incidents:
        _incident(w, inc)
    if d.statements:
        w.heading("4. Other denials and accusations", 12)
        for s in d.statements:
            w.para(_statement(s))
    w.heading("5. Provisions referred to", 12)
    for p in d.provisions:
        w.para(p.provision, style="B", gap=0.5)
        w.para(
            f"{p.instrument}; adopted {p.adopted}; vote {p.vote}. {p.label}. In force: {p.in_force}. "
            f"Paragraph confidence: {p.confidence}. Source: {p.source}.",
            size=8.5,
        )
    if not d.provisions:
        w.para("No provision is implicated by the events found.")
    if d.monitoring:
        w.heading("6. Monitoring context", 12)
        for m in d.monitoring:
            w.para(f"- {m}", size=8.5, gap=0.5)
    w.heading("Documents", 12)
    for doc in d.documents:
        date = doc.published.isoformat() if doc.published else "undated"
        where = doc.url or doc.source_file or ""
        w.para(
            f"- {doc.title or 'untitled'} — {doc.publisher or 'publisher unknown'}, {date}"
            + (f", {where}" if where else "")
            + f" (document {doc.id})",
            size=8.5,
            gap=0.5,
        )
    w.heading("Notes", 12)
    for c in d.citations:
        w.para(_note(c), size=8, gap=1)
    return bytes(w.pdf.output())


def _refs(numbers: Sequence[int]) -> str:
    return "".join(f"[{n}]" for n in numbers)


def _incident(w: _Writer, inc: Incident) -> None:
    kind = "Use of transferred weapons" if inc.kind == "use" else "Transfer"
    w.heading(
        f"Incident {inc.number}: {kind} — {', '.join(inc.items) or 'items not named'} "
        f"({inc.supplier or '?'} → {inc.recipient or '?'})",
        10.5,
    )
    what = "; ".join(dict.fromkeys(e.describe() for e in inc.entries))
    w.para(f"What. {what}.")
    w.para(f"When. {'; '.join(inc.dates)}.")
    w.para(f"Where. {'; '.join(inc.places) if inc.places else 'not reported'}.")
    w.para("Provisions implicated.", style="B", gap=0.5)
    if not inc.findings:
        w.para("- None: the dates or items fall outside every provision checked.")
    for f in inc.findings:
        until = f"until {f.in_force[1]}" if f.in_force[1] else "no end date"
        w.para(
            f"- {f.provision} — {f.label} ({f.measure}; in force from {f.in_force[0]}, {until}; {f.match} match; "
            f"paragraph {f.confidence}). {f.reason}. {_refs(f.citations)}",
            gap=0.5,
        )
        if f.missing:
            w.para(f"  For a firmer finding: {'; '.join(f.missing)}.", size=8.5, style="I", gap=1)
    w.para("Claims and sources.", style="B", gap=0.5)
    for n, e in enumerate(inc.entries, 1):
        c = e.claim
        if c is not None:
            cue = f" ({c.cue}, {c.quote_kind} quote)" if c.cue else ""
            w.para(f"{n}. {c.source}{cue} — certainty {c.certainty}: {e.describe()}. [{c.citation}]", gap=0.5)
    if inc.statements:
        w.para("Denials and accusations.", style="B", gap=0.5)
        for s in inc.statements:
            w.para(_statement(s), gap=0.5)


def _statement(s: Statement) -> str:
    return f"- {s.kind.capitalize()} by {s.who} (certainty {s.certainty}): {s.what}. [{s.citation}]"


def _note(c: Citation) -> str:
    d = c.document
    parts = [d.title or "untitled document"] + [x for x in (d.author, d.publisher) if x]
    parts += [d.published.isoformat() if d.published else "undated", c.locator()]
    return f"[{c.number}] “{c.quote}” — {', '.join(parts)}; document {d.id}, characters {c.span.start}–{c.span.end}."
