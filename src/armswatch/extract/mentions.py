"""Entity mentions with canonical ids: states, organs, people, weapons, places, quantities, dates.

The EntityRuler tags knowledge aliases with ids like "state:PRK" or "weapon:kn-23"; this module turns
those, the statistical NER's labels and a few noun-phrase shapes ("Russian forces", "South Korea's spy
agency", "North Korean-made ballistic missiles") into `Mention` records, and answers the extractor's
questions about an argument: which actor is it, which weapons does it name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from itertools import pairwise

from rapidfuzz import fuzz, process
from spacy.tokens import Doc, Span, Token

from armswatch.knowledge import Knowledge
from armswatch.records import Document, Mention, span_of
from armswatch.records import Span as RSpan

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
        "container",
        "containers",
        "crate",
        "crates",
        "package",
        "packages",
        "tranche",
        "tranches",
        "truckload",
        "truckloads",
        "shipload",
        "shiploads",
        "worth",
        "dozen",
        "dozens",
        "hundreds",
        "thousands",
        "millions",
        "scores",
        "round",
        "rounds",
        # partitives: "some of its T-72 tanks", "part of the stockpile", "the bulk of the shells"
        "some",
        "part",
        "most",
        "many",
        "several",
        "much",
        "half",
        "portion",
        "share",
        "rest",
        "remainder",
        "bulk",
        "majority",
    ]
)
DEFINITE = frozenset({"the", "these", "those", "this", "that", "such"})
# A proper noun after these prepositions is a place whatever the NER called it ("near Hoptivka").
DASHES = frozenset({"-", "–", "—"})
SPATIAL_PREPS = frozenset({"near", "outside", "around", "towards", "toward", "nearby", "across", "beyond"})
# After these, an unlabelled proper noun (or one the NER took for a person or a work) is a place; an ORG
# is one only when a place stands in apposition to it.
LOCATIVE_PREPS = frozenset({"in", "at", "into", "over", "through", "on"})
# Where statements are posted, not places: "wrote on Telegram", "a video on YouTube".
PLATFORMS = frozenset(
    {
        "twitter",
        "facebook",
        "telegram",
        "youtube",
        "instagram",
        "tiktok",
        "whatsapp",
        "vkontakte",
        "vk",
        "weibo",
        "wechat",
        "truth social",
        "threads",
        "bluesky",
        "signal",
        "reddit",
        "linkedin",
        "rumble",
        "substack",
    }
)
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
# "the English city of Salisbury": nouns for a settlement named after "of"
SETTLEMENT_NOUNS = frozenset({"city", "town", "village", "port", "capital", "settlement", "enclave"})
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
        entity_phrases(self)
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
                if (ent.text if ent is not None else tok.text).lower() in PLATFORMS:
                    return False
                return ent is None or ent.label_ != "ORG"
            return False
        if tok.dep_ in ("compound", "nmod") and tok.head.lemma_.lower() in PLACE_NOUNS:
            return not any(c.dep_ == "case" for c in tok.children)
        # "Near Rawah, one strike …": a capitalised preposition opening the sentence, parsed into the name
        return tok.pos_ == "PROPN" and any(
            c.i < tok.i and c.is_sent_start and c.lower_ in SPATIAL_PREPS and c.dep_ == "compound"
            for c in tok.children
        )

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
        if any(_person_title(t) for t in self.doc[max(lo - 1, 0) : hi]):
            return None  # "Minister Tobias Ellwood", "Gen. Votel": a person by the title
        for t in self.doc[lo:hi]:
            old = self.by_token.get(t.i)
            if old is None:
                continue
            ent = old[0]
            if ent.ent_id_ or ent.label_ not in GUESSABLE_LABELS:
                return None  # a known state, organ, person or weapon is no unknown place
            outside = [*self.doc[ent.start : lo], *self.doc[hi : ent.end]]
            spaced_dash = any(
                u.text in DASHES and (u.whitespace_ or self.doc[u.i - 1].whitespace_) for u in ent
            )
            if ent.label_ == "PERSON" and not spaced_dash and any(_titled(u) for u in outside):
                # "Muath al-Kasasbeh": a person's name longer than the run is no place (but "Donetsk -
                # Kalininskyi", two places the NER took for one name, are); after "in"/"near" the whole
                # name is the place ("in Badia al-Sukhnah")
                first = tok
                while first.dep_ == "conj" and first.head.i != first.i:
                    first = first.head  # "in A and B": B stands where A does
                if not (first.dep_ == "pobj" and first.head.lower_ in LOCATIVE_PREPS | SPATIAL_PREPS):
                    return None
                lo, hi = min(lo, ent.start), max(hi, ent.end)
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
        if not any(m.span.start <= sp.start and sp.end <= m.span.end for m in self.mentions):
            self.mentions.append(place)  # not when an entity phrase holds it ("the people of Kupiansk")
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
            if (
                _titled(prev)
                and prev.dep_ in ("compound", "amod", "nmod")
                and lo <= prev.head.i <= head.i
                and prev.lower_ not in SPATIAL_PREPS
            ):
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
        if kind == "community":
            # A people, faith or language: typed like a demonym but with no state id, so no actor.
            com = self.kb.communities.get(ident)
            attrs = {"community": ident, "kinds": list(com.kinds)} if com is not None else {}
            return Mention(sp, "NORP", None, com.name if com else ent.text, attrs=attrs)
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
            # "President Hollande" is a person after a title, not a misspelt "Holland"
            titled = ent.start > 0 and _person_title(ent.doc[ent.start - 1])
            guess = None if titled else self._fuzzy_actor(ent.text)
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

    # --- containers ------------------------------------------------------------------------------------
    def mark_containers(self, places: list[Mention] | None = None) -> None:
        """Where the text puts a place: `attrs["within"]` is the span of the place that contains it.

        "Lvove, Kherson", "Hrabovske, Sumy region", "MANILA, Philippines": a place or state right after a
        place and a comma, ending the phrase (no list goes on either side: "A, B and C", "A, B, C" are
        three places), is where the first lies. "A, B and C in the Luhansk region": a first-level region
        after "in (the)" holds the place before it and every place listed with it. "the English city of
        Salisbury", "the Bosnian town of Gorazde": the state of the demonym. `places` defaults to every
        place mention.
        """
        for m in self.mentions if places is None else places:
            if m.type != "PLACE" or "within" in m.attrs:
                continue
            c = self._comma_container(m) or self._demonym_container(m)
            if c is not None:
                m.attrs["within"] = c.span.to_json()
        for m in self.mentions if places is None else places:
            if m.type != "PLACE" or "within" in m.attrs:
                continue
            listed = self._list_of(m)
            c = self._region_after(listed[-1])
            if c is not None and c is not m:
                for p in listed:
                    p.attrs.setdefault("within", c.span.to_json())

    def _demonym_container(self, m: Mention) -> Mention | None:
        """The state's name or demonym in "the English city of X", "Syria's northern town of X"."""
        first = self.token_at_char(m.span.start)
        if first is None:
            return None
        i = first.i
        if i < 3 or self.doc[i - 1].lower_ != "of" or self.doc[i - 2].lower_ not in SETTLEMENT_NOUNS:
            return None
        for tok in reversed(self.doc[max(0, i - 5) : i - 2]):
            c = self.at(tok)
            if c is not None and c.type in ("NORP", "COUNTRY") and c.id and len(c.id) == 3 and c.id.isupper():
                return c
            if tok.pos_ not in ("ADJ", "PART", "PUNCT") and c is None:
                return None
        return None

    def token_at_char(self, char: int) -> Token | None:
        """The token holding character `char` of the text."""
        sp = self.doc.char_span(char, char + 1, alignment_mode="expand")
        return sp[0] if sp is not None and len(sp) else None

    def _last_token(self, m: Mention) -> Token | None:
        return self.token_at_char(m.span.end - 1)

    def _place_starting(self, tok: Token, *, country: bool = False) -> tuple[Mention, Span] | None:
        """The place mention (or with `country`, also the state's name) whose entity starts at `tok`."""
        c, ent = self.at(tok), self.ent_at(tok)
        types = ("PLACE", "COUNTRY") if country else ("PLACE",)
        if c is None or ent is None or c.type not in types or ent.start != tok.i:
            return None
        if c.type == "COUNTRY" and not c.id:
            return None
        return c, ent

    def _comma_container(self, m: Mention) -> Mention | None:
        last = self._last_token(m)
        if last is None or last.i + 2 >= len(self.doc) or self.doc[last.i + 1].text != ",":
            return None
        first = self.token_at_char(m.span.start)
        before = first.i - 1 if first is not None else -1
        if before >= 1 and self.doc[before].text == "," and self._is_place(self.doc[before - 1]):
            return None  # "Siaya, Kisumu, Bondo": an item of a list
        found = self._place_starting(self.doc[last.i + 2], country=True)
        if found is None or found[0] is m:
            return None
        c, ent = found
        words = [t for t in self.doc[ent.end : ent.end + 3] if t.text != ","]
        listed = bool(words) and (
            self._is_place(words[0])
            or (
                words[0].lower_ in ("and", "or")
                and len(words) > 1
                and (self._is_place(words[1]) or words[1].pos_ == "PROPN")
            )
        )
        return None if listed else c

    def _list_of(self, m: Mention) -> list[Mention]:
        """`m` and the places listed after it ("A, B and C"), in text order."""
        out = [m]
        while True:
            last = self._last_token(out[-1])
            if last is None:
                return out
            i = last.i + 1
            while i < len(self.doc) and self.doc[i].lower_ in (",", "and", "or"):
                i += 1
            found = self._place_starting(self.doc[i]) if last.i + 1 < i < len(self.doc) else None
            if found is None or found[0] in out:
                return out
            out.append(found[0])

    def _region_after(self, m: Mention) -> Mention | None:
        """The first-level region in "… in the Luhansk region" right after `m`, if that is what follows."""
        last = self._last_token(m)
        if last is None or last.i + 2 >= len(self.doc) or self.doc[last.i + 1].lower_ != "in":
            return None
        found = self._place_starting(self.doc[last.i + 2])
        if found is None and self.doc[last.i + 2].lower_ == "the" and last.i + 3 < len(self.doc):
            found = self._place_starting(self.doc[last.i + 3])
        if found is None or not ADMIN1_NOUNS & {t.lower_ for t in found[1]}:
            return None
        return found[0]

    def _is_place(self, tok: Token) -> bool:
        m = self.at(tok)
        return m is not None and m.type == "PLACE"

    # --- questions the extractor asks ------------------------------------------------------------------
    def at(self, tok: Token) -> Mention | None:
        got = self.by_token.get(tok.i)
        return got[1] if got else None

    def ent_at(self, tok: Token) -> Span | None:
        got = self.by_token.get(tok.i)
        return got[0] if got else None

    def ent_at_char(self, start: int) -> Span | None:
        """The indexed span whose mention starts at character `start`."""
        tok = self.token_at_char(start)
        return self.ent_at(tok) if tok is not None else None

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
            if quantity is None:
                quantity = self.quantity_of(tok)  # "1,000 containers of munitions"
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
                # "18 F-16 jets" parses the designation as a number
                if child.dep_ in ("compound", "amod", "nmod", "nummod") and child.i < tok.i:
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
        """The number modifying a noun: "more than a million artillery shells" → 1,000,000. A number inside
        a name counts nothing ("Leopard 2 tanks"); one before the name counts it ("18 F-16 jets", where the
        parser hangs the 18 on the designation)."""
        ent = self.ent_at(tok)
        name = (
            range(ent.start, ent.end)
            if ent is not None and ent.label_ == "WEAPON"
            else range(tok.i, tok.i + 1)
        )
        heads = [self.doc[i] for i in name if i == tok.i or self.doc[i].head.i in name]
        for child in (c for h in heads for c in h.children):
            if child.dep_ != "nummod" and not (child.dep_ == "quantmod" or child.like_num):
                continue
            if child.i > tok.i or child.i in name:
                continue
            m = self.at(child)
            if m is not None and m.type == "QUANTITY" and m.value is not None:
                return m
            if child.like_num:
                # "2 million" with no entity: the number word and its own modifiers
                lo = min((c.i for c in child.children if c.like_num and c.i < child.i), default=child.i)
                ent = self.doc[lo : child.i + 1]
                value, unit = parse_quantity(ent)
                if value is not None:
                    sp = span_of(self.document.text, self.doc[lo].idx, child.idx + len(child.text))
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


