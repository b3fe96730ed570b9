"""Evaluation on annotated corpora: one adapter per format, one result shape, one registry.

An adapter reads a corpus from PATH (never copied into the repository), runs armswatch on its texts and
scores the output against the annotations, returning an `EvalResult`: metrics for machines and people,
and per-item errors a developer can read (`armswatch eval … --errors FILE`).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# dataset name → "module:function"; a module is imported only when its dataset is asked for.
ADAPTERS: dict[str, str] = {
    "timeml": "armswatch.evaluate.timeml:evaluate",
    "geo": "armswatch.evaluate.geo:evaluate",
    "polnear": "armswatch.evaluate.polnear:evaluate",
    "re3d": "armswatch.evaluate.re3d:evaluate",
    "case2021": "armswatch.evaluate.case2021:evaluate",
    "plover": "armswatch.evaluate.plover:evaluate",
    "acled": "armswatch.evaluate.acled:evaluate",
    "wikievents": "armswatch.evaluate.wikievents:evaluate",
    "certainty": "armswatch.evaluate.certainty:evaluate",
    "transfers": "armswatch.evaluate.transfers:evaluate",
}


@dataclass(slots=True)
class EvalResult:
    dataset: str
    path: str
    items: int  # documents / snippets / rows scored
    metrics: dict[str, float]
    counts: dict[str, int] = field(default_factory=dict)  # tp/fp/fn and the like, for checking the metrics
    errors: list[dict[str, Any]] = field(default_factory=list)  # one per wrong item, readable
    notes: list[str] = field(default_factory=list)  # mapping used, subset taken, what was skipped

    def to_json(self, with_errors: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "dataset": self.dataset,
            "path": self.path,
            "items": self.items,
            "metrics": {k: round(v, 4) for k, v in self.metrics.items()},
            "counts": self.counts,
            "notes": self.notes,
        }
        if with_errors:
            out["errors"] = self.errors
        return out


Evaluator = Callable[[Path, "int | None"], EvalResult]


def get_adapter(name: str) -> Evaluator:
    from armswatch.errors import NotFound

    target = ADAPTERS.get(name)
    if target is None:
        raise NotFound(f"no evaluation adapter {name!r}; known: {', '.join(sorted(ADAPTERS))}")
    module, _, func = target.partition(":")
    fn: Evaluator = getattr(importlib.import_module(module), func)
    return fn


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall, F1 from counts (0 where undefined)."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f
