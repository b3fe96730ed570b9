"""What the store, fusion and export tests share (no tests here).

Each of those modules has a `db_url` fixture over `BACKENDS`: the PostgreSQL leg uses the server named by
ARMSWATCH_TEST_POSTGRES_URL (`.ci/run` starts a throwaway one) and is skipped when it is unset.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from functools import lru_cache
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from armswatch.records import Attribution, Document, Event, Extraction, Mention, Place, Span, Time, span_of
from armswatch.store.engine import normalise_url

FUSION = Path(__file__).with_name("data") / "fusion"
POSTGRES_ENV = "ARMSWATCH_TEST_POSTGRES_URL"
BACKENDS = ["sqlite", "postgresql"]


def postgres_url() -> str | None:
    return os.environ.get(POSTGRES_ENV) or None


def reset_postgres(url: str) -> None:
    engine = create_engine(normalise_url(url))
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def backend_url(backend: str, tmp_path: Path) -> str:
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'kb.db'}"
    url = postgres_url()
    if url is None:
        pytest.skip(f"{POSTGRES_ENV} is not set: no PostgreSQL server to test against")
    reset_postgres(url)
    return url


@lru_cache(maxsize=1)
def fusion_extractions() -> tuple[list[Extraction], str]:
    """The fusion reports extracted once per test session, with the extractor id that made them."""
    from armswatch.extract import extractor_id
    from armswatch.ingest import read_input
    from armswatch.nlp.pipeline import pipeline_version
    from armswatch.process import process

    documents = [d for path in sorted(FUSION.glob("*.txt")) for d in read_input(str(path))]
    return list(process(documents)), extractor_id(pipeline_version())


# --- hand-made extractions (no spaCy) -------------------------------------------------------------------


class Builder:
    """Builds an extraction over a text by naming the substrings that fill each part."""

    def __init__(self, text: str, **meta: object) -> None:
        self.document = Document(text=text, **meta)  # type: ignore[arg-type]  # metadata fields by name
        self.events: list[Event] = []
        self.entities: list[Mention] = []

    def span(self, part: str, nth: int = 0) -> Span:
        start = -1
        for _ in range(nth + 1):
            start = self.document.text.index(part, start + 1)
        return span_of(self.document.text, start, start + len(part), part)

    def mention(
        self, part: str, typ: str, ident: str | None, name: str | None = None, **attrs: object
    ) -> Mention:
        m = Mention(span=self.span(part), type=typ, id=ident, name=name, attrs=dict(attrs))
        if m not in self.entities:
            self.entities.append(m)
        return m

    def event(
        self,
        typ: str,
        trigger: str,
        evidence: str,
        roles: dict[str, list[Mention]],
        *,
        time: tuple[str, str, str] | None = None,
        place: tuple[str, str, str | None, float | None, float | None, str] | None = None,
        source: Mention | None = None,
        certainty: str = "asserted",
    ) -> Event:
        t = None
        if time is not None:
            t = Time(span=self.span(time[0]), value=time[1], precision=time[2])
        p = None
        if place is not None:
            p = Place(
                span=self.span(place[0]),
                name=place[0],
                country=place[1],
                admin1=place[2],
                lat=place[3],
                lon=place[4],
                precision=place[5],
            )
        att = None
        if source is not None:
            att = Attribution(
                id=f"a{len(self.events) + 1}",
                cue=self.span("said"),
                content=self.span(evidence),
                source=source,
                certainty=certainty,
            )
        e = Event(
            id=f"e{len(self.events) + 1}",
            type=typ,
            trigger=self.span(trigger),
            evidence=self.span(evidence),
            roles=roles,
            time=t,
            place=p,
            attribution=att,
            certainty=certainty,
            extractor="test.v1",
        )
        self.events.append(e)
        return e

    def build(self) -> Extraction:
        attributions = [e.attribution for e in self.events if e.attribution is not None]
        times = [e.time for e in self.events if e.time is not None]
        places = [e.place for e in self.events if e.place is not None]
        return Extraction(
            document=self.document,
            entities=list(self.entities),
            times=times,
            places=places,
            attributions=attributions,
            events=list(self.events),
        )


def strike_report(
    text: str,
    *,
    day: str = "2024-01-02",
    when: str = "on Tuesday",
    place: tuple[str, str, str | None, float | None, float | None, str] | None = (
        "Kharkiv",
        "UKR",
        "UA-63",
        49.98,
        36.25,
        "city",
    ),
    source: tuple[str, str, str] | None = ("the air force", "ORG", "UKR-AF"),
    publisher: str = "Test Outlet",
    published: date = date(2024, 1, 3),
    **meta: object,
) -> Extraction:
    """An ATTACK report: "Russia struck Kharkiv with missiles on Tuesday, the air force said." style."""
    b = Builder(text, publisher=publisher, published=published, **meta)
    roles = {
        "attacker": [b.mention("Russia", "COUNTRY", "RUS", "Russia")],
        "weapon": [b.mention("missiles", "WEAPON", "class:missile", "missile", **{"class": "missile"})],
    }
    if place is not None and place[0] in text:
        roles["target"] = [b.mention(place[0], "PLACE", place[1])]
    src = b.mention(source[0], source[1], source[2]) if source is not None and source[0] in text else None
    sentence = text.split("\n")[0]
    b.event(
        "ATTACK",
        "struck",
        sentence,
        roles,
        time=(when, day, "day") if when in text else None,
        place=place if place is not None and place[0] in text else None,
        source=src,
    )
    return b.build()


def many_documents(n: int, *, words: int = 400) -> Iterator[Extraction]:
    """n distinct strike reports with long bodies (for throughput and kill tests)."""
    filler = " ".join(f"word{i % 97}" for i in range(words))
    for i in range(n):
        text = f"Russia struck Kharkiv with missiles on Tuesday, the air force said.\nReport {i}. {filler}"
        yield strike_report(text, publisher=f"Outlet {i % 7}")
