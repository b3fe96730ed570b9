"""Reported speech: who says what, with which cue, how sure — direct, indirect and mixed quotes.

Cues come from the lexicon (say, assess, believe, deny, according to, …). The content is the cue's
clausal complement (or, for "…, said Kirby", the clause the cue is attached to); the source is the cue's
subject, found by walking raising/control links, or the nearest noun phrase before the cue when the parse
left it unattached. Pronoun sources are resolved to the nearest fitting named source and kept with both
spans. An attribution whose cue lies inside another's content is nested under it.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Token

from armswatch.extract.certainty import negated_cue_certainty
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
NOT_SPEAKERS = frozenset({"WEAPON", "DATE", "QUANTITY", "PLACE"})
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
    # quoted passages the speaker goes on with after the cue's sentence ("“A,” she said. “B. C.”"), as
    # token ranges [start, end): part of what is reported, for nesting
    more: list[tuple[int, int]] = field(default_factory=list)
    # kept only at the top level (an attitude cue, lexicon.yaml attitude_cues/attitude_nouns, or an
    # unsourced passive): inside another's statement it is part of what that source says
    top_only: bool = False


def find_attributions(doc: Doc, idx: MentionIndex, lex: Lexicon) -> list[Found]:
    found: list[Found] = []
    carried: set[int] = set()  # view nouns a support verb made its cue with ("expressed concern that …")
    for sent in doc.sents:
        for tok in sent:
            if tok.i in carried:
                continue
            if tok.pos_ in ("VERB", "AUX") and _lemma(tok) in lex.view_support_verbs:
                view = _view_support_cue(tok, idx, lex)
                if view is not None:
                    found.append(view[0])
                    carried.add(view[1].i)
                    continue
            cue_kind = _cue_kind(tok, lex)
            if cue_kind is None:
                continue
            if cue_kind == "according":
                got = _according_to(tok, idx, lex)
            elif cue_kind == "noun":
                got = _noun_cue(tok, idx, lex)
            elif cue_kind == "stance":
                got = _stance_cue(tok, idx, lex)
            elif cue_kind == "attitude":
                got = _attitude_cue(tok, idx, lex)
            elif cue_kind == "raising":
                got = _raising_cue(tok, idx, lex)
            elif cue_kind == "attnoun":
                got = _attitude_noun_cue(tok, idx, lex)
            else:
                got = _verb_cue(tok, idx, lex, cue_kind)
            if got is not None:
                found.append(got)
    found.extend(_punctuation_cues(doc, idx, lex, {f.cue_tok.i for f in found}))
    found.extend(_headline_cues(doc, idx, lex, found))
    found.sort(key=lambda f: f.cue_tok.i)
    _clip_contents(found)
    _continued_quotes(found)
    _nest(found)
    _nest_in_quoting_speaker(found)
    # an attitude inside another's statement ("… she said Trump attacked him") is part of what that source
    # reports: news attribution gives every token to one attribution, and the outer cue sets the certainty
    quoted = _quotes(doc) if found else []
    dropped = {
        id_placeholder(f)
        for f in found
        if f.top_only and (f.record.parent is not None or any(a <= f.cue_tok.i < b for a, b in quoted))
    }
    found = [f for f in found if id_placeholder(f) not in dropped]
    _resolve_pronouns(found, idx)
    return found


DASHES = frozenset({"―", "—", "--"})


def _punctuation_cues(doc: Doc, idx: MentionIndex, lex: Lexicon, taken: set[int]) -> list[Found]:
    """Attribution carried by punctuation: a speaker label in a transcript ("PENCE: Well, look, …") and a
    dash after a quote naming who said it ("“… disgrace.” ― Karen Bobadilla"). A label that names a part of
    the article ("The Latest:", "CORRECTION:") or a title quoted mid-sentence ("“Collapse: How …”") is none."""
    out: list[Found] = []
    text = idx.document.text
    spans = _quotes(doc)
    closes = {b: a for a, b in spans}
    for tok in doc:
        if tok.i in taken:
            continue
        verb: Token | None = None
        if tok.text == ":" and tok.i >= 1:
            # the label: 1–3 capitalised words starting a line or right after an opening quote
            j = tok.i
            while j > 0 and tok.i - j < 3 and doc[j - 1].is_alpha and doc[j - 1].text[:1].isupper():
                j -= 1
            starts_line = j == 0 or _line_start(doc, j - 1)
            if doc[j - 1 : j].text in OPEN_QUOTES or doc[j - 1 : j].text == '"':
                starts_line = _line_start(doc, j - 2)  # a transcript turn: ‘"PENCE: …’ opening a line
            if j == tok.i or not starts_line or tok.i + 1 >= len(doc):
                continue
            if any(t.lower_ in lex.editorial_labels for t in doc[j : tok.i]):
                continue
            end = tok.i + 1
            while (
                end < len(doc)
                and "\n" not in doc[end - 1].text_with_ws
                and not (doc[end].is_quote and end + 1 < len(doc) and doc[end + 1].text == ":")
            ):
                end += 1
            lo, hi = _trim(doc, tok.i + 1, end)
            src_start, src_end = doc[j].idx, doc[tok.i - 1].idx + len(doc[tok.i - 1].text)
            if doc[j].pos_ == "VERB" and doc[j].lemma_.lower() in lex.speech_cues and j + 1 < tok.i:
                # "Said Ellis: “…”": an inverted cue before the name, not part of a label
                verb = doc[j]
                src_start = doc[j + 1].idx
        elif (
            _quote_dash(tok, closes) is not None
            and doc[_after_space(tok) : _after_space(tok) + 1].text.istitle()
        ):
            close = _quote_dash(tok, closes)
            assert close is not None
            first = k = _after_space(tok)  # "…” ―\u00a0Name": a no-break space after the dash is a token
            while (
                k < len(doc) and k - tok.i <= 4 and (doc[k].is_title or doc[k].is_upper) and doc[k].is_alpha
            ):
                k += 1
            lo, hi = closes[close], close
            src_start, src_end = doc[first].idx, doc[k - 1].idx + len(doc[k - 1].text)
        else:
            continue
        if lo >= hi:
            continue
        content = _token_span(doc, text, lo, hi)
        m = idx.at(doc[tok.i - 1] if tok.text == ":" else doc[_after_space(tok)])
        source = Mention(
            span_of(text, src_start, src_end),
            m.type if m else "SOURCE",
            m.id if m else None,
            m.name if m else None,
        )
        dash = len(tok.text) - len(tok.text.lstrip("".join(CLOSE_QUOTES)))  # "”―": the dash after the quote
        cue = (
            (verb.idx, verb.idx + len(verb.text))
            if verb is not None
            else (tok.idx + dash, tok.idx + len(tok.text))
        )
        record = Attribution(
            id="",
            cue=span_of(text, *cue),
            content=content,
            source=source,
            quote="direct",
        )
        out.append(Found(record, tok, lo, hi, _mention_state(m) if m else None, None))
    return out


def _headline_cues(doc: Doc, idx: MentionIndex, lex: Lexicon, found: list[Found]) -> list[Found]:
    """A report in the title line, where the tagger often takes a capitalised verb for a name: "Black
    Lawmakers Rip Donald Trump As A ‘Disgusting Fraud.’", "Trump questions the fairness of moderators",
    "Clinton Hid Past Health Problems From Public, Former White House Doctor Says." A reporting verb in its
    present form after a speaker that names someone; content: the rest of the line (or, for a final "X
    Says", what is before the comma)."""
    end = (
        next((t.i for t in doc if "\n" in t.text_with_ws or (t.is_space and "\n" in t.text)), len(doc) - 1)
        + 1
    )
    if end > 30 or end < 3:
        return []
    taken = {i for f in found for i in range(f.cue_tok.i, f.cue_tok.i + 1)}
    for f in found:
        cue_toks = doc.char_span(f.record.cue.start, f.record.cue.end, alignment_mode="expand")
        taken |= {t.i for t in cue_toks} if cue_toks is not None else set()
    verbs = lex.headline_verbs
    out: list[Found] = []
    text = idx.document.text
    for t in doc[1:end]:
        base = t.text[:1].isupper() and t.lower_ in lex.speech_cues and doc[t.i - 1].lower_.endswith("s")
        if (t.lower_ not in verbs and not base) or t.i in taken or t.pos_ not in ("VERB", "PROPN", "NOUN"):
            continue  # "Trump Slams …", "Black Lawmakers Rip …" (a plural speaker, the base form)
        start = max([j + 1 for j in range(0, t.i) if doc[j].text in (":", "—", "―", ",", ";")], default=0)
        left = [x for x in doc[start : t.i] if not (x.is_punct or x.is_space)]
        if not left or len(left) > 8 or not all(x.text[:1].isupper() or x.is_digit for x in left):
            continue
        if not any(x.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") or _sentient(x, idx, lex) for x in left):
            continue
        lo, hi = _trim(doc, t.i + 1, end)
        if hi <= lo + 1 and start > 0 and doc[start - 1].text == ",":
            lo, hi = _trim(doc, 0, start - 1)  # "…, Former White House Doctor Says."
        elif hi <= lo:
            continue
        if lo >= hi:
            continue
        src = span_of(text, left[0].idx, left[-1].idx + len(left[-1].text))
        m = idx.at(left[-1])
        if m is not None and m.span.start <= src.start:
            source = m  # the name itself ("Tobias Ellwood" in "FCO Minister Tobias Ellwood welcomes …")
        else:
            attrs = dict(m.attrs) if m is not None else {}
            source = Mention(
                src, m.type if m else "SOURCE", m.id if m else None, m.name if m else None, attrs=attrs
            )
        lemma = verbs.get(t.lower_, t.lower_)
        certainty = lex.speech_cues.get(lemma) or lex.attitude_verbs[lemma].certainty
        cue = span_of(text, t.idx, t.idx + len(t.text))
        out.append(_found(t, cue, _token_span(doc, text, lo, hi), lo, hi, source, None, certainty))
        break
    return out


def _after_space(tok: Token) -> int:
    """The index of the first token after tok that is not white space (len(doc) at the end)."""
    k = tok.i + 1
    while k < len(tok.doc) and tok.doc[k].is_space:
        k += 1
    return k


def _line_start(doc: Doc, i: int) -> bool:
    """Whether the token after index i opens a line (i < 0: the document's start)."""
    return i < 0 or "\n" in doc[i].text_with_ws or (doc[i].is_space and "\n" in doc[i].text)


def _quote_dash(tok: Token, closes: dict[int, int]) -> int | None:
    """The index of the closing quote a dash attribution follows ("…” ― Name", "…”― Name"), or None."""
    before = tok.i - 1
    while before >= 0 and tok.doc[before].is_space:
        before -= 1  # "…” ― Name" with a no-break space the tokenizer keeps as a token
    if tok.text in DASHES and before in closes:
        return before
    if tok.text[:1] in CLOSE_QUOTES and tok.text[1:] in DASHES and tok.i in closes:
        return tok.i
    return None


def _lemma(tok: Token) -> str:
    """The token's lemma, lower-case; the small English model drops a stem's final "e" on some verbs
    ("hoped" → "hop", "rated" → "rat", "hates" → "hat"), which is put back."""
    lemma = tok.lemma_.lower()
    if lemma in E_DROPPED and tok.lower_.startswith(lemma + "e"):
        return lemma + "e"
    return lemma


E_DROPPED = frozenset({"hop", "rat", "hat", "lambast"})


def _cue_kind(tok: Token, lex: Lexicon) -> str | None:
    lemma = _lemma(tok)
    if tok.lower_ == "according" and any(c.lower_ == "to" for c in tok.children):
        return "according"
    if lemma in lex.stance_predicates and tok.dep_ in ("acomp", "attr") and tok.head.lemma_ in COPULAS:
        return "stance"  # "has been critical of", "is a staunch opponent of", "are afraid that"
    if tok.pos_ == "NOUN" and lemma in lex.attitude_noun_lemmas:
        return "attnoun"  # "his disdain for …", "Obama's decision to …", "her promises to …"
    if tok.pos_ == "NOUN":
        # "Trump's claim that …", "a report that …", "his statement that …"
        # "questions about his health", "claims of fraud", "a report on the deliveries"
        topic = _that_clause(tok) is not None or _noun_topic(tok) is not None
        return "noun" if lemma in lex.speech_cues and topic else None
    if tok.pos_ not in ("VERB", "AUX"):
        return None
    if _put_it(tok):
        return "speech"
    if lemma in QUOTE_CUES and not any(c.dep_ in ("xcomp", "dobj", "prep", "prt") for c in tok.children):
        return "quote"  # "Limbaugh continued: “…”", "“…,” she continued."
    if lemma in lex.speech_cues:
        return None if _governed_infinitive(tok, lex) else "speech"
    if lemma in lex.evidential_cues:
        return "evidence"
    if lemma in RAISING_CUES and tok.pos_ in ("VERB", "AUX"):
        return "raising"
    if lemma in lex.attitude_verbs and tok.pos_ == "VERB":
        return None if _governed_infinitive(tok, lex) else "attitude"
    return None


def _governed_infinitive(tok: Token, lex: Lexicon) -> bool:
    """An infinitive that reports nothing of its own: "expect Russia to learn" (an object's, not Russia's
    statement), "plans to announce" (under a reporting cue: the plan is what is reported). But "appeared to
    say", "declined to comment", "continues to insist", "decided to announce" (the subject's own report
    under a hedge, a refusal, or a verb that reports nothing itself) are reports, with that verb in the cue."""
    infinitive = tok.dep_ in ("xcomp", "ccomp") and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in tok.children
    )
    if not infinitive:
        return False
    head = _lemma(tok.head)
    if head in lex.hedges or head in ("decline", "refuse"):
        return False
    governor_cue = head in lex.speech_cues or head in lex.evidential_cues
    object_control = any(c.dep_ in ("dobj", "dative") for c in tok.head.children)
    return governor_cue or object_control or tok.head.pos_ not in ("VERB", "AUX")


PERSONAL_PRONOUNS = frozenset({"he", "she", "they", "we", "i", "you"})
OBJECT_PERSON_PRONOUNS = frozenset({"him", "her", "me", "you", "us", "them", "himself", "herself"})
RELATIVE_PRONOUNS = frozenset({"who", "that", "which", "whom"})
SENTIENT_TYPES = frozenset({"PERSON", "ORG", "GROUP", "COUNTRY", "NORP"})
REASON_PREPS = frozenset({"for", "as", "over"})


def _sentient(tok: Token, idx: MentionIndex, lex: Lexicon, depth: int = 0) -> bool:
    """Whether a subject names someone who can hold a view: a person, organisation, state or group (by
    entity, or by a people noun such as "critics", "the campaign"), a personal pronoun, or a relative
    pronoun whose antecedent is one."""
    low = tok.lower_
    if tok.pos_ == "PRON" or low in RELATIVE_PRONOUNS:
        if low in PERSONAL_PRONOUNS:
            return True
        if low in RELATIVE_PRONOUNS and tok.head.dep_ == "relcl" and depth < 2:
            return _sentient(tok.head.head, idx, lex, depth + 1)
        return False
    m = idx.at(tok)
    if m is not None:
        return m.type in SENTIENT_TYPES or bool(m.type == "PLACE" and m.attrs.get("metonym_of"))
    if tok.ent_type_ in ("PERSON", "ORG", "NORP"):
        return True
    lemma = tok.lemma_.lower()
    if lemma in lex.sentient_nouns or lemma in lex.people_nouns or tok.lower_ in SPEAKER_NOUNS:
        return True
    if idx.actor(tok) is not None:
        return True
    partitive = _partitive_source(tok, idx)  # "some of his aides"
    return partitive is not None and partitive.type in SENTIENT_TYPES


def _attitude_cue(tok: Token, idx: MentionIndex, lex: Lexicon) -> Found | None:
    """An attitude verb (lexicon.yaml attitude_cues) whose subject can hold a view: "Trump attacked Clinton
    for …", "critics likened the plan to …", "he declined to comment". A verb that also names force
    ("attack", "blast") needs a person for object or a reason ("attacked Clinton", "blasted it as …")."""
    cls = lex.attitude_verbs[_lemma(tok)]
    if any(
        c.dep_ == "xcomp" and (_lemma(c) in lex.speech_cues or _lemma(c) in lex.attitude_verbs)
        for c in tok.children
    ):
        return None  # "declined to comment": the report is the complement's, with this verb in its cue
    agent = _agent(tok)
    passive = agent is None and any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)
    subj = agent or (None if passive else _subject(tok))
    if subj is None or not _sentient(subj, idx, lex):
        return None
    if cls.as_only and not any(c.dep_ == "prep" and c.lower_ == "as" for c in tok.children):
        return None  # "see the program as an easier way", not "saw the film"
    if cls.objects and not any(
        c.dep_ in ("dobj", "nsubjpass") and c.lemma_.lower() in lex.communication_nouns for c in tok.children
    ):
        return None  # "issued a statement", not "issued visas"; "made the reference", not "made money"
    if cls.person:
        reason = any(c.dep_ == "prep" and c.lower_ in REASON_PREPS for c in tok.children)
        person_obj = any(
            c.dep_ == "dobj"
            and (c.lower_ in OBJECT_PERSON_PRONOUNS or c.ent_type_ == "PERSON" or _is_person_mention(c, idx))
            for c in tok.children
        )
        person_subj = (
            subj.lower_ in PERSONAL_PRONOUNS or subj.ent_type_ == "PERSON" or _is_person_mention(subj, idx)
        )
        if not (reason or (person_obj and person_subj)):
            return None
    found = _verb_cue(tok, idx, lex, "attitude")
    if found is not None:
        found.top_only = True
        if not _negated(tok, lex):
            found.record.certainty = cls.certainty
    return found


