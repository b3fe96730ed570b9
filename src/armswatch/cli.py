"""Command line: one group, a subcommand per job, JSON Lines on stdout, errors on stderr."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from datetime import date
from typing import Any

import click

from armswatch.errors import InvalidDocument
from armswatch.records import Document
from armswatch.settings import Settings


def _documents(
    sources: tuple[str, ...], published: date | None, failures: list[InvalidDocument]
) -> Iterator[Document]:
    from armswatch.ingest import iter_input

    for source in sources:
        for item in iter_input(source, max_bytes=Settings().max_input_bytes):
            if isinstance(item, InvalidDocument):
                failures.append(item)
                click.echo(f"armswatch: error: {item}", err=True)
                continue
            if item.published is None and published is not None:
                item.published = published
            yield item


@click.group()
@click.version_option(package_name="armswatch")
def main() -> None:
    """armswatch: news reports on arms transfers, strikes and sanctions → sourced, normalised records."""
    from armswatch.normalize.place import use_cache_dir

    use_cache_dir(Settings().cache_dir)


@main.command("extract")
@click.argument("sources", nargs=-1, required=True)
@click.option(
    "--published",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Publication date for documents that carry none (YYYY-MM-DD); anchors relative dates.",
)
@click.option("--format", "fmt", type=click.Choice(["jsonl", "table"]), default="jsonl", show_default=True)
def extract_cmd(sources: tuple[str, ...], published: object, fmt: str) -> None:
    """Extract records from FILE|URL|- … (one JSON object per document on stdout)."""
    from armswatch.process import process

    pub = published.date() if published is not None else None  # type: ignore[attr-defined]
    failures: list[InvalidDocument] = []
    for ex in process(_documents(sources, pub, failures), batch_size=Settings().batch_size):
        if fmt == "jsonl":
            sys.stdout.write(json.dumps(ex.to_json(), ensure_ascii=False) + "\n")
            sys.stdout.flush()
        else:
            from armswatch.table import print_table

            print_table(ex)
    if failures:
        raise SystemExit(1)


@main.command("eval")
@click.argument("dataset")
@click.argument("path", type=click.Path(exists=True))
@click.option("--limit", type=int, default=None, help="Score only the first N items (documents, rows).")
@click.option(
    "--every",
    type=int,
    default=None,
    help="polnear: score every Nth text in sorted order (before --limit), e.g. a held-out slice of train.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON instead of a table.")
@click.option(
    "--errors",
    "errors_path",
    type=click.Path(dir_okay=False, writable=True),
    default=None,
    help="Write one JSON line per wrong item to this file.",
)
def eval_cmd(
    dataset: str, path: str, limit: int | None, every: int | None, as_json: bool, errors_path: str | None
) -> None:
    """Score armswatch on an annotated corpus: timeml, geo, polnear, re3d, case2021, plover, acled, wikievents."""
    from pathlib import Path

    from armswatch.errors import ArmswatchError, NotFound
    from armswatch.evaluate import get_adapter

    try:
        adapter = get_adapter(dataset)
    except NotFound as exc:
        raise click.UsageError(str(exc)) from exc
    if every is not None and dataset != "polnear":
        raise click.UsageError("--every is for polnear only")
    try:
        if every is None:
            result = adapter(Path(path), limit)
        else:
            from armswatch.evaluate.polnear import evaluate as polnear_evaluate

            result = polnear_evaluate(Path(path), limit, every=every)
    except ArmswatchError as exc:  # a file that is not the named corpus: say which and why, no traceback
        raise click.ClickException(str(exc)) from exc
    if errors_path:
        with open(errors_path, "w", encoding="utf-8") as fh:
            for err in result.errors:
                fh.write(json.dumps(err, ensure_ascii=False) + "\n")
    if as_json:
        click.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{result.dataset}: {result.items} items from {result.path}")
    table.add_column("metric")
    table.add_column("value", justify="right")
    for name, value in result.metrics.items():
        table.add_row(name, f"{value:.3f}")
    console = Console()
    console.print(table)
    for note in result.notes:
        console.print(f"- {note}")


@main.command("report")
@click.argument("sources", nargs=-1)
@click.option("--supplier", default=None, help="Supplier state, ISO alpha-3 (e.g. PRK); default: any.")
@click.option("--recipient", default=None, help="Recipient state, ISO alpha-3 (e.g. RUS); default: any.")
@click.option(
    "--since", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, help="Only events from this date."
)
@click.option(
    "--published",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Publication date for documents that carry none (YYYY-MM-DD).",
)
@click.option("--format", "fmt", type=click.Choice(["md", "html", "pdf"]), default="md", show_default=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    default=None,
    help="File to write (default: stdout; pdf needs one).",
)
def report_cmd(
    sources: tuple[str, ...],
    supplier: str | None,
    recipient: str | None,
    since: object,
    published: object,
    fmt: str,
    output: str | None,
) -> None:
    """A cited dossier (Panel of Experts annex style) on transfers from SUPPLIER to RECIPIENT in FILE|URL|- …"""
    from armswatch.report import build_dossier, render_html, render_markdown, render_pdf

    if fmt == "pdf" and output is None:
        raise click.UsageError("--format pdf needs -o FILE")
    failures: list[InvalidDocument] = []
    if sources:
        from armswatch.process import process

        pub = published.date() if published is not None else None  # type: ignore[attr-defined]
        extractions = list(process(_documents(sources, pub, failures)))
    else:
        from armswatch.errors import NotFound
        from armswatch.report import stored_extractions

        try:
            extractions = stored_extractions()
        except NotFound as exc:
            raise click.UsageError(f"give FILES to report on: {exc}") from exc
    dossier = build_dossier(
        extractions,
        supplier=supplier.upper() if supplier else None,
        recipient=recipient.upper() if recipient else None,
        since=since.date() if since is not None else None,  # type: ignore[attr-defined]
    )
    if fmt == "pdf":
        with open(str(output), "wb") as fh:
            fh.write(render_pdf(dossier))
    else:
        text = render_markdown(dossier) if fmt == "md" else render_html(dossier)
        if output is None:
            sys.stdout.write(text)
        else:
            with open(output, "w", encoding="utf-8") as fh:
                fh.write(text)
    click.echo(
        f"armswatch: {len(dossier.incidents)} incident(s), {len(dossier.citations)} citation(s) "
        f"from {len(dossier.documents)} document(s)",
        err=True,
    )
    if failures:
        raise SystemExit(1)


# --- knowledge base: ingest, search, incidents, export (armswatch.store) --------------------------------

_DB_OPTION = click.option(
    "--db",
    "database_url",
    default=None,
    help="Database URL (default: ARMSWATCH_DATABASE_URL, else sqlite:///armswatch.db).",
)


def _open_store(database_url: str | None) -> Any:
    from armswatch.settings import Settings
    from armswatch.store import Store

    return Store(database_url, settings=Settings())


@main.command("ingest")
@click.argument("sources", nargs=-1, required=True)
@_DB_OPTION
@click.option(
    "--published",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Publication date for documents that carry none (YYYY-MM-DD).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON on stdout.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
def ingest_cmd(
    sources: tuple[str, ...], database_url: str | None, published: object, as_json: bool, quiet: bool
) -> None:
    """Extract FILE|URL|- … and store the results: one transaction per document, duplicates stored once."""
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from armswatch.extract import extractor_id
    from armswatch.ingest import iter_input
    from armswatch.nlp.pipeline import pipeline_version
    from armswatch.process import process
    from armswatch.settings import Settings
    from armswatch.store.ingest import Summary, ingest

    settings = Settings()
    pub = published.date() if published is not None else None  # type: ignore[attr-defined]

    def items() -> Iterator[Document | InvalidDocument]:
        for source in sources:
            for item in iter_input(source, max_bytes=settings.max_input_bytes):
                if isinstance(item, Document) and item.published is None and pub is not None:
                    item.published = pub
                yield item

    console = Console(stderr=True)
    extractor = extractor_id(pipeline_version())
    with (
        _open_store(database_url) as store,
        Progress(
            SpinnerColumn(),
            TextColumn("ingest"),
            TextColumn("{task.completed:>6.0f} documents"),
            TextColumn("{task.fields[rate]:>6.1f}/s"),
            TextColumn("{task.description}"),
            TimeElapsedColumn(),
            console=console,
            disable=quiet or not console.is_terminal,
            transient=True,
        ) as progress,
    ):
        task = progress.add_task("", total=None, rate=0.0)

        def show(s: Summary) -> None:
            progress.update(
                task,
                completed=s.done,
                rate=s.done / s.seconds if s.seconds else 0.0,
                description=f"new {s.new} · duplicate {s.duplicate} · replaced {s.replaced} · failed {len(s.failed)}",
            )

        summary = ingest(
            store,
            items(),
            lambda docs: process(docs, batch_size=settings.batch_size),
            extractor,
            batch_size=settings.batch_size,
            on_progress=show,
        )
    if as_json:
        click.echo(json.dumps(summary.to_json(), ensure_ascii=False))
    rate = summary.done / summary.seconds if summary.seconds else 0.0
    click.echo(
        f"armswatch: {summary.new} new, {summary.duplicate} duplicate, {summary.replaced} replaced, "
        f"{len(summary.failed)} failed ({summary.done} documents in {summary.seconds:.1f} s, {rate:.1f}/s)",
        err=True,
    )
    for d in summary.duplicates:
        click.echo(f"armswatch: duplicate: {d['source']}: {d['reason']}", err=True)
    for f in summary.failed:
        click.echo(f"armswatch: failed ({f.stage}): {f.source}: {f.reason}", err=True)
    if summary.failed:
        raise SystemExit(1)


@main.command("search")
@click.argument("text", nargs=-1, required=True)
@_DB_OPTION
@click.option("--limit", type=int, default=20, show_default=True, help="Hits per kind (documents, evidence).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per hit.")
def search_cmd(text: tuple[str, ...], database_url: str | None, limit: int, as_json: bool) -> None:
    """Full-text search over stored documents and event evidence ("double quotes" keep a phrase)."""
    with _open_store(database_url) as store:
        hits = store.search(" ".join(text), limit=limit)
    for hit in hits:
        if as_json:
            click.echo(json.dumps(hit.to_json(), ensure_ascii=False))
        else:
            where = hit.event or hit.document
            click.echo(f"{hit.kind:<8} {where}  {hit.outlet or ''} {hit.published or ''}  {hit.snippet}")
    if not hits:
        click.echo("armswatch: no match", err=True)


def _print_incident(inc: dict[str, Any]) -> None:
    actors = "; ".join(f"{role}: {', '.join(a['id'] for a in v)}" for role, v in inc["actors"].items())
    when = inc["time"]["value"] or f"{inc['time']['start']}..{inc['time']['end']}"
    where = inc["place"]["admin1"] or inc["place"]["country"] or ""
    c = inc["corroboration"]
    click.echo(
        f"#{inc['id']:<5} {inc['type']:<9} {inc['status']:<12} {when:<23} {where:<6} {actors}  "
        f"[{len(inc['documents'])} doc, {len(c['outlets'])} outlet, {c['independent_origins']} origin"
        + (f", {len(inc['denials'])} denial" if inc["denials"] else "")
        + "]"
    )


@main.group("incidents", invoke_without_command=True)
@_DB_OPTION
@click.option("--type", "typ", default=None, help="Only incidents of this type (ATTACK, TRANSFER, …).")
@click.option("--actor", default=None, help="Only incidents with this actor (id or name: PRK, Russia).")
@click.option(
    "--since", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, help="Not before this date."
)
@click.option("--until", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, help="Not after this date.")
@click.option("--limit", type=int, default=None, help="At most this many incidents.")
@click.option(
    "--json", "as_json", is_flag=True, help="One JSON object per incident (members, origins, denials)."
)
@click.pass_context
def incidents_cmd(
    ctx: click.Context,
    database_url: str | None,
    typ: str | None,
    actor: str | None,
    since: object,
    until: object,
    limit: int | None,
    as_json: bool,
) -> None:
    """Incidents fused from the stored reports; `incidents show|split|unlink` for one incident."""
    ctx.obj = {"database_url": database_url}
    if ctx.invoked_subcommand is not None:
        return
    from armswatch.store import Filters

    filters = Filters(
        type=typ,
        actor=actor,
        since=since.date() if since is not None else None,  # type: ignore[attr-defined]
        until=until.date() if until is not None else None,  # type: ignore[attr-defined]
        limit=limit,
    )
    with _open_store(database_url) as store:
        for pk in store.incident_ids(filters):
            inc = store.incident(pk)
            if as_json:
                click.echo(json.dumps(inc, ensure_ascii=False))
            else:
                _print_incident(inc)


@incidents_cmd.command("show")
@click.argument("incident", type=int)
@click.pass_context
def incidents_show_cmd(ctx: click.Context, incident: int) -> None:
    """One incident as JSON: its reports with the rule that merged each, origins and denials."""
    from armswatch.errors import NotFound

    with _open_store(ctx.obj["database_url"]) as store:
        try:
            click.echo(json.dumps(store.incident(incident), ensure_ascii=False, indent=2))
        except NotFound as exc:
            raise click.UsageError(str(exc)) from exc


@incidents_cmd.command("split")
@click.argument("incident", type=int)
@click.argument("events", nargs=-1, required=True)
@click.option(
    "--reason", default="split by hand", show_default=True, help="Kept with the undone memberships."
)
@click.pass_context
def incidents_split_cmd(ctx: click.Context, incident: int, events: tuple[str, ...], reason: str) -> None:
    """Move EVENTS (DOCUMENT_ID:EVENT_ID …) out of INCIDENT into a new incident (the old links are kept, marked removed)."""
    from armswatch.errors import NotFound

    with _open_store(ctx.obj["database_url"]) as store:
        try:
            new = store.split(incident, list(events), reason)
        except NotFound as exc:
            raise click.UsageError(str(exc)) from exc
    click.echo(json.dumps({"incident": incident, "moved": list(events), "new_incident": new}))


@incidents_cmd.command("unlink")
@click.argument("incident", type=int)
@click.argument("event")
@click.option(
    "--reason", default="unlinked by hand", show_default=True, help="Kept with the undone membership."
)
@click.pass_context
def incidents_unlink_cmd(ctx: click.Context, incident: int, event: str, reason: str) -> None:
    """Take EVENT (DOCUMENT_ID:EVENT_ID; a report or a denial) out of INCIDENT; fusion never puts it back."""
    from armswatch.errors import NotFound

    with _open_store(ctx.obj["database_url"]) as store:
        try:
            new = store.unlink(incident, event, reason)
        except NotFound as exc:
            raise click.UsageError(str(exc)) from exc
    click.echo(json.dumps({"incident": incident, "unlinked": event, "new_incident": new}))


@main.command("export")
@_DB_OPTION
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "csv", "acled", "plover", "ftm"]),
    default="jsonl",
    show_default=True,
    help="jsonl: incidents; csv: events; acled: ACLED-like rows; plover: PLOVER records; ftm: FollowTheMoney.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    default="-",
    help="File (default: stdout).",
)
@click.option("--type", "typ", default=None, help="Only incidents of this type.")
@click.option(
    "--since", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, help="Not before this date."
)
@click.option("--until", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, help="Not after this date.")
def export_cmd(
    database_url: str | None, fmt: str, output: str, typ: str | None, since: object, until: object
) -> None:
    """Export the knowledge base's incidents (or events, for csv)."""
    from armswatch.export import export
    from armswatch.store import Filters

    filters = Filters(
        type=typ,
        since=since.date() if since is not None else None,  # type: ignore[attr-defined]
        until=until.date() if until is not None else None,  # type: ignore[attr-defined]
    )
    with _open_store(database_url) as store:
        if output == "-":
            n = export(store, fmt, sys.stdout, filters)
        else:
            with open(output, "w", encoding="utf-8", newline="") as fh:
                n = export(store, fmt, fh, filters)
    click.echo(f"armswatch: {n} {fmt} record(s) written", err=True)


if __name__ == "__main__":
    main()