# --- entity phrases -------------------------------------------------------------------------------------
# `Extraction.entities` lists each entity once, as its outermost noun phrase, the way defence-domain entity
# annotation (re3d) marks it: "the Government of Iraq", "Iraqi security forces", "Foreign Secretary Philip
# Hammond", "an ISIL-held building", "a heavy machine gun", "the SDF". A name inside such a phrase ("Iraq",
# "Iraqi", "ISIL") stays in the token index, where the event extractor reads roles, origins and metonymy
# from it, but is no entity of its own. Described entities get a mention too: a group by its head noun
# ("Coalition military forces": GROUP), a person by office ("The Foreign Secretary": PERSON), a place or
# facility by its kind ("fighting positions", "the city": SITE, which no gazetteer resolves), and personal
# pronouns (PRONOUN, with the kind of referent in attrs["refers"]).

# Heads of a phrase that names an organised body or a group of people.
GROUP_NOUNS = frozenset(
    {
        "force", "forces", "troops", "army", "navy", "military", "militia", "militias", "coalition",
        "government", "governments", "regime", "administration", "authorities", "ministry", "department",
        "command", "council", "committee", "commission", "parliament", "unit", "units", "battalion",
        "battalions", "brigade", "brigades", "division", "regiment", "squadron", "fleet", "battery", "team",
        "teams", "group", "groups", "community", "communities", "partner", "partners", "ally", "allies",
        "nations", "parties", "people", "peoples", "population", "civilians", "citizens", "residents",
        "refugees", "fighters", "militants", "terrorists", "insurgents", "insurgency", "rebels",
        "extremists", "jihadists", "soldiers", "personnel", "members", "marines", "airmen", "sailors",
        "officials", "officers", "commanders", "leaders", "ministers", "diplomats", "journalists",
        "reporters", "students", "workers", "employees", "families", "victims", "supporters", "backers",
        "enemy", "opposition", "organisation", "organization", "organisations", "organizations", "network",
        "tribe", "tribes", "clan", "contingent", "delegation", "operatives", "advisers", "advisors",
        "experts", "crews", "perpetrators", "agency", "agencies", "service", "services", "alliance",
        "contractors", "volunteers", "police",
        # kinds of organisation, and people by occupation or condition
        "businesses", "company", "companies", "firm", "firms", "university", "universities",
        "college", "colleges", "broadcaster", "broadcasters", "counterparts", "audience", "alumni",
        "businessmen", "businesspeople", "doctors", "nurses", "staff", "workforce", "scholars", "academics",
        "prisoners", "detainees", "patients", "translators", "linguists", "crew", "veterans", "recruits",
    }
)  # fmt: skip
# Offices and roles: singular heads name a person ("the Foreign Secretary", "a senior Iraqi general").
ROLE_NOUNS = frozenset(
    {
        "president", "minister", "secretary", "spokesman", "spokeswoman", "spokesperson", "commander",
        "general", "admiral", "colonel", "captain", "major", "lieutenant", "sergeant", "chief", "director",
        "envoy", "ambassador", "representative", "adviser", "advisor", "governor", "mayor", "king",
        "prince", "emir", "sheikh", "premier", "chancellor", "deputy", "official", "officer", "leader",
        "soldier", "pilot", "diplomat", "designate", "physician", "hostage", "prosecutor", "judge",
        "senator", "lawmaker", "councillor", "councilor", "chairman", "chairwoman", "chair",
    }
)  # fmt: skip
# Heads of a phrase that describes a place or a facility.
SITE_NOUNS = frozenset(
    {
        "city", "cities", "town", "towns", "village", "villages", "area", "areas", "region", "province",
        "district", "neighborhood", "neighbourhood", "neighborhoods", "neighbourhoods", "territory",
        "terrain", "homeland", "border", "building", "buildings", "position", "positions", "facility",
        "facilities", "site", "sites", "station", "stations", "hospital", "hospitals", "school", "schools",
        "mosque", "mosques", "market", "markets", "bridge", "bridges", "route", "routes", "road", "roads",
        "highway", "tunnel", "tunnels", "entrance", "entrances", "compound", "compounds", "headquarters",
        "base", "bases", "airfield", "airfields", "airport", "port", "camp", "camps", "checkpoint",
        "checkpoints", "depot", "depots", "warehouse", "warehouses", "factory", "factories", "plant",
        "refinery", "refineries", "dam", "reservoir", "canal", "river", "mountain", "mountains", "island",
        "ridge", "valley", "structure", "structures", "complex", "safehouse", "safehouses", "garrison",
        "barracks", "location", "locations", "fortification", "fortifications", "stronghold", "outpost",
        "cache", "caches", "stockpile", "bunker", "bunkers", "capital", "vicinity", "restaurant", "restaurants",
        "hotel", "hotels", "cafe", "cafes", "café", "cafés", "shop", "shops", "homes", "library", "libraries",
        "dams", "reservoirs", "canals", "rivers", "ports", "airports", "plants", "islands", "valleys",
    }
)  # fmt: skip
# Capitalised heads of a natural feature's name with an "of" complement naming a place ("Gulf of Oman",
# "Gulf of Aden", "Strait of Hormuz", "Sea of Azov", "Bay of Bengal"): one place phrase, the place inside
# it listed as its part.
FEATURE_HEADS = frozenset({"gulf", "strait", "straits", "sea", "bay", "lake", "lakes", "isle", "cape", "coast", "peninsula"})  # fmt: skip
# Participles a state or demonym forms a compound adjective with ("Syrian-led", "Saudi-backed",
# "Jordanian-born").
LED_WORDS = frozenset({"led", "backed", "born", "based", "owned", "made", "run", "funded", "sponsored", "supported", "controlled", "held", "brokered", "built"})  # fmt: skip
# Number words that name a unit after its title ("Mobile Unit Two", "Task Group One").
UNIT_NUMBER_WORDS = frozenset({"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"})  # fmt: skip
# Parts of a force, and a state as a polity, named by their people or owner: "Arab component", "the Arab
# element of the SDF", "the Syrian state".
COMPONENT_NOUNS = frozenset({"component", "components", "element", "elements", "state"})
# Heads of a document's name or description: "the Law of Armed Conflict", "the Black Book", "UN Security
# Council resolutions", "the Minsk agreements".
DOCUMENT_HEADS = frozenset(
    {"book", "books", "law", "laws", "code", "resolution", "resolutions", "agreement", "agreements", "accord",
     "accords", "treaty", "treaties", "convention", "conventions", "constitution", "charter", "protocol",
     "protocols", "report", "reports", "manual", "statute", "declaration", "communique", "communiqué"}
)  # fmt: skip
# Group nouns that only count or gather what their "of" complement names ("a group of buildings").
PARTITIVE_NOUNS = frozenset({"group", "groups", "number", "contingent", "collection", "cluster", "series"})
# Subject pronouns only: object and possessive forms ("us", "their") mostly refer to no one in particular.
PERSON_PRONOUNS_REFER = frozenset({"i", "he", "she"})
GROUP_PRONOUNS_REFER = frozenset({"we", "they"})
DIRECTION_WORDS = frozenset(
    {
        "northern", "southern", "eastern", "western", "central", "north", "south", "east", "west",
        "northeastern", "northwestern", "southeastern", "southwestern", "northeast", "northwest",
        "southeast", "southwest",
    }
)  # fmt: skip
OPERATION_WORDS = frozenset({"Operation", "Exercise"})
TOPONYM_TYPES = frozenset({"COUNTRY", "NORP", "PLACE"})
# Ship names: a prefix naming the navy, then the name ("USS Hopper", "HMS Ocean", "FS Forbin").
SHIP_PREFIXES = frozenset({"USS", "USNS", "HMS", "HMAS", "HMCS", "HMNZS", "FS", "INS", "ROKS", "JS", "TCG", "KRI", "HNLMS", "ESPS", "ITS", "BNS", "HDMS", "RFS"})  # fmt: skip
# Left dependents a phrase takes in; numbers are left out (re3d and armswatch both count them apart).
PHRASE_LEFT_DEPS = frozenset({"det", "predet", "amod", "compound", "nmod", "poss", "hmod", "hyph", "punct", "case"})  # fmt: skip
# Determiners a phrase keeps ("the", "our", "all parties"); quantifiers that only count ("each unit", "many
# citizens", "multiple aircraft") stay out.
DETERMINERS = frozenset({"the", "a", "an", "this", "these", "those", "that", "such", "all", "both"})
QUANTIFIERS = frozenset({"each", "every", "any", "some", "many", "several", "numerous", "few", "various", "multiple", "most", "more", "additional", "fellow"})  # fmt: skip
# Heads whose lower-case "of" complement belongs to the phrase ("the government of Iraq"); a capitalised
# head takes it too ("the Minister for the Middle East", "the Members of the Security Council").
OF_HEADS = frozenset({"government", "governments", "people", "regime", "president", "leader"})
PHONE_RE = re.compile(r"^\+?\d[\d\-. ]{6,}\d$")
_JUNK_TAIL = re.compile(r"(?:[,.;:]?\[\d*\]?|\(\w*|['’]s|[,;:])$")
_TRAILING_JUNK = re.compile(r"^(?:[\W_]+|\[\d*|\d+\]?)$")