# Raising verbs that present a view without a holder ("Investors seem to agree", "it appeared that …"):
# news attribution marks them as unsourced cues over the whole clause
RAISING_CUES = frozenset({"seem", "appear"})


def _raising_cue(tok: Token, idx: MentionIndex, lex: Lexicon) -> Found | None:
    """ "Melania seems to have vanished", "This seems like a fine idea", "it appeared that …": an unsourced
    hedged cue; the content is the clause with its subject (and the cue), or the that-clause after an
    expletive "it". Not "appeared on television", nor a cue under it ("appeared to suggest": that one
    reports, with its subject)."""
    doc, text = tok.doc, idx.document.text
    comp = [
        c
        for c in tok.children
        if c.i > tok.i
        and (
            c.dep_ in ("xcomp", "ccomp", "acomp", "oprd", "attr")
            or (c.dep_ == "prep" and c.lower_ == "like")
            or (c.dep_ == "advcl" and any(g.lower_ in ("if", "though") for g in c.children))
        )
    ]
    if not comp or any(c.dep_ == "dative" or (c.dep_ == "prep" and c.lower_ == "to") for c in tok.children):
        return None  # "seems to me": a holder, left to the general rules
    reports = (lex.speech_cues, lex.attitude_verbs, lex.evidential_cues)
    if any(any(_lemma(c) in r for r in reports) for c in comp if c.dep_ == "xcomp"):
        return None  # "appeared to debunk": the complement reports, with this verb in its cue
    subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass", "expl")), None)
    if subj is None and tok.dep_ == "relcl":
        return None
    if (subj is not None and subj.dep_ == "expl") or (
        subj is not None and subj.lower_ == "it" and comp[0].dep_ == "ccomp"
    ):
        lo, hi = comp[0].left_edge.i, comp[-1].right_edge.i + 1
    elif subj is not None and subj.i < tok.i:
        lo, hi = subj.left_edge.i, comp[-1].right_edge.i + 1
    else:
        return None
    lo, hi = _trim(doc, lo, hi)
    if lo >= hi:
        return None
    cue = _cue_span(tok, text, lex)
    found = _found(tok, cue, _token_span(doc, text, lo, hi), lo, hi, None, None, "hedged")
    found.top_only = True
    return found


