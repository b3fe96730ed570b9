"""The knowledge ruler's token patterns through a PhraseMatcher: same matches, phrase-matcher cost.

The EntityRuler's token Matcher tries every pattern at every token, so its cost grows with
patterns x tokens. Almost all knowledge token patterns are fixed-length sequences of ORTH/LOWER
(strings or {"IN": [...]}) - they only need tokens because some positions must match exact case.
Expanded into concrete word sequences, they can be found by a PhraseMatcher on LOWER, and the
exact-case positions verified per hit: the same matches as the Matcher, at phrase-matcher cost.
"""

from __future__ import annotations

import itertools
from typing import Any

from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc
from spacy.vocab import Vocab


def _alternatives(pattern: list[dict[str, Any]]) -> list[list[tuple[str, bool]]] | None:
    """Per token, the (text, exact) it may be; None when the pattern is not a fixed ORTH/LOWER sequence."""
    out = []
    for spec in pattern:
        if len(spec) != 1:
            return None
        ((attr, value),) = spec.items()
        if attr not in ("ORTH", "LOWER"):
            return None
        if isinstance(value, str):
            values = [value]
        elif (
            isinstance(value, dict) and set(value) == {"IN"} and all(isinstance(v, str) for v in value["IN"])
        ):
            values = list(value["IN"])
        else:
            return None
        exact = attr == "ORTH"
        # a LOWER value with capitals can never match: leave it out, as the Matcher would never hit it
        out.append([(v, exact) for v in values if exact or v == v.lower()])
    return out


class PhraseTokenMatcher:
    """Same matches as Matcher(token_patterns); fixed ORTH/LOWER patterns go through a PhraseMatcher."""

    def __init__(self, vocab: Vocab, token_patterns: dict[str, list[list[dict[str, Any]]]]) -> None:
        self.vocab = vocab
        self.rest = Matcher(vocab, validate=False)
        self.phrases = PhraseMatcher(vocab, attr="LOWER")
        self.checks: dict[int, list[tuple[int, tuple[str | None, ...]]]] = {}
        self.n = 0
        for label, patterns in token_patterns.items():
            label_id = vocab.strings.add(label)
            for pattern in patterns:
                self.n += 1
                alts = _alternatives(pattern)
                if alts is None:
                    self.rest.add(label, [pattern])
                    continue
                for combo in itertools.product(*alts):
                    words = [t.lower() for t, _ in combo]
                    key = "\x1f".join(words)
                    key_id = vocab.strings.add(key)
                    if key_id not in self.checks:
                        self.phrases.add(key, [Doc(vocab, words=words)])
                        self.checks[key_id] = []
                    self.checks[key_id].append((label_id, tuple(t if exact else None for t, exact in combo)))

    def __len__(self) -> int:
        return self.n

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        out = list(self.rest(doc)) if len(self.rest) else []
        for key_id, start, end in self.phrases(doc):
            for label_id, exact in self.checks[key_id]:
                if all(e is None or doc[start + i].orth_ == e for i, e in enumerate(exact)):
                    out.append((label_id, start, end))
        return out