def _phrase_breaker(tok: Token) -> bool:
    """A token that cannot sit inside an entity phrase's modifiers."""
    if tok.is_quote or tok.text in (",", ";", ":", "(", ")", "[", "]", "—", "–", "/") or tok.is_space:
        return True
    if "\n" in tok.text_with_ws or tok.ent_type_ in (
        "DATE",
        "TIME",
        "CARDINAL",
        "MONEY",
        "PERCENT",
        "QUANTITY",
    ):
        return True
    if tok.like_num or tok.pos_ in ("NUM", "CCONJ", "ADP", "SCONJ", "PART", "AUX"):
        return tok.tag_ != "POS" and tok.text not in ("-",)
    return tok.pos_ == "VERB" and tok.tag_ not in ("VBN", "VBG")


def _left_edge(
    head: Token,
    allow: frozenset[str],
    *,
    det: bool = True,
    only: frozenset[str] | None = None,
    titles: bool = False,
    start: int | None = None,
) -> int:
    """Index of the first token of the phrase headed by `head`: its contiguous left dependents of the
    allowed kinds (each with its whole subtree), nearest first, left of `start` (the first token of the
    head's own name, whose tokens are in already)."""
    doc = head.doc
    left = head.i if start is None else start
    for c in sorted((c for c in head.lefts if c.i < left), key=lambda c: -c.i):
        if c.right_edge.i != left - 1:
            break
        if c.dep_ not in allow:
            break
        if c.dep_ in ("det", "predet") and (not det or c.lower_ not in DETERMINERS):
            break
        if c.lower_ in QUANTIFIERS:
            break
        if only is not None and c.dep_ not in ("det", "predet") and c.lower_ not in only:
            break
        if titles and c.dep_ not in ("det", "predet") and not _capitalised(c):
            break
        if c.dep_ == "npadvmod" and not (titles and _capitalised(c)):
            break
        sub = doc[c.left_edge.i : c.right_edge.i + 1]
        if c.dep_ not in ("det", "predet") and any(
            _phrase_breaker(t) and not _joins_modifiers(t, c) for t in sub
        ):
            break
        left = c.left_edge.i
    return left


def _joins_modifiers(tok: Token, mod: Token) -> bool:
    """A conjunction or comma coordinating the capitalised modifiers of one head ("Kurdish and Yezidi
    fighters", "Turkish and UK organisations", "U.S., U.K. and French operations"): the phrase is one, as
    the modifiers share the head. Lower-case ones are mostly descriptions ("heavy and sustained machine
    gun fire", "vulnerable and displaced people"), left out."""
    conj = [c for c in mod.children if c.dep_ == "conj"]
    if mod.dep_ not in ("amod", "compound", "nmod") or not conj:
        return False
    if not all(_capitalised(t) for t in (mod, *conj)):
        return False
    if tok.dep_ == "cc" and tok.lower_ in ("and", "or"):
        return tok.head.i == mod.i
    return tok.text == "," and tok.dep_ == "punct" and tok.head.i == mod.i


def _title_run(doc: Doc, lo: int) -> int:
    """Start of the capitalised title right before the name at `lo`, read from the tokens where the parse
    hung the title elsewhere ("Foreign Secretary Boris Johnson statement", "Navy Senior Chief Petty Officer
    Scott C. Dayton"): it must end in a title or office ("Secretary", "Capt."); an organisation, demonym or
    the NER's guess of a person inside it joins whole ("Navy", "Iraqi", "Navy Capt"); a state, place or
    sentence start ends it ("In Turkey Minister Ellwood")."""
    last = lo - 1
    if last >= 1 and doc[last].text == "." and not doc[last - 1].whitespace_:
        last -= 1  # "Capt ." split by the tokenizer
    i = lo
    of = next((k for k in range(last - 1, max(last - 4, 0), -1) if doc[k].lower_ == "of"), None)
    if of is not None and all(_capitalised(t) for t in doc[of + 1 : lo]) and _person_title(doc[of - 1]):
        i = of  # "Secretary of State John Kerry", "Minister of Defence X": the office and its complement
    elif last < 0 or not _person_title(doc[last]):
        return lo
    while i > 0:
        tok = doc[i - 1]
        if tok.pos_ not in ("PROPN", "ADJ", "NOUN", "PUNCT") or not _capitalised(tok):
            break
        if tok.ent_type_:
            # a state joins as the office's modifier ("US Secretary of State"), not as an object ("In Turkey")
            state = tok.ent_type_ in ("COUNTRY", "GPE") and tok.dep_ in ("compound", "nmod", "amod")
            if tok.ent_type_ not in ("ORG", "NORP", "PERSON") and not state:
                break
            start = tok.i
            while start > 0 and doc[start].ent_iob_ == "I":
                start -= 1
            i = start
        else:
            i -= 1
        if doc[i].is_sent_start:
            break
    return lo if doc[i].text == "." else i


