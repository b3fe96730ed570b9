"""Command line: one group, a subcommand per job, JSON Lines on stdout, errors on stderr."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from datetime import date

import click

from armswatch.errors import InvalidDocument
from armswatch.records import Document


def _documents(
    sources: tuple[str, ...], published: date | None, failures: list[InvalidDocument]
) -> Iterator[Document]:
    from armswatch.ingest import iter_input

    for source in sources:
        for item in iter_input(source):
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
    for ex in process(_documents(sources, pub, failures)):
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
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON instead of a table.")
@click.option(
    "--errors",
    "errors_path",
    type=click.Path(dir_okay=False, writable=True),
    default=None,
    help="Write one JSON line per wrong item to this file.",
)
def eval_cmd(dataset: str, path: str, limit: int | None, as_json: bool, errors_path: str | None) -> None:
    """Score armswatch on an annotated corpus: timeml, geo, polnear, re3d, case2021, plover, acled, wikievents."""
    from pathlib import Path

    from armswatch.errors import NotFound
    from armswatch.evaluate import get_adapter

    try:
        adapter = get_adapter(dataset)
    except NotFound as exc:
        raise click.UsageError(str(exc)) from exc
    result = adapter(Path(path), limit)
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


if __name__ == "__main__":
    main()
