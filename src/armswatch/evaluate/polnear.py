"""PolNeAR (news attribution: source, cue, content) → span and attribution scores.

PATH is a PolNeAR split folder (`polnear/dev` or `polnear/train`: `text/*.txt` and brat
`attributions/*.ann`), or the `polnear` folder itself, which means its `dev` split. Publication dates come
from `metadata.tsv` next to the split folders when it is there. `limit` takes the first N texts in sorted
file-name order.

Gold: brat T-lines `Source`, `Cue`, `Content` (offsets "start end", discontinuous "start end;start end")
joined by `Attribution` / `Attribution-no-source` E-lines; `Discard` and `Discuss` spans and spans no E-line
uses are ignored. A discontinuous span is scored as one span from its smallest start to its largest end.
A text with several annotators' files (`<name>_<annotator>.ann`) is scored against the first file in sorted
order; the others give the human agreement on those texts (a note), scored with the same code.

Scores, for source, cue and content separately (spans deduplicated by offsets per kind):
- exact: a predicted span matches a gold span with the same start and end;
- overlap: a predicted span matches a gold span it shares at least one character with; each gold and each
  predicted span is matched at most once, greedily by largest overlap.
Our source span is the attribution's `source` (the surface, "he"), not `source_ref`.
Only our top-level attributions are scored: PolNeAR annotation is univocal (each token belongs to at most one
attribution, PolNeAR README), so a statement nested in another's content ("I think …" inside a quote) is
never annotated separately; in dev, 6 of 2192 gold cues lie inside another gold attribution's content.
Attribution level: a predicted attribution matches a gold one when their cues overlap (greedy, one-to-one);
given a matched cue, source (both absent also counts) and content are right when they overlap the gold ones.
"""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from armswatch.errors import ArmswatchError
from armswatch.evaluate import EvalResult, prf
from armswatch.records import Document, Extraction

KINDS = ("source", "cue", "content")
_T_LINE = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t")
_E_LINE = re.compile(r"^(E\d+)\t(.*)$")
_ANNOTATOR = re.compile(r"^(.*)_([0-9a-z]+)\.ann$")
_CONTEXT = 80  # characters either side of an error span

Offsets = tuple[int, int]


@dataclass(slots=True)
class Attr:
    """One attribution as offsets, gold or predicted (a prediction has exactly one content)."""

    cue: Offsets | None
    source: Offsets | None
    contents: list[Offsets] = field(default_factory=list)