def _is_person_mention(tok: Token, idx: MentionIndex) -> bool:
    m = idx.at(tok)
    return m is not None and m.type == "PERSON"


def _put_it(tok: Token) -> bool:
    """ "As one analyst put it, …": a report only in this idiom (put with "it" and "as")."""
    return (
        tok.lemma_.lower() == "put"
        and any(c.dep_ == "dobj" and c.lower_ == "it" for c in tok.children)
        and any(c.dep_ == "mark" and c.lower_ == "as" for c in tok.children)
    )


def _verb_cue(tok: Token, idx: MentionIndex, lex: Lexicon, kind: str) -> Found | None:
    agent = _agent(tok)
    content = _content_tokens(tok, lex) if kind != "quote" else _quote_before(tok) or _adjacent_quote(tok)
    subj = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
    if subj is not None and subj.i < tok.i and agent is None and kind != "attitude":
        # a passive cue with no by-agent reports its subject with what follows: "Obama's veto is expected to
        # come before …", "Pence was also dubbed the debate winner", "it is considered a threat" (the
        # content holds the cue, as news-attribution annotation marks it); "the diagnosis was confirmed"
        # reports its subject
        rest = [c for c in tok.children if c.dep_ in ("xcomp", "oprd", "attr") and c.i > tok.i]
        if rest:
            content = (subj.left_edge.i, rest[-1].right_edge.i + 1)
        elif content is None and tok.dep_ not in ("amod", "acl", "relcl"):
            content = (subj.left_edge.i, subj.right_edge.i + 1)
    if content is None and agent is not None and subj is not None:
        # "The issue was first reported by the Post": the passive subject is what the agent said
        content = (subj.left_edge.i, subj.right_edge.i + 1)
    if content is None:
        return None
    start, end = content
    text = idx.document.text
    doc = tok.doc
    c_start, c_end = _trim(doc, *_whole_quote(tok, start, end))
    if c_start >= c_end:
        return None
    content_span = _token_span(doc, text, c_start, c_end)
    cue_span = _cue_span(tok, text, lex)
    # A passive cue with no by-agent names no source: its subject is what is reported, believed or planned
    # ("is believed to have sold", "no agreements were planned to be signed"), unsourced.
    passive = agent is None and any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)
    source_tok = agent or (None if passive else _subject(tok))
    if kind != "quote" and c_end < tok.i and (source_tok is None or source_tok.i > tok.i):
        named = _speaker_between(tok, c_end)
        if named is not None:
            source_tok = named
    if source_tok is not None and c_start <= source_tok.i < c_end and not c_start <= tok.i < c_end:
        # the parser made a subject inside the quote the cue's ("“…, it will,” said Acton"): take one outside
        outside = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass") and not c_start <= c.i < c_end]
        source_tok = outside[0] if outside else None
    if source_tok is not None and source_tok.i < tok.i:
        # a parse that ran across a line break took a heading for the subject ("The Latest on the race: ⏎
        # 7 p.m. ⏎ Donald Trump is questioning …"): the speaker is the phrase after the last break
        # (or a label's colon: "The Latest: Trump urges supporters …")
        quoted = _quotes(doc)
        # (not the speaker's own colon before a quote: "Peabody said: “…,” adding that …")
        breaks = [
            t.i
            for t in doc[source_tok.i : tok.i]
            if (t.is_space and "\n" in t.text)
            or (
                t.text == ":"
                and not any(a <= t.i < b for a, b in quoted)
                and doc[t.i - 1].pos_ not in ("VERB", "AUX")
                and not any(q.is_quote for q in doc[t.i : tok.i])
            )
        ]
        if breaks:
            region = range(breaks[-1] + 1, tok.i)
            heads = [
                t
                for t in doc[region.start : region.stop]
                if t.pos_ in ("PROPN", "NOUN", "PRON") and (t.head.i not in region or t.dep_ == "nsubj")
            ]
            source_tok = heads[0] if heads else None  # the first phrase: "Tobias Ellwood, Foreign Office …"
    if source_tok is not None and source_tok.i < tok.i and not _sentient(source_tok, idx, lex):
        # a parse that made a phrase before the speaker the subject, with the speaker its apposition:
        # "With 50 days until the election, Minyon Moore, a senior adviser …, called"
        appos = [c for c in source_tok.children if c.dep_ == "appos" and c.ent_type_ == "PERSON"]
        if appos:
            source_tok = appos[0]
    if (
        source_tok is not None
        and not passive
        and tok.tag_ == "VBG"
        and tok.dep_ == "xcomp"
        and not _has_subject(tok)
        and doc[tok.i - 1].dep_ == "pobj"
        and doc[tok.i - 1].ent_type_ == "PERSON"
    ):
        source_tok = doc[tok.i - 1]  # "footage of Hillary Clinton asking, “…”": the one shown speaking
    if source_tok is not None and source_tok.lower_ == "you" and _addressed(tok):
        return None  # "Do you think …?", "you know, …": the speaker asks or hedges; nobody is reported
    if source_tok is None and not passive:
        source_tok = _nearest_noun_before(tok, c_start, c_end)
        head = tok.head
        if (
            source_tok is not None
            and source_tok.i == head.i
            and tok.dep_ == "acl"
            and tok.tag_ == "VBG"
            and head.dep_ == "pobj"
            and head.head.head.pos_ in ("VERB", "AUX")
            and not _sentient(head, idx, lex)
        ):
            # "the companies hid their havens, in many cases reporting different numbers": a participle on
            # the object of an adverbial phrase tells what the clause's subject does
            source_tok = _subject(head.head.head) or source_tok
    source: Mention | None = None
    actor: Actor | None = None
    if source_tok is not None:
        source, actor = _source_of(source_tok, idx)
        if source is None or source.type in NOT_SPEAKERS or source_tok.pos_ in ("NUM", "DET", "PRON", "ADJ"):
            source = _partitive_source(source_tok, idx) or source
        poll_share = source_tok.lower_ in ("percent", "%")  # "63 percent said": a share of the people asked
        if kind != "evidence" and source is not None and source.type in NOT_SPEAKERS and not poll_share:
            return None  # "the missiles … called": a parse that gave the cue a thing for a speaker
    lemma = _lemma(tok)
    certainty = (
        "hedged" if kind == "evidence" and _hedged(tok, lex) else lex.speech_cues.get(lemma, "asserted")
    )
    if kind != "evidence" and _hedged(tok, lex):
        certainty = "hedged"
    if _negated(tok, lex):
        certainty = negated_cue_certainty(certainty)
    found = _found(tok, cue_span, content_span, c_start, c_end, source, actor, certainty)
    found.top_only = passive and source is None
    when = _stated_time(tok, idx, source_tok)
    if when is not None:
        found.record.time = Time(when, None, None)
    return found


# and "to" after "opposed" only ("was critical to his success" is no stance)
STANCE_PREPS = frozenset({"of", "about", "on", "over", "with", "in", "for"})
COPULAS = frozenset({"be", "become", "remain", "seem", "appear", "grow"})


def _stance_cue(tok: Token, idx: MentionIndex, lex: Lexicon) -> Found | None:
    """A stance after "be" ("Graham has been critical of Trump", "she is a staunch opponent of the deal",
    "officials are afraid that …"): cue from the verb group to the bound preposition, content its object or
    the clause; the subject holds the view. Not "it is sure to …" nor a stance with nothing after it."""
    doc, text = tok.doc, idx.document.text
    cop = tok.head
    subj = next((c for c in cop.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None or subj.i > tok.i or not _sentient(subj, idx, lex):
        return None  # "it is sure to …", "the shipment is sure to arrive"
    preps = STANCE_PREPS | {"to"} if tok.lower_ == "opposed" else STANCE_PREPS
    prep = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ in preps and c.i > tok.i), None)
    clause = next((c for c in tok.children if c.dep_ in ("ccomp", "xcomp") and c.i > tok.i), None)
    if prep is not None and prep.i - tok.i <= 2:
        obj = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)
        if obj is None:
            return None
        start, end, cue_end = obj.left_edge.i, obj.right_edge.i + 1, prep
    elif clause is not None:
        start, end, cue_end = clause.left_edge.i, clause.right_edge.i + 1, tok
    else:
        return None
    c_start, c_end = _trim(doc, start, end)
    if c_start >= c_end:
        return None
    cue_start = _group_start(cop)
    cue_span = span_of(text, doc[cue_start].idx, cue_end.idx + len(cue_end.text))
    content = _token_span(doc, text, c_start, c_end)
    source, actor = _source_of(subj, idx)
    if source is not None and source.type in NOT_SPEAKERS:
        return None
    certainty = lex.stance_predicates[tok.lemma_.lower()]
    if _negated(cop, lex):
        certainty = negated_cue_certainty(certainty)
    return _found(tok, cue_span, content, c_start, c_end, source, actor, certainty)


