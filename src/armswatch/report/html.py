"""The dossier as one self-contained HTML page: the Markdown renderer's layout, laid out as HTML.

It renders the same `Dossier` with the same sections and wording; footnotes are an ordered list whose items
carry `data-document`, `data-start` and `data-end`, and each quote is in a <q> element holding the span's
exact text (HTML-escaped).
"""

from __future__ import annotations

from html import escape

from armswatch.report.model import Citation, Dossier, Incident, Statement

_STYLE = """
body{font-family:Georgia,serif;max-width:60em;margin:2em auto;line-height:1.45;color:#111}
table{border-collapse:collapse;font-size:.9em;margin:.5em 0}th,td{border:1px solid #999;padding:.25em .5em;vertical-align:top}
th{background:#eee}h1{font-size:1.5em}h2{font-size:1.2em;border-bottom:1px solid #999}h3{font-size:1.05em}
.missing{color:#555;font-style:italic}sup a{text-decoration:none}ol.notes{font-size:.9em}
"""


def _e(text: str) -> str:
    return escape(text, quote=True)


def _fn(n: int) -> str:
    return f'<sup><a href="#fn{n}" id="ref{n}">{n}</a></sup>'


def _fns(numbers: tuple[int, ...] | list[int]) -> str:
    return "".join(_fn(n) for n in numbers)


def _table(head: list[str], rows: list[list[str]]) -> str:
    th = "".join(f"<th>{h}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>"


def _note(c: Citation) -> str:
    d = c.document
    parts = [f"<cite>{_e(d.title)}</cite>" if d.title else "untitled document"]
    parts += [_e(x) for x in (d.author, d.publisher) if x]
    parts.append(d.published.isoformat() if d.published else "undated")
    loc = c.locator()
    parts.append(f'<a href="{_e(loc)}">{_e(loc)}</a>' if loc.startswith(("http://", "https://")) else _e(loc))
    return (
        f'<li id="fn{c.number}" data-document="{d.id}" data-start="{c.span.start}" data-end="{c.span.end}">'
        f"“<q>{_e(c.quote)}</q>” — {', '.join(parts)}; document {d.id}, characters "
        f'{c.span.start}–{c.span.end}. <a href="#ref{c.number}">↩</a></li>'
    )


def render_html(d: Dossier) -> str:
    window = f"; events since {d.since.isoformat()}" if d.since else ""
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{_e(d.title)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>Annex: {_e(d.title)}</h1>",
        f"<p><em>Compiled by armswatch {_e(d.version)} on {d.generated.isoformat()} from {len(d.documents)} "
        f"document(s){window}: {len(d.incidents)} incident(s), {len(d.citations)} cited passage(s).</em></p>",
        "<p><strong>Method.</strong> " + " ".join(_e(m) for m in d.method) + "</p>",
        "<h2>1. Summary of transfers</h2>",
    ]
    if d.summary:
        out.append(
            _table(
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
                        _e(r.item),
                        r.origin,
                        ", ".join(map(str, r.incidents)),
                        "; ".join(_e(q) + " " + _fns(cs) for q, cs in r.quantities) or "—",
                        _e("; ".join(r.sources)),
                        _fns(r.citations),
                    ]
                    for r in d.summary
                ],
            )
        )
    else:
        out.append("<p>No transfer between these parties is reported in the documents.</p>")
    out.append("<h2>2. Timeline</h2>")
    rows = sorted(
        ((inc, e) for inc in d.incidents for e in inc.entries),
        key=lambda p: (p[1].first is None, p[1].first, p[0].number),
    )
    if rows:
        out.append(
            _table(
                ["Date", "Incident", "Event", "Parties", "Certainty", "Source"],
                [
                    [
                        _e(e.when),
                        str(inc.number),
                        _e(e.describe()),
                        f"{e.supplier or '?'} → {e.recipient or '?'}",
                        e.claim.certainty if e.claim else e.event.certainty,
                        _e(e.claim.source if e.claim else "") + " " + _fn(e.citation),
                    ]
                    for inc, e in rows
                ],
            )
        )
    out.append("<h2>3. Incidents</h2>")
    for inc in d.incidents:
        out.append(_incident(inc))
    if d.statements:
        out.append("<h2>4. Other denials and accusations</h2><ul>")
        out += [_statement(s) for s in d.statements]
        out.append("</ul>")
    out.append("<h2>5. Provisions referred to</h2>")
    if d.provisions:
        out.append(
            _table(
                [
                    "Provision",
                    "Instrument",
                    "Adopted",
                    "Vote",
                    "Measure",
                    "In force",
                    "Paragraph confidence",
                    "Source",
                ],
                [[_e(c) for c in p.cells()] for p in d.provisions],
            )
        )
    else:
        out.append("<p>No provision is implicated by the events found.</p>")
    if d.monitoring:
        out.append(
            "<h2>6. Monitoring context</h2><ul>"
            + "".join(f"<li>{_e(m)}</li>" for m in d.monitoring)
            + "</ul>"
        )
    out.append("<h2>Documents</h2><ul>")
    for doc in d.documents:
        date = doc.published.isoformat() if doc.published else "undated"
        where = doc.url or doc.source_file or ""
        out.append(
            f"<li>{_e(doc.title or 'untitled')} — {_e(doc.publisher or 'publisher unknown')}, {date}"
            + (f", {_e(where)}" if where else "")
            + f" (document {doc.id})</li>"
        )
    out.append('</ul><h2>Notes</h2><ol class="notes">')
    out += [_note(c) for c in d.citations]
    out.append("</ol></body></html>")
    return "\n".join(out) + "\n"


