"""Certainty of an event from its own clause: negation, future and hedges around the trigger.

The statement it sits under gives the rest (attribution.py: the cue's certainty); events.py combines the
two: a local marker wins, otherwise the innermost statement's cue decides.
"""

from __future__ import annotations

from spacy.tokens import Token

from armswatch.extract.lexicon import Lexicon


def local_certainty(trig: Token, lex: Lexicon) -> str | None:
    """Certainty set by the trigger's own clause: negation, future, hedges ("appeared to", "will")."""
    chain = [trig]
    tok = trig
    for _ in range(4):
        if tok.dep_ in ("xcomp", "advcl", "conj", "dobj", "pobj", "nsubj", "prep") and tok.head is not tok:
            tok = tok.head
            if tok.pos_ in ("VERB", "AUX") or tok.dep_ == "xcomp":
                chain.append(tok)
            if tok.dep_ in ("ccomp", "ROOT"):
                break
        else:
            break
    for t in chain:
        for c in t.children:
            if c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no"):
                return "denied"
    for t in chain:
        for c in t.children:
            if c.dep_ == "aux" and c.lower_ in lex.future_aux:
                return "expected"
        if t is not trig and t.lemma_.lower() in lex.future_verbs and t.lemma_.lower() != "seek":
            return "expected"
    for t in chain:
        if t is not trig and t.lemma_.lower() in lex.hedges:
            return "hedged"
        for c in t.children:
            if c.dep_ in ("advmod", "aux") and c.lemma_.lower() in lex.hedges:
                return "hedged"
    return None