def _agent(cue: Token) -> Token | None:
    """The speaker of a passive cue: the object of its "by"-phrase ("was first reported by the Post")."""
    for child in cue.children:
        if child.dep_ == "agent":
            return next((g for g in child.children if g.dep_ == "pobj"), None)
    return None


def _addressed(cue: Token) -> bool:
    """A cue whose subject is the addressee: in a question, or a parenthetical "you know" / "you see"."""
    if cue.sent.text.rstrip().rstrip("”\"'’").endswith("?"):
        return True
    return not any(c.dep_ in ("ccomp", "xcomp") for c in cue.children)


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
    while clause.dep_ not in ("ROOT", "ccomp", "conj") and clause.head.i != clause.i:
        clause = clause.head
    # (punctuation left out: a final full stop must not stretch the content over a trailing according-phrase)
    phrase = (tok.left_edge.i, tok.right_edge.i)
    if head.i == tok.i:
        # the parser made "According to X, …" the sentence's head: the phrase ends at the comma after X
        comma = next((t.i for t in doc[source_tok.i : tok.sent.end] if t.text == ","), None)
        if comma is None or tok.i > source_tok.i:
            return None
        phrase = (tok.i, comma)
        clause = tok.sent.root
    toks = [
        t.i
        for t in (clause.sent if head.i == tok.i else clause.subtree)
        if not (phrase[0] <= t.i <= phrase[1] or t.is_punct or t.is_space)
    ]
    if not toks:
        return None
    lo, hi = min(toks), max(toks) + 1
    lo, hi = _trim(doc, lo, hi)
    if lo >= hi:
        return None
    text = idx.document.text
    content_span = _token_span(doc, text, lo, hi)
    cue_span = span_of(text, tok.idx, to.idx + len(to.text))
    source, actor = _source_of(source_tok, idx)
    record = Attribution(id="", cue=cue_span, content=content_span, source=source, quote="indirect")
    _ = lex
    return Found(record, tok, lo, hi, actor.state if actor else None, actor)


def _that_clause(noun: Token) -> Token | None:
    """The complement clause of a noun cue, introduced by "that" ("the claim that there have been …")."""
    for child in noun.children:
        clause = (
            child.dep_ in ("acl", "ccomp", "appos") and child.i > noun.i and child.pos_ in ("VERB", "AUX")
        )
        if clause and any(c.dep_ == "mark" and c.lower_ == "that" for c in child.children):
            return child
    return None


# Reporting nouns that take what they report in an about/on/over phrase ("questions about his health",
# "a report on the deliveries"); "of" only for those whose "of"-phrase is what is claimed ("claims of
# fraud"), not who ("the report of the commission").
TOPIC_NOUNS = frozenset(
    {"question", "comment", "remark", "claim", "allegation", "accusation", "report", "warning", "answer",
     "statement", "assessment", "complaint", "denial", "rumour", "rumor", "speculation", "announcement",
     "assertion", "finding", "conclusion", "prediction"}
)  # fmt: skip
OF_TOPIC_NOUNS = frozenset({"claim", "allegation", "accusation", "rumour", "rumor", "warning", "denial", "speculation"})  # fmt: skip


def _noun_topic(noun: Token) -> Token | None:
    """The preposition right after a reporting noun that names what it is about ("questions about",
    "claims of fraud", "a report on the deliveries"); not an author ("the report of the commission") nor
    a time ("a statement on Monday")."""
    lemma = noun.lemma_.lower()
    if lemma not in TOPIC_NOUNS:
        return None
    for child in noun.children:
        if child.dep_ != "prep" or child.i != noun.i + 1 or child.lower_ not in ("about", "on", "over", "of"):
            continue
        obj = next((g for g in child.children if g.dep_ in ("pobj", "pcomp")), None)
        if obj is None or obj.ent_type_ in ("DATE", "TIME"):
            return None
        if child.lower_ == "of" and (
            lemma not in OF_TOPIC_NOUNS
            or obj.pos_ in ("PRON", "PROPN")
            or obj.ent_type_ in ("PERSON", "ORG", "NORP", "GPE")
        ):
            return None  # "the report of the commission" names its author
        return child
    return None


# Prepositions that bind what an attitude noun is about ("disdain for", "obsession with", "criticism of")
NOUN_PREPS = frozenset({"of", "about", "on", "for", "with", "over", "against"})
POSSESSIVE_PRONOUNS = frozenset({"his", "her", "their", "its", "our", "my", "your"})


def _prep_object(head: Token, preps: Collection[str]) -> tuple[Token | None, Token | None]:
    """The preposition right after `head` when it is one of `preps` ("concern about", "claim of"), and
    its object; (None, None) or (prep, None) where there is none."""
    prep = next(
        (c for c in head.children if c.dep_ == "prep" and c.i == head.i + 1 and c.lower_ in preps), None
    )
    obj = next((g for g in prep.children if g.dep_ in ("pobj", "pcomp")), None) if prep is not None else None
    return prep, obj


def _attitude_noun_cue(tok: Token, idx: MentionIndex, lex: Lexicon) -> Found | None:
    """An attitude noun (lexicon.yaml attitude_nouns) with its owner and what it is about: "his disdain
    for the nominee", "Obama's decision to jump-start relations", "Trump's repeated emphasis that …". Cue:
    the noun with the modifiers before it ("repeated emphasis", "heavy criticism") and a bound preposition;
    content: the clause, infinitive or prepositional object; source: the owner (none: no cue)."""
    doc, text = tok.doc, idx.document.text
    owner: Token | None = None
    for child in tok.children:
        if child.dep_ == "poss" or (child.dep_ == "compound" and child.pos_ == "PROPN" and child.i < tok.i):
            owner = child
        elif child.dep_ == "prep" and child.lower_ in ("by", "from") and child.i > tok.i:
            owner = next((g for g in child.children if g.dep_ == "pobj"), owner)
    clause = _that_clause(tok)
    prep: Token | None = None
    if clause is None:
        clause = next(
            (
                c
                for c in tok.children
                if c.dep_ in ("acl", "relcl", "xcomp")
                and c.i > tok.i
                and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children)
            ),
            None,
        )
    if clause is not None:
        lo, hi = clause.left_edge.i, clause.right_edge.i + 1
    else:
        prep, obj = _prep_object(tok, NOUN_PREPS)
        if obj is None or obj.ent_type_ in ("DATE", "TIME"):
            return None
        lo, hi = obj.left_edge.i, obj.right_edge.i + 1
    if owner is None:
        return None
    lo, hi = _trim(doc, lo, hi)
    if lo >= hi:
        return None
    source: Mention | None = None
    actor: Actor | None = None
    if owner is not None:
        if owner.pos_ == "PRON" and owner.lower_ not in POSSESSIVE_PRONOUNS:
            return None
        source, actor = _source_of(owner, idx, determiner=False)
        if source is not None and source.type in NOT_SPEAKERS:
            return None
    start = tok.i
    while (
        start - 1 >= 0
        and doc[start - 1].head.i == tok.i
        and (
            doc[start - 1].dep_ in ("amod", "advmod", "nummod")
            or (doc[start - 1].dep_ == "compound" and doc[start - 1].pos_ != "PROPN")
            or (owner is None and doc[start - 1].dep_ == "det")
        )
    ):
        start -= 1
    last = prep if prep is not None else tok
    cue = span_of(text, doc[start].idx, last.idx + len(last.text))
    content = _token_span(doc, text, lo, hi)
    certainty = lex.attitude_noun_lemmas[_lemma(tok)].certainty
    found = _found(tok, cue, content, lo, hi, source, actor, certainty)
    found.top_only = True
    return found


HELD_BY_OF = frozenset({"support", "confidence", "trust", "sympathy", "approval", "backing", "opposition"})
VIEW_PREPS = frozenset(
    {"about", "on", "over", "of", "for", "in", "with", "regarding", "against", "toward", "towards"}
)


