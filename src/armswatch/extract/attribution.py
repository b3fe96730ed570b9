"""Reported speech: who says what, with which cue, how sure — direct, indirect and mixed quotes.

Cues come from the lexicon (say, assess, believe, deny, according to, …). The content is the cue's
clausal complement (or, for "…, said Kirby", the clause the cue is attached to); the source is the cue's
subject, found by walking raising/control links, or the nearest noun phrase before the cue when the parse
left it unattached. Pronoun sources are resolved to the nearest fitting named source and kept with both
spans. An attribution whose cue lies inside another's content is nested under it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from armswatch.extract.lexicon import Lexicon
from armswatch.extract.mentions import Actor, MentionIndex, noun_phrase
from armswatch.records import Attribution, Mention, Span, Time, span_of

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
ORG_PRONOUNS = frozenset({"it", "they", "we", "them", "us"})
SPEAKER_NOUNS = frozenset(
    [
        "official",
        "officials",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "minister",
        "ministry",
        "source",
        "sources",
        "analyst",
        "analysts",
        "expert",
        "experts",
        "diplomat",
        "diplomats",
        "officer",
        "officers",
        "soldier",
        "soldiers",
        "agency",
        "report",
        "reports",
        "statement",
        "president",
        "leader",
        "intelligence",
        "investigators",
        "prosecutors",
        "government",
        "military",
        "witnesses",
        "residents",
        "governor",
        "mayor",
        "commander",
        "observers",
        "monitors",
    ]
)
PERSON_NOUNS = frozenset(
    [
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "official",
        "minister",
        "president",
        "soldier",
        "leader",
        "diplomat",
        "envoy",
        "ambassador",
        "commander",
        "governor",
        "mayor",
        "analyst",
        "expert",
        "officer",
        "secretary",
        "adviser",
        "advisor",
    ]
)
QUOTES = "\"“”‘’'«»"


@dataclass(slots=True)
class Found:
    """An attribution with the tokens that made it, for the event extractor."""

    record: Attribution
    cue_tok: Token
    content_start: int  # token indices [start, end) of the content
    content_end: int
    state: str | None = None
    actor: Actor | None = None
    children: list[Found] = field(default_factory=list)


def find_attributions(doc: Doc, idx: MentionIndex, lex: Lexicon) -> list[Found]:
    found: list[Found] = []
    for sent in doc.sents:
        for tok in sent:
            cue_kind = _cue_kind(tok, lex)
            if cue_kind is None:
                continue
            if cue_kind == "according":
                got = _according_to(tok, idx, lex)
            else:
                got = _verb_cue(tok, idx, lex, cue_kind)
            if got is not None:
                found.append(got)
    _nest(found)
    _resolve_pronouns(found, idx)
    return found


def _cue_kind(tok: Token, lex: Lexicon) -> str | None:
    lemma = tok.lemma_.lower()
    if tok.lower_ == "according" and any(c.lower_ == "to" for c in tok.children):
        return "according"
    if tok.pos_ not in ("VERB", "AUX"):
        return None
    if lemma in lex.speech_cues:
        # "say" with no clause or quote to report is not a cue ("a say in it").
        return "speech"
    if lemma in lex.evidential_cues:
        return "evidence"
    return None


def _verb_cue(tok: Token, idx: MentionIndex, lex: Lexicon, kind: str) -> Found | None:
    content = _content_tokens(tok)
    if content is None:
        return None
    start, end = content
    text = idx.document.text
    doc = tok.doc
    c_start, c_end = _trim(doc, start, end)
    if c_start >= c_end:
        return None
    content_span = span_of(text, doc[c_start].idx, doc[c_end - 1].idx + len(doc[c_end - 1].text))
    cue_span = _cue_span(tok, text)
    source_tok = _subject(tok)
    if source_tok is None:
        source_tok = _nearest_noun_before(tok, c_start, c_end)
    source: Mention | None = None
    actor: Actor | None = None
    if source_tok is not None:
        actor = idx.actor(source_tok)
        source = actor.mention if actor else _plain_source(source_tok, idx)
    lemma = tok.lemma_.lower()
    certainty = (
        "hedged" if kind == "evidence" and _hedged(tok, lex) else lex.speech_cues.get(lemma, "asserted")
    )
    if kind == "speech" and _hedged(tok, lex):
        certainty = "hedged"
    if _negated(tok, lex) and certainty != "denied":
        certainty = "denied"
    record = Attribution(
        id="",
        cue=cue_span,
        content=content_span,
        source=source,
        quote=_quote_kind(doc, c_start, c_end),
        certainty=certainty,
    )
    when = _stated_time(tok, idx, source_tok)
    if when is not None:
        record.time = Time(when, None, None)
    return Found(record, tok, c_start, c_end, actor.state if actor else None, actor)


def _according_to(tok: Token, idx: MentionIndex, lex: Lexicon) -> Found | None:
    to = next(c for c in tok.children if c.lower_ == "to")
    objs = [c for c in to.children if c.dep_ == "pobj"]
    if not objs:
        return None
    source_tok = objs[0]
    head = tok.head
    doc = tok.doc
    # The content is the clause "according to" modifies, without the according-phrase itself.
    clause = head
    while clause.dep_ not in ("ROOT", "ccomp", "conj") and clause.head is not clause:
        clause = clause.head
    toks = [t.i for t in clause.subtree if not (tok.left_edge.i <= t.i <= tok.right_edge.i)]
    if not toks:
        return None
    lo, hi = min(toks), max(toks) + 1
    lo, hi = _trim(doc, lo, hi)
    if lo >= hi:
        return None
    text = idx.document.text
    content_span = span_of(text, doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1].text))
    cue_span = span_of(text, tok.idx, to.idx + len(to.text))
    actor = idx.actor(source_tok)
    source = actor.mention if actor else _plain_source(source_tok, idx)
    record = Attribution(id="", cue=cue_span, content=content_span, source=source, quote="indirect")
    _ = lex
    return Found(record, tok, lo, hi, actor.state if actor else None, actor)


def _content_tokens(cue: Token) -> tuple[int, int] | None:
    """Token range of what the cue reports."""
    for child in cue.children:
        # "warned of the budding ties", "spoke about the deliveries"
        if child.dep_ == "prep" and child.lower_ in ("of", "about") and child.i == cue.i + 1:
            return child.i + 1, child.right_edge.i + 1
    for child in cue.children:
        if child.dep_ in ("ccomp", "xcomp") and child.pos_ in ("VERB", "AUX", "NOUN", "ADJ"):
            return child.left_edge.i, child.right_edge.i + 1
    for child in cue.children:
        if child.dep_ == "dobj" and cue.lemma_ in ("deny", "reject", "dismiss", "refute", "debunk", "show"):
            return child.left_edge.i, child.right_edge.i + 1
    # "…, he said." attached as parataxis/advcl to the reported clause.
    if cue.dep_ in ("parataxis", "advcl") or (cue.dep_ == "ccomp" and cue.i > cue.head.i):
        head = cue.head
        toks = [t.i for t in head.subtree if not (cue.left_edge.i <= t.i <= cue.right_edge.i)]
        if toks:
            return min(toks), max(toks) + 1
    # Quoted speech right before or after the cue in the same sentence.
    sent = cue.sent
    quote = _adjacent_quote(sent, cue)
    if quote is not None:
        return quote
    return None


def _adjacent_quote(sent: object, cue: Token) -> tuple[int, int] | None:
    from spacy.tokens import Span as SpacySpan

    assert isinstance(sent, SpacySpan)
    marks = [t.i for t in sent if t.is_quote or t.text in QUOTES]
    if len(marks) < 2:
        return None
    pairs = list(zip(marks[::2], marks[1::2], strict=False))
    for a, b in pairs:
        if (b < cue.i and cue.i - b <= 4) or (a > cue.i and a - cue.i <= 3):
            return a + 1, b
    return None


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    while start < end and (doc[start].is_punct or doc[start].is_space or doc[start].lower_ == "that"):
        if doc[start].lower_ == "that" and doc[start].dep_ != "mark":
            break
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return start, end


def _cue_span(tok: Token, text: str) -> Span:
    # Particle verbs keep their particle ("point out").
    end_tok = tok
    for child in tok.children:
        if child.dep_ == "prt" and child.i == tok.i + 1:
            end_tok = child
    return span_of(text, tok.idx, end_tok.idx + len(end_tok.text))


def _subject(verb: Token) -> Token | None:
    """The subject of a verb, walking xcomp/raising and conj links ("X appeared to debunk", "X said and added")."""
    seen = 0
    tok: Token | None = verb
    while tok is not None and seen < 6:
        for child in tok.children:
            if child.dep_ in ("nsubj", "nsubjpass") and child.dep_ != "expl":
                return child
        if tok.dep_ in ("xcomp", "conj", "advcl", "aux") and tok.head is not tok:
            tok = tok.head
            seen += 1
            continue
        # A subject-verb inversion after a quote: "…, said John Kirby" has Kirby as nsubj already.
        return None
    return None


def _nearest_noun_before(cue: Token, c_start: int, c_end: int) -> Token | None:
    """When the parse left the cue without a subject: the nearest noun phrase head to its left,
    skipping a time phrase ("South Korea's spy agency in November said")."""
    i = cue.i - 1
    sent_start = cue.sent.start
    while i >= sent_start:
        t = cue.doc[i]
        if c_start <= i < c_end:
            return None
        if t.ent_type_ in ("DATE", "TIME") or t.dep_ == "prep" or t.is_punct or t.pos_ in ("ADV", "AUX"):
            i -= 1
            continue
        if t.pos_ in ("NOUN", "PROPN", "PRON"):
            # climb compounds to the phrase head
            while t.dep_ in ("compound", "flat") and t.head.i > t.i:
                t = t.head
            return t
        return None
    return None


def _plain_source(tok: Token, idx: MentionIndex) -> Mention | None:
    """A source with no canonical id: "a senior US official", "a Russian soldier", "he"."""
    if tok.pos_ == "PRON":
        text = idx.document.text
        return Mention(span_of(text, tok.idx, tok.idx + len(tok.text)), "PRONOUN", None, None)
    m = idx.at(tok)
    if m is not None:
        return m
    start, end = noun_phrase(tok)
    sp = span_of(idx.document.text, start, end)
    state = None
    for child in tok.children:
        cm = idx.at(child)
        if cm is not None and cm.type in ("NORP", "COUNTRY") and cm.id:
            state = cm.id
    kind = "GROUP" if tok.lemma_.lower() in SPEAKER_NOUNS or state else "SOURCE"
    attrs: dict[str, object] = {"state": state} if state else {}
    if any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in tok.children):
        attrs["definite"] = True  # "the spokesman": refers back to a named source
    return Mention(sp, kind, None, None, attrs=attrs)


def _hedged(tok: Token, lex: Lexicon) -> bool:
    """A hedge governing or modifying the cue: "appeared to debunk", "reportedly said"."""
    for child in tok.children:
        if child.lemma_.lower() in lex.hedges and child.dep_ in ("advmod", "aux"):
            return True
    head = tok.head
    return tok.dep_ == "xcomp" and head.lemma_.lower() in lex.hedges


def _negated(tok: Token, lex: Lexicon) -> bool:
    return any(c.dep_ == "neg" or (c.lower_ in lex.negations and c.dep_ == "advmod") for c in tok.children)


def _quote_kind(doc: Doc, start: int, end: int) -> str:
    inside = [t for t in doc[start:end] if t.is_quote or t.text in QUOTES]
    before = start > 0 and (doc[start - 1].is_quote or doc[start - 1].text in QUOTES)
    after = end < len(doc) and (doc[end].is_quote or doc[end].text in QUOTES)
    if before and after and not inside:
        return "direct"
    if before or after or inside:
        return "mixed"
    return "indirect"


def _stated_time(cue: Token, idx: MentionIndex, source_tok: Token | None) -> Span | None:
    """A date attached to the cue ("said Thursday") or between source and cue ("… in November said")."""
    for child in cue.children:
        cands = [child] if child.dep_ in ("npadvmod", "tmod") else []
        if child.dep_ == "prep" and child.i > cue.i - 4:
            cands += [g for g in child.children if g.dep_ == "pobj"]
        for c in cands:
            m = idx.at(c)
            if m is not None and m.type == "DATE":
                return m.span
    if source_tok is not None and source_tok.i < cue.i:
        for i in range(source_tok.i + 1, cue.i):
            m = idx.at(cue.doc[i])
            if m is not None and m.type == "DATE":
                return m.span
    return None


def _nest(found: list[Found]) -> None:
    """Nest each attribution in the innermost other attribution whose content holds its cue."""
    for f in found:
        best: Found | None = None
        for g in found:
            if g is f:
                continue
            size = g.content_end - g.content_start
            holds = g.content_start <= f.cue_tok.i < g.content_end
            if holds and (best is None or size < best.content_end - best.content_start):
                best = g
        if best is not None:
            best.children.append(f)
            f.record.parent = id_placeholder(best)


def id_placeholder(f: Found) -> str:
    return f"@{id(f)}"


def _resolve_pronouns(found: list[Found], idx: MentionIndex) -> None:
    """Give pronoun and definite-description sources the named source they stand for (kept beside the
    surface span): "he said" → the latest named person source; "we assess" inside Kirby's quote, or a
    quote that goes on after his, → Kirby; "it believed" inside the agency's statement → the agency;
    "the spokesman said" → the latest named spokesman-like source."""
    by_ph = {id_placeholder(f): f for f in found}
    for n, f in enumerate(found):
        src = f.record.source
        if src is None:
            continue
        word = src.span.text.lower()
        if src.type == "PRONOUN":
            want = "person" if word in PERSON_PRONOUNS else "any" if word in ("we", "us") else "group"
        elif src.id is None and src.attrs.get("definite") and _head(src) in SPEAKER_NOUNS:
            want = "person" if _is_person_noun(src) else "group"
        else:
            continue
        parent = by_ph.get(f.record.parent or "")
        target: Mention | None = None
        ref: Found | None = None
        if parent is not None and want != "person" and _named(parent) is not None:
            ref = parent
        else:
            for g in reversed(found[:n]):
                named = _named(g)
                if named is not None and (want == "any" or (want == "person") == _is_person(named)):
                    ref = g
                    break
        if ref is not None:
            target = _named(ref)
        elif want == "person":
            target = _nearest_person(idx, f.cue_tok)
        if target is None:
            continue
        f.record.source_ref = target
        f.state = ref.state if ref is not None else _mention_state(target)
        if ref is not None:
            f.actor = ref.actor
    ids = {id_placeholder(f): f"a{n + 1}" for n, f in enumerate(found)}
    for n, f in enumerate(found):
        f.record.id = f"a{n + 1}"
        if f.record.parent is not None:
            f.record.parent = ids.get(f.record.parent)


def _named(f: Found) -> Mention | None:
    """The named source of an attribution (through its own resolution), or None."""
    m = f.record.source_ref or f.record.source
    if m is None or m.type == "PRONOUN" or (m.id is None and m.type not in ("PERSON", "ORG")):
        return None
    return m


def _is_person(m: Mention) -> bool:
    return m.type == "PERSON" or _is_person_noun(m)


def _head(m: Mention) -> str:
    return m.span.text.split()[-1].lower() if m.span.text.split() else ""


def _is_person_noun(m: Mention) -> bool:
    head = m.span.text.split()[-1].lower() if m.span.text else ""
    return head in {
        "spokesman",
        "spokeswoman",
        "official",
        "minister",
        "president",
        "soldier",
        "leader",
        "diplomat",
    }


def _nearest_person(idx: MentionIndex, cue: Token) -> Mention | None:
    best: Mention | None = None
    for m in idx.mentions:
        if m.type == "PERSON" and m.span.end <= cue.idx and (best is None or m.span.start > best.span.start):
            best = m
    return best


def _mention_state(m: Mention) -> str | None:
    st = m.attrs.get("state")
    return str(st) if st else None