def _capitalised(tok: Token) -> bool:
    """A title word: "Foreign", "Lt.", "FCO", "US" (not "militant", "citizen"); the period of an
    abbreviation split off by the tokenizer ("Col" ".")."""
    if tok.text == "." and tok.i > 0:
        prev = tok.doc[tok.i - 1]
        return not prev.whitespace_ and prev.text[:1].isupper()
    return tok.text[:1].isupper()


def _of_phrase_end(head: Token, depth: int = 2, *, group: bool = False) -> int:
    """Index past the last token of an "of"/"for" complement naming something ("the Government of Iraq",
    "Minister for the Middle East", "Minister of Foreign Affairs of Iraq"); head.i + 1 when there is none.
    A group's "of" complement belongs to it whatever it names (`group`: "members of the tribe", "the
    families of the victims", "a group of professional businessmen")."""
    end = head.i + 1
    if depth == 0 or end >= len(head.doc):
        return end
    prep = head.doc[end]
    if prep.head.i != head.i or prep.dep_ != "prep" or prep.lower_ not in ("of", "for"):
        return end
    # only by the group rule: a lower-case head that takes no "of" complement otherwise
    group = group and prep.lower_ == "of" and not _capitalised(head) and head.lower_ not in OF_HEADS
    if not _capitalised(head) and head.lower_ not in OF_HEADS and not group:
        return end
    objs = [c for c in prep.children if c.dep_ == "pobj"]
    if not objs:
        return end
    obj = objs[0]
    if group and (
        obj.pos_ not in ("NOUN", "PROPN")
        or obj.ent_type_ in ("ORG", "NORP")
        or (
            obj.is_title
            and (obj.lower_ in ORG_HEADS or obj.lower_ not in GROUP_NOUNS)
            and obj.ent_type_ not in PLACE_LABELS | {"COUNTRY"}
        )
    ):
        # "members of the Syrian Computer Society", "supporters of the Syrian Electronic Army": a named
        # organisation stays an entity of its own ("residents of Mosul", "the group of Reserve Airmen" join)
        return end
    lo = _left_edge(obj, PHRASE_LEFT_DEPS)
    if lo != prep.i + 1 or not (group or any(t.pos_ == "PROPN" for t in head.doc[lo : obj.i + 1])):
        return end
    return _of_phrase_end(obj, depth - 1)


def _names_after_of(head: Token) -> bool:
    """Whether an "of" complement right after `head` holds a name ("the city of Mosul")."""
    nxt = head.doc[head.i + 1] if head.i + 1 < len(head.doc) else None
    if nxt is None or nxt.head.i != head.i or nxt.lower_ != "of":
        return False
    return any(t.pos_ == "PROPN" for c in nxt.children if c.dep_ == "pobj" for t in c.subtree)


def entity_phrases(idx: MentionIndex) -> None:
    """Make `idx.mentions` the outermost entity phrases (see the block comment above); the token index
    (`by_token`) keeps the names for the extractor. PLACE mentions grow in place ("the Kharkiv region",
    "eastern Aleppo"), so the place an event names and the place listed are one object."""
    doc = idx.doc
    phrases: list[Mention] = []
    covered: set[int] = set()
    for m in list(idx.mentions):
        ent = idx.ent_at_char(m.span.start)
        if ent is None:
            phrases.append(m)
            continue
        covered.update(range(ent.start, ent.end))
        grown = _grow_mention(idx, m, ent)
        if grown is not None:
            phrases.append(grown)
    for tok in doc:
        if tok.i in covered:
            continue
        got = _described(idx, tok)
        if got is not None:
            phrases.append(got)
    phrases.extend(_place_in_region(idx, phrases))
    phrases.extend(_feature_of_place(idx, phrases))
    identities, cut = _identities(idx, phrases)
    phrases = [p for p in phrases if not any(p is c for c in cut)] + identities
    phrases = [*_org_names(idx), *phrases]
    # a hull number or coordinates win a tie with the NER's name for the same span ("L15" as a product)
    phrases = [*_hull_numbers(idx, phrases), *_coordinates(idx), *_aircraft_roles(idx, phrases), *phrases]
    phrases = _ships_by_name(phrases)
    # outermost first; on a tie, the later-built (described) phrase loses to the name
    phrases.sort(key=lambda p: (p.span.start, -p.span.end))
    kept: list[Mention] = []
    outer: Mention | None = (
        None  # the kept phrase reaching furthest; every kept phrase starts before this one
    )
    for p in phrases:
        if outer is not None and p.span.end <= outer.span.end and p is not outer:
            if (p.type in TOPONYM_TYPES and (p.id or p.type == "PLACE")) or (
                p.type == "ORG" and p.id and outer.type in ("SITE", "DOCUMENT")
            ):
                # a place or state named inside the phrase ("Iraqi" in "Iraqi security forces", "Mosul" in
                # "the people of Mosul"), a known body whose place it is ("the EU's airports") or whose
                # document it is ("U.N. Security Council resolutions": the organ stays known), stays
                # listed, marked as a part: toponym annotation counts it ("the EU" is a region there),
                # entity annotation counts only the phrase
                kept.append(replace(p, attrs={**p.attrs, "part_of": outer.span.to_json()}))
            continue
        kept.append(p)
        outer = p
    glosses = _gloss_forms(idx)
    if glosses:
        kept = [p for p in kept if p.id or not any(s <= p.span.start and p.span.end <= e for s, e in glosses)]
    idx.mentions[:] = _states_opening_titles(idx, kept)


def _states_opening_titles(idx: MentionIndex, kept: list[Mention]) -> list[Mention]:
    """ "U.S. President Donald Trump", "US Ambassador Jon Huntsman", "a UK Minister": a state's name right
    before the role noun that opens a person's phrase names that state, and is listed as a part of the
    phrase, as a state inside any phrase is ("Jordan Peterson" names no state)."""
    out: list[Mention] = []
    for m in kept:
        out.append(m)
        if m.type != "PERSON":
            continue
        ent = idx.doc.char_span(m.span.start, m.span.end, alignment_mode="expand")
        if ent is None:
            continue
        lo = ent.start + (ent[0].lower_ in ("a", "an", "the"))
        for size in (2, 1):
            if lo + size >= ent.end:
                continue
            head, nxt = idx.doc[lo : lo + size], idx.doc[lo + size]
            if (
                nxt.lower_ not in ROLE_NOUNS
                or not nxt.is_title
                or not all(t.text[:1].isupper() for t in head)
            ):
                continue
            states = {r.id for r in idx.kb.lookup(head.text) if r.kind == "state"}
            if len(states) != 1 or any(o.span.start == head.start_char for o in kept if o is not m):
                continue
            ident = states.pop()
            st = idx.kb.states.get(ident)
            sp = span_of(idx.document.text, head.start_char, head.end_char, head.text)
            part = {"part_of": m.span.to_json()}
            out.append(Mention(sp, "COUNTRY", ident, st.name if st else ident, attrs=part))
            break
    return out


# Last words of an organisation's or a military unit's name ("the Syrian Computer Society", "Royal
# Jordanian Air Force", "158th Fighter Wing", "U.S. 5th Fleet"); capitalised.
ORG_HEADS = frozenset(
    {
        "society", "association", "force", "forces", "army", "navy", "battalion", "battalions", "brigade",
        "brigades", "regiment", "division", "corps", "council", "committee", "commission", "party", "front",
        "movement", "company", "corporation", "agency", "ministry", "department", "office", "guard", "police",
        "university", "college", "institute", "bank", "union", "league", "organisation", "organization",
        "group", "authority", "coalition", "alliance", "federation", "command", "fleet", "squadron", "wing",
        "unit", "government", "parliament", "assembly", "court", "tribunal", "foundation", "academy",
        "battery", "mission", "embassy", "service", "services",
    }
)  # fmt: skip
_ORDINAL = re.compile(r"^\d+(?:st|nd|rd|th)$")


def _org_names(idx: MentionIndex) -> list[Mention]:
    """Organisation and unit names the NER left in pieces because a demonym, a state or an ordinal opens
    them ("The Syrian Computer Society": NORP "Syrian" and nothing else; "Jordanian 71st Counter Terrorism
    Battalion"; "the U.S. 5th Fleet"): a run of capitalised words ending in an organisation's head word
    (`ORG_HEADS`) with a demonym, state or ordinal in it is one organisation phrase; the demonym or state
    stays listed as its part (toponym annotation counts it)."""
    doc = idx.doc
    found: list[Mention] = []
    for head in doc:
        if head.lower_ not in ORG_HEADS or not head.is_title or head.pos_ not in ("PROPN", "NOUN"):
            continue
        nxt = doc[head.i + 1] if head.i + 1 < len(doc) else None
        if nxt is not None and nxt.is_title and nxt.pos_ == "PROPN" and not nxt.is_sent_start:
            continue  # the name goes on ("Command Public Affairs Office")
        lo = head.i
        opener = False
        while lo > 0 and not doc[lo].is_sent_start:
            t = doc[lo - 1]
            ordinal = bool(_ORDINAL.match(t.text))
            if not (ordinal or ((t.is_title or t.is_upper) and t.pos_ in ("PROPN", "ADJ", "NOUN"))):
                break
            if t.ent_type_ not in ("", "NORP", "ORDINAL", "COUNTRY", "GPE", "ORG"):
                break
            m = idx.at(t)
            opener = opener or ordinal or (m is not None and m.type in ("NORP", "COUNTRY"))
            lo -= 1
        if not opener or lo == head.i:
            continue
        ent = idx.ent_at(head)
        if ent is not None and ent.start <= lo and ent.label_ == "ORG":
            continue  # the NER has the whole name
        if lo > 0 and doc[lo - 1].lower_ == "the":
            lo -= 1
        names = [m for m in (idx.at(t) for t in doc[lo : head.i]) if m is not None]
        state = next((st for st in map(_state_of, names) if st), None)
        found.append(
            Mention(
                _phrase_span(idx, lo, head.i + 1), "ORG", None, None, attrs={"state": state} if state else {}
            )
        )
    return found


