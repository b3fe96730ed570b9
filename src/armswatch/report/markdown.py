"""The dossier as Markdown (with footnotes, GitHub/Pandoc style), in the layout of a Panel of Experts annex.

Text from documents is escaped (`md_text`) so a quote renders as written; `md_unescape` inverts it, which is
how the tests check that every rendered quote is the exact span it claims to be.
"""

from __future__ import annotations

import re

from armswatch.report.model import Citation, Dossier, Incident, Statement

_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~])")
_ESCAPED = re.compile(r"\\([\\`*_\[\]<>|#~])")
_BREAK = "<br>"


def md_text(text: str) -> str:
    """Escape Markdown syntax characters; line breaks become <br> so a quote stays on one line."""
    return _SPECIAL.sub(r"\\\1", text).replace("\n", _BREAK)


def md_unescape(text: str) -> str:
    """The text `md_text` was given."""
    return _ESCAPED.sub(r"\1", text.replace(_BREAK, "\n"))


def fn(number: int) -> str:
    return f"[^{number}]"


def _fns(numbers: tuple[int, ...] | list[int]) -> str:
    return "".join(fn(n) for n in numbers)


def footnote(c: Citation) -> str:
    """One footnote line: the quote, then the document and the span's offsets."""
    d = c.document
    parts = [f"*{md_text(d.title)}*" if d.title else "untitled document"]
    if d.author:
        parts.append(md_text(d.author))
    if d.publisher:
        parts.append(md_text(d.publisher))
    parts.append(d.published.isoformat() if d.published else "undated")
    parts.append(md_text(c.locator()))
    return (
        f"{fn(c.number)}: “{md_text(c.quote)}” — {', '.join(parts)}; "
        f"document {d.id}, characters {c.span.start}–{c.span.end}."
    )


def render_markdown(d: Dossier) -> str:
    out: list[str] = [f"# Annex: {md_text(d.title)}", ""]
    window = f"; events since {d.since.isoformat()}" if d.since else ""
    out += [
        f"*Compiled by armswatch {d.version} on {d.generated.isoformat()} from {len(d.documents)} "
        f"document(s){window}: {len(d.incidents)} incident(s), {len(d.citations)} cited passage(s).*",
        "",
        "**Method.** " + " ".join(md_text(m) for m in d.method),
        "",
        "## 1. Summary of transfers",
        "",
    ]
    if d.summary:
        out += [
            "| Item | Origin | Incidents | Quantities reported | Independent sources (each once) | Sources |",
            "|---|---|---|---|---|---|",
        ]
        for r in d.summary:
            out.append(
                f"| {md_text(r.item)} | {r.origin} | {', '.join(map(str, r.incidents))} | "
                f"{'; '.join(md_text(q) + ' ' + _fns(cs) for q, cs in r.quantities) or '—'} | "
                f"{md_text('; '.join(r.sources))} | {_fns(r.citations)} |"
            )
    else:
        out.append("No transfer between these parties is reported in the documents.")
    out += ["", "## 2. Timeline", ""]
    rows = sorted(
        ((inc, e) for inc in d.incidents for e in inc.entries),
        key=lambda p: (p[1].first is None, p[1].first, p[0].number),
    )
    if rows:
        out += ["| Date | Incident | Event | Parties | Certainty | Source |", "|---|---|---|---|---|---|"]
        for inc, e in rows:
            out.append(
                f"| {md_text(e.when)} | {inc.number} | {md_text(e.describe())} | "
                f"{e.supplier or '?'} → {e.recipient or '?'} | {e.claim.certainty if e.claim else e.event.certainty} | "
                f"{md_text(e.claim.source if e.claim else '')} {fn(e.citation)} |"
            )
    out += ["", "## 3. Incidents", ""]
    for inc in d.incidents:
        out += _incident(inc)
    if d.statements:
        out += ["## 4. Other denials and accusations", ""]
        out += [_statement(s) for s in d.statements] + [""]
    out += ["## 5. Provisions referred to", ""]
    if d.provisions:
        out += [
            "| Provision | Instrument | Adopted | Vote | Measure | In force | Paragraph confidence | Source |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for p in d.provisions:
            out.append("| " + " | ".join(md_text(c) for c in p.cells()) + " |")
    else:
        out.append("No provision is implicated by the events found.")
    if d.monitoring:
        out += ["", "## 6. Monitoring context", ""] + [f"- {md_text(m)}" for m in d.monitoring]
    out += ["", "## Documents", ""]
    for doc in d.documents:
        date = doc.published.isoformat() if doc.published else "undated"
        where = doc.url or doc.source_file or ""
        out.append(
            f"- {md_text(doc.title or 'untitled')} — {md_text(doc.publisher or 'publisher unknown')}, {date}"
            + (f", {md_text(where)}" if where else "")
            + f" (document {doc.id})"
        )
    out += ["", "## Notes", ""] + [footnote(c) for c in d.citations]
    return "\n".join(out) + "\n"


def _incident(inc: Incident) -> list[str]:
    kind = "Use of transferred weapons" if inc.kind == "use" else "Transfer"
    items = ", ".join(inc.items) or "items not named"
    out = [
        f"### Incident {inc.number}: {kind} — {md_text(items)} ({inc.supplier or '?'} → {inc.recipient or '?'})",
        "",
    ]
    what = "; ".join(dict.fromkeys(e.describe() for e in inc.entries))
    out += [
        f"**What.** {md_text(what)}.",
        "",
        f"**When.** {md_text('; '.join(inc.dates))}.",
        "",
        f"**Where.** {md_text('; '.join(inc.places)) if inc.places else 'not reported'}.",
        "",
        "**Provisions implicated.**",
        "",
    ]
    if not inc.findings:
        out += ["- None: the dates or items fall outside every provision checked.", ""]
    for f in inc.findings:
        until = f"until {f.in_force[1]}" if f.in_force[1] else "no end date"
        out.append(
            f"- **{md_text(f.provision)}** — {md_text(f.label)} ({f.measure}; in force from {f.in_force[0]}, "
            f"{until}; {f.match} match; paragraph {f.confidence}). {md_text(f.reason)}. {_fns(f.citations)}"
        )
        if f.missing:
            out.append(f"  *For a firmer finding:* {md_text('; '.join(f.missing))}.")
    out += ["", "**Claims and sources.**", ""]
    for e in inc.entries:
        c = e.claim
        if c is None:
            continue
        cue = f" ({md_text(c.cue)}, {c.quote_kind} quote)" if c.cue else ""
        out.append(
            f"1. {md_text(c.source)}{cue} — certainty {c.certainty}: {md_text(e.describe())}. {fn(c.citation)}"
        )
    if inc.statements:
        out += ["", "**Denials and accusations.**", ""]
        out += [_statement(s) for s in inc.statements]
    out.append("")
    return out


def _statement(s: Statement) -> str:
    return f"- {s.kind.capitalize()} by {md_text(s.who)} (certainty {s.certainty}): {md_text(s.what)}. {fn(s.citation)}"