def _incident(inc: Incident) -> str:
    kind = "Use of transferred weapons" if inc.kind == "use" else "Transfer"
    items = ", ".join(inc.items) or "items not named"
    what = "; ".join(dict.fromkeys(e.describe() for e in inc.entries))
    out = [
        f'<section id="incident-{inc.number}"><h3>Incident {inc.number}: {kind} — {_e(items)} '
        f"({inc.supplier or '?'} → {inc.recipient or '?'})</h3>",
        f"<p><strong>What.</strong> {_e(what)}.</p>",
        f"<p><strong>When.</strong> {_e('; '.join(inc.dates))}.</p>",
        f"<p><strong>Where.</strong> {_e('; '.join(inc.places)) if inc.places else 'not reported'}.</p>",
        "<p><strong>Provisions implicated.</strong></p><ul>",
    ]
    if not inc.findings:
        out.append("<li>None: the dates or items fall outside every provision checked.</li>")
    for f in inc.findings:
        until = f"until {f.in_force[1]}" if f.in_force[1] else "no end date"
        missing = (
            f'<br><span class="missing">For a firmer finding: {_e("; ".join(f.missing))}.</span>'
            if f.missing
            else ""
        )
        out.append(
            f"<li><strong>{_e(f.provision)}</strong> — {_e(f.label)} ({f.measure}; in force from {f.in_force[0]}, "
            f"{until}; {f.match} match; paragraph {f.confidence}). {_e(f.reason)}. {_fns(f.citations)}{missing}</li>"
        )
    out.append("</ul><p><strong>Claims and sources.</strong></p><ol>")
    for e in inc.entries:
        c = e.claim
        if c is None:
            continue
        cue = f" ({_e(c.cue)}, {c.quote_kind} quote)" if c.cue else ""
        out.append(
            f"<li>{_e(c.source)}{cue} — certainty {c.certainty}: {_e(e.describe())}. {_fn(c.citation)}</li>"
        )
    out.append("</ol>")
    if inc.statements:
        out.append("<p><strong>Denials and accusations.</strong></p><ul>")
        out += [_statement(s) for s in inc.statements]
        out.append("</ul>")
    out.append("</section>")
    return "\n".join(out)


def _statement(s: Statement) -> str:
    return f"<li>{s.kind.capitalize()} by {_e(s.who)} (certainty {s.certainty}): {_e(s.what)}. {_fn(s.citation)}</li>"