@dataclass(slots=True)
class Tally:
    """Counts summed over documents: per kind exact/overlap tp-fp-fn, and attribution-level counts."""

    exact: Counter[str] = field(default_factory=Counter)
    overlap: Counter[str] = field(default_factory=Counter)
    attr: Counter[str] = field(default_factory=Counter)
    content_char_f1: float = 0.0  # summed over matched attributions, for the mean

    def add(self, gold: Sequence[Attr], pred: Sequence[Attr]) -> None:
        for kind in KINDS:
            g, p = spans(gold, kind), spans(pred, kind)
            tp = len(set(g) & set(p))
            self.exact.update({f"{kind}_tp": tp, f"{kind}_fp": len(p) - tp, f"{kind}_fn": len(g) - tp})
            tp = len(match_overlap(g, p))
            self.overlap.update({f"{kind}_tp": tp, f"{kind}_fp": len(p) - tp, f"{kind}_fn": len(g) - tp})
        g_cued = [(a.cue, a) for a in gold if a.cue is not None]
        p_cued = [(a.cue, a) for a in pred if a.cue is not None]
        pairs = match_overlap([c for c, _ in g_cued], [c for c, _ in p_cued])
        self.attr.update({"tp": len(pairs), "fp": len(p_cued) - len(pairs), "fn": len(g_cued) - len(pairs)})
        for gi, pi in pairs:
            g_attr, p_attr = g_cued[gi][1], p_cued[pi][1]
            g_src, p_src = g_attr.source, p_attr.source
            if (g_src is None and p_src is None) or (g_src and p_src and overlap(g_src, p_src)):
                self.attr["source_ok"] += 1
            both = [(g, p) for g in g_attr.contents for p in p_attr.contents]
            if any(overlap(g, p) for g, p in both):
                self.attr["content_ok"] += 1
            self.content_char_f1 += max((char_f1(g, p) for g, p in both), default=0.0)

    def metrics(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for kind in KINDS:
            for name, counts in (("exact", self.exact), ("overlap", self.overlap)):
                p, r, f = prf(counts[f"{kind}_tp"], counts[f"{kind}_fp"], counts[f"{kind}_fn"])
                out[f"{kind}_{name}_f1"] = f
                out[f"{kind}_{name}_p"] = p
                out[f"{kind}_{name}_r"] = r
        p, r, f = prf(self.attr["tp"], self.attr["fp"], self.attr["fn"])
        out.update(attribution_f1=f, attribution_p=p, attribution_r=r)
        matched = self.attr["tp"]
        out["source_given_cue_acc"] = self.attr["source_ok"] / matched if matched else 0.0
        out["content_given_cue_acc"] = self.attr["content_ok"] / matched if matched else 0.0
        out["content_char_f1_given_cue"] = self.content_char_f1 / matched if matched else 0.0
        return out

    def counts(self) -> dict[str, int]:
        out = {f"{k}_exact": v for k, v in sorted(self.exact.items())}
        out |= {f"{k}_overlap": v for k, v in sorted(self.overlap.items())}
        out |= {f"attribution_{k}": v for k, v in sorted(self.attr.items())}
        return out


# --- reading -------------------------------------------------------------------------------------------
def parse_ann(ann: str) -> list[Attr]:
    """Gold attributions of one brat .ann file (lines that are not T- or E-lines are skipped: brat writes a
    span's text with its newlines, so a multi-line span leaves continuation lines behind)."""
    boxes: dict[str, Offsets] = {}
    events: list[list[tuple[str, str]]] = []
    for line in ann.splitlines():
        m = _T_LINE.match(line)
        if m:
            frags = [[int(x) for x in f.split()] for f in m[3].split(";")]
            boxes[m[1]] = (min(f[0] for f in frags), max(f[1] for f in frags))
            continue
        m = _E_LINE.match(line)
        if m:
            parts = [arg.partition(":") for arg in m[2].split()]
            events.append([(role, ref) for role, colon, ref in parts if colon])
    out: list[Attr] = []
    for args in events:
        if not args or not args[0][0].startswith("Attribution"):
            continue
        attr = Attr(cue=None, source=None)
        for role, ref in args[1:]:
            offsets = boxes.get(ref)
            if offsets is None:
                continue
            if role.startswith("Cue"):
                attr.cue = offsets
            elif role.startswith("Source"):
                attr.source = offsets
            elif role.startswith("Content"):
                attr.contents.append(offsets)
        out.append(attr)
    return out


@dataclass(slots=True)
class Item:
    name: str  # the text's file stem
    text: str
    published: date | None
    annotations: list[Path]  # one per annotator, sorted


def split_folder(path: Path) -> Path:
    if (path / "text").is_dir():
        return path
    if (path / "dev" / "text").is_dir():
        return path / "dev"
    from armswatch.errors import NotFound

    raise NotFound(
        f"{path} is not a PolNeAR split folder (no text/ and attributions/ in it or in {path}/dev)"
    )


def read_dates(split: Path) -> dict[str, date]:
    meta = split.parent / "metadata.tsv"
    if not meta.is_file():
        return {}
    out: dict[str, date] = {}
    with meta.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            try:
                out[row["filename"]] = date.fromisoformat(row["publication_date"])
            except (KeyError, TypeError, ValueError):
                continue  # no usable date: relative times stay unresolved, which attribution does not need
    return out


def read_items(path: Path, limit: int | None, every: int = 1) -> list[Item]:
    split = split_folder(path)
    anns: dict[str, list[Path]] = defaultdict(list)
    for ann in sorted((split / "attributions").glob("*.ann")):
        m = _ANNOTATOR.match(ann.name)
        anns[m[1] if m else ann.stem].append(ann)
    dates = read_dates(split)
    texts = sorted((split / "text").glob("*.txt"))[::every]
    if limit is not None:
        texts = texts[:limit]
    return [
        Item(t.stem, t.read_text(encoding="utf-8"), dates.get(t.stem), anns.get(t.stem, []))
        for t in texts
        if t.stem in anns
    ]


# --- matching ------------------------------------------------------------------------------------------
def overlap(a: Offsets, b: Offsets) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def char_f1(gold: Offsets, pred: Offsets) -> float:
    common = overlap(gold, pred)
    if not common:
        return 0.0
    return 2 * common / ((gold[1] - gold[0]) + (pred[1] - pred[0]))


def match_overlap(gold: Sequence[Offsets], pred: Sequence[Offsets]) -> list[tuple[int, int]]:
    """One-to-one (gold index, pred index) pairs of overlapping spans, greedily by largest overlap."""
    cands = sorted(
        ((overlap(g, p), gi, pi) for gi, g in enumerate(gold) for pi, p in enumerate(pred) if overlap(g, p)),
        key=lambda c: (-c[0], c[1], c[2]),
    )
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, gi, pi in cands:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        pairs.append((gi, pi))
    return pairs


def spans(attrs: Iterable[Attr], kind: str) -> list[Offsets]:
    """The distinct spans of one kind (source, cue or content), sorted."""
    found: set[Offsets] = set()
    for a in attrs:
        if kind == "content":
            found.update(a.contents)
        else:
            span = a.cue if kind == "cue" else a.source
            if span is not None:
                found.add(span)
    return sorted(found)


def predicted(ex: Extraction) -> list[Attr]:
    """Our top-level attributions. PolNeAR is univocal (a token belongs to at most one attribution), so an
    attribution nested in another's content ("I think" inside a quote) is never annotated on its own."""
    return [
        Attr(
            cue=(a.cue.start, a.cue.end),
            source=(a.source.span.start, a.source.span.end) if a.source is not None else None,
            contents=[(a.content.start, a.content.end)],
        )
        for a in ex.attributions
        if a.parent is None
    ]


# --- errors --------------------------------------------------------------------------------------------
def _context(text: str, span: Offsets) -> str:
    start, end = span
    left = text[max(0, start - _CONTEXT) : start]
    right = text[end : end + _CONTEXT]
    return " ".join(f"{left}⟦{text[start:end]}⟧{right}".split())


def span_errors(name: str, text: str, gold: list[Attr], pred: list[Attr]) -> list[dict[str, Any]]:
    """Per kind: gold spans we missed (`missed`, or `boundary` when a prediction overlaps), and predicted
    spans that overlap no gold span of their kind (`spurious`)."""
    errors: list[dict[str, Any]] = []
    for kind in KINDS:
        g, p = spans(gold, kind), spans(pred, kind)
        exact = set(g) & set(p)
        pairs = dict(match_overlap(g, p))
        for gi, span in enumerate(g):
            if span in exact:
                continue
            err: dict[str, Any] = {
                "doc": name,
                "kind": kind,
                "error": "missed",
                "gold": text[span[0] : span[1]],
            }
            if gi in pairs:
                other = p[pairs[gi]]
                err.update(error="boundary", predicted=text[other[0] : other[1]])
                err["extra_left"] = text[other[0] : span[0]] if other[0] < span[0] else ""
                err["missing_left"] = text[span[0] : other[0]] if span[0] < other[0] else ""
                err["extra_right"] = text[span[1] : other[1]] if span[1] < other[1] else ""
                err["missing_right"] = text[other[1] : span[1]] if other[1] < span[1] else ""
            err.update(start=span[0], end=span[1], context=_context(text, span))
            errors.append(err)
        for span in p:
            if span in exact or any(overlap(span, o) for o in g):
                continue
            errors.append(
                {
                    "doc": name,
                    "kind": kind,
                    "error": "spurious",
                    "predicted": text[span[0] : span[1]],
                    "start": span[0],
                    "end": span[1],
                    "context": _context(text, span),
                }
            )
    return errors


# --- the adapter ---------------------------------------------------------------------------------------
def evaluate(path: Path, limit: int | None = None, every: int = 1) -> EvalResult:
    """`every` N: every Nth text in sorted order (the first, the N+1th, …), then `limit`: a spread-out
    sample, e.g. the slice of polnear/train no rule was read from (`--every 8`)."""
    from armswatch.process import process

    if every < 1:
        raise ArmswatchError(f"--every must be 1 or more, not {every}")
    items = read_items(path, limit, every)
    golds = [parse_ann(i.annotations[0].read_text(encoding="utf-8")) for i in items]
    tally = Tally()
    errors: list[dict[str, Any]] = []
    docs = (Document(text=i.text, published=i.published, source_file=i.name) for i in items)
    for item, gold, ex in zip(items, golds, process(docs), strict=True):
        pred = predicted(ex)
        tally.add(gold, pred)
        errors.extend(span_errors(item.name, item.text, gold, pred))

    notes = [
        f"{len(items)} texts from {split_folder(path)} in sorted file-name order"
        + (f" (every {every}th)" if every > 1 else "")
        + (f" (limit {limit})" if limit is not None else ""),
        "gold: Source/Cue/Content spans of Attribution and Attribution-no-source E-lines; Discard/Discuss ignored",
        "a discontinuous gold span (start end;start end) is scored as min start .. max end",
        "our source span is Attribution.source (the surface, e.g. 'he'), not source_ref",
        "only top-level predictions are scored (PolNeAR is univocal: nested attributions are not annotated)",
        "overlap F1: one-to-one greedy matching by largest character overlap, same kind only",
        "attribution level: cues overlap → matched; source/content accuracy given a matched cue (overlap); "
        "content_char_f1_given_cue = mean character-overlap F1 of matched contents (boundary quality)",
    ]
    multi = [i for i in items if len(i.annotations) > 1]
    if multi:
        human = Tally()
        for item in multi:
            first = parse_ann(item.annotations[0].read_text(encoding="utf-8"))
            for other in item.annotations[1:]:
                theirs = parse_ann(other.read_text(encoding="utf-8"))
                human.add(first, theirs)
        hm = human.metrics()
        notes.append(
            f"{len(multi)} texts have several annotators; scored against the first file. Human agreement there "
            f"(others vs first): source overlap F1 {hm['source_overlap_f1']:.3f}, cue F1 {hm['cue_exact_f1']:.3f} "
            f"exact / {hm['cue_overlap_f1']:.3f} overlap, content overlap F1 {hm['content_overlap_f1']:.3f}"
        )
    return EvalResult(
        dataset="polnear",
        path=str(path),
        items=len(items),
        metrics=tally.metrics(),
        counts=tally.counts(),
        errors=errors,
        notes=notes,
    )
