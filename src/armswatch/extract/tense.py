"""The tense of the clause a time expression sits in, read off the parse: it tells the normaliser which way
a bare "Saturday" or "in May" points (normalize/time.py takes it as a plain "past"/"future" string)."""

from __future__ import annotations

from spacy.tokens import Token

_FUTURE_AUX = {"will", "'ll", "ll", "shall", "wo", "would", "'d"}
_FUTURE_GOVERNORS = {
    *("plan", "expect", "anticipate", "intend", "aim", "schedule", "set", "slate", "prepare", "vow"),
    *("pledge", "promise", "threaten", "hope", "want", "seek", "agree", "propose", "poise"),
}
# "postponed until Tuesday", "scheduled for Thursday", "extended the deadline to Monday": the time is the
# new date of something still to come, whatever the tense of the rescheduling.
_RESCHEDULING = {"postpone", "delay", "defer", "adjourn", "schedule", "reschedule", "extend", "push", "move"}
_TARGET_PREPS = {"until", "till", "to", "for"}
_FUTURE_ADJECTIVES = {
    *("due", "likely", "unlikely", "set", "poised", "ready", "about", "scheduled", "expected", "slated"),
}
# "could come as early as Tuesday", "may vote in March": a possibility still open lies ahead. "could not be
# reached Wednesday", "could be located Wednesday" tell of a past (in)ability, not of a prospect: a negated
# or passive "could" says nothing.
_MODALS = {"may", "might", "could", "can", "should", "must", "ca"}
# "has scheduled a news conference Thursday", "planned a rally on Saturday": the day of what was planned,
# which is still to come. A verb of planning with an object, in the past or the perfect.
_PLANNING = {"plan", "schedule", "reschedule", "slate"}


def _verb_tense(verb: Token) -> str | None:
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    words = {a.lower_ for a in auxes}
    if words & _FUTURE_AUX:
        return "future"
    if verb.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxes):
        return "past"
    if any(a.lemma_ == "have" for a in auxes):
        return "past"  # present perfect: "has fired"
    if verb.tag_ == "VBN" and not any(a.lemma_ == "be" for a in auxes):
        return "past"  # a reduced relative: "missiles fired Saturday"
    modals = words & _MODALS
    if modals == {"could"} and (
        any(c.dep_ == "neg" for c in verb.children) or any(a.dep_ == "auxpass" for a in auxes)
    ):
        return None  # "could not be reached Wednesday", "could be located Wednesday"
    if modals:
        return "future"  # "could come as early as Tuesday", "may vote in March"
    return None


def _is_future_governor(head: Token) -> bool:
    if head.lemma_ == "go":
        return bool(head.tag_ == "VBG")
    if head.lemma_ in _FUTURE_GOVERNORS or head.lower_ in _FUTURE_ADJECTIVES:  # "plans to", "is due to"
        return True
    return any(c.dep_ == "acomp" and c.lower_ in _FUTURE_ADJECTIVES for c in head.children)


def clause_tense(token: Token) -> str | None:
    """The tense of the clause `token` sits in: "future", "past" or None (present, or not a clause's time).

    Walks up from the token to the first VERB/AUX head. "will"/"'ll"/"shall"/"would" make it future, and
    so does an infinitive under "going"/"plan"/"expect"/"is due"… ("plans to launch in April"); VBD/VBN or
    a perfect auxiliary make it past. A time the verb reschedules to ("postponed until Tuesday", "scheduled
    for Thursday") is future. A time that modifies a noun or an adjective rather than the clause
    ("Tuesday's launch", "the Saturday attack", "payable Dec. 7", "effective Feb. 1") does not take the
    clause's tense: None.
    """
    node = token
    target = token.head.lower_ if token.head.dep_ == "prep" else ""  # "postponed until Tuesday"
    only_future = False  # set when the time hangs on an adjective or a noun: "payable Jan. 3"
    for _ in range(64):  # a dependency path is never this long; guards a malformed tree
        if node.pos_ in ("VERB", "AUX") and not (node.dep_ in ("aux", "auxpass") and node.head.i != node.i):
            break
        if node.head.i == node.i:
            return None
        if node.dep_ in ("poss", "compound", "amod", "nmod") and node.head.pos_ in ("NOUN", "PROPN"):
            return None  # "Tuesday's launch", "the Saturday attack": the noun's time, not the clause's
        adjective = node.i != token.i and node.pos_ == "ADJ"  # "payable Dec. 7", "effective Feb. 1"
        only_future = only_future or adjective or (node.dep_ == "npadvmod" and node.head.pos_ == "NOUN")
        node = node.head
    else:
        return None
    tense = _verb_tense(node)
    if target in _TARGET_PREPS and token.head.head.i == node.i and node.lemma_ in _RESCHEDULING:
        return "future"  # a new date set for something that has not happened yet
    if tense == "past" and node.lemma_ in _PLANNING and any(c.dep_ == "dobj" for c in node.children):
        return "future"  # "has scheduled a news conference Thursday": the day of what was planned
    if tense == "future" or only_future:
        return tense if tense == "future" else None
    to_infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in node.children)
    if to_infinitive and node.dep_ in ("xcomp", "ccomp", "advcl") and node.head.i != node.i:
        head = node.head
        if head.lemma_ == "be" and head.tag_ in ("VBZ", "VBP"):
            return "future"  # "is to resume trading Tuesday": an arrangement still to be carried out
        if _is_future_governor(head):
            head_aux = {c.lower_ for c in head.children if c.dep_ in ("aux", "auxpass")}
            return "past" if "had" in head_aux else "future"
    governs_infinitive = any(c.dep_ == "xcomp" for c in node.children)
    if tense is None and governs_infinitive and node.lemma_ != "go" and _is_future_governor(node):
        return "future"  # the time hangs on the governor itself: "plans … to launch in April"
    return tense
