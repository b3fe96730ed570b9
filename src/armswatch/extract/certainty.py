"""Certainty of an event from its own clause: negation, future and hedges around the trigger, and the word
that governs the clause when it denies it.

The statement it sits under gives the rest (attribution.py: the cue's certainty); events.py combines the
two: a local marker wins, otherwise the innermost statement's cue decides. The precedence follows the
labelling rules of the certainty set (docs/certainty_set.md): a denial wins — of the clause ("did not
send", "no shells were shipped", "refused to sell") or by the word governing it ("denied that it would",
"no evidence that", "do not believe that"); then a future or intention marker (expected); then a hedge.
"""

from __future__ import annotations

from spacy.tokens import Token

from armswatch.extract.lexicon import Lexicon

# Links climbed from the trigger to the verbs whose markers still belong to its clause.
CLAUSE_LINKS = frozenset({"xcomp", "advcl", "conj", "dobj", "pobj", "nsubj", "nsubjpass", "prep", "pcomp"})
# Links by which a clause is the complement of the word that governs it ("said that …", "evidence that …").
COMPLEMENT_LINKS = frozenset({"ccomp", "acl", "xcomp"})
# Cue certainties that a negated cue turns into a denial: "do not believe that P" means "believe not P"
# (neg-raising: believe, think, expect, anticipate …). Other negated cues ("did not say", "has not
# confirmed") only withhold commitment.
NEG_RAISING = frozenset({"assessed", "expected"})


def local_certainty(trig: Token, lex: Lexicon) -> str | None:
    """Certainty set by the trigger's own clause and the word that governs it, or None when the statement
    it sits under decides."""
    chain = _chain(trig)
    governor = _governor(chain[-1])
    if _denied(trig, chain, governor, lex):
        return "denied"
    for t in chain:
        for c in t.children:
            if c.dep_ in ("aux", "auxpass") and c.lower_ in lex.future_aux:
                return "expected"
        if t is not trig and (t.lemma_.lower() in lex.future_verbs or _going_to(t, lex)):
            return "expected"
    for t in chain:
        if t is not trig and t.lemma_.lower() in lex.hedges:
            return "hedged"
        for c in t.children:
            if c.dep_ in ("advmod", "aux") and c.lemma_.lower() in lex.hedges:
                return "hedged"
    if governor is not None and not _is_cue(governor, lex) and _hedging_governor(governor, lex):
        return "hedged"  # "it seems that …", "it is likely that …"
    return None


def _chain(trig: Token) -> list[Token]:
    """The trigger and the verbs above it in its own clause (up to the clause's complement link)."""
    chain = [trig]
    tok = trig
    for _ in range(4):
        if tok.dep_ not in CLAUSE_LINKS or tok.head.i == tok.i:
            break
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX") or tok.dep_ == "xcomp":
            chain.append(tok)
        if tok.dep_ in ("ccomp", "acl", "ROOT"):
            break
    return chain


def _governor(top: Token) -> Token | None:
    """The word whose complement the clause is: "said" in "said that …", "evidence" in "no evidence that …"."""
    tok = top
    if tok.dep_ == "xcomp" and tok.head.i != tok.i:
        return tok.head
    if tok.dep_ not in COMPLEMENT_LINKS:
        # the clause may start above the chain's last verb: "… that China has supplied" hangs as acl
        if tok.head.i != tok.i and tok.head.dep_ in COMPLEMENT_LINKS and tok.dep_ in ("conj",):
            tok = tok.head
        else:
            return None
    return tok.head if tok.head.i != tok.i else None


def _negative(tok: Token, lex: Lexicon) -> bool:
    """A negation on the word itself: "not", "never", a "no" determiner."""
    for c in tok.children:
        if c.dep_ == "neg" or (c.dep_ in ("det", "advmod") and c.lower_ in lex.negations):
            return True
    return False


def _denied(trig: Token, chain: list[Token], governor: Token | None, lex: Lexicon) -> bool:
    for n, t in enumerate(chain):
        below = chain[n - 1] if n else None
        if (
            below is not None
            and below.dep_ == "conj"
            and any(c.lower_ in ("but", "yet") for c in below.children)
        ):
            break  # "did not fire missiles but launched drones": the contrast is not negated
        if _negative(t, lex):
            return True
        lemma = t.lemma_.lower()
        if (
            below is not None
            and below.dep_ == "xcomp"
            and (lemma in lex.negations or lex.speech_cues.get(lemma) == "denied")
        ):
            return True  # "refused to sell", "failed to deliver", "denied supplying"
        # "no shells were shipped", "Russia received no missiles": a negative determiner on a participant
        for c in t.children:
            if c.dep_ in ("nsubj", "nsubjpass", "dobj") and c is not trig and _no_det(c):
                return True
    if governor is None:
        return False
    if governor.pos_ in ("NOUN", "PROPN"):
        # "no evidence that …", "no indication that …", "not a sign that …"
        return _negative(governor, lex)
    cue = lex.speech_cues.get(governor.lemma_.lower())
    if cue is None:
        return False
    if _negative(governor, lex):
        return cue in NEG_RAISING
    return cue == "denied"


def _no_det(tok: Token) -> bool:
    return any(d.dep_ == "det" and d.lower_ == "no" for d in tok.children)


def negated_cue_certainty(certainty: str) -> str:
    """What a negated cue leaves of its content: "do not believe that P" denies P (neg-raising); "did not
    say that P", "has not confirmed that P" and "did not deny that P" only withhold commitment: hedged."""
    return "denied" if certainty in NEG_RAISING else "hedged"


def _is_cue(tok: Token, lex: Lexicon) -> bool:
    return tok.lemma_.lower() in lex.speech_cues or tok.lemma_.lower() in lex.evidential_cues


def _going_to(tok: Token, lex: Lexicon) -> bool:
    """ "are going to meet": "going" heads the clause with the event as its complement."""
    return tok.lower_ in lex.future_aux and any(c.dep_ == "xcomp" for c in tok.children)


def _hedging_governor(gov: Token, lex: Lexicon) -> bool:
    """A non-cue word that governs the clause and hedges it: "seems", "appears", "is likely"."""
    if gov.lemma_.lower() in lex.hedges:
        return True
    return any(c.dep_ in ("acomp", "attr") and c.lemma_.lower() in lex.hedges for c in gov.children)