# A language gloss after a name: "Hamrin Mountains (Arabic: جبل حمرين Jabāl Hamrīn, Kurdish: Çiyayê
# Hemrîn)". The label is a language or people; what follows it, up to a comma, semicolon, quote or the
# bracket, is the name written in that language.
_GLOSS_LABEL = re.compile(r"(?:(?<=\()|(?<=[,;] ))\s*([A-Z][a-z]+):\s")
_GLOSS_END = re.compile(r"[,;)\"“”]|\b[A-Z][a-z]+:\s")


def _gloss_forms(idx: MentionIndex) -> list[tuple[int, int]]:
    """Character ranges of names written in another language in a gloss ("(Arabic: … Jaysh aṭ-Ṭā’ifa
    al-Manṣūrah, "Army of the Victorious Sect")"): the same thing as the name glossed, in another script or
    transliterated, so no mention of their own (the NER takes them for persons); a translation after a
    comma or in quotes is left alone. Only labels that are a people or language mention ("Arabic",
    "Kurdish"), so "(Note: …)" is no gloss."""
    text = idx.document.text
    if "(" not in text:
        return []
    found: list[tuple[int, int]] = []
    for m in _GLOSS_LABEL.finditer(text):
        open_at = text.rfind("(", 0, m.start(1))
        if open_at < 0 or text.find(")", open_at) < m.start(1) or m.start(1) - open_at > 200:
            continue
        tok = idx.token_at_char(m.start(1))
        tok = tok if tok is not None and tok.idx == m.start(1) else None
        label = idx.at(tok) if tok is not None else None
        if label is None or label.type not in ("NORP", "COUNTRY"):
            continue
        end = _GLOSS_END.search(text, m.end())
        found.append((m.end(), end.start() if end is not None else len(text)))
        if label.id is None:
            found.append(m.span(1))  # the label says which script follows; no mention of the people
    # "(Kitêba Cilwe in Kurdish; also transliterated as Kitab Al Jilwah)"
    for m in _GLOSS_IN.finditer(text):
        tok = idx.token_at_char(m.start(2))
        tok = tok if tok is not None and tok.idx == m.start(2) else None
        label = idx.at(tok) if tok is not None else None
        if label is not None and label.type in ("NORP", "COUNTRY"):
            found.append(m.span(1))
    found.extend(m.span(1) for m in _TRANSLITERATED.finditer(text))
    return found


_GLOSS_IN = re.compile(r"\(([^(),;]{1,80}?) in ([A-Z][a-z]+)(?=[;),])")
_TRANSLITERATED = re.compile(r"\btransliterated (?:as|into) ([^(),;]{1,80})(?=[;),])")


def _trimmed(ent: Span) -> tuple[int, int]:
    """Token range of a name without a trailing possessive or footnote mark ("Saddam Hussein's",
    "Bashar al-Assad,[1")."""
    lo, hi = ent.start, ent.end
    doc = ent.doc
    while hi - 1 > lo and (
        doc[hi - 1].tag_ == "POS"
        or doc[hi - 1].pos_ in ("ADP", "DET", "CCONJ")
        or (_TRAILING_JUNK.match(doc[hi - 1].text) and not _unit_number(ent))
    ):
        hi -= 1
    return lo, hi


# A phone number written with two or more separators ("910-432-3383", "+44 20 7008 1500"); a range of
# counts has one ("1500-2000").
_PHONE_AROUND = re.compile(r"^\+?\d{1,4}(?:[-. ]\d{2,4}){2,3}$")


def _word_around(text: str, start: int, end: int) -> str:
    """The run of non-space characters holding [start, end), without trailing punctuation ("910-432-3383"
    around the NER's "910")."""
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return text[start:end].rstrip(".,;:)")


def _unit_number(ent: Span) -> bool:
    """ "CTF 50", "Task Force 55": a unit designated by number (the knowledge ruler's "unit" pattern); the
    number is its name, no footnote mark."""
    return ent.label_ == "ORG" and ent.ent_id_ == "unit" and ent[-1].like_num


def _grow_mention(idx: MentionIndex, m: Mention, ent: Span) -> Mention | None:
    doc = idx.doc
    lo, hi = _trimmed(ent)
    if m.type == "DATE":
        return m
    if (
        m.type in ("NORP", "COUNTRY")
        and hi - lo >= 3
        and doc[hi - 2].text == "-"
        and doc[hi - 1].lower_ in LED_WORDS
    ):
        hi -= 2  # "a Syrian-led settlement": the demonym names the state; "-led" describes the settlement
    if m.type == "QUANTITY":
        if (
            PHONE_RE.match(m.span.text)
            or _PHONE_AROUND.match(_word_around(idx.document.text, m.span.start, m.span.end))
            or (ent.text.lower() == "one" and ent.root.dep_ not in ("nummod", "quantmod"))
        ):
            return None  # a phone number; "one of the …" is a pronoun, not a count
        return _bare_quantity(idx, m, ent)
    if (
        lo > 0
        and doc[lo - 1].text in SHIP_PREFIXES
        and m.type in ("PERSON", "ORG", "PLACE", "PRODUCT", "NORP")
    ):
        lo -= 1  # "FS Forbin" where the NER took only "Forbin"
    root = doc[lo:hi].root
    first = doc[lo]
    if (
        first.text in SHIP_PREFIXES
        and hi - lo >= 2
        and m.type in ("PERSON", "ORG", "PLACE", "PRODUCT", "NORP")
    ):
        # "USS Hopper", "HMS Ocean": a warship by the navy prefix, whatever the NER made of it
        return Mention(_phrase_span(idx, lo, hi), "WEAPON", None, None, attrs={"class": "warship"})
    if m.type == "ORG" and not m.id:
        for t in doc[lo + 1 : hi - 1]:
            if t.text in ("-", "–", "—") and doc[t.i + 1].text in OPERATION_WORDS:
                hi = t.i  # "Combined Joint Task Force - Operation Inherent Resolve": the force
                break
    if (
        m.type in ("ORG", "PLACE", "PERSON", "PRODUCT")
        and not m.id
        and doc[lo].text in OPERATION_WORDS
        and hi - lo >= 2
    ):
        # "Operation Inherent Resolve", "Exercise Eager Lion": a named operation, not an organisation or a place
        return Mention(_phrase_span(idx, lo, hi), "OPERATION", None, None)
    if (
        m.type in ("ORG", "PERSON", "PLACE", "PRODUCT", "NORP")
        and not m.id
        and root.is_title
        and root.lower_ in DOCUMENT_HEADS
    ):
        # "the Law of Armed Conflict", "the Black Book": a law or a written work, not a body or a place
        return Mention(_phrase_span(idx, lo, hi), "DOCUMENT", None, None)
    lo = _particle_start(doc, lo)
    if m.type == "WEAPON" and hi < len(doc) and root.head.i == hi and doc[hi].lower_ in SYSTEM_NOUNS:
        hi += 1  # "anti-aircraft artillery systems": the system is the weapon
        root = doc[hi - 1]
    modifier = (
        root.head.i != root.i
        and not (lo <= root.head.i < hi)
        and root.dep_ in ("compound", "amod", "nmod", "npadvmod")
    )
    left, right = lo, hi
    kind = m.type
    attrs = dict(m.attrs)
    if (
        kind in ("ORG", "NORP")
        and not m.id
        and lo > 0
        and _person_title(doc[lo - 1])
        and doc[lo - 1].head.i == root.i
    ):
        kind, attrs = "PERSON", {}  # "President Hollande" tagged as an organisation
    if modifier and kind == "COUNTRY" and _acting(root):
        attrs["acting"] = True
    if not modifier:
        if kind == "PERSON":
            left = _left_edge(root, PHRASE_LEFT_DEPS | {"npadvmod"}, titles=True, start=lo)
        elif kind in ("ORG", "GROUP", "WEAPON"):
            left = _left_edge(root, PHRASE_LEFT_DEPS, start=lo)
            if kind != "WEAPON":
                right = max(hi, _of_phrase_end(doc[hi - 1]))
        elif kind in ("COUNTRY", "PLACE"):
            left = _left_edge(root, frozenset({"det", "amod", "compound"}), only=DIRECTION_WORDS, start=lo)
            before = doc[lo - 1] if lo > 0 else None
            if (
                left == lo
                and before is not None
                and before.lower_ in DIRECTION_WORDS
                and lo <= before.head.i < hi
            ):
                left = (
                    lo - 1
                )  # "northern Salah ad Din Province": the direction word modifies a word of the name
            if kind == "COUNTRY" and _acting(root):
                attrs["acting"] = True
        elif (
            kind == "NORP"
            and "community" not in attrs
            and root.pos_ in ("PROPN", "NOUN")
            and root.dep_ not in ("amod", "compound")
        ):
            # "the Iraqis", "Syrians": the people, a group (a community's noun, "the Yazidis", "in Kurdish",
            # stays the people, faith or language it names)
            left = _left_edge(root, PHRASE_LEFT_DEPS, start=lo)
            kind, attrs = "GROUP", ({"state": m.id} if m.id else {})
    if kind == "ORG" and left == lo and lo > 0:
        # "a permanent Iraqi Army presence": the demonym before an organisation's name is part of it, even
        # where the name itself modifies another noun
        prev, prev_ent = doc[lo - 1], idx.ent_at(doc[lo - 1])
        prev_m = idx.at(prev)
        if (
            prev_m is not None
            and prev_ent is not None
            and prev_m.type in ("NORP", "COUNTRY")
            and prev.dep_ in ("amod", "compound")
            and lo <= prev.head.i < hi
        ):
            left = prev_ent.start
    if kind == "PERSON" and left == lo:
        left = _title_run(doc, lo)
    if left < lo and doc[left].text in SHIP_PREFIXES and kind in ("PERSON", "ORG"):
        # "FS Chevalier Paul" where the NER took "FS" for an organisation and "Paul" for a person
        return Mention(_phrase_span(idx, left, right), "WEAPON", None, None, attrs={"class": "warship"})
    sp = _phrase_span(idx, left, right)
    if (sp.start, sp.end) == (m.span.start, m.span.end) and kind == m.type and attrs == m.attrs:
        return m
    if m.type == "PLACE" and kind == "PLACE":
        m.span = sp  # the same object the extractor holds: one place, one span
        return m
    return Mention(sp, kind, m.id, m.name, value=m.value, unit=m.unit, attrs=attrs)


