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


if __name__ == "__main__":
    main()