def _view_support_cue(tok: Token, idx: MentionIndex, lex: Lexicon) -> tuple[Found, Token] | None:
    """A support verb with a view noun for object (lexicon.yaml view_support_verbs, view_nouns): "Voting
    rights advocates have expressed deep concern about the policy", "Trump has raised questions about …",
    "he did express concern that …", "had strong views on …". Cue: the verb group to the noun and its bound
    preposition; content: the preposition's object, the that-clause or the infinitive; source: the verb's
    subject, who must be able to hold a view. With the noun, or None."""
    noun = next(
        (c for c in tok.children if c.dep_ == "dobj" and c.i > tok.i and _lemma(c) in lex.view_nouns), None
    )
    if noun is None or any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children):
        return None
    if any(t.pos_ == "NUM" or t.lower_ in ("percent", "%") for t in noun.lefts):
        return None  # "has 5 percent support": a share of backers, not a view the subject holds
    subj = _subject(tok)
    if subj is None or not _sentient(subj, idx, lex):
        return None
    doc, text = tok.doc, idx.document.text
    last: Token = noun
    clause = _that_clause(noun) or next(
        (
            c
            for c in noun.children
            if c.dep_ in ("acl", "relcl")
            and c.i > noun.i
            and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children)
        ),
        None,
    )
    if clause is None:
        # "expressed concern that …" parsed with the clause on the verb
        clause = next(
            (
                c
                for c in tok.children
                if c.dep_ in ("ccomp", "advcl")
                and c.i > noun.right_edge.i
                and any(g.lower_ == "that" and g.dep_ == "mark" for g in c.children)
            ),
            None,
        )
    if clause is not None:
        lo, hi = clause.left_edge.i, clause.right_edge.i + 1
    else:
        prep, obj = _prep_object(noun, VIEW_PREPS)
        if prep is None or obj is None or obj.ent_type_ in ("DATE", "TIME"):
            return None
        if prep.lower_ == "of" and _lemma(noun) in HELD_BY_OF:
            return None  # "has the support of women": the of-phrase holds the view
        last = prep
        lo, hi = prep.i + 1, prep.right_edge.i + 1
    lo, hi = _trim(doc, lo, hi)
    if lo >= hi:
        return None
    start = _cue_span(tok, text, lex).start  # with a governing verb: "continued to express doubts about"
    cue = span_of(text, start, last.idx + len(last.text))
    content = _token_span(doc, text, lo, hi)
    source, actor = _source_of(subj, idx)
    if source is not None and source.type in NOT_SPEAKERS:
        return None
    noun_cls = lex.attitude_noun_lemmas.get(_lemma(noun))
    certainty = noun_cls.certainty if noun_cls is not None else "assessed"
    if _negated(tok, lex):
        certainty = negated_cue_certainty(certainty)
    found = _found(tok, cue, content, lo, hi, source, actor, certainty)
    found.top_only = True
    return found, noun


def _noun_cue(tok: Token, idx: MentionIndex, lex: Lexicon) -> Found | None:
    """A reporting noun with its "that"-clause: cue the noun (with its article when no owner precedes it),
    content the clause, source its owner ("Trump's claim", "a Pentagon report", "charges by X")."""
    doc = tok.doc
    text = idx.document.text
    clause = _that_clause(tok)
    topic = _noun_topic(tok) if clause is None else None
    if clause is not None:
        lo, hi = _trim(doc, clause.left_edge.i, clause.right_edge.i + 1)
    elif topic is not None:
        clause = topic
        lo, hi = _trim(doc, topic.i + 1, topic.right_edge.i + 1)
    else:
        return None
    if lo >= hi:
        return None
    source_tok: Token | None = None
    for child in tok.children:
        if child.dep_ == "poss" or (child.dep_ == "compound" and child.pos_ == "PROPN" and child.i < tok.i):
            source_tok = child
        elif child.dep_ == "prep" and child.lower_ in ("by", "from") and child.i < clause.i:
            source_tok = next((g for g in child.children if g.dep_ == "pobj"), source_tok)
    start = tok.i
    dets = [c for c in tok.lefts if c.dep_ == "det" and c.lower_ in ("a", "an", "the")]
    if dets and source_tok is None:
        start = dets[0].i
    last = topic if topic is not None else tok  # "questions about": the preposition is part of the cue
    cue = span_of(text, doc[start].idx, last.idx + len(last.text))
    source, actor = _source_of(source_tok, idx, determiner=False) if source_tok is not None else (None, None)
    content = _token_span(doc, text, lo, hi)
    certainty = lex.speech_cues.get(tok.lemma_.lower(), "asserted")
    return _found(tok, cue, content, lo, hi, source, actor, certainty)


def _content_tokens(cue: Token, lex: Lexicon | None = None) -> tuple[int, int] | None:
    """Token range of what the cue reports."""
    lemma = _lemma(cue)
    attitude = lex.attitude_verbs.get(lemma) if lex is not None else None
    quote = _quote_before(cue)
    if quote is not None:
        return quote
    for child in cue.children:
        # "warned of the budding ties", "spoke about the deliveries", "called for a moratorium"
        # (a particle, an adverb or a day may stand between: "spoke out Tuesday about", "spoke emotionally of")
        preps = ("of", "about", *CUE_PREPS.get(lemma, ()), *CONTENT_PREPS.get(lemma, ()))
        between = cue.doc[cue.i + 1 : child.i]
        bound = len(between) <= 3 and all(
            t.head.i == cue.i and t.dep_ in ("prt", "advmod", "npadvmod") for t in between
        )
        if child.dep_ == "prep" and child.lower_ in preps and child.i > cue.i and bound:
            return child.i + 1, child.right_edge.i + 1
        # "calling for that successor to be identified": a for-to clause the parser hung on the verb
        mark = next((g for g in child.children if g.dep_ == "mark"), None) if child.dep_ == "advcl" else None
        for_clause = (
            mark is not None and mark.lower_ in preps and mark.i == child.left_edge.i and mark.i > cue.i
        )
        if for_clause and all(
            t.head.i == cue.i and t.dep_ in ("prt", "advmod") for t in cue.doc[cue.i + 1 : child.left_edge.i]
        ):
            return child.left_edge.i + 1, child.right_edge.i + 1
    for child in cue.children:
        # "said as much", "indicated as much"
        if child.lower_ == "much" and child.i == cue.i + 2 and cue.doc[cue.i + 1].lower_ == "as":
            return cue.i + 1, child.i + 1
    for child in cue.children:
        if child.dep_ in ("ccomp", "xcomp") and child.pos_ in ("VERB", "AUX", "NOUN", "ADJ"):
            # "a plan that officials said would cost billions": the relative pronoun before the cue is the
            # clause's subject, but the content cannot hold its own cue
            start = cue.i + 1 if child.left_edge.i < cue.i < child.right_edge.i else child.left_edge.i
            return start, child.right_edge.i + 1
    for child in cue.children:
        # a complement clause the parser took for an adverbial one: "said after the convention he would not
        # accept", "have not said when they would vote" (a clause with its own subject and no subordinator)
        own = child.dep_ == "advcl" and child.i > cue.i and child.tag_ != "VBG" and _has_subject(child)
        if own and not any(c.dep_ == "mark" for c in child.children):
            return child.left_edge.i, child.right_edge.i + 1
    objs = [c for c in cue.children if c.dep_ == "dobj" and c.i > cue.i]
    fronted = any(c.dep_ == "dobj" and c.i < cue.i and c.tag_ in ("WP", "WDT") for c in cue.children)
    if not objs and fronted and lemma in NAMING_CUES:
        # "what she called a “rant”", "a plan which critics called reckless": the object went before the
        # cue (a relative or "what"); what is said of it is the complement after the cue
        complements = [c for c in cue.children if c.dep_ in ("oprd", "attr") and c.i > cue.i]
        if complements:
            return complements[0].left_edge.i, complements[-1].right_edge.i + 1
    if objs:
        obj = objs[0]
        complements = [c for c in cue.children if c.dep_ in ("oprd", "attr") and c.i > obj.i]
        if lemma in TARGET_CUES or (attitude is not None and attitude.target):
            # "accused Moscow of stalling", "criticized the act as a crazy system", "endorsed Clinton for
            # president": what is said is about its target, person or not, with the reason or the verdict
            reasons = [
                c for c in cue.children if c.dep_ == "prep" and c.lower_ in TARGET_PREPS and c.i > obj.i
            ]
            last = reasons[-1].right_edge.i if reasons else obj.right_edge.i
            return obj.left_edge.i, last + 1
        if complements and lemma in NAMING_CUES:
            # "called the charges unsubstantiated", "called him a master": what the source says of it
            return obj.left_edge.i, complements[-1].right_edge.i + 1
        as_phrase = [c for c in cue.children if c.dep_ == "prep" and c.lower_ == "as" and c.i > obj.i]
        if as_phrase and lemma not in ADDRESSEE_CUES:
            # "cited it as an example of …", "see the program as an easier way …": the object and its verdict
            return obj.left_edge.i, as_phrase[-1].right_edge.i + 1
        if lemma in ("deny", "reject", "dismiss", "refute", "debunk", "show") or (
            lemma not in ADDRESSEE_CUES
            and (obj.pos_ in ("NOUN", "PROPN") or obj.lower_ in AMOUNT_OBJECTS)
            and obj.ent_type_ not in ("PERSON", "GPE", "LOC", "FAC", "COUNTRY")
            and obj.lemma_.lower() not in ("responsibility", "credit", "blame")
        ):
            # "cited derogatory comments", "acknowledged a collaborative relationship"
            topic = [
                c
                for c in cue.children
                if c.dep_ == "prep" and c.i == obj.right_edge.i + 1 and c.lower_ in ("about", "on", "of")
            ]
            if obj.lower_ in AMOUNT_OBJECTS and topic:
                return obj.left_edge.i, topic[0].right_edge.i + 1  # "said little about the convoy"
            return obj.left_edge.i, obj.right_edge.i + 1
    # "…, he said." or "…, he said, …": a clause with its own subject attached as parataxis/advcl/ccomp to
    # the reported clause and set off from it by punctuation; not a participle opening the sentence
    # ("Speaking at a rally, Trump says …") nor a clause the head reports ("Merrill says that Clinton
    # called Machado").
    doc = cue.doc
    words = [t.i for t in cue.subtree if not (t.is_punct or t.is_space)]
    left, right = min(words) - 1, max(words) + 1
    set_off = left >= 0 and (doc[left].is_punct or doc[left].is_quote)
    if cue.i < cue.head.i:  # interjected: "Climate change, Mr. Obama often says, is …", "as X observed, …"
        as_clause = cue.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "as" for c in cue.children)
        set_off = (
            (set_off or as_clause)
            and (cue.dep_ == "parataxis" or as_clause)
            and right < len(doc)
            and doc[right].is_punct
            and _has_subject(cue)
        )
    # (a clause with its own subordinator is no "he said": "…, not that he is calling for …")
    subordinate = any(c.dep_ == "mark" and c.lower_ in ("that", "whether", "if") for c in cue.children)
    if cue.dep_ in ("parataxis", "advcl", "ccomp") and set_off and not subordinate:
        head = cue.head
        toks = [t.i for t in head.subtree if not (cue.left_edge.i <= t.i <= cue.right_edge.i)]
        if toks:
            return min(toks), max(toks) + 1
    return _adjacent_quote(cue)