# Words that bound or approximate a count ("more than 300", "about 60", "at least ten", "up to 9,000").
BOUND_WORDS = (
    APPROX_WORDS
    | LOWER_BOUND_WORDS
    | frozenset({"at", "to", "less", "fewer", "under", "below", "just", "only"})
)


def _bare_quantity(idx: MentionIndex, m: Mention, ent: Span) -> Mention | None:
    """The listed quantity is the number and its unit ("300" in "more than 300"): a bound or an
    approximation qualifies the count (it is read into the value by `parse_quantity`) but is no part of the
    entity. The extractor keeps the whole phrase (the mention in the token index is untouched). Bound
    words alone ("more than" cut from its number by the NER) are no quantity."""
    lo = ent.start
    while lo < ent.end and ent.doc[lo].lower_ in BOUND_WORDS and not ent.doc[lo].like_num:
        lo += 1
    if lo == ent.end:
        return None
    text = idx.document.text
    last = ent.doc[ent.end - 1]
    end = last.idx + len(last.text)
    unit = _UNIT_AFTER.match(text, end)
    if unit is not None and last.like_num:
        end = unit.end()  # "7,000 m3/s", "121,607 acre·ft": a unit symbol the NER left out
    if lo == ent.start and end == m.span.end:
        return m
    return replace(m, span=span_of(text, ent.doc[lo].idx, end))


# Unit symbols written after a number ("7,000 m3/s", "150,000,000 m3", "84 MW").
_UNIT_AFTER = re.compile(
    r"[ \u00a0]?(?:m3/s|m³/s|ft3/s|cu ft/s|km2|km²|m2|m²|m3|m³|acre·ft|acre-ft|MW|GW|kW|MWh|GWh|kWh|km/h|mph)(?![\w/])"
)


# Heads that a weapon class names a kind of: "artillery systems", "a mortar system".
SYSTEM_NOUNS = frozenset({"system", "systems"})


# Titles written before a name: "President Hollande", "Gen. Votel", "Mr Ellwood".
TITLE_WORDS = frozenset({"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sir", "gen", "gen.", "col", "col.", "capt", "capt.", "lt", "lt.", "maj", "maj.", "sgt", "sgt.", "adm", "adm.", "brig", "brig.", "cmdr", "cmdr.", "spc", "spc."})  # fmt: skip


def _person_title(tok: Token) -> bool:
    low = tok.lower_
    return tok.text[:1].isupper() and (low in TITLE_WORDS or (low in ROLE_NOUNS and tok.tag_ == "NNP"))


ARABIC_ARTICLES = frozenset({"al", "el", "ad", "ar", "as", "ash", "at", "az", "an", "ath", "adh"})
# Written apart from the name, only the forms that are no English word ("Farm at Norfolk" is no name).
SPACED_ARTICLES = ARABIC_ARTICLES - {"at", "as", "an"}


def _particle_start(doc: Doc, lo: int) -> int:
    """ "al-Hilla", "Al-Raqqa province": an Arabic article joined by a hyphen belongs to the name; so does a
    lower-case article between two capitalised words, with the word before it ("Dayr az Zawr", "Salah ad
    Din Province", where the NER took only the last word)."""
    joined = (
        lo >= 2 and doc[lo - 1].text == "-" and not doc[lo - 1].whitespace_ and not doc[lo - 2].whitespace_
    )
    if joined and doc[lo - 2].lower_ in ARABIC_ARTICLES:
        return lo - 2
    spaced = lo >= 2 and doc[lo - 1].text in SPACED_ARTICLES and doc[lo].text[:1].isupper()
    if spaced and doc[lo - 2].is_title and doc[lo - 2].pos_ == "PROPN":
        return lo - 2
    return lo


def _phrase_span(idx: MentionIndex, left: int, right: int) -> RSpan:
    """The character span of tokens [left, right): widened to a name it cuts into on the left, without a
    trailing possessive, footnote mark or stray punctuation ("Assad,[1", "Qanbar(Arabic", "Hussein's")."""
    doc = idx.doc
    ent = idx.ent_at(doc[left])
    if ent is not None and ent.start < left and ent.end <= right:
        left = ent.start
    start, end = doc[left].idx, doc[right - 1].idx + len(doc[right - 1].text)
    text = idx.document.text
    while True:
        cut = _JUNK_TAIL.search(text[start:end])
        if cut is None or cut.start() == 0:
            break
        end = start + cut.start()
    while end > start and text[end - 1].isspace():
        end -= 1
    return span_of(text, start, end)


def _acting(tok: Token) -> bool:
    """A state that acts rather than a territory: a subject, a possessor ("the UK's commitment"), the agent
    of a passive ("announced by Russia"), a partner ("working closely with Turkey"), a member listed for a
    group of actors ("Coalition nations … include Australia, Belgium", "the international community –
    including Russia and Iran"), or one modifying an act ("a U.S. strike", "UK-France co-operation")."""
    seen = 0
    while tok.dep_ == "conj" and seen < 12:
        tok = tok.head
        seen += 1
    head = tok.head
    if tok.dep_ == "nsubj":
        return True
    if tok.dep_ == "nsubjpass":
        # "The UK is committed to …" acts; "Syria is being ripped apart by …" suffers
        return not any(c.dep_ == "agent" or c.lower_ == "being" for c in head.children)
    if tok.dep_ == "poss" or (tok.dep_ == "pobj" and head.dep_ == "agent"):
        return True
    if tok.dep_ in ("compound", "nmod", "amod"):
        # "UK-France co-operation": through the other state's name, and a hyphenated act split in tokens
        h, doc = head, tok.doc
        while h.dep_ in ("compound", "nmod") and h.pos_ == "PROPN" and h.head.i != h.i:
            h = h.head
        word = h.lemma_.lower()
        if h.i + 2 < len(doc) and doc[h.i + 1].text == "-" and not h.whitespace_:
            word = f"{word}-{doc[h.i + 2].lower_}"
        if head.lemma_.lower() in ACT_NOUNS or h.lemma_.lower() in ACT_NOUNS or word in ACT_NOUNS:
            return True
    if tok.dep_ in ("dobj", "attr") and head.lemma_.lower() in ("include", "comprise", "be"):
        return any(c.dep_ == "nsubj" and c.lower_ in MEMBER_NOUNS for c in head.children)
    if tok.dep_ == "appos" and head.lower_ in MEMBER_NOUNS:
        return True
    if tok.dep_ == "pobj" and head.lower_ in ("including", "notably", "especially", "like"):
        return head.head.lower_ in MEMBER_NOUNS or head.head.lemma_.lower() in ("community", "coalition")
    if tok.dep_ == "pobj" and head.lower_ in ("with", "by", "alongside"):
        return head.head.lemma_.lower() in PARTNER_VERBS
    if tok.dep_ == "pobj" and (
        head.lower_ == "against" or (head.lower_ == "to" and head.head.lower_ in THREAT_NOUNS)
    ):
        return True  # "attacks against the United States", "a threat to the UK": the state as a polity
    # "U.S. forces will join Jordan in an exercise": a partner
    return tok.dep_ == "dobj" and head.lemma_.lower() in ("join", "meet", "support")


