"""Entity mentions with canonical ids: states, organs, people, weapons, places, quantities, dates.

The EntityRuler tags knowledge aliases with ids like "state:PRK" or "weapon:kn-23"; this module turns
those, the statistical NER's labels and a few noun-phrase shapes ("Russian forces", "South Korea's spy
agency", "North Korean-made ballistic missiles") into `Mention` records, and answers the extractor's
questions about an argument: which actor is it, which weapons does it name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process
from spacy.tokens import Doc, Span, Token

from armswatch.knowledge import Knowledge
from armswatch.records import Document, Mention, span_of

# Nouns that denote a state's people or organs when a demonym or state name modifies them
# ("Russian forces", "American diplomats", "North Korean leader").
AGENT_NOUNS = frozenset(
    [
        "force",
        "forces",
        "troops",
        "troop",
        "military",
        "army",
        "navy",
        "armed",
        "soldier",
        "soldiers",
        "officer",
        "officers",
        "official",
        "officials",
        "diplomat",
        "diplomats",
        "government",
        "authorities",
        "authority",
        "regime",
        "leader",
        "leadership",
        "president",
        "minister",
        "ministry",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "envoy",
        "ambassador",
        "delegation",
        "side",
        "unit",
        "units",
        "commander",
        "commanders",
        "pilot",
        "pilots",
        "crew",
        "crews",
        "drone",
        "operators",
        "operator",
        "navy",
        "state",
        "media",
        "agency",
        "intelligence",
        "services",
        "service",
        "military-intelligence",
        "investigators",
        "prosecutors",
        "court",
        "lawmakers",
        "parliament",
        "embassy",
    ]
)

# Titles that say the person leads the state ("North Korean leader Kim Jong Un").
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
ACTOR_KINDS = frozenset({"state", "organ", "person", "capital"})
NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "dozen": 12,
    "dozens": 24,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
    "hundreds": 200,
    "thousand": 1_000,
    "thousands": 2_000,
    "million": 1_000_000,
    "millions": 2_000_000,
    "billion": 1_000_000_000,
}
SCALE_WORDS = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
APPROX_WORDS = frozenset({"about", "around", "approximately", "roughly", "some", "nearly", "almost", "up"})
LOWER_BOUND_WORDS = frozenset({"more", "over", "least", "exceeding", "than"})
UNIT_WORDS = {
    "kilometers": "km",
    "kilometres": "km",
    "km": "km",
    "kilometer": "km",
    "kilometre": "km",
    "miles": "mi",
    "mile": "mi",
    "meters": "m",
    "metres": "m",
}
# Nouns that hold weapons in an of-phrase: "a shipment of shells", "batches of drones".
CONTAINER_NOUNS = frozenset(
    [
        "shipment",
        "shipments",
        "batch",
        "batches",
        "consignment",
        "consignments",
        "number",
        "numbers",
        "lot",
        "lots",
        "supply",
        "supplies",
        "cargo",
        "stockpile",
        "stockpiles",
        "quantity",
        "quantities",
        "amount",
        "amounts",
        "kind",
        "kinds",
        "type",
        "types",
        "range",
    ]
)
DEFINITE = frozenset({"the", "these", "those", "this", "that", "such"})
# A proper noun after these prepositions is a place whatever the NER called it ("near Hoptivka").
SPATIAL_PREPS = frozenset({"near", "outside", "around", "towards", "toward", "nearby", "across", "beyond"})
# After these, an unlabelled proper noun (or one the NER took for a person or a work) is a place; an ORG
# is one only when a place stands in apposition to it.
LOCATIVE_PREPS = frozenset({"in", "at", "into", "over", "through", "on"})
# Nouns whose of-phrase is a place: "in the vicinity of Nevelske", "in the direction of Makiivka".
AREA_NOUNS = frozenset(
    {"vicinity", "direction", "area", "outskirts", "suburbs", "suburb", "environs", "outskirt", "district"}
)
# A name modifying these is a place: "Kharkiv city", "the Chasiv Yar community", "Horlivka direction".
# The mention is the name alone, except for first-level words the resolver understands.
PLACE_NOUNS = frozenset(
    {
        "city",
        "town",
        "village",
        "settlement",
        "community",
        "hromada",
        "raion",
        "rayon",
        "district",
        "municipality",
        "direction",
        "sector",
        "region",
        "oblast",
        "province",
    }
)
ADMIN1_NOUNS = frozenset({"region", "oblast", "province"})
# NER labels a place name may wrongly get; anything with a knowledge id is left alone.
GUESSABLE_LABELS = frozenset({"", "GPE", "LOC", "FAC", "ORG", "PERSON", "WORK_OF_ART", "PRODUCT", "NORP"})
NUM_RE = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$")


@dataclass(slots=True)
class Actor:
    """What an argument phrase refers to, for role filling."""

    mention: Mention
    state: str | None  # ISO3 of the state it belongs to


@dataclass(slots=True)
class MentionIndex:
    """Mentions of one parsed document, looked up by token."""

    doc: Doc
    document: Document
    kb: Knowledge
    mentions: list[Mention] = field(default_factory=list)
    by_token: dict[int, tuple[Span, Mention]] = field(default_factory=dict)
    dropped: int = 0

    # --- building -------------------------------------------------------------------------------------
    def build(self) -> MentionIndex:
        for whole in self.doc.ents:
            if _inside_longer_name(whole):
                continue
            for ent in _split_listed_places(whole):
                self._add_ent(ent)
        self.attach_ranges()
        self.guess_places()
        return self

    def _add_ent(self, ent: Span) -> None:
        mention = self._mention_for_ent(ent)
        if mention is None:
            return
        self.mentions.append(mention)
        for tok in ent:
            self.by_token[tok.i] = (ent, mention)

    # --- places the NER missed ------------------------------------------------------------------------
    def guess_places(self) -> None:
        """Proper nouns that the syntax says are places, whatever the NER made of them: the object of
        "near"/"outside", of "in the vicinity of"; a name before "city", "raion", "community"; an
        unlabelled name after "in"/"at"; and anything in apposition or coordination with a place
        ("near Hoptivka, Kharkiv"; "Nyzhnye Lozove, Veselohorivka and Kalynove")."""
        for tok in self.doc:
            if self._place_position(tok):
                self.as_place(tok)

    def _place_position(self, tok: Token) -> bool:
        if tok.dep_ == "pobj":
            prep = tok.head.lower_
            if prep in SPATIAL_PREPS:
                return True
            if prep == "of" and tok.head.head.lemma_.lower() in AREA_NOUNS:
                return True
            if prep in LOCATIVE_PREPS:
                ent = self.ent_at(tok)
                return ent is None or ent.label_ != "ORG"
            return False
        if tok.dep_ in ("compound", "nmod") and tok.head.lemma_.lower() in PLACE_NOUNS:
            return not any(c.dep_ == "case" for c in tok.children)
        return False

    def as_place(self, tok: Token) -> Mention | None:
        """The place named by the proper noun at `tok`, made into a PLACE mention if it is not one yet (an
        ORG/PERSON guess of the NER is replaced); its appositions and conjuncts that are names too."""
        m = self.at(tok)
        if m is not None and m.type == "PLACE":
            self._spread_place(tok)
            return m
        run = self._name_run(tok)
        if run is None:
            return None
        lo, hi = run
        for t in self.doc[lo:hi]:
            old = self.by_token.get(t.i)
            if old is None:
                continue
            ent = old[0]
            if ent.ent_id_ or ent.label_ not in GUESSABLE_LABELS:
                return None  # a known state, organ, person or weapon is no unknown place
        for t in self.doc[lo:hi]:
            old = self.by_token.get(t.i)
            if old is not None:
                for u in old[0]:
                    self.by_token.pop(u.i, None)
                if old[1] in self.mentions:
                    self.mentions.remove(old[1])
        head = self.doc[hi - 1]
        if head.i + 1 < len(self.doc) and self.doc[head.i + 1].lower_ in ADMIN1_NOUNS:
            hi += 1  # "Sumy region": the resolver reads the admin word
        ent = Span(self.doc, lo, hi, label="GPE")
        sp = span_of(self.document.text, ent.start_char, ent.end_char, ent.text)
        place = Mention(sp, "PLACE", None, ent.text)
        self.mentions.append(place)
        self.mentions.sort(key=lambda x: x.span.start)
        for t in ent:
            self.by_token[t.i] = (ent, place)
        self._spread_place(tok)
        return place

    def _spread_place(self, tok: Token) -> None:
        for other in tok.children:
            if other.dep_ in ("appos", "conj") and self._unknown_name(other):
                self.as_place(other)
        if tok.dep_ == "appos" and self._unknown_name(tok.head):
            self.as_place(tok.head)

    def _unknown_name(self, tok: Token) -> bool:
        """A proper noun with no mention, or with only an NER guess and no knowledge id."""
        if tok.pos_ != "PROPN":
            return False
        got = self.by_token.get(tok.i)
        if got is None:
            return True
        ent, m = got
        return m.type != "PLACE" and not ent.ent_id_ and ent.label_ in GUESSABLE_LABELS

    def _name_run(self, head: Token) -> tuple[int, int] | None:
        """Token range [lo, hi) of the capitalised name headed by `head`: its capitalised compound
        modifiers and hyphenated parts ("Krasne Pershe", "Orikhovo-Vasylivka", "Mali Scherbaky")."""
        if not _titled(head) or head.pos_ not in ("PROPN", "NOUN", "ADJ") or head.lower_ in AGENT_NOUNS:
            return None  # "Military Forces of Ukraine" is no place
        doc = self.doc
        lo, hi = head.i, head.i + 1
        while lo > 0:
            prev = doc[lo - 1]
            if _hyphen(prev) and lo >= 2 and _titled(doc[lo - 2]):
                lo -= 2
                continue
            if _titled(prev) and prev.dep_ in ("compound", "amod", "nmod") and lo <= prev.head.i <= head.i:
                lo -= 1
                continue
            break
        while hi + 1 < len(doc) and _hyphen(doc[hi]) and _titled(doc[hi + 1]):
            hi += 2
        if any(t.ent_type_ in ("DATE", "TIME", "CARDINAL", "ORDINAL") for t in doc[lo:hi]):
            return None
        return lo, hi

    def _record_span(self, ent: Span) -> tuple[int, int, str] | None:
        start, end = ent.start_char, ent.end_char
        if self.document.text[start:end] != ent.text:
            self.dropped += 1
            return None
        return start, end, ent.text

    def _mention_for_ent(self, ent: Span) -> Mention | None:
        where = self._record_span(ent)
        if where is None:
            return None
        sp = span_of(self.document.text, where[0], where[1], where[2])
        kind, _, ident = ent.ent_id_.partition(":")
        label = ent.label_
        if kind == "state":
            st = self.kb.states.get(ident)
            if label == "NORP":
                return Mention(sp, "NORP", ident, st.name if st else ident)
            return Mention(sp, "COUNTRY", ident, st.name if st else ident)
        if kind == "capital":
            # The city until a role makes it the state ("Moscow said" → RUS; "struck Kyiv" → Kyiv).
            return Mention(sp, "PLACE", None, ent.text, attrs={"metonym_of": ident})
        if kind == "organ":
            org = self.kb.organs.get(ident)
            return Mention(sp, "ORG", ident, org.name if org else ent.text, attrs=_state_attr(org))
        if kind == "person":
            per = self.kb.people.get(ident)
            return Mention(sp, "PERSON", ident, per.name if per else ent.text, attrs=_state_attr(per))
        if kind == "weapon":
            w = self.kb.weapons.get(ident)
            attrs: dict[str, object] = {}
            if w is not None:
                attrs = {"class": w.weapon_class, "origin": w.origin}
                if w.range_km is not None:
                    attrs["range_km"] = w.range_km
            return Mention(sp, "WEAPON", ident, w.name if w else ent.text, attrs=attrs)
        if kind == "class":
            c = self.kb.weapon_classes.get(ident)
            return Mention(sp, "WEAPON", f"class:{ident}", c.name if c else ent.text, attrs={"class": ident})
        if kind == "admin" or label in PLACE_LABELS:
            guess = self._fuzzy_actor(ent.text)
            if guess is not None:
                return guess_mention(sp, guess, self.kb)
            return Mention(sp, "PLACE", None, ent.text)
        if label in ("CARDINAL", "QUANTITY", "MONEY", "PERCENT"):
            value, unit = parse_quantity(ent)
            return Mention(sp, "QUANTITY", None, None, value=value, unit=unit)
        if label in ("DATE", "TIME"):
            return Mention(sp, "DATE", None, None)
        if label == "NORP":
            return Mention(sp, "NORP", None, ent.text)
        if label in ("ORG", "PERSON"):
            guess = self._fuzzy_actor(ent.text)
            if guess is not None:
                return guess_mention(sp, guess, self.kb)
            return Mention(sp, label, None, ent.text)
        if label == "PRODUCT":
            return Mention(sp, "PRODUCT", None, ent.text)
        return None

    def _fuzzy_actor(self, text: str) -> tuple[str, str] | None:
        """A misspelt state name or capital ("Mosow") → (kind, id); exact aliases first."""
        refs = self.kb.lookup(text)
        for ref in refs:
            if ref.kind in ("state", "capital"):
                return ref.kind, ref.id
        if len(text) < 5 or " " in text:
            return None
        choices = _actor_names(self.kb)
        if text in _FUZZY_HITS:
            return _FUZZY_HITS[text]
        hit = process.extractOne(text, _ACTOR_CHOICES, scorer=fuzz.ratio, score_cutoff=90)
        got = None if hit is None or hit[0][:1].lower() != text[:1].lower() else choices[hit[0]]
        if len(_FUZZY_HITS) >= _FUZZY_HITS_MAX:
            _FUZZY_HITS.clear()
        _FUZZY_HITS[text] = got
        return got

    # --- questions the extractor asks ------------------------------------------------------------------
    def at(self, tok: Token) -> Mention | None:
        got = self.by_token.get(tok.i)
        return got[1] if got else None

    def ent_at(self, tok: Token) -> Span | None:
        got = self.by_token.get(tok.i)
        return got[0] if got else None

    def actor(self, head: Token, *, agentive: bool = True) -> Actor | None:
        """The actor an argument phrase headed by `head` refers to, or None. With `agentive` false (a
        target), a capital stays the city it names."""
        m = self.at(head)
        if m is not None:
            if not agentive and m.type == "PLACE":
                return Actor(m, str(m.attrs["metonym_of"])) if m.attrs.get("metonym_of") else None
            return self._actor_from_mention(m)
        if head.pos_ not in ("NOUN", "PROPN"):
            return None
        if head.lemma_.lower() not in AGENT_NOUNS and head.lower_ not in AGENT_NOUNS:
            return None
        # A noun modified by a state or organ: "Russian forces", "South Korea's spy agency",
        # "a White House spokesman". Read the modifiers off the surface phrase: parses of possessives
        # and long subjects are often wrong, the words are not.
        start, end = noun_phrase(head)
        sp = span_of(self.document.text, start, end)
        state: str | None = None
        organ_mention: Mention | None = None
        for tok in self.doc.char_span(start, head.idx, alignment_mode="expand") or ():
            cm = self.at(tok)
            if cm is None:
                continue
            if cm.type == "ORG" and cm.id and organ_mention is None:
                organ_mention = cm
            state = state or _state_of(cm)
        if organ_mention is not None:
            return Actor(
                Mention(sp, "GROUP", organ_mention.id, organ_mention.name, attrs=dict(organ_mention.attrs)),
                state,
            )
        if state is None:
            return None
        organ = self.kb.organ_by_descriptor(state, _descriptor(head))
        if organ is not None:
            return Actor(Mention(sp, "ORG", organ.id, organ.name, attrs={"state": state}), state)
        name = self.kb.states[state].name if state in self.kb.states else state
        return Actor(Mention(sp, "GROUP", state, name, attrs={"state": state}), state)

    def _actor_from_mention(self, m: Mention) -> Actor | None:
        if m.type in ("COUNTRY", "NORP") and m.id:
            # "Russian" alone as a subject is rare; a demonym heading a phrase ("the Russians") is the state.
            return Actor(m, m.id)
        if m.type == "PLACE" and m.attrs.get("metonym_of"):
            state = str(m.attrs["metonym_of"])
            st = self.kb.states.get(state)
            meto = Mention(m.span, "COUNTRY", state, st.name if st else state, attrs={"metonym": m.span.text})
            return Actor(meto, state)
        if m.type in ("ORG", "PERSON", "GROUP"):
            return Actor(m, _state_of(m))
        return None

    def weapons_in(self, head: Token) -> list[Mention]:
        """Weapon mentions an item/weapon argument names: its head and conjuncts ("launchers and missiles")."""
        return [m for m, _ in self.weapons_with_quantities(head)]

    def weapons_with_quantities(self, head: Token) -> list[tuple[Mention, Mention | None]]:
        out: list[tuple[Mention, Mention | None]] = []
        for tok in conjuncts(head):
            m = self._weapon_phrase(tok)
            if m is not None:
                out.append((m, self.quantity_of(tok)))
                continue
            # "hundreds of Shahed drones", "a shipment of 152mm shells": the weapons are in the of-phrase.
            quantity = self.at(tok)
            if quantity is not None and quantity.type != "QUANTITY":
                quantity = None
            if quantity is None and tok.lemma_.lower() not in CONTAINER_NOUNS:
                continue
            for prep in tok.children:
                if prep.dep_ == "prep" and prep.lower_ == "of":
                    for obj in prep.children:
                        if obj.dep_ == "pobj":
                            for w, q in self.weapons_with_quantities(obj):
                                out.append((w, q or quantity))
        return out

    def _weapon_phrase(self, tok: Token) -> Mention | None:
        base = self.at(tok)
        if base is None or base.type != "WEAPON":
            # The head may be "equipment" in "ballistic missile production equipment": look at its modifiers.
            for child in tok.children:
                if child.dep_ in ("compound", "amod", "nmod") and child.i < tok.i:
                    cm = self.at(child)
                    if cm is not None and cm.type == "WEAPON":
                        base = cm
                        break
            else:
                if tok.pos_ not in ("NOUN", "PROPN"):
                    return None
            if base is None or base.type != "WEAPON":
                return None
        start, end = noun_phrase(tok)
        ent = self.ent_at(tok)
        if ent is not None:
            start, end = min(start, ent.start_char), max(end, ent.end_char)
        sp = span_of(self.document.text, start, end)
        attrs = dict(base.attrs)
        origin = self._origin_modifier(tok)
        if origin is not None:
            attrs["origin"] = origin
        if any(c.dep_ == "det" and c.lower_ in DEFINITE for c in tok.children):
            attrs["definite"] = True  # "the missiles": may inherit what was said of an antecedent
        ident, name = base.id, base.name
        if self.at(tok) is not base:
            # The head is not itself a weapon ("missile components", "drone parts"): related, not the class.
            ident, name = None, sp.text
            attrs["related_class"] = attrs.pop("class", None)
        return Mention(sp, "WEAPON", ident, name, attrs=attrs)

    def _origin_modifier(self, tok: Token) -> str | None:
        """The state a demonym or "X-made" modifier names: "North Korean-made missiles" → PRK."""
        for child in tok.subtree:
            if child.i >= tok.i:
                break
            m = self.at(child)
            if m is not None and m.type in ("NORP", "COUNTRY") and m.id:
                return m.id
            if m is not None and m.type == "PLACE" and m.attrs.get("metonym_of"):
                return str(m.attrs["metonym_of"])
        return None

    def attach_ranges(self) -> None:
        """ "the missiles had a range of about 900 kilometers", "KN-23s, with a range of 600 km":
        the distance goes on the weapon mention as its stated range, with its own span."""
        for tok in self.doc:
            if tok.pos_ != "NOUN" or tok.lemma_.lower() != "range":
                continue
            distance = None
            for prep in tok.children:
                if prep.dep_ == "prep" and prep.lower_ == "of":
                    for t in prep.subtree:
                        m = self.at(t)
                        if m is not None and m.type == "QUANTITY" and m.unit in ("km", "mi", "m"):
                            distance = m
                            break
            if distance is None or distance.value is None:
                continue
            owner: Token | None = None
            if tok.dep_ in ("dobj", "attr") and tok.head.lemma_.lower() == "have":
                owner = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
            elif tok.dep_ == "pobj" and tok.head.dep_ == "prep":
                owner = tok.head.head
            weapon = self.at(owner) if owner is not None else None
            if weapon is None or weapon.type != "WEAPON":
                continue
            value_km = distance.value * 1.609344 if distance.unit == "mi" else distance.value
            weapon.attrs["range"] = {
                **distance.span.to_json(),
                "value": distance.value,
                "unit": distance.unit,
                "km": round(value_km, 1),
            }

    def quantity_of(self, tok: Token) -> Mention | None:
        """The number modifying a noun: "more than a million artillery shells" → 1,000,000."""
        for child in tok.children:
            if child.dep_ != "nummod" and not (child.dep_ == "quantmod" or child.like_num):
                continue
            if child.i > tok.i:
                continue
            m = self.at(child)
            if m is not None and m.type == "QUANTITY" and m.value is not None:
                return m
            if child.like_num:
                ent = self.doc[child.i : child.i + 1]
                value, unit = parse_quantity(ent)
                if value is not None:
                    sp = span_of(self.document.text, child.idx, child.idx + len(child.text))
                    return Mention(sp, "QUANTITY", None, None, value=value, unit=unit)
        return None


def _titled(tok: Token) -> bool:
    """A capitalised word that is no acronym ("Hoptivka", not "DPR" or "the")."""
    text = tok.text
    return text[:1].isupper() and text[1:2].islower() and text.replace("'", "").replace("’", "").isalpha()


def _hyphen(tok: Token) -> bool:
    """A hyphen inside a word: "Orikhovo-Vasylivka" (no space either side)."""
    return tok.text in ("-", "–") and not tok.whitespace_ and tok.i > 0 and not tok.doc[tok.i - 1].whitespace_


def _split_listed_places(ent: Span) -> list[Span]:
    """ "Rubizhne, Kharkiv" taken as one place by the NER: two places, the second holding the first."""
    if ent.label_ not in PLACE_LABELS or ent.ent_id_ or not any(t.text == "," for t in ent):
        return [ent]
    parts: list[Span] = []
    start = ent.start
    for t in ent:
        if t.text == ",":
            parts.append(Span(ent.doc, start, t.i, label=ent.label_))
            start = t.i + 1
    parts.append(Span(ent.doc, start, ent.end, label=ent.label_))
    if all(len(p) and all(_titled(x) or _hyphen(x) for x in p) for p in parts):
        return parts
    return [ent]


def _inside_longer_name(ent: Span) -> bool:
    """A state name that is only the first word of a longer unknown name: "Mali" in "Mali Scherbaky"."""
    if not ent.ent_id_.startswith("state:") or ent.label_ == "NORP":
        return False
    nxt = ent.doc[ent.end] if ent.end < len(ent.doc) else None
    return (
        nxt is not None
        and ent.root.dep_ == "compound"
        and ent.root.head.i == nxt.i
        and nxt.pos_ == "PROPN"
        and _titled(nxt)
        and not nxt.ent_type_
    )


def guess_mention(sp: object, guess: tuple[str, str], kb: Knowledge) -> Mention:
    from armswatch.records import Span as RSpan

    assert isinstance(sp, RSpan)
    kind, ident = guess
    st = kb.states.get(ident)
    name = st.name if st else ident
    if kind == "capital":
        return Mention(sp, "PLACE", None, sp.text, attrs={"metonym_of": ident})
    return Mention(sp, "COUNTRY", ident, name)


_ACTOR_NAMES: dict[str, tuple[str, str]] = {}
_ACTOR_CHOICES: list[str] = []  # the keys of _ACTOR_NAMES, listed once for rapidfuzz
# Fuzzy matching against every name costs ~0.2 ms and the same names recur across documents: each text's
# result (it depends only on the text and _ACTOR_NAMES) is kept, in a table emptied when it grows too big.
_FUZZY_HITS: dict[str, tuple[str, str] | None] = {}
_FUZZY_HITS_MAX = 100_000


def _actor_names(kb: Knowledge) -> dict[str, tuple[str, str]]:
    if not _ACTOR_NAMES:
        for st in kb.states.values():
            for name in (st.name, *st.aliases):
                if len(name) >= 5:
                    _ACTOR_NAMES[name] = ("state", st.id)
            for meto in st.metonyms:
                if len(meto) >= 5:
                    _ACTOR_NAMES[meto] = ("capital", st.id)
        _ACTOR_CHOICES[:] = list(_ACTOR_NAMES)
        _FUZZY_HITS.clear()
    return _ACTOR_NAMES


def _state_attr(entry: object) -> dict[str, object]:
    state = getattr(entry, "state", None)
    return {"state": state} if state else {}


def _state_of(m: Mention) -> str | None:
    if m.type in ("COUNTRY", "NORP"):
        return m.id
    if m.type == "PLACE" and m.attrs.get("metonym_of"):
        return str(m.attrs["metonym_of"])
    if m.type in ("ORG", "PERSON", "GROUP"):
        st = m.attrs.get("state")
        return str(st) if st else None
    return None


def _descriptor(head: Token) -> str:
    """ "spy agency" from "South Korea's spy agency": the head noun with its noun compounds."""
    words = [c.lower_ for c in head.lefts if c.dep_ == "compound" and c.pos_ == "NOUN"]
    return " ".join([*words, head.lower_])


def conjuncts(head: Token) -> list[Token]:
    """The head and everything coordinated with it, in order ("A, B and C")."""
    out = [head]
    stack = [c for c in head.children if c.dep_ == "conj"]
    while stack:
        tok = stack.pop(0)
        out.append(tok)
        stack.extend(c for c in tok.children if c.dep_ == "conj")
    # "including A, B": the members of an inclusion list count as conjuncts too.
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ in ("including", "like", "such"):
            for obj in child.children:
                if obj.dep_ == "pobj":
                    out.extend(conjuncts(obj))
    return sorted(set(out), key=lambda t: t.i)


NP_DEPS = frozenset(
    {"amod", "compound", "nmod", "poss", "npadvmod", "advmod", "punct", "prep", "pobj", "hmod", "hyph"}
)


def noun_phrase(head: Token, *, with_quantity: bool = False) -> tuple[int, int]:
    """Character offsets of a noun phrase: the head with the modifiers right before it, walking the surface
    leftwards (no determiners, coordinations, dates or quotes; a possessor before "'s" is kept whole)."""
    doc = head.doc
    deps = NP_DEPS | {"nummod", "quantmod"} if with_quantity else NP_DEPS
    left = head.i
    while left - 1 >= head.left_edge.i:
        tok = doc[left - 1]
        if tok.dep_ not in deps or tok.ent_type_ in ("DATE", "TIME") or tok.is_quote:
            break
        if tok.dep_ == "punct" and tok.text not in "-–":
            break
        if tok.dep_ in ("prep", "pobj") and not (doc[left].text in "-–" or doc[left - 2].text in "-–"):
            break  # only inside a hyphenated compound: "surface-to-air"
        in_number = any(a.dep_ in ("nummod", "quantmod") for a in [tok, *tok.ancestors][:2])
        if (
            not with_quantity
            and in_number
            and (tok.head.i == head.i or tok.head.dep_ in ("nummod", "quantmod"))
        ):
            break
        left -= 1
    if left > 1 and doc[left - 1].tag_ == "POS":
        owner = doc[left - 2]
        ents = [e for e in doc.ents if e.start <= owner.i < e.end]
        left = ents[0].start if ents else owner.i
    while left < head.i and doc[left].text in "-–":
        left += 1
    return doc[left].idx, head.idx + len(head.text)


def parse_quantity(ent: Span) -> tuple[float | None, str | None]:
    """A number from a CARDINAL/QUANTITY entity: "more than a million" → 1e6, "900 kilometers" → (900, km)."""
    value: float | None = None
    unit: str | None = None
    pending: float | None = None
    for tok in ent:
        low = tok.lower_
        if low in UNIT_WORDS:
            unit = UNIT_WORDS[low]
            continue
        if NUM_RE.match(tok.text):
            num = float(tok.text.replace(",", ""))
            pending = num if pending is None else pending * num
            continue
        if low in SCALE_WORDS:
            pending = (pending if pending is not None else 1.0) * SCALE_WORDS[low]
            continue
        if low in NUMBER_WORDS:
            num = float(NUMBER_WORDS[low])
            if low in ("a", "an") and tok.i + 1 < ent.end and ent.doc[tok.i + 1].lower_ not in SCALE_WORDS:
                continue
            pending = num if pending is None else pending * num
            continue
    if pending is not None:
        value = pending
    if ent.label_ == "CARDINAL" and unit is None:
        unit = "count"
    return value, unit
