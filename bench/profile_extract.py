"""Where armswatch extraction spends its time, by stage.

    .venv/bin/python bench/profile_extract.py [--docs N] [--top K] [--pstats OUT]

Loads and warms the pipeline first (load time is not profiled), then:

1. a stage timer: the spaCy pipeline one component at a time (tokenizer, tok2vec, tagger, parser, our
   knowledge ruler, ner, our weapon-name merge, …) over all documents; then `process()` itself over the
   parsed documents with each stage it calls wrapped: extraction (mentions, attribution, events, assembly
   of times/places), normalisation (time rules, place gazetteer), the sanctions rules where process() runs
   them, and the span check (serialise + verify). Exclusive wall and CPU seconds, so the rows add up;
2. cProfile over the whole `process()` path, its own time grouped by source file (armswatch modules one by
   one, spaCy/thinc together), and the top armswatch functions by own and cumulative time.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import pstats
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

import armswatch.extract as extract_mod
import armswatch.normalize as normalize_mod
import armswatch.process as process_mod
from armswatch.extract.attribution import find_attributions
from armswatch.extract.events import EventExtractor
from armswatch.extract.mentions import MentionIndex
from armswatch.nlp.pipeline import build_pipeline
from armswatch.normalize.place import gazetteer_stats, resolve_place
from armswatch.normalize.time import normalize_time
from armswatch.records import Document, Extraction, check_spans

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_texts import DEFAULT_SHARED, fresh, load_corpus
from extract_bench import clear_result_caches

OURS = ("armswatch_",)  # pipeline components we add


class Stages:
    """Exclusive wall and CPU seconds per stage: time spent in a stage nested inside another is charged to
    the inner one only, so the rows add up to the whole."""

    def __init__(self) -> None:
        self.wall: dict[str, float] = defaultdict(float)
        self.cpu: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self._inner: list[list[float]] = []  # per open stage: [wall, cpu] of the stages inside it

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        w, c = time.perf_counter(), time.process_time()
        self._inner.append([0.0, 0.0])
        try:
            yield
        finally:
            wall, cpu = time.perf_counter() - w, time.process_time() - c
            inner = self._inner.pop()
            self.wall[name] += wall - inner[0]
            self.cpu[name] += cpu - inner[1]
            self.calls[name] += 1
            if self._inner:
                self._inner[-1][0] += wall
                self._inner[-1][1] += cpu

    def wrap(self, name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            with self.stage(name):
                return fn(*args, **kwargs)

        return timed


class Parsed:
    """Stands in for the spaCy pipeline inside `process()`: hands back the documents parsed already."""

    def __init__(self, docs: list[Any]) -> None:
        self.docs = docs

    def pipe(self, pairs: Iterable[tuple[str, Any]], *, as_tuples: bool, batch_size: int) -> Iterator[Any]:
        assert as_tuples
        for doc, (_text, context) in zip(self.docs, pairs, strict=True):
            yield doc, context


class GcTime:
    """Seconds the cyclic garbage collector ran, per generation, while installed (gc.callbacks). Its time
    is inside the stages' times; a large heap (the gazetteer) makes each full collection slower."""

    def __init__(self) -> None:
        self.seconds = [0.0, 0.0, 0.0]
        self.runs = [0, 0, 0]
        self._t0 = 0.0

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._t0 = time.perf_counter()
        else:
            self.seconds[info["generation"]] += time.perf_counter() - self._t0
            self.runs[info["generation"]] += 1

    @contextmanager
    def installed(self) -> Iterator[GcTime]:
        gc.callbacks.append(self)
        try:
            yield self
        finally:
            gc.callbacks.remove(self)


def time_spacy(nlp: Any, texts: list[str], batch_size: int, st: Stages) -> list[Any]:
    """Run the pipeline a component at a time, as `nlp.pipe` would, timing each."""
    gc.collect()
    with st.stage("spacy: tokenizer"):
        docs = [nlp.make_doc(t) for t in texts]
    for name, proc in nlp.pipeline:
        label = f"ours: {name}" if name.startswith(OURS) else f"spacy: {name}"
        with st.stage(label):
            if hasattr(proc, "pipe"):
                docs = list(proc.pipe(docs, batch_size=batch_size))
            else:
                docs = [proc(d) for d in docs]
    return docs


def time_python_stages(docs: list[Any], documents: list[Document], st: Stages) -> None:
    """`process()` itself on documents parsed already, with the entry point of each stage it calls wrapped;
    whatever it does outside them is "process: other"."""
    patches: list[tuple[Any, str, Callable[..., Any]]] = [
        (process_mod, "build_pipeline", lambda: Parsed(docs)),
        (process_mod, "extract", st.wrap("extract: other (times, places)", extract_mod.extract)),
        (process_mod, "normalize", st.wrap("normalize: other (anchors, hints)", normalize_mod.normalize)),
        (process_mod, "check_spans", st.wrap("span check: check_spans", check_spans)),
        (Extraction, "to_json", st.wrap("span check: to_json", Extraction.to_json)),
        (MentionIndex, "build", st.wrap("extract: mentions (MentionIndex.build)", MentionIndex.build)),
        (extract_mod, "find_attributions", st.wrap("extract: attribution", find_attributions)),
        (EventExtractor, "run", st.wrap("extract: events (EventExtractor.run)", EventExtractor.run)),
        # armswatch.normalize calls these by the names it imported: wrap them there
        (normalize_mod, "normalize_time", st.wrap("normalize: time", normalize_time)),
        (normalize_mod, "resolve_place", st.wrap("normalize: place", resolve_place)),
    ]
    if hasattr(process_mod, "check_extraction"):  # the sanctions rules, where process() runs them
        rules = process_mod.check_extraction
        patches.append((process_mod, "check_extraction", st.wrap("rules: check_extraction", rules)))
    saved = [(obj, attr, getattr(obj, attr)) for obj, attr, _ in patches]
    for obj, attr, new in patches:
        setattr(obj, attr, new)
    try:
        gc.collect()
        with st.stage("process: other"):
            for _ in process_mod.process(documents):
                pass
    finally:
        for obj, attr, old in saved:
            setattr(obj, attr, old)