# Acts a state's name can modify: "a U.S. strike", "UK support", "UK-France co-operation".
ACT_NOUNS = frozenset(
    {"strike", "airstrike", "attack", "support", "partnership", "relationship", "cooperation", "co-operation",
     "effort", "response", "commitment", "policy", "sanction", "action", "aid", "assistance", "contribution"}
)  # fmt: skip
# Plural heads that list states as members of a group of actors.
MEMBER_NOUNS = frozenset(
    {"nations", "countries", "members", "partners", "allies", "states", "backers", "participants", "contributors",
     "parties", "supporters", "guarantors", "governments"}
)  # fmt: skip
# Nouns whose "to" object is a state as a polity: "a threat to the UK".
THREAT_NOUNS = frozenset({"threat", "threats", "danger", "risk", "challenge"})
# Verbs whose "with"/"by" partner is an acting state: "working closely with Turkey", "stands by Iraq".
PARTNER_VERBS = frozenset({"work", "cooperate", "partner", "meet", "talk", "negotiate", "engage", "coordinate", "stand", "ally", "join", "agree", "discuss", "sign"})  # fmt: skip


def _described(idx: MentionIndex, tok: Token) -> Mention | None:
    """A mention for a phrase with no name at its head: a group, an office holder, a site, a pronoun."""
    low = tok.lower_
    text = idx.document.text
    if tok.pos_ == "PRON":
        refers = (
            "PERSON" if low in PERSON_PRONOUNS_REFER else "GROUP" if low in GROUP_PRONOUNS_REFER else None
        )
        if refers is None or tok.dep_ in ("poss",):
            return None
        sp = span_of(text, tok.idx, tok.idx + len(tok.text))
        return Mention(sp, "PRONOUN", None, None, attrs={"refers": refers})
    if tok.pos_ not in ("NOUN", "PROPN") or tok.dep_ in ("compound", "amod", "nmod"):
        return None
    if low in DOCUMENT_HEADS:
        return _document(idx, tok)
    lemma = tok.lemma_.lower()
    if low in COMPONENT_NOUNS:
        return _component(idx, tok)
    if low == "service" and not any(c.dep_ == "compound" and c.pos_ == "NOUN" for c in tok.lefts):
        return None  # "selfless service", "military service": the act; "the security service": a body
    if low in GROUP_NOUNS or (lemma in ROLE_NOUNS and tok.tag_ in ("NNS", "NNPS")):
        kind = "GROUP"
    elif lemma in ROLE_NOUNS and not _inside_name_title(idx, tok):
        kind = "PERSON"
    elif low in SITE_NOUNS or (low in FEATURE_HEADS and tok.is_title and _names_after_of(tok)):
        kind = "SITE"
    else:
        return None
    doc = idx.doc
    left = _left_edge(tok, PHRASE_LEFT_DEPS)
    right = _of_phrase_end(tok, group=kind == "GROUP") if kind in ("GROUP", "PERSON") else tok.i + 1
    if (
        kind == "GROUP"
        and tok.is_title
        and right == tok.i + 1
        and right < len(doc)
        and doc[right].is_title
        and doc[right].lower_ in UNIT_NUMBER_WORDS
    ):
        right += 1  # "Explosive Ordnance Disposal Mobile Unit Two": the number names the unit
    if kind == "SITE" and _names_after_of(tok):
        # "the city of Mosul", "the vicinity of Ayn Issa": the phrase is the entity, the named place inside
        # it stays listed as its part (and resolves); a complement naming no place leaves no phrase
        place_end = _named_place_end(idx, tok)
        if place_end is None and low in FEATURE_HEADS:
            # "Gulf of Aden" where the NER tagged no part: the name after "of" is the feature's own
            place_end = next(
                (
                    o.i + 1
                    for o in doc[tok.i + 1].children
                    if o.dep_ == "pobj" and o.is_title and o.pos_ == "PROPN"
                ),
                None,
            )
        if place_end is None:
            return None
        right = place_end
    if kind == "PERSON" and left == tok.i and right == tok.i + 1 and tok.is_lower:
        # "Gen. Joseph Votel, commander, U.S. Central Command": a bare office in apposition describes the
        # person named; no mention of its own
        return None
    if (
        kind == "GROUP"
        and low in PARTITIVE_NOUNS
        and right > tok.i + 1
        and doc[right - 1].lower_ in SITE_NOUNS
    ):
        kind = "SITE"  # "a group of buildings": the buildings
    inner = [idx.at(t) for t in doc[left:right] if t.i != tok.i]
    names = [m for m in inner if m is not None]
    state: str | None = None
    organ: Mention | None = None
    for m in names:
        if m.type == "ORG" and m.id and organ is None:
            organ = m
        state = state or _state_of(m)
    sp = _phrase_span(idx, left, right)
    attrs: dict[str, object] = {"state": state} if state else {}
    if kind == "GROUP" and organ is not None:
        return Mention(sp, "GROUP", organ.id, organ.name, attrs={**attrs, **organ.attrs})
    if kind == "GROUP" and state is not None:
        found = idx.kb.organ_by_descriptor(state, _descriptor(tok))
        if found is not None:
            return Mention(sp, "ORG", found.id, found.name, attrs={"state": state})
    named = idx.at(tok.head) if tok.dep_ == "appos" else None
    if kind == "PERSON" and named is not None and named.type == "PERSON":
        # "John Kirby, the White House spokesman": the office names the same person (a pronoun after it
        # resolves to him)
        return Mention(sp, "PERSON", named.id, named.name, attrs={**attrs, **named.attrs})
    return Mention(sp, kind, None, None, attrs=attrs)


def _component(idx: MentionIndex, head: Token) -> Mention | None:
    """A part of a force named by who makes it up or whose it is ("Arab component", "The Arab element of
    the SDF"): a group; without a people or an organisation it is no group ("a key element")."""
    doc = idx.doc
    left = _left_edge(head, PHRASE_LEFT_DEPS)
    names = [m for m in (idx.at(t) for t in doc[left : head.i]) if m is not None]
    right = head.i + 1
    of = doc[right] if right < len(doc) else None
    if of is not None and of.lower_ == "of" and of.head.i == head.i:
        obj = next((c for c in of.children if c.dep_ == "pobj"), None)
        owner = idx.at(obj) if obj is not None else None
        if obj is not None and owner is not None and owner.type in ("ORG", "GROUP", "COUNTRY"):
            ent = idx.ent_at(obj)
            right = _trimmed(ent)[1] if ent is not None else obj.i + 1
            names.append(owner)
    if not any(m.type in ("NORP", "ORG", "COUNTRY", "GROUP") for m in names):
        return None
    state = next((st for st in map(_state_of, names) if st), None)
    return Mention(
        _phrase_span(idx, left, right), "GROUP", None, None, attrs={"state": state} if state else {}
    )


def _document(idx: MentionIndex, head: Token) -> Mention | None:
    """A written work or a law named by its title ("the Yazidi Black Book", "the Book of Revelation") or
    described by the body or place it belongs to ("UN Security Council resolutions", "the Minsk
    agreements"): one DOCUMENT phrase, whose names are its parts, not entities of their own (re3d marks
    such phrases DocumentReference). A demonym alone does not make one ("under Australian law")."""
    doc = idx.doc
    left = _left_edge(head, PHRASE_LEFT_DEPS)
    names = [m for m in (idx.at(t) for t in doc[left : head.i]) if m is not None]
    if head.is_title and not head.is_sent_start:
        right = _of_phrase_end(head)
    elif any(m.type in ("ORG", "PLACE", "COUNTRY") for m in names):
        right = head.i + 1
    else:
        return None
    return Mention(_phrase_span(idx, left, right), "DOCUMENT", None, None)


def _named_place_end(idx: MentionIndex, head: Token) -> int | None:
    """Index past the place named by the "of" complement right after `head` ("city of Homs"); None when
    the complement names no place or state."""
    of = head.doc[head.i + 1]
    for obj in of.children:
        if obj.dep_ != "pobj":
            continue
        m, ent = idx.at(obj), idx.ent_at(obj)
        if m is not None and ent is not None and m.type in ("PLACE", "COUNTRY"):
            return _trimmed(ent)[1]
    return None


