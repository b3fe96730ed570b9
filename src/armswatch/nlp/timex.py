"""Time expression extents: spaCy's DATE/TIME entities brought to TimeML TIMEX3 extents, and what it misses.

The statistical NER finds most time expressions, but with OntoNotes extents, not TimeML ones (TimeML 1.2.1
guidelines, measured against TimeBank/AQUAINT; `armswatch eval timeml`). This component runs after the NER
and the knowledge ruler and changes only DATE/TIME entities of the statistical NER (and EVENT entities
that name a holiday); a knowledge entity (COUNTRY, ORG, PERSON, WEAPON…, anything with an entity id) is
never changed, and an added expression only takes tokens that no entity holds.

- Split: a participle inside a time expression starts a new one ("the quarter ended Sept. 30" is "the
  quarter" and "Sept. 30"); so does a coordination of whole dates ("Monday and Tuesday", "1994, 1995 and
  1997"). A range stays one expression ("between 1994 and 1997", "from May to July"): armswatch resolves
  it to one range value.
- Trim: a determiner that belongs to the noun the date modifies ("the Aug. 7 bombings"), a possessive
  ("its fourth quarter"), a leading preposition or focus adverb ("about", "only", "just"), a trailing
  possessive clitic ("last year's"), "later" after a duration ("three days later"), and dangling
  punctuation or conjunctions are not part of the expression.
- Drop: ages ("6-year-old", "52 years old"), frequency adjectives modifying a noun ("quarterly
  dividend", "annual meeting"), numbers that name a document or a body ("resolution 1718", "Committee
  1267") and anything without a time word, year or clock time in it ("44", "80486").
- Join: a day and its time of day are one expression ("Friday" + "morning", "9 a.m." + "Tuesday",
  "this" + "Thanksgiving", "last" + "Friday" where the NER left the determiner out,
  "5 p.m. EST, Nov. 6"), and a date with the period noun it modifies ("the 1988 period").
- Add: the deictic adverbs TimeML annotates ("now", "currently", "recently"), frequency words ("daily",
  "weekly"), "the (near) future", "the past", "the near/short/long term", day words and weekday names the
  NER left out ("today", "Monday"), sets ("every day", "each Thursday", "every other week") and holidays
  the NER calls events ("Thanksgiving Day").

TimeBank annotates about 70% of "now", "currently" and "recently" (`normalize.time` values them
PRESENT_REF / PAST_REF), and more than half of the adjective "current" before a noun (9 of 16 where the
NER has none; "the then current price" is no present): adding them gains more than it costs. The frequency
words "daily", "weekly", "monthly", "hourly" are sets wherever they stand (11 of 17 "daily" annotated).
"recent" (6 of 15 standalone uses) is annotated too seldom to add (see docs/eval_timeml.md).
"the latest period" of a report is always annotated (5 of 5).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

__all__ = ["adjust_times", "adjusted_ents"]


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


TIME_LABELS = frozenset({"DATE", "TIME"})

_MONTHS = _set(
    "january february march april may june july august september october november december "
    "jan jan. feb feb. mar mar. apr apr. jun jun. jul jul. aug aug. sep sep. sept sept. oct oct. "
    "nov nov. dec dec."
)
_WEEKDAYS = _set(
    "monday tuesday wednesday thursday friday saturday sunday mon mon. tue tue. tues tues. wed wed. "
    "thu thu. thur thur. thurs thurs. fri fri. sat sat. sun sun."
)
_DAYPARTS = _set("morning afternoon evening night overnight noon midday midnight dawn dusk")
_UNITS = _set(
    "second seconds minute minutes hour hours day days week weeks weekend weekends fortnight month months "
    "quarter quarters year years decade decades century centuries millennium millennia season seasons "
    "spring summer fall autumn winter period term semester half"
)
_DEICTIC = _set(
    "now today tonight tomorrow yesterday currently recently recent current future past present "
    "ago earlier later lately nowadays daily weekly monthly yearly annually annual quarterly hourly "
    "weekday weekdays weeknight weeknights eve christmas easter thanksgiving ramadan"
)
# Adjectives that classify the noun they modify ("annual report", "quarterly dividend"): TimeBank never
# annotates them, unlike "daily"/"weekly" (measured: 0 of 6 "annual", 1 of 11 "quarterly").
_FREQUENCY_ADJECTIVES = _set("annual quarterly yearly biannual semiannual")
_DECADE_WORDS = _set("twenties thirties forties fifties sixties seventies eighties nineties")
_SPELLED_CENTURY = frozenset({"nineteen", "eighteen", "twenty"})
# Holidays the NER labels EVENT.
_HOLIDAY = re.compile(
    r"(?:new year'?s?|christmas|easter|thanksgiving|independence|memorial|labou?r|veterans|victory|"
    r"valentine'?s?|election|boxing) (?:day|eve)|easter (?:sunday|monday|week)|good friday|palm sunday|"
    r"holy week|christmas|easter|thanksgiving|ramadan|hanukkah|"
    r"passover|yom kippur|rosh hashanah",
    re.IGNORECASE,
)
_YEAR = re.compile(r"^(?:1[0-9]{3}|2[0-9]{3})(?:s|'s)?$|^'?\d0'?s$")  # 1998, 1990s, '90s
# A clock time: "10:35", "6pm", or the "a.m." / "p.m." token after a number.
_CLOCK = re.compile(r"^(?:\d{1,2}:\d\d|\d{1,2}(?::\d\d)?[ap]\.?m\.?|[ap]\.?m\.?)$")
# Words that open a time expression in OntoNotes but not in TimeML.
_LEADING = _set(
    "about only just barely both in on at for since during by until till of from to with within than"
)
_KEEP_AFTER_AT = frozenset({"least", "most"})  # "at least 30 days" is one TIMEX
_PERIOD_HEADS = frozenset({"period", "quarter", "quarters", "half", "term", "session", "season"})
_DANGLING = frozenset({"and", "or", "of", "to", "through", "but", "nor"})


def _words(span: Iterable[Token]) -> list[str]:
    return [w for t in span for w in re.split(r"-", t.lower_) if w]


def _is_temporal(span: Span) -> bool:
    """Has a time word, a year, a decade or a clock time: what every TIMEX has and an age or a count lacks."""
    for word in _words(span):
        if word in _MONTHS or word in _WEEKDAYS or word in _DAYPARTS or word in _UNITS or word in _DEICTIC:
            return True
        if _YEAR.match(word) or word in _DECADE_WORDS:
            return True
    if any(_CLOCK.match(t.lower_) or _GLUED_DAY.match(t.text) for t in span):
        return True
    # "nineteen ninety-six": a spelled-out year
    return len(span) > 1 and span[0].lower_ in _SPELLED_CENTURY and span[1].like_num


# Nouns whose number names a document or a body, not a year: "resolution 1718", "Committee 1267",
# "resolutions 2270 and 2321", "Article 51".
_IDENTIFIED = _set(
    "resolution resolutions committee article articles paragraph paragraphs section sections chapter"
)


def _is_identifier(span: Span) -> bool:
    """Numbers naming a document or a body ("resolution 1718 (2006)" has one year, 2006, not two)."""
    doc = span.doc
    toks = list(span)
    if toks and toks[0].lower_ in _IDENTIFIED:
        toks = toks[1:]
    if not toks or not all(t.like_num or t.lower_ in ("and", "or", ",") for t in toks):
        return False
    if span[0].lower_ in _IDENTIFIED:
        return True
    i = span.start - 1
    while i >= 0 and (doc[i].like_num or doc[i].lower_ in ("and", "or", ",")):
        i -= 1
    return i >= 0 and doc[i].lower_ in _IDENTIFIED


def _is_age(span: Span) -> bool:
    """ "6-year-old", "52 years old", "a six-month-old": an age is a property, not a time."""
    return span[-1].lower_ in ("old", "olds") or span.text.lower().endswith(("-old", "-olds"))


def _is_frequency_modifier(span: Span) -> bool:
    """ "quarterly dividend", "annual meeting": an adjective modifying a noun, not a recurring time."""
    return (
        len(span) == 1
        and span[0].lower_ in _FREQUENCY_ADJECTIVES
        and span[0].dep_ == "amod"
        and span[0].head.pos_ in ("NOUN", "PROPN")
        and span[0].head.lower_ not in _UNITS
    )


def _is_point(span: Span) -> bool:
    """A conjunct that is a whole date by itself: a weekday, a month, a year, or a deictic day."""
    words = _words(span)
    return any(
        w in _MONTHS or w in _WEEKDAYS or _YEAR.match(w) or w in ("today", "yesterday", "tomorrow")
        for w in words
    )


# ----------------------------------------------------------------------------------------------------------
# Splitting, trimming.


def _split(ent: Span) -> list[Span]:
    doc, label = ent.doc, ent.label_
    # A participle inside with a time on each side ("the quarter ended Sept. 30", "the year ending June
    # 30, 1990"): two expressions. "this coming Sunday" has no time before its participle: one.
    for tok in ent[1:-1]:
        if tok.tag_ in ("VBN", "VBG", "VBD") and tok.pos_ == "VERB":
            left = Span(doc, ent.start, tok.i, label=label)
            right = Span(doc, tok.i + 1, ent.end, label=label)
            if _is_temporal(left) and _is_temporal(right):
                return [*_split(left), *_split(right)]
    # A coordination of whole dates: "Monday and Tuesday", "1994, 1995 and 1997"; not a range.
    first = ent[0].lower_
    conj = [t for t in ent if t.pos_ == "CCONJ" and t.lower_ in ("and", "or")]
    if conj and first not in ("between", "from") and ent.start > 0 and doc[ent.start - 1].lower_ != "between":
        cuts = [t.i for t in ent if t.pos_ == "CCONJ" or (t.text == "," and t.i + 1 < ent.end)]
        parts: list[Span] = []
        start = ent.start
        for cut in [*cuts, ent.end]:
            if cut > start:
                parts.append(Span(doc, start, cut, label=label))
            start = cut + 1
        if len(parts) > 1 and all(_is_point(p) for p in parts):
            return parts
    return [ent]


def _modifies_next_noun(span: Span) -> bool:
    """ "the Aug. 7, 1998 bombing": the date modifies a noun after it, whose determiner leads the phrase.
    A possessive has its own determiner: "the latest quarter's results"."""
    root = span.root
    return root.dep_ in ("compound", "nmod", "amod", "nummod") and root.head.i >= span.end


def _calendar_start(tok: Token, span: Span) -> bool:
    """A calendar date starts here (a month name or a year) and no period noun heads the expression ("the
    1988 period" keeps its article). Measured on TimeBank/AQUAINT: an article before such a date is never
    inside the TIMEX (37 times before one, never inside)."""
    starts = tok.lower_ in _MONTHS or bool(re.fullmatch(r"\d{4}", tok.text))
    return starts and not any(t.lower_ in _PERIOD_HEADS for t in span)


def _trim(span: Span) -> Span | None:
    doc = span.doc
    start, end = span.start, span.end
    modifier = _modifies_next_noun(span)
    while start < end:
        tok = doc[start]
        nxt = doc[start + 1] if start + 1 < end else None
        if tok.is_punct or tok.is_space or tok.tag_ == "PRP$":  # "its fourth quarter"
            start += 1
        elif tok.dep_ in ("det", "predet") and (tok.head.i >= end or modifier):
            start += 1  # "the Aug. 7 bombings": the determiner of the noun the date modifies
        elif tok.lower_ in ("the", "a", "an") and nxt is not None and _calendar_start(nxt, span):
            start += 1  # "the Dec. 21, 1988 crash", "an Aug. 10, 1988 letter": never the date's own
        elif tok.like_num and nxt is not None and nxt.lower_ in ("a", "an"):
            start += 1  # "up from seven a year ago": the number counts something else
        elif tok.lower_ == "at" and nxt is not None and nxt.lower_ in _KEEP_AFTER_AT:
            break
        elif tok.lower_ in _LEADING and tok.pos_ in ("ADP", "ADV", "CCONJ", "SCONJ", "DET"):
            if tok.lower_ in ("between", "from") or (
                tok.lower_ == "about" and nxt is not None and nxt.lower_ in _DEICTIC
            ):
                break
            start += 1
        else:
            break
    while end > start:
        tok = doc[end - 1]
        if tok.is_punct or tok.is_space or tok.tag_ == "POS" or tok.lower_ in _DANGLING:
            end -= 1
        elif tok.lower_ == "later" and end - 1 > start and doc[end - 2].lower_ in _UNITS:
            end -= 1  # "three days later": the duration; "later" relates it to a narrated event
        else:
            break
    if start >= end:
        return None
    return Span(doc, start, end, label=span.label_)


# ----------------------------------------------------------------------------------------------------------
# Joining, extending, adding.


def _free(doc: Doc, start: int, end: int, taken: set[int]) -> bool:
    return 0 <= start <= end <= len(doc) and not any(i in taken for i in range(start, end))


def _is_time_of_day(span: Span) -> bool:
    return any(w in _DAYPARTS or _CLOCK.match(w) for w in _words(span))


def _join(spans: list[Span]) -> list[Span]:
    """A day and its time of day next to each other are one expression ("Friday" + "morning", "9 a.m."
    + "Tuesday", "5 p.m. EST" + ", Nov. 6"), and so are two dates with nothing between ("Friday Oct. 13")."""
    out: list[Span] = []
    for span in spans:
        prev = out[-1] if out else None
        if prev is not None and prev.label_ in TIME_LABELS and span.label_ in TIME_LABELS:
            gap = span.doc[prev.end : span.start]
            day_and_time = (_is_time_of_day(prev) and _is_point(span)) or (
                _is_point(prev) and _is_time_of_day(span)
            )
            two_dates = _is_point(prev) and _is_point(span)
            if (len(gap) == 0 and (day_and_time or two_dates)) or (
                len(gap) == 1 and gap[0].text == "," and day_and_time
            ):
                label = "DATE" if "DATE" in (prev.label_, span.label_) else "TIME"
                out[-1] = Span(span.doc, prev.start, span.end, label=label)
                continue
        out.append(span)
    return out


def _extend(span: Span, taken: set[int]) -> Span:
    """ "Friday" + "night" → "Friday night"; "1988" + "period" → "the 1988 period"; "each" + "Thursday" →
    "each Thursday" (a set); "year" + its determiner → "this year" ("this year's election")."""
    doc = span.doc
    start, end = span.start, span.end
    if start > 0 and doc[start - 1].lower_ in ("every", "each") and _free(doc, start - 1, start, taken):
        start -= 1
    elif (
        start > 0
        and doc[start - 1].lower_ in _DEICTIC_DETERMINERS
        and (doc[start].lower_ in _WEEKDAYS or _HOLIDAY.match(doc[start].text))
        and _free(doc, start - 1, start, taken)
    ):
        start -= 1  # "this Thanksgiving", "last Friday": the determiner says which one
    if end < len(doc) and doc[end].lower_ in _DAYPARTS and _free(doc, end, end + 1, taken):
        end += 1
    det = doc[start - 1] if start > 0 else None
    if (
        det is not None
        and det.lower_ in ("the", "this", "that")
        and det.dep_ == "det"
        and det.head == span.root
        and span.root.lower_ in _UNITS
        and _free(doc, start - 1, start, taken)
    ):
        start -= 1  # "this year's election": the NER leaves out the time noun's own determiner
    head = span.root.head
    if (
        head.i == end
        and head.lower_ in _PERIOD_HEADS
        and span.root.dep_ in ("compound", "nummod", "amod", "nmod")
    ):
        left = min(head.left_edge.i, start)
        if _free(doc, left, start, taken) and _free(doc, end, end + 1, taken):
            start, end = left, end + 1
            while doc[start].tag_ == "PRP$" or doc[start].is_punct:
                start += 1
    if (start, end) == (span.start, span.end):
        return span
    return Span(doc, start, end, label=span.label_)


_DEICTIC_ADVERBS = frozenset({"now", "currently", "recently"})
# Frequency words TimeML annotates as a SET wherever they stand ("gather daily", "a daily rally", "his weekly
# radio address", "average hourly earnings"; TimeML 1.2.1 guidelines: TIMEX3 type SET): TimeBank and
# AQUAINT annotate 11 of 17 "daily" and every "weekly" and "hourly". Not "annual"/"quarterly", which they
# never annotate before a noun (see _FREQUENCY_ADJECTIVES).
_FREQUENCY_WORDS = frozenset({"daily", "weekly", "biweekly", "monthly", "nightly", "hourly"})
_DEICTIC_DETERMINERS = frozenset({"this", "last", "next", "that"})
# "every day", "each Thursday", "every other week": sets (TimeBank annotates all 9 such phrases it has).
_SET_HEADS = (
    _set("day week weekend month quarter year hour morning afternoon evening night") | _WEEKDAYS | _MONTHS
)
_TERMS = frozenset({"near", "short", "long"})
_DAYS = frozenset({"today", "tonight", "tomorrow", "yesterday"})


def _deictic_at(doc: Doc, i: int) -> int:
    """The end of an expression TimeML annotates that starts at token i, or i when there is none."""
    tok = doc[i]
    nxt = doc[i + 1] if i + 1 < len(doc) else None
    third = doc[i + 2] if i + 2 < len(doc) else None
    if tok.lower_ in ("right", "more") and nxt is not None and nxt.lower_ in ("now", "recently"):
        return i + 2 if nxt.pos_ == "ADV" else i  # "right now", "more recently"
    if tok.lower_ in _DEICTIC_ADVERBS and tok.pos_ == "ADV":
        return i + 1
    if tok.lower_ in _FREQUENCY_WORDS:
        return i + 1
    if tok.lower_ == "current" and tok.dep_ == "amod" and not (i > 0 and doc[i - 1].lower_ == "then"):
        return i + 1
    if tok.lower_ in ("every", "each") and nxt is not None:
        if nxt.lower_ == "other" and third is not None and third.lower_ in _SET_HEADS:
            return i + 3
        if nxt.lower_ in _SET_HEADS:
            return i + 2
    if tok.lower_ in _DAYS or (
        tok.lower_ in _WEEKDAYS and len(tok) > 4 and tok.is_title and tok.pos_ == "PROPN"
    ):
        return i + 1
    if tok.lower_ == "the" and nxt is not None:
        if nxt.lower_ in ("future", "past") and nxt.pos_ == "NOUN":
            following = third.lower_ if third is not None else ""
            if not (third is not None and (third.like_num or following in _UNITS or third.pos_ == "NOUN")):
                return i + 2  # "in the future", "the past"; not "the past two years" (the NER's)
        if nxt.lower_ == "latest" and third is not None and third.lower_ == "period":
            return i + 3  # "the latest period": a report's period (TimeBank annotates all 5)
        if third is not None and third.pos_ == "NOUN":
            if nxt.lower_ == "near" and third.lower_ == "future":
                return i + 3  # "the near future"
            if nxt.lower_ in _TERMS and third.lower_ == "term":
                return i + 3  # "the near term", "the long term"
    return i


def _added(doc: Doc, taken: set[int]) -> list[Span]:
    """Time expressions the NER missed, on tokens no entity holds."""
    found: list[Span] = []
    i = 0
    while i < len(doc):
        end = _deictic_at(doc, i)
        if end > i and _free(doc, i, end, taken):
            found.append(Span(doc, i, end, label="DATE"))
            taken.update(range(i, end))
            i = end
        else:
            i += 1
    return found


# ----------------------------------------------------------------------------------------------------------
# The component.


def _adjusted(ent: Span) -> list[Span]:
    out: list[Span] = []
    for part in _split(ent):
        trimmed = _trim(part)
        if trimmed is None or not _is_temporal(trimmed):
            continue
        if _is_age(trimmed) or _is_frequency_modifier(trimmed) or _is_identifier(trimmed):
            continue
        out.append(trimmed)
    return out


def _holiday(ent: Span) -> bool:
    return ent.label_ == "EVENT" and not ent.ent_id_ and bool(_HOLIDAY.fullmatch(ent.text))


def adjusted_ents(ents: Sequence[Span]) -> list[Span]:
    """The entities with time expressions adjusted (see the module doc); others returned as they are."""
    out: list[Span] = []
    for ent in ents:
        if _holiday(ent):
            out.append(Span(ent.doc, ent.start, ent.end, label="DATE"))
        elif ent.label_ in TIME_LABELS and not ent.ent_id_:
            out.extend(_adjusted(ent))
        else:
            out.append(ent)
    return _join(out)


_DAY = re.compile(r"^(?:0?[1-9]|[12][0-9]|3[01])$")
_DASH = frozenset({"-", "–", "—"})
# "Dec.14th", "Sept.5": a month abbreviation glued to its day
_GLUED_DAY = re.compile(
    r"^(?:jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.(?:0?[1-9]|[12][0-9]|3[01])(?:st|nd|rd|th)?$",
    re.IGNORECASE,
)


def _day_range(doc: Doc, i: int) -> int:
    """The end of a range of days of one month starting at token i ("5-6 April 2016", "11-13 Dec.",
    "October 25-26, 2016"), or i when there is none."""
    n = len(doc)
    if (
        i + 3 < n
        and _DAY.match(doc[i].text)
        and doc[i + 1].text in _DASH
        and _DAY.match(doc[i + 2].text)
        and doc[i + 3].lower_ in _MONTHS
    ):
        end = i + 4
        if end < n and _YEAR.match(doc[end].text):
            end += 1
        return end
    if (
        i + 3 < n
        and doc[i].lower_ in _MONTHS
        and doc[i].is_title
        and _DAY.match(doc[i + 1].text)
        and doc[i + 2].text in _DASH
        and _DAY.match(doc[i + 3].text)
    ):
        end = i + 4
        if end + 1 < n and doc[end].text == "," and _YEAR.match(doc[end + 1].text):
            end += 2
        elif end < n and _YEAR.match(doc[end].text):
            end += 1
        return end
    return i


def _calendar_dates(doc: Doc, ents: list[Span]) -> list[Span]:
    """Calendar dates the NER missed or cut: ranges of days ("5-6 April 2016", where it had "5" and "April
    2016"; "11-13 Dec."), a month glued to its day ("Dec.14th"), and a month and day it called an event
    ("the September 17 … airstrike investigation"). A range takes the DATE and number entities it
    overlaps; nothing else is touched."""
    out = list(ents)
    held = {i: e for e in out for i in range(e.start, e.end)}
    i = 0
    while i < len(doc):
        end = _day_range(doc, i)
        if end == i and _GLUED_DAY.match(doc[i].text) and i not in held:
            end = i + 1
        if end > i:
            over = {id(held[k]): held[k] for k in range(i, end) if k in held}
            if all(e.label_ in ("DATE", "CARDINAL") and not e.ent_id_ for e in over.values()):
                lo = min([i, *(e.start for e in over.values())])
                hi = max([end, *(e.end for e in over.values())])
                out = [e for e in out if id(e) not in over]
                out.append(Span(doc, lo, hi, label="DATE"))
                held.update({k: out[-1] for k in range(lo, hi)})
                i = hi
                continue
        i += 1
    for n, e in enumerate(out):
        words = [t for t in e if t.lower_ != "the"]
        if (
            e.label_ == "EVENT"
            and not e.ent_id_
            and len(words) == 2
            and words[0].lower_ in _MONTHS
            and _DAY.match(words[1].text)
        ):
            out[n] = Span(doc, words[0].i, words[1].i + 1, label="DATE")  # "the September 17 attack"
    return sorted(out, key=lambda e: e.start)


@Language.component("armswatch_timex")
def adjust_times(doc: Doc) -> Doc:
    """TimeML extents for the DATE/TIME entities of `doc` (see the module doc)."""
    ents = adjusted_ents(_calendar_dates(doc, list(doc.ents)))
    taken = {i for e in ents for i in range(e.start, e.end)}
    extended: list[Span] = []
    for ent in ents:
        if ent.label_ in TIME_LABELS and not ent.ent_id_:
            own = set(range(ent.start, ent.end))
            grown = _extend(ent, taken - own)
            taken |= set(range(grown.start, grown.end))
            extended.append(grown)
        else:
            extended.append(ent)
    extended.extend(_added(doc, taken))
    doc.ents = sorted(extended, key=lambda s: s.start)
    return doc