OPEN_QUOTES = frozenset("“«‘")
CLOSE_QUOTES = frozenset("”»’")


def quote_spans(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges [open+1, close) of quoted passages, paired across sentence breaks. Curly quotes pair
    by direction; straight quotes alternate within a paragraph."""
    spans: list[tuple[int, int]] = []
    opened: list[
        int
    ] = []  # open curly quotes, innermost last (a quote may hold a quote: “… he calls “hell” …”)
    straight: int | None = None
    for t in doc:
        if "\n\n" in t.text_with_ws or (t.is_space and "\n" in t.text):
            straight = None  # a straight quote does not carry over a paragraph break
        first = t.text[:1]
        after_space = t.i == 0 or bool(doc[t.i - 1].whitespace_) or doc[t.i - 1].is_space
        if first == "”" and after_space and not t.whitespace_ and doc[t.i + 1 : t.i + 2].text[:1].isalpha():
            opened = [*opened[-1:], t.i]  # a closing mark typed for an opening one ("… ”Fear. …”")
        elif first in OPEN_QUOTES and first != "‘":
            opened = [*opened[-1:], t.i]
        elif first in CLOSE_QUOTES and first != "’" and opened:
            spans.append((opened.pop() + 1, t.i))
        elif first == "”" and straight is not None and not after_space:
            spans.append((straight + 1, t.i))  # a straight quote closed by a curly one ("more hours”)
            straight = None
        elif t.text == '"' and straight is None and opened and not after_space:
            spans.append((opened.pop() + 1, t.i))  # a curly quote closed by a straight one (“no evidence")
        elif t.text == '"' or (t.text == "``" or t.text == "''"):
            if straight is None:
                straight = t.i
            else:
                spans.append((straight + 1, t.i))
                straight = None
    return [(a, b) for a, b in spans if b > a]


def _quote_before(cue: Token) -> tuple[int, int] | None:
    """The quoted passage a cue follows with nothing but punctuation and its own subject between ("“…,”
    said James Acton", "“…?” the envoy asked"): what it reports, however the parser split the quote. Not
    when the cue has a clause of its own after it, nor a quote that ended its sentence ("“….” He said
    that …") or sits inside the subject ("the “Arrogant” ad says")."""
    doc = cue.doc
    if any(c.dep_ in ("ccomp", "xcomp") and c.i > cue.i for c in cue.children):
        return None
    subjects = {t.i for c in cue.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree}
    for a, b in _quotes(doc):
        if not b < cue.i or a - 1 in subjects:
            continue
        if cue.i - b - 1 > 16:
            continue  # too far for either test below (8 tokens of punctuation and subject, a 16-token speaker)
        between = doc[b + 1 : cue.i]
        continued = doc[b - 1].text in (",", "?", "!", "—", "--", "…") or any(t.text == "," for t in between)
        if (
            len(between) <= 8
            and continued
            and all(t.is_punct or t.is_space or t.i in subjects for t in between)
        ):
            return a, b
        if continued and _speaker_between(cue, b) is not None:
            return a, b
    return None


def _speaker_between(cue: Token, close: int) -> Token | None:
    """The speaker named between a closing quote and an inverted cue that the parser did not make its
    subject ("“…,” Flynn, a top Trump surrogate, said Thursday", where "Flynn" went into the quote as an
    apposition): the head of a phrase of nouns and commas only, or None."""
    doc = cue.doc
    between = doc[close + 1 : cue.i]
    if len(between) > 16:
        return None
    words = [t for t in between if not (t.is_punct or t.is_space or t.is_quote)]
    if not words or words[0].pos_ not in ("PROPN", "NOUN", "DET"):
        return None
    if any(
        t.pos_ in ("VERB", "AUX") or (t.dep_ in ("nsubj", "nsubjpass") and t.head.i != cue.i) for t in words
    ):
        return None
    if any(t.dep_ in ("nsubj", "nsubjpass") and t.head.i == cue.i for t in words):
        return None  # the parser got it
    head = next((t for t in words if not close < t.head.i < cue.i), None)
    return head if head is not None and head.pos_ in ("PROPN", "NOUN") else None


def _whole_quote(cue: Token, start: int, end: int) -> tuple[int, int]:
    """A content inside a quoted passage the cue stands outside of is the whole passage: the parse stops a
    clause at a sentence break the quote runs across ("“A. B,” she said." reports "A. B")."""
    doc = cue.doc
    spans = _quotes(doc)
    for a, b in spans:
        if a <= start < b and a <= end - 1 < b and not (a <= cue.i < b):
            return a, b
    return start, end


def _adjacent_quote(cue: Token) -> tuple[int, int] | None:
    """A quoted passage right after the cue ("said, “…”", "said: “…”") or ending just before its clause
    ("“…?” Clinton said."), even across the sentence break the parser put after a question mark."""
    doc = cue.doc
    spans = _quotes(doc)
    clause_start = cue.left_edge.i
    for a, b in spans:
        gap_after = doc[cue.i + 1 : a - 1]
        if a - 1 > cue.i and len(gap_after) <= 2 and all(t.is_punct for t in gap_after):
            return a, b
        gap_before = doc[b + 1 : clause_start]
        if b < clause_start and len(gap_before) <= 2 and all(t.is_punct or t.is_space for t in gap_before):
            return a, b
    return None


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Content without surrounding punctuation and space; a complementiser "that" stays (news-attribution
    annotation such as PolNeAR counts it as part of the content)."""
    while start < end and (doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return start, end


CUE_PREPS = {
    "call": ("for", "on"),
    "point": ("to", "out"),
    "speak": ("of", "about"),
    "talk": ("about",),
    "complain": ("about", "of"),
    "wonder": ("about",),
    "warn": ("of", "about", "against"),
    "worry": ("about",),
    "joke": ("about", "of"),
    "ask": ("for", "about"),
    "argue": ("for", "against"),
    "agree": ("with", "on"),
    "comment": ("on",),
    # "an explosion that the mayor described as “an intentional act”": the object went before the cue
    "describe": ("as",),
    "criticize": ("as",),
    "criticise": ("as",),
    "view": ("as",),
    "mention": ("as",),
}
# Prepositions that introduce what is reported without being part of the cue ("responded to the charge")
CONTENT_PREPS = {"respond": ("to", "by", "with"), "reply": ("to",)}
CUE_ADVERBS = frozenset({"also", "now", "then", "often", "later", "again", "still", "even", "once", "never", "already", "just", "first", "further", "since", "long", "together", "so", "far", "too", "ever", "always", "yet"})  # fmt: skip
OCCASION_NOUNS = frozenset(
    {"interview", "statement", "email", "e-mail", "letter", "briefing", "speech", "tweet", "post", "conference",
     "call", "appearance", "hearing", "testimony", "op-ed", "memo", "message", "release", "video", "debate",
     "rally", "address", "meeting", "session"}
)  # fmt: skip
# Cues of praise, blame and verdict: their direct object is the target of what is said, person or not, with
# the reason or verdict in a following "of"/"for"/"as"/"on" phrase ("described him as a disgrace").
TARGET_CUES = frozenset(
    {"accuse", "blame", "criticize", "criticise", "praise", "endorse", "condemn", "denounce", "decry", "mock",
     "slam", "lambaste", "hail", "describe", "rate", "view"}
)  # fmt: skip
TARGET_PREPS = frozenset({"of", "for", "as", "on"})
# Objects that stand for what was said ("haven't said much about …", "has proposed nothing that …")
AMOUNT_OBJECTS = frozenset(
    {"much", "little", "nothing", "something", "anything", "everything", "more", "less", "this", "these"}
)
# Verbs that report only a quoted passage next to them, a speaker going on: "Limbaugh continued: “…”"
# ("continued to insist", "continued his attacks" report nothing by themselves)
QUOTE_CUES = frozenset({"continue"})
# Cues whose object and its complement are what is said: "called X a liar", "described it as …".
NAMING_CUES = frozenset({"call", "label", "brand", "dub", "describe", "term", "deem"})
# Cues whose direct object is the addressee or the target, not what is said ("told reporters", "urged
# Congress", "accused Moscow"): their content is a clause, never the object.
ADDRESSEE_CUES = frozenset(
    {"tell", "ask", "urge", "warn", "accuse", "blame", "thank", "call", "remind", "assure", "inform", "brief",
     "answer", "reply", "respond", "threaten", "refuse", "find", "believe", "think"}
)  # fmt: skip


def _cue_span(tok: Token, text: str, lex: Lexicon) -> Span:
    """The verb group that carries the attribution, as news-attribution annotation (PolNeAR) marks it:
    auxiliaries, negation, "to" and adverbs before it ("has also said", "did not respond", "now says", "to
    admit"), and the verb governing it when that reports nothing itself ("appeared to suggest", "went on
    to discuss", "avoids condemning"); after it a particle or bound preposition ("called for", "pointed
    out"), the day and the occasion ("said Friday", "said in an interview") and a colon ("said:")."""
    doc = tok.doc
    start = _group_start(tok)
    head = tok.head
    if (
        tok.dep_ == "xcomp"
        and 0 < tok.i - head.i <= 4
        and head.pos_ in ("VERB", "AUX")
        and head.lemma_.lower() not in lex.speech_cues
        and all(t.head.i in (tok.i, head.i) for t in doc[head.i + 1 : tok.i])
    ):
        start = _group_start(head)
    end = tok.i
    while end + 1 < len(doc):
        nxt = doc[end + 1]
        if nxt.head.i != tok.i:
            break
        passive = any(c.dep_ == "auxpass" for c in tok.children)
        if (
            nxt.dep_ == "prt"
            or (nxt.dep_ == "prep" and nxt.lower_ in CUE_PREPS.get(_lemma(tok), ()))
            # "have been blamed for", "was accused of" (but "was reported by the Post": the agent stays out)
            or (passive and nxt.dep_ == "prep" and nxt.lower_ in ("of", "for") and end == tok.i)
            or (nxt.dep_ == "dobj" and _put_it(tok))
        ):
            end += 1  # "called for", "pointed out", "was accused of", "as she put it"
        elif nxt.dep_ in ("npadvmod", "tmod") and nxt.ent_type_ in ("DATE", "TIME"):
            end = nxt.right_edge.i  # "said Friday", "said Thursday morning"
        elif nxt.dep_ == "prep" and nxt.lower_ in ("in", "at", "during") and _occasion(nxt):
            end = nxt.right_edge.i  # "said in an interview", "said at a briefing Monday"
        else:
            break
    if end + 1 < len(doc) and doc[end + 1].text == ":":
        end += 1
    return span_of(text, doc[start].idx, doc[end].idx + len(doc[end].text))


def _token_span(doc: Doc, text: str, lo: int, hi: int) -> Span:
    """The characters of tokens lo..hi-1."""
    return span_of(text, doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1].text))


def _found(
    tok: Token,
    cue: Span,
    content: Span,
    lo: int,
    hi: int,
    source: Mention | None,
    actor: Actor | None,
    certainty: str,
) -> Found:
    """An attribution whose content is tokens lo..hi-1, quoted or not as the text has it."""
    record = Attribution(
        id="",
        cue=cue,
        content=content,
        source=source,
        quote=_quote_kind(tok.doc, lo, hi),
        certainty=certainty,
    )
    return Found(record, tok, lo, hi, actor.state if actor else None, actor)


def _group_start(tok: Token) -> int:
    """Where a verb's group starts: its auxiliaries, negation and adverbs right before it."""
    doc = tok.doc
    start = tok.i
    while (
        start - 1 >= 0
        # on the verb, or on an adverb of the group ("is once again questioning")
        and (doc[start - 1].head.i == tok.i or (start <= doc[start - 1].head.i < tok.i))
        and doc[start - 1].dep_ in ("aux", "auxpass", "neg", "advmod")
        and (
            doc[start - 1].dep_ != "advmod"
            or doc[start - 1].lower_ in CUE_ADVERBS
            or doc[start - 1].lower_.endswith("ly")
        )
    ):
        start -= 1
    return start


def _occasion(prep: Token) -> bool:
    """A prepositional phrase naming where something was said: "in an interview", "at a briefing"."""
    objs = [c for c in prep.children if c.dep_ == "pobj"]
    if not objs or objs[0].lemma_.lower() not in OCCASION_NOUNS or prep.right_edge.i - prep.i > 6:
        return False
    return not any(t.text in (",", ";", ":") for t in prep.subtree)


def _subject(verb: Token) -> Token | None:
    """The subject of a verb, walking xcomp/raising and conj links ("X appeared to debunk", "X said and added")."""
    seen = 0
    tok: Token | None = verb
    quoted = _quotes(verb.doc)
    while tok is not None and seen < 6:
        # (a dash the parser took for a subject is none: "… ― Trump boasted"; with two subjects, a relative
        # pronoun gives way to the named one: "one of the reasons that Trump refuses …")
        subjects: list[Token] = []
        for child in tok.children:
            subj: Token | None = child
            if child.dep_ in ("nsubj", "nsubjpass") and (child.is_punct or child.text in DASHES):
                # a dash parsed as the subject, holding it: "The film ― which weaves … ― explains"
                subj = next((g for g in child.children if g.dep_ == "nsubj" and g.i < child.i), None)
            if subj is not None and subj.dep_ in ("nsubj", "nsubjpass"):
                subjects.append(subj)
        if len(subjects) > 1:
            subjects = [c for c in subjects if c.lower_ not in RELATIVE_PRONOUNS] or subjects
        if subjects:
            if tok.i != verb.i and any(
                a <= subjects[0].i < b and a <= tok.i < b and not a <= verb.i < b for a, b in quoted
            ):
                # the subject of a verb in a quote the cue stands outside of is the quote's ("“I can't
                # breathe,” as Eric Garner, gasping …, said")
                return None
            return subjects[0]
        nxt: Token | None = None
        if tok.dep_ in ("xcomp", "conj", "advcl", "aux") and tok.head.i != tok.i:
            nxt = tok.head
        elif tok.dep_ == "pcomp" and tok.head.dep_ == "prep" and tok.head.head.pos_ in ("VERB", "AUX"):
            nxt = tok.head.head  # "responded … by saying", "stopped short of calling", "began by saying"
        if nxt is not None:
            tok = nxt
            seen += 1
            continue
        # A subject-verb inversion after a quote: "…, said John Kirby" has Kirby as nsubj already.
        return None
    return None


def _has_subject(verb: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)


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
            clause = _participle_before(t, cue)
            if clause is not None:
                i = clause.left_edge.i - 1  # "President Obama, dedicating the museum on Saturday, said"
                continue
            # climb compounds to the phrase head (not onto the cue: "Trump charges that …")
            while t.dep_ in ("compound", "flat") and t.i < t.head.i < cue.i:
                t = t.head
            return t
        return None
    return None


def _participle_before(t: Token, cue: Token) -> Token | None:
    """A participial or relative clause set off by commas or dashes that holds t, right between the speaker
    and the cue ("Obama, dedicating the museum on Saturday, said", "The film ― which weaves together … ―
    explains"): its verb, or None."""
    doc = cue.doc
    v = t
    while v.head.i != v.i and v.head.i < cue.i and v.i != cue.i:
        v = v.head
        if (
            (v.tag_ in ("VBG", "VBN") or v.dep_ == "relcl")
            and v.dep_ in ("advcl", "acl", "xcomp", "conj", "relcl")
            and v.left_edge.i > 0
            and (doc[v.left_edge.i - 1].text == "," or doc[v.left_edge.i - 1].text in DASHES)
            and all(x.is_punct or x.text in DASHES for x in doc[v.right_edge.i + 1 : cue.i])
            and v.right_edge.i + 1 < cue.i
        ):
            return v
    return None


def _source_of(
    tok: Token, idx: MentionIndex, *, determiner: bool = True
) -> tuple[Mention | None, Actor | None]:
    """The speaker a token names and its actor: the actor's mention where the knowledge knows it, else the
    plain phrase (`_plain_source`); with the determiner before it (`_with_determiner`) unless told not to."""
    actor = idx.actor(tok)
    source = actor.mention if actor else _plain_source(tok, idx)
    return (_with_determiner(source, tok, idx) if determiner else source), actor


def _with_determiner(m: Mention | None, tok: Token, idx: MentionIndex) -> Mention | None:
    """The source phrase as a reader quotes it: "the spokesman", "a senior US official" (a copy; entity
    mentions stay as they are)."""
    if m is None:
        return None
    # a title the entity phrase holds before the name: "Defense Secretary Ash Carter", "Gen. Joseph L. Votel"
    phrase = next(
        (
            p
            for p in idx.mentions
            if p.span.start < m.span.start
            and p.span.end == m.span.end
            and "\n" not in idx.document.text[p.span.start : m.span.start]
        ),
        None,
    )
    if phrase is not None:
        m = replace(m, span=phrase.span, attrs=dict(m.attrs))
    dets = [c for c in tok.lefts if c.dep_ in ("det", "predet") and c.idx < m.span.start]
    if not dets:
        return m
    start = min(d.idx for d in dets)
    between = idx.document.text[start : m.span.start]
    if len(between) > 40 or "\n" in between or any(d in between for d in (" - ", *DASHES, ",", "(")):
        return m  # not across a dash or comma: "an aggressive - some say unrealistic - pledge"
    return replace(m, span=span_of(idx.document.text, start, m.span.end), attrs=dict(m.attrs))


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


def _partitive_source(tok: Token, idx: MentionIndex) -> Mention | None:
    """A number or quantifier whose of-phrase names the speakers ("one of the family's attorneys said", "some of
    his aides say"): the source is the whole phrase, typed by the group it is taken from."""
    if tok.pos_ not in ("NUM", "PRON", "DET", "ADJ", "NOUN"):
        return None
    of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" and c.i > tok.i), None)
    group = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    if group is None:
        return None
    m, _ = _source_of(group, idx, determiner=False)
    if m is None or m.type in NOT_SPEAKERS:
        return None
    start = min([tok.idx, *(c.idx for c in tok.lefts if c.dep_ in ("det", "predet"))])
    end = max(m.span.end, noun_phrase(group)[1])
    return replace(m, span=span_of(idx.document.text, start, end), attrs=dict(m.attrs))


def _hedged(tok: Token, lex: Lexicon) -> bool:
    """A hedge governing or modifying the cue: "appeared to debunk", "reportedly said"."""
    for child in tok.children:
        if child.lemma_.lower() in lex.hedges and child.dep_ in ("advmod", "aux"):
            return True
    head = tok.head
    return tok.dep_ == "xcomp" and head.lemma_.lower() in lex.hedges


def _negated(tok: Token, lex: Lexicon) -> bool:
    """ "did not say", "has never confirmed", "declined to confirm", "refused to say"."""
    if any(c.dep_ == "neg" or (c.lower_ in lex.negations and c.dep_ == "advmod") for c in tok.children):
        return True
    head = tok.head.lemma_.lower()
    return tok.dep_ == "xcomp" and (head in lex.negations or lex.speech_cues.get(head) == "denied")


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


def _continued_quotes(found: list[Found]) -> None:
    """A direct quote that goes on in the next sentences of its paragraph ("“A,” she said. “B. I think
    C.”") goes on the quoted speaker's statement, so "I think" there nests under it. A quoted passage that
    another cue outside it reports ("“B,” said Y.") is Y's, and ends the run."""
    if not found:
        return
    doc = found[0].cue_tok.doc
    spans = sorted(_quotes(doc))
    claimed = [(a, b) for a, b in spans for g in found if not (a <= g.cue_tok.i < b) and _touches(g, a, b)]
    for f in found:
        if not any(a <= f.content_start and f.content_end <= b for a, b in spans):
            continue  # not a direct quote
        last = f.content_end
        for a, b in spans:
            if a <= last:
                continue
            gap = doc[last:a]
            if len(gap) > 40 or any("\n\n" in t.text_with_ws for t in doc[last : a - 1]) or (a, b) in claimed:
                break
            between = [t for t in gap if not (t.is_punct or t.is_space)]
            # only the cue's own clause ("she said.") may stand between the two quotes
            if any(not (f.cue_tok.left_edge.i <= t.i <= f.cue_tok.right_edge.i) for t in between):
                break
            f.more.append((a, b))
            last = b


def _set_content(f: Found, start: int, end: int) -> None:
    doc = f.cue_tok.doc
    f.content_start, f.content_end = start, end
    f.record.content = span_of(doc.text, doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text))
    f.record.quote = _quote_kind(doc, start, end)


def _clip_contents(found: list[Found]) -> None:
    """A content stays on its cue's side of a line break (a parse that ran a clause into the next
    paragraph: “… you might ask?” ⏎⏎ The ad then references …) and inside the quote that holds its cue
    ("… according to its own website.”" reports the quoted words only). Not for a speaker label's or a
    dash's content, which the text delimits."""
    if not found:
        return
    doc = found[0].cue_tok.doc
    quoted = _quotes(doc)
    for f in found:
        cue = f.cue_tok
        if cue.is_punct or cue.text[:1] in CLOSE_QUOTES or cue.text in DASHES:
            continue
        start, end = f.content_start, f.content_end
        for a, b in quoted:
            if a <= cue.i < b and (start < a or end > b) and b - a > 2:
                start, end = max(start, a), min(end, b)
        # (a break inside a quote is the source's own: “… since Bush's election in. ⏎⏎ 1988. …,” he says)
        breaks = [
            t.i
            for t in doc[start:end]
            if "\n" in t.text_with_ws and not any(a <= t.i < b - 1 and not a <= cue.i < b for a, b in quoted)
        ]
        if breaks:
            if cue.i < start:
                end = breaks[0] + 1
            elif cue.i >= end:
                start = breaks[-1] + 1
            else:
                start = max([start, *(k + 1 for k in breaks if k < cue.i)])
                end = min([end, *(k + 1 for k in breaks if k >= cue.i)])
        start, end = _trim(doc, start, end)
        if start < end and (start, end) != (f.content_start, f.content_end):
            _set_content(f, start, end)


def _touches(g: Found, a: int, b: int) -> bool:
    return g.content_start < b and a < g.content_end


def _nest(found: list[Found]) -> None:
    """Nest each attribution in the innermost other attribution whose content holds its cue, in the same
    sentence as that one's cue or inside a quoted passage: a content that runs on into the next sentence
    without quotes is a parse that went too far, not a report of that sentence."""
    quoted: Sequence[tuple[int, int]] = ()
    if found:
        quoted = _quotes(found[0].cue_tok.doc)
    for f in found:
        best: Found | None = None
        cue = f.cue_tok
        in_quote = any(a <= cue.i < b for a, b in quoted)
        for g in found:
            # (an attitude cue never cuts another's content: "said Pyongyang could offer … and seek …")
            if g is f or (not f.top_only and _split_coordinated(f, g)):
                continue
            size = g.content_end - g.content_start
            # a speaker label's or a dash's content is delimited by the text, not by a parse
            delimited = g.cue_tok.is_punct or g.cue_tok.text[:1] in CLOSE_QUOTES
            holds = g.content_start <= cue.i < g.content_end and (
                in_quote or delimited or (cue.sent == g.cue_tok.sent and not _line_between(cue, g.cue_tok))
            )
            holds = holds or any(a <= cue.i < b for a, b in g.more)
            # two statements cannot each hold the other: the one whose cue lies in the other's content is inner
            mutual = (
                f.content_start <= g.cue_tok.i < f.content_end and size <= f.content_end - f.content_start
            )
            if holds and not mutual and (best is None or size < best.content_end - best.content_start):
                best = g
        if best is not None:
            best.children.append(f)
            f.record.parent = id_placeholder(best)


def _nest_in_quoting_speaker(found: list[Found]) -> None:
    """A report inside quotation marks that no attribution holds ("“… I think we can win …”" in a quote
    whose speaker was named a paragraph before) is part of a quoted speaker's words: it goes under the last
    top-level attribution before it that reports a direct quote. News attribution gives every token inside
    a quote to its speaker."""
    if not found:
        return
    quoted = _quotes(found[0].cue_tok.doc)
    for n, f in enumerate(found):
        if f.record.parent is not None or not any(a <= f.cue_tok.i < b for a, b in quoted):
            continue
        if any(a <= f.content_start and f.content_end <= b and not a <= f.cue_tok.i < b for a, b in quoted):
            continue  # the cue reports a quote of its own from outside it
        speaker = next(
            (
                g
                for g in reversed(found[:n])
                if g.record.parent is None
                and g.record.quote in ("direct", "mixed")
                and not any(a <= g.cue_tok.i < b for a, b in quoted)
            ),
            None,
        )
        if speaker is not None:
            speaker.children.append(f)
            f.record.parent = id_placeholder(speaker)


def _line_between(a: Token, b: Token) -> bool:
    """Whether a line break separates two tokens (a parse that ran a title into the first paragraph)."""
    lo, hi = sorted((a.i, b.i))
    return any("\n" in t.text_with_ws for t in a.doc[lo:hi])


def _split_coordinated(f: Found, g: Found) -> bool:
    """A further statement coordinated at the end of g's content is no part of it: "Merrill says Machado
    promised X and said Y", "he said A, arguing that B", "she praised the envoy, who said B" are two
    attributions each (news-attribution
    annotation gives every token to one attribution). Cuts g's content before f's clause; True when cut."""
    cue, doc = f.cue_tok, f.cue_tok.doc
    if not (g.content_start <= cue.head.i < g.content_end and g.cue_tok.i < cue.i):
        return False
    participle = cue.dep_ == "advcl" and cue.tag_ == "VBG" and not any(c.dep_ == "mark" for c in cue.children)
    # "…, though she noted that clients …", "…, although he again refused to pledge …"
    concessive = cue.dep_ == "advcl" and any(
        c.dep_ == "mark" and c.lower_ in ("though", "although", "whereas") for c in cue.children
    )
    # "… endorses Trump, who says he is honored": a report in a relative clause set off by a comma
    relative = cue.dep_ == "relcl" and cue.left_edge.i > 0 and doc[cue.left_edge.i - 1].text == ","
    if (
        not (cue.dep_ == "conj" or participle or concessive or relative)
        or cue.right_edge.i < g.content_end - 1
    ):
        return False
    if any(a <= cue.i < b for a, b in _quotes(doc)):
        return False  # inside a direct quote the speaker's own "and say to them …" stays theirs
    # a report of its own (a clause, "warned against …", "called it …"), not "exposed a vulnerability"
    own = ("ccomp", "oprd", "prep", "xcomp") if concessive else ("ccomp", "oprd", "prep")
    if not any(c.dep_ in own for c in cue.children):
        return False
    end = cue.left_edge.i
    while end > g.content_start and (
        doc[end - 1].dep_ == "cc" or doc[end - 1].is_punct or doc[end - 1].is_space
    ):
        end -= 1
    start, end = _trim(doc, g.content_start, end)
    if start >= end:
        return False
    g.content_start, g.content_end = start, end
    g.record.content = span_of(doc.text, doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text))
    g.record.quote = _quote_kind(doc, start, end)
    if participle and not _has_subject(cue):
        # "he said A, arguing B": the participle's subject is the speaker, not the reported clause's subject
        f.record.source, f.actor, f.state = g.record.source, g.actor, g.state
    return True


def _quotes(doc: Doc) -> tuple[tuple[int, int], ...]:
    """The document's quoted passages (`quote_spans`), found once per document."""
    spans: tuple[tuple[int, int], ...] | None = doc.user_data.get("armswatch_quotes")
    if spans is None:
        spans = doc.user_data["armswatch_quotes"] = tuple(quote_spans(doc))
    return spans


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