# Text between a place and the region that holds it ("Idlib, Syria", "Fort Bragg, North Carolina").
_REGION_SEP = re.compile(r"^, ?$")
_LIST_NEXT = re.compile(r"^(?:,|\s+(?:and|or)\b)")


def _place_in_region(idx: MentionIndex, phrases: list[Mention]) -> list[Mention]:
    """ "Idlib, Syria", "Ramstein Air Base, Germany", "Kherson, southern Ukraine": a place followed by the
    state or region that holds it is one place phrase (SITE); both names stay listed as its parts, so each
    still resolves. Lists are not joined: "Iraq, Syria" (the first is a state), "Homs, Hama and Idlib"
    (more names follow)."""
    text = idx.document.text
    places = sorted(
        (m for m in phrases if m.type in ("PLACE", "COUNTRY", "SITE")), key=lambda m: m.span.start
    )
    out: list[Mention] = []
    for i, (a, b) in enumerate(pairwise(places)):
        after = places[i + 2] if i + 2 < len(places) else None
        if a.type == "COUNTRY" or b.type == "SITE" or not a.span.text[:1].isupper():
            continue
        if not _REGION_SEP.match(text[a.span.end : b.span.start]):
            continue
        if _LIST_NEXT.match(text[b.span.end : b.span.end + 5]) and (
            after is not None and after.span.start - b.span.end <= 6
        ):
            continue  # "Homs, Hama and Idlib": a list of places
        out.append(Mention(span_of(text, a.span.start, b.span.end), "SITE", None, None))
    return out


def _identities(idx: MentionIndex, phrases: list[Mention]) -> tuple[list[Mention], list[Mention]]:
    """One identity named by more than one word: two communities in a row ("Shia Arab", "Sunni Kurds"), a
    capitalised direction word before a community's language ("Northern Kurdish"), and a negated one
    ("non-Yazidis"). The communities inside stay in the token index. Also returns the phrases that the
    direction word was taken from ("the Northern", which the NER made a place)."""
    doc, text = idx.doc, idx.document.text
    out: list[Mention] = []
    cut: list[Mention] = []
    for m in phrases:
        if m.type != "NORP" or "community" not in m.attrs:
            continue
        ent = idx.ent_at_char(m.span.start)
        if ent is None or ent.start == 0:
            continue
        prev = doc[ent.start - 1]
        prev_m = idx.at(prev)
        start: int | None = None
        if prev_m is not None and prev_m.type == "NORP" and "community" in prev_m.attrs and prev.whitespace_:
            start = prev_m.span.start  # "Shia Arab"
        elif (
            prev.text in ("-", "‐")
            and not prev.whitespace_
            and ent.start >= 2
            and doc[ent.start - 2].lower_ == "non"
        ):
            start = doc[ent.start - 2].idx  # "non-Yazidis"
        elif prev.text[:1].isupper() and prev.lower_ in DIRECTION_WORDS and prev.whitespace_ == " ":
            start = prev.idx  # "Northern Kurdish"
            cut.extend(p for p in phrases if p.type == "PLACE" and p.span.start <= start < p.span.end)
        if start is not None:
            out.append(Mention(span_of(text, start, m.span.end), "NORP", None, None, attrs=dict(m.attrs)))
    return out, cut


def _is_aircraft(idx: MentionIndex, cls: object) -> bool:
    seen: set[str] = set()
    while isinstance(cls, str) and cls not in seen:
        if cls in ("aircraft", "drone"):
            return True
        seen.add(cls)
        entry = idx.kb.weapon_classes.get(cls)
        cls = entry.parent if entry is not None else None
    return False


def _aircraft_roles(idx: MentionIndex, phrases: list[Mention]) -> list[Mention]:
    """Aircraft named by their role in a coordination with an aircraft class ("attack, bomber, fighter and
    remotely piloted aircraft", "fighters, bombers, and airlifters"): each role that the knowledge knows
    as "<role> aircraft" is that class, though "fighter" or "bomber" alone is as often a person."""
    out: list[Mention] = []
    done: set[int] = set()
    for m in phrases:
        if m.type != "WEAPON" or not _is_aircraft(idx, m.attrs.get("class")):
            continue
        ent = idx.ent_at_char(m.span.start)
        if ent is None:
            continue
        first = ent.root
        while first.dep_ == "conj" and first.head.i != first.i:
            first = first.head
        for t in conjuncts(first):
            if t.i in done or ent.start <= t.i < ent.end or t.pos_ != "NOUN" or idx.ent_at(t) is not None:
                continue
            refs = [r for r in idx.kb.lookup(f"{t.lemma_} aircraft") if r.kind == "class"]
            if refs and _is_aircraft(idx, refs[0].id):
                done.add(t.i)
                sp = span_of(idx.document.text, t.idx, t.idx + len(t.text))
                out.append(Mention(sp, "WEAPON", None, None, attrs={"class": refs[0].id}))
    return out


def _feature_of_place(idx: MentionIndex, phrases: list[Mention]) -> list[Mention]:
    """ "the Gulf of Oman" where the NER took "the Gulf" alone: a place name ending in a natural feature's
    head (`FEATURE_HEADS`) and the named place in its "of" complement are one place phrase (SITE); both
    stay listed as its parts."""
    doc = idx.doc
    out: list[Mention] = []
    for m in phrases:
        if m.type != "PLACE":
            continue
        ent = idx.ent_at_char(m.span.start)
        if ent is None:
            continue
        lo, hi = _trimmed(ent)  # the NER's "the Gulf of" before the ruler's "Oman"
        if doc[hi - 1].lower_ not in FEATURE_HEADS or not _names_after_of(doc[hi - 1]):
            continue
        end = _named_place_end(idx, doc[hi - 1])
        if end is not None:
            out.append(Mention(_phrase_span(idx, lo, end), "SITE", None, None))
    return out


# A hull number in brackets after a ship's name ("USS Cole (DDG 67)", "HMS Ocean (L12)").
_HULL = re.compile(r" ?\((?P<hull>[A-Z]{1,4}[ -]?\d{1,4})\)")


def _hull_numbers(idx: MentionIndex, phrases: list[Mention]) -> list[Mention]:
    """The hull number written after a warship's name names the ship too (a warship mention of its own)."""
    text = idx.document.text
    out: list[Mention] = []
    for m in phrases:
        if m.type != "WEAPON" or m.attrs.get("class") != "warship":
            continue
        got = _HULL.match(text, m.span.end)
        if got is not None:
            start, end = got.span("hull")
            out.append(Mention(span_of(text, start, end), "WEAPON", None, None, attrs={"class": "warship"}))
    return out


def _ships_by_name(phrases: list[Mention]) -> list[Mention]:
    """A ship named with its navy's prefix once ("FS Forbin") is the ship when its name comes back alone
    ("Forbin is joining …"), whatever the NER made of it."""
    names = {
        m.span.text.split(" ", 1)[1]
        for m in phrases
        if m.type == "WEAPON"
        and m.attrs.get("class") == "warship"
        and m.span.text.split(" ", 1)[0] in SHIP_PREFIXES
        and " " in m.span.text
    }
    if not names:
        return phrases
    return [
        Mention(m.span, "WEAPON", None, None, attrs={"class": "warship"})
        if m.type in ("PERSON", "ORG", "PLACE", "PRODUCT", "NORP") and not m.id and m.span.text in names
        else m
        for m in phrases
    ]


# Geographic coordinates: degrees-minutes-seconds ("33°47′N 44°30′E"), decimal degrees ("33.783°N 44.500°E"),
# or a bare decimal latitude; longitude pair with at least three decimals ("33.783; 44.500").
_DMS = r"\d{1,3}°(?:\d{1,2}′)?(?:\d{1,2}(?:\.\d+)?″)?"
COORDINATES_RE = re.compile(
    rf"{_DMS}[NS],? {_DMS}[EW]"
    r"|\d{1,3}(?:\.\d+)?°[NS],? \d{1,3}(?:\.\d+)?°[EW]"
    r"|(?<![\d.])-?\d{1,2}\.\d{3,}; -?\d{1,3}\.\d{3,}(?![\d.])"
)


def _coordinates(idx: MentionIndex) -> list[Mention]:
    """A pair of coordinates is a place (SITE): one phrase, and no quantities inside it."""
    text = idx.document.text
    return [
        Mention(span_of(text, got.start(), got.end()), "SITE", None, None, attrs={"coordinates": True})
        for got in COORDINATES_RE.finditer(text)
    ]


def _inside_name_title(idx: MentionIndex, tok: Token) -> bool:
    """ "Minister" in "Minister Tobias Ellwood" is part of the person's phrase, not a person of its own; an
    office written after the name ("Gen. Joseph Votel, commander of U.S. Central Command") is a phrase of
    its own."""
    head = tok.head
    return tok.dep_ in ("compound", "appos") and idx.at(head) is not None and tok.i < head.i