def stage_table(st: Stages, n_docs: int) -> Table:
    rows = [(name, st.wall[name], st.cpu[name]) for name in st.wall]
    total_wall = sum(r[1] for r in rows)
    total_cpu = sum(r[2] for r in rows)
    spacy_model = sum(r[2] for r in rows if r[0].startswith("spacy:"))
    table = Table(title=f"time by stage, {n_docs} docs (CPU share of the whole path)")
    table.add_column("stage")
    table.add_column("wall s", justify="right")
    table.add_column("CPU s", justify="right")
    table.add_column("CPU %", justify="right")
    table.add_column("ms/doc (CPU)", justify="right")
    for name, wall, cpu in sorted(rows, key=lambda r: -r[2]):
        table.add_row(
            name, f"{wall:.2f}", f"{cpu:.2f}", f"{100 * cpu / total_cpu:.1f}", f"{1000 * cpu / n_docs:.1f}"
        )
    table.add_section()
    table.add_row(
        "spaCy's own components", "", f"{spacy_model:.2f}", f"{100 * spacy_model / total_cpu:.1f}", ""
    )
    ours = total_cpu - spacy_model
    table.add_row("ours (components + Python stages)", "", f"{ours:.2f}", f"{100 * ours / total_cpu:.1f}", "")
    table.add_row(
        "total", f"{total_wall:.2f}", f"{total_cpu:.2f}", "100.0", f"{1000 * total_cpu / n_docs:.1f}"
    )
    table.add_row(
        "implied ratio (spaCy components / total)",
        "",
        f"{spacy_model / total_cpu:.3f}",
        "",
        "",
    )
    return table


def group_of(filename: str) -> str:
    if "/armswatch/" in filename:
        return "armswatch/" + filename.split("/armswatch/", 1)[1]
    for lib in ("spacy", "thinc", "numpy", "dateparser", "rapidfuzz", "pydantic", "regex", "srsly"):
        if f"/{lib}/" in filename:
            return lib
    if filename.startswith("~") or filename.startswith("<"):
        return "builtins/C"
    return "python stdlib/other"


def profile_table(stats: pstats.Stats, top: int) -> tuple[Table, Table]:
    by_group: dict[str, float] = defaultdict(float)
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]  # pstats keeps its table untyped
    total = 0.0
    for (filename, _line, _func), (_cc, _nc, tt, _ct, _callers) in raw.items():
        by_group[group_of(filename)] += tt
        total += tt
    groups = Table(title="cProfile own time by source (C calls are charged to the Python caller)")
    groups.add_column("source")
    groups.add_column("own s", justify="right")
    groups.add_column("%", justify="right")
    for g, tt in sorted(by_group.items(), key=lambda kv: -kv[1]):
        if tt / total < 0.002:
            continue
        groups.add_row(g, f"{tt:.2f}", f"{100 * tt / total:.1f}")

    funcs = Table(title=f"top {top} armswatch functions by own time")
    funcs.add_column("function")
    funcs.add_column("calls", justify="right")
    funcs.add_column("own s", justify="right")
    funcs.add_column("cumulative s", justify="right")
    ours = [
        (f"{group_of(fn)}:{line} {func}", nc, tt, ct)
        for (fn, line, func), (_cc, nc, tt, ct, _callers) in raw.items()
        if "/armswatch/" in fn
    ]
    for name, nc, tt, ct in sorted(ours, key=lambda r: -r[2])[:top]:
        funcs.add_row(name, str(nc), f"{tt:.3f}", f"{ct:.3f}")
    return groups, funcs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=150, help="documents to profile (default 150)")
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--top", type=int, default=25, help="armswatch functions to list (default 25)")
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    ap.add_argument("--pstats", type=Path, default=None, help="also save the cProfile data here")
    ap.add_argument("--no-cprofile", action="store_true", help="only the stage timer")
    args = ap.parse_args(argv)
    err = Console(stderr=True)
    out = Console()

    corpus = load_corpus(args.docs, args.shared)
    documents = corpus.documents
    err.print(f"{len(documents)} docs, {corpus.chars:,} chars; loading …")
    nlp = build_pipeline()
    gazetteer_stats()
    list(process_mod.process([documents[0]]))  # warm: lexicon, dateparser, first-call caches

    st = Stages()
    clear_result_caches()
    with GcTime().installed() as gct:
        docs = time_spacy(nlp, [d.text for d in documents], args.batch_size, st)
        time_python_stages(docs, fresh(documents), st)
    out.print(stage_table(st, len(documents)))
    out.print(
        "garbage collector, inside the times above: "
        + ", ".join(f"gen{g} {gct.runs[g]}× {gct.seconds[g]:.2f}s" for g in range(3))
        + f"; objects tracked now: {len(gc.get_objects()):,}"
    )

    if not args.no_cprofile:
        clear_result_caches()
        prof = cProfile.Profile()
        gc.collect()
        prof.enable()
        for _ in process_mod.process(fresh(documents), batch_size=args.batch_size):
            pass
        prof.disable()
        stats = pstats.Stats(prof, stream=io.StringIO())
        if args.pstats is not None:
            stats.dump_stats(str(args.pstats))
            err.print(f"wrote {args.pstats} (open with: python -m pstats {args.pstats})")
        groups, funcs = profile_table(stats, args.top)
        out.print(groups)
        out.print(funcs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
