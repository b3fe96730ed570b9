"""Events as frames over the dependency parse.

A trigger is a verb or noun whose lemma the lexicon lists for an event type; its roles come from its
dependents through the frame's relation → role map (subject, object, "to"/"with"/"from" phrases, passive
agent, possessor, demonym modifier), expanded over conjunctions and inclusion lists. Participants that the
sentence leaves out ("The second took place on Tuesday, launched …") are taken from the latest event of
the same type, and definite re-mentions ("the missiles") inherit what was said of their antecedent.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from armswatch.extract.attribution import Found
from armswatch.extract.certainty import local_certainty
from armswatch.extract.lexicon import Lexicon
from armswatch.extract.mentions import PLACE_NOUNS, MentionIndex, conjuncts, noun_phrase, parse_quantity
from armswatch.records import Event, Mention, Place, Span, Time, span_of

ACTOR_ROLES = frozenset(
    {
        "supplier",
        "recipient",
        "attacker",
        "requester",
        "provider",
        "imposer",
        "participants",
        "denier",
        "accuser",
        "accused",
        "actor",
        "target",
    }
)
WEAPON_ROLES = frozenset({"item", "weapon"})
TEXT_ROLES = frozenset({"charge", "claim", "measure", "action"})
SUBJECT_ROLES = {
    "TRANSFER": "supplier",
    "ATTACK": "attacker",
    "REQUEST": "requester",
    "TEST": "actor",
    "SANCTION": "imposer",
}
DEFINITE = frozenset({"the", "these", "those", "this", "that", "such"})
# Verbs that are attacks only when a weapon is named ("used missiles", "launched drones").
WEAK_ATTACK = frozenset({"use", "launch", "fire", "drop", "kill", "destroy", "damage", "hit", "target"})
NOUN_POS = ("NOUN", "PROPN")
NOT_PARTICIPANTS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"})
PLACE_LIKE_ROLES = frozenset({"target"})
# Prepositions that belong to the verb though the parser often hangs them on its object.
MISATTACHED_PREPS = frozenset({"to", "into", "from", "against", "at", "on"})
# Prepositions whose object is where a clause happened.
LOCATIVE_PREPS = frozenset({"in", "at", "near", "over", "outside", "on", "around", "towards", "toward"})


@dataclass(slots=True)
class Draft:
    type: str
    frame: str
    trigger: Token
    nominal: bool
    roles: dict[str, list[Mention]] = field(default_factory=dict)
    time_span: Span | None = None
    places: list[Mention] = field(default_factory=list)
    found: Found | None = None
    inherited: bool = False
    merged_into: Draft | None = None

    def add(self, role: str, mentions: list[Mention]) -> None:
        have = self.roles.setdefault(role, [])
        for m in mentions:
            if all((m.span.start, m.span.end) != (h.span.start, h.span.end) for h in have):
                have.append(m)

    def has(self, role: str) -> bool:
        return bool(self.roles.get(role))


class EventExtractor:
    def __init__(self, doc: Doc, idx: MentionIndex, lex: Lexicon, found: list[Found], extractor: str):
        self.doc = doc
        self.idx = idx
        self.lex = lex
        self.found = found
        self.extractor = extractor
        self.text = idx.document.text
        self.drafts: list[Draft] = []
        self.sent_no = {s.start: n for n, s in enumerate(doc.sents)}

    # --- triggers -------------------------------------------------------------------------------------
    def run(self) -> list[Event]:
        for tok in self.doc:
            draft = self._trigger(tok)
            if draft is None:
                continue
            self._fill(draft)
            self._fill_time_place(draft)
            draft.found = self._attribution_of(draft.trigger)
            self._inherit(draft)
            if draft.type == "ACCUSE":
                self._accuse_roles(draft)
            if self._keep(draft):
                self.drafts.append(draft)
        self._merge_light_verb_conjuncts()
        self._weapon_origins()
        self._casualties()
        return [self._event(n, d) for n, d in enumerate(d for d in self.drafts if d.merged_into is None)]

    def _trigger(self, tok: Token) -> Draft | None:
        lemma = tok.lemma_.lower()
        if tok.pos_ == "VERB":
            if lemma == "fire" and any(c.lower_ == "test" for c in tok.lefts):
                # Test-firing into another state's territory is an attack on it.
                into = any(
                    c.dep_ == "prep" and c.lower_ in ("into", "at", "on", "against") for c in tok.children
                )
                return Draft("ATTACK", "attack", tok, False) if into else Draft("TEST", "test", tok, False)
            if lemma == "shoot" and any(c.dep_ == "prt" and c.lower_ == "down" for c in tok.children):
                # Shooting down a munition is an interception; shooting down an aircraft, an attack on it.
                return Draft("ATTACK", "intercept" if self._aerial_object(tok) else "shoot_down", tok, False)
            if lemma in self.lex.intercept_verbs and self._aerial_object(tok):
                # "destroyed 11 drones": the defender stopped a weapon in flight; no attack by it.
                return Draft("ATTACK", "intercept", tok, False)
            got = self.lex.verb_frame(lemma)
            if got is None:
                return None
            return Draft(got[0], got[1], tok, False)
        if tok.pos_ in NOUN_POS:
            got = self.lex.noun_frame(lemma)
            if got is None and lemma in ("action", "operation"):
                # "launched assault actions", "strike operations": the compound says what kind
                kinds = [self.lex.noun_frame(c.lemma_.lower()) for c in tok.children if c.dep_ == "compound"]
                got = next((k for k in kinds if k is not None and k[0] == "ATTACK"), None)
            if got is None:
                return None
            if tok.dep_ == "compound" and tok.head.pos_ in NOUN_POS:
                return None  # "launch site", "sanctions regime": a modifier, not an event
            return Draft(got[0], got[1], tok, True)
        if tok.pos_ == "ADJ" and tok.dep_ == "nsubj" and tok.ent_type_ == "ORDINAL":
            return self._ordinal_ellipsis(tok)
        return None

    def _aerial_object(self, verb: Token) -> bool:
        """Whether the verb's object is a weapon in flight (a drone, missile, rocket, aircraft or bomb)."""
        for child in verb.children:
            if child.dep_ in ("dobj", "nsubjpass"):
                for w in self.idx.weapons_in(child):
                    if self._class_in(w, self.lex.intercept_classes):
                        return True
        return False

    def _class_in(self, weapon: Mention, classes: list[str]) -> str | None:
        """The first of `classes` that the weapon's class is or descends from."""
        cls = weapon.attrs.get("class") or weapon.attrs.get("related_class")
        seen = 0
        while isinstance(cls, str) and seen < 10:
            if cls in classes:
                return cls
            entry = self.idx.kb.weapon_classes.get(cls)
            cls = entry.parent if entry is not None else None
            seen += 1
        return None

    def _ordinal_ellipsis(self, tok: Token) -> Draft | None:
        """ "The second took place on Tuesday": an ordinal standing for the last event noun with an ordinal."""
        if tok.head.lemma_.lower() not in self.lex.light_verbs:
            return None
        for d in reversed(self.drafts):
            if d.nominal and any(c.ent_type_ == "ORDINAL" for c in d.trigger.children):
                return Draft(d.type, d.frame, tok, True)
        return None

    # --- roles ----------------------------------------------------------------------------------------
    def _fill(self, d: Draft) -> None:
        frame = self.lex.frames[d.frame]
        trig = d.trigger
        for rel, role in frame.items():
            for head in self._dependents(trig, rel, d):
                self._assign(d, role, head)
        # "seeking military assistance from Russia, including fighter aircraft, …": the list may hang on
        # the verb rather than on its object.
        if not d.nominal:
            item_role = next((r for r in frame.values() if r.split("|")[0] in WEAPON_ROLES), None)
            for child in trig.children:
                if item_role and child.dep_ == "prep" and child.lower_ in ("including", "like"):
                    for obj in child.children:
                        if obj.dep_ == "pobj":
                            d.add(item_role.split("|")[0], self.idx.weapons_in(obj))
        if d.type == "REQUEST" and not d.has("item"):
            for child in trig.children:
                if child.dep_ == "dobj" and self.idx.actor(child) is None:
                    start, end = noun_phrase(child)
                    d.add("item", [Mention(span_of(self.text, start, end), "TEXT", None, None)])
        if d.type == "DIPLOMACY" and not d.has("forum"):
            # "raise the provision of the weapons in a U.N. Security Council session": the forum phrase
            # may attach inside the object.
            for tok in trig.subtree:
                m = self.idx.at(tok)
                if m is not None and m.type == "ORG" and self._is_forum(m):
                    d.add("forum", [m])
                    break
        if d.type == "ATTACK":
            self._attack_roles(d)
        if d.frame == "attack" and trig.lemma_.lower() == "use":
            # "use X to target Y": the purpose clause names the target.
            for child in trig.children:
                if child.dep_ in ("xcomp", "advcl") and child.lemma_.lower() in (
                    "target",
                    "strike",
                    "attack",
                    "hit",
                ):
                    for obj in child.children:
                        if obj.dep_ == "dobj":
                            self._assign(d, "target", obj)

    def _attack_roles(self, d: Draft) -> None:
        trig = d.trigger
        gov = self._governor(trig) if d.nominal else None
        if gov is not None and gov.lemma_.lower() in self.lex.support_verbs and not d.has("attacker"):
            # "Russian forces carried out airstrikes near X": the support verb's subject is the attacker.
            subj = _subject(gov)
            if subj is not None:
                self._assign(d, "attacker", subj)
            for rel in ("prep_at", "prep_on", "prep_against", "prep_into"):
                for head in self._dependents(gov, rel, d):
                    self._assign(d, "target", head)
            for head in self._dependents(gov, "prep_with", d):
                self._assign(d, "weapon", head)
        if not d.nominal and d.frame != "intercept":
            # "a Ukrainian drone dropped explosives", "missiles hit Kyiv": a weapon as subject is the weapon.
            subj = _subject(trig)
            if subj is not None and subj.dep_ != "nsubjpass":
                weapons = self.idx.weapons_in(subj)
                d.add("weapon", weapons)
                if not d.has("attacker"):
                    d.add("attacker", self._crew_state(subj, weapons))
            for child in trig.children:
                if child.dep_ in ("advmod", "npadvmod", "oprd") and child.i > trig.i:
                    # "shelled Bakhmut, Donetsk" with the name parsed as an adverb
                    m = self.idx.at(child)
                    if child.pos_ == "PROPN" or (m is not None and m.type == "PLACE"):
                        place = self._place_target(d, child)
                        if place is not None:
                            d.add("target", [place])
            if not any(c.dep_ == "dobj" for c in trig.children) and trig.i + 1 < len(self.doc):
                # "shelled Bilozerka, Kherson, wounding …" with the name parsed as the next clause's subject:
                # a proper name right after the verb is still what it hit.
                nxt = self.doc[trig.i + 1]
                while nxt.dep_ == "compound" and nxt.head.i == nxt.i + 1:
                    nxt = nxt.head
                if nxt.pos_ == "PROPN" and nxt.dep_ in ("nsubj", "nsubjpass", "npadvmod", "appos", "conj"):
                    place = self._place_target(d, nxt)
                    if place is not None:
                        d.add("target", [place])
            with_weapons = [w for h in self._dependents(trig, "prep_with", d) for w in self.idx.weapons_in(h)]
            if with_weapons:
                # "hit with a drone a Russian military vehicle": the object is what was hit.
                for child in trig.children:
                    if child.dep_ == "dobj":
                        hit = self.idx.weapons_in(child)
                        spans = {(w.span.start, w.span.end) for w in hit}
                        d.roles["weapon"] = [
                            w for w in d.roles.get("weapon", []) if (w.span.start, w.span.end) not in spans
                        ]
                        d.add("target", hit)
        if d.frame == "intercept" and not d.has("attacker"):
            # The attacker of an interception is who fired what was stopped: "Russian Shahed drones",
            # "missiles fired by Russian forces" — never the defender.
            for w in d.roles.get("weapon", []):
                tok = self._token_at(w.span.end - 1)
                if tok is None:
                    continue
                for t in tok.subtree:
                    if t.i < tok.i:
                        m = self.idx.at(t)
                        if m is not None and m.type in ("NORP", "COUNTRY") and m.id:
                            d.add("attacker", [m])
                            break
                    elif t.dep_ == "agent" and t.head.dep_ == "acl":
                        for g in t.children:
                            if g.dep_ == "pobj":
                                self._assign(d, "attacker", g)
                if d.has("attacker"):
                    break

    def _crew_state(self, subj: Token, weapons: list[Mention]) -> list[Mention]:
        """ "Russian fighter aircraft shot down …": the state whose demonym modifies a crewed platform."""
        if not any(self._class_in(w, self.lex.crewed_classes) for w in weapons):
            return []
        for t in subj.subtree:
            if t.i >= subj.i:
                break
            m = self.idx.at(t)
            if m is not None and m.type in ("NORP", "COUNTRY") and m.id:
                return [m]
        return []

    def _token_at(self, char: int) -> Token | None:
        sp = self.doc.char_span(char, char + 1, alignment_mode="expand")
        return sp[0] if sp is not None and len(sp) else None

    def _dependents(self, trig: Token, rel: str, d: Draft) -> list[Token]:
        if rel.startswith("gov_"):
            gov = self._governor(trig)
            if gov is None:
                return []
            return self._dependents(gov, rel[4:], d)
        if rel == "nsubj":
            subj = _subject(trig)
            return [subj] if subj is not None else []
        if rel == "agent":
            return [g for c in trig.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        if rel == "xcomp_obj":
            return [g for c in trig.children if c.dep_ == "xcomp" for g in c.children if g.dep_ == "dobj"]
        if rel.startswith("prep_"):
            word = rel[5:]
            out: list[Token] = []
            for c in trig.children:
                if c.dep_ in ("prep", "agent") and c.lower_ == word:
                    out.extend(g for g in c.children if g.dep_ == "pobj")
            if not out and not d.nominal and word in MISATTACHED_PREPS:
                # "shipped drones to Russia" is often parsed with "to Russia" on "drones".
                for obj in trig.children:
                    if obj.dep_ == "dobj":
                        for c in obj.children:
                            if c.dep_ == "prep" and c.lower_ == word:
                                out.extend(g for g in c.children if g.dep_ == "pobj")
            return out
        if rel == "amod":
            return [c for c in trig.children if c.dep_ in ("amod", "nmod") and c.i < trig.i]
        if rel == "compound":
            return [c for c in trig.children if c.dep_ == "compound" and c.i < trig.i]
        return [c for c in trig.children if c.dep_ == rel]

    def _governor(self, noun: Token) -> Token | None:
        """The verb a nominal trigger is the object or subject of."""
        head = noun.head
        if noun.dep_ in ("dobj", "nsubj", "nsubjpass", "pobj", "attr") and head.pos_ in (
            "VERB",
            "AUX",
            "ADP",
        ):
            if head.pos_ == "ADP":
                return head.head if head.head.pos_ == "VERB" else None
            return head
        return None

    def _assign(self, d: Draft, role: str, head: Token) -> None:
        if "|" in role:
            first, second = role.split("|")
            if first in WEAPON_ROLES and self.idx.weapons_in(head):
                self._assign(d, first, head)
                return
            self._assign(d, second, head)
            return
        if role in WEAPON_ROLES:
            for weapon, quantity in self.idx.weapons_with_quantities(head):
                d.add(role, [weapon])
                if quantity is not None and d.type == "TRANSFER":
                    d.add("quantity", [quantity])
            return
        if role == "location":
            d.places.extend(self._places_under(head))
            return
        if role == "forum":
            for tok in head.subtree:
                m = self.idx.at(tok)
                if m is not None and m.type == "ORG" and self._is_forum(m):
                    d.add("forum", [m])
                    return
            return
        if role in TEXT_ROLES:
            lo, hi = head.left_edge.i, head.right_edge.i + 1
            # A claim or charge ends at its first comma: what follows is a relative clause or an aside.
            comma = next((t.i for t in self.doc[head.i : hi] if t.text == ","), None)
            if comma is not None:
                hi = comma
            while lo < hi and (self.doc[lo].is_punct or self.doc[lo].is_quote):
                lo += 1
            while hi > lo and (self.doc[hi - 1].is_punct or self.doc[hi - 1].is_quote):
                hi -= 1
            if lo < hi:
                sp = span_of(self.text, self.doc[lo].idx, self.doc[hi - 1].idx + len(self.doc[hi - 1].text))
                d.add(role, [Mention(sp, "TEXT", None, None)])
            return
        if role in ACTOR_ROLES:
            out: list[Mention] = []
            for tok in conjuncts(head):
                if tok.ent_type_ in NOT_PARTICIPANTS:
                    continue  # "launched drones at Kyiv overnight into Saturday"
                # A capital is the state when it acts ("Moscow supplied"), the city when it is hit.
                actor = self.idx.actor(tok, agentive=role not in PLACE_LIKE_ROLES)
                place = self._place_target(d, tok) if role == "target" else None
                if place is not None:
                    out.append(place)
                elif actor is not None:
                    out.append(actor.mention)
                elif role == "attacker" and tok.lower_ in self.lex.armed_group_nouns and tok.pos_ in NOUN_POS:
                    # "NAF rebel forces", "unidentified gunmen": an armed group no state is named for.
                    start, end = noun_phrase(tok)
                    sp = span_of(self.text, start, end)
                    out.append(Mention(sp, "GROUP", None, sp.text))
                elif role == "target":
                    target = self._target_phrase(tok)
                    if target is not None:
                        out.append(target)
                elif tok.pos_ == "PRON" and tok.lower_ in ("it", "they", "he", "she"):
                    continue
            d.add(role, out)

    def _place_target(self, d: Draft, tok: Token) -> Mention | None:
        """A place hit by an attack ("shelled Lvove, Kherson"): the target is the place, and the place and
        its containers are where the attack happened."""
        if d.type != "ATTACK":
            return None
        m = self.idx.at(tok)
        if m is None and tok.lemma_.lower() in PLACE_NOUNS:
            # "shelled the Chasiv Yar community", "Kharkiv city": the name before the place noun
            names = [self.idx.at(c) for c in tok.children if c.dep_ in ("compound", "nmod")]
            m = next((n for n in names if n is not None and n.type == "PLACE"), None)
            if m is None:
                return None
        if (m is None or m.type != "PLACE") and (
            tok.pos_ != "PROPN" or (m is not None and m.type not in ("ORG", "PERSON", "PRODUCT"))
        ):
            return None
        if m is None or m.type != "PLACE" or tok.pos_ == "PROPN":
            m = self.idx.as_place(
                tok
            )  # an unknown name becomes a place; a known one spreads to its container
        if m is None:
            return None
        d.places.extend(p for p in self._places_under(tok) if p not in d.places)
        return m

    def _is_forum(self, m: Mention) -> bool:
        organ = self.idx.kb.organs.get(m.id or "")
        return organ is not None and organ.kind in self.lex.forum_kinds

    def _target_phrase(self, tok: Token) -> Mention | None:
        """A target that is not an actor: "Ukraine's civilian infrastructure", "an open field"."""
        if tok.pos_ not in NOUN_POS:
            return None
        start, end = noun_phrase(tok)
        sp = span_of(self.text, start, end)
        state = None
        for t in tok.subtree:
            m = self.idx.at(t)
            if (
                m is not None
                and m.type in ("COUNTRY", "NORP", "PLACE")
                and (m.id or m.attrs.get("metonym_of"))
            ):
                state = m.id or str(m.attrs["metonym_of"])
                break
        return Mention(sp, "TARGET", state, None, attrs={"state": state} if state else {})

    def _places_under(self, head: Token) -> list[Mention]:
        """Place mentions in a phrase; a country named as a location ("met in Russia") counts too."""
        out = []
        for tok in head.subtree:
            m = self.idx.at(tok)
            if m is not None and m.type in ("PLACE", "COUNTRY") and m not in out:
                out.append(m)
        return out

    # --- time and place ---------------------------------------------------------------------------------
    def _clause_heads(self, d: Draft) -> list[Token]:
        """Where the trigger's time and place are said: its own clause, then the clause governing it."""
        trig = d.trigger
        heads = [trig]
        if d.nominal:
            gov = self._governor(trig)
            if gov is not None:
                heads.append(gov)
        else:
            tok = trig
            while tok.dep_ in ("conj", "xcomp") and tok.head is not tok:
                tok = tok.head
                heads.append(tok)
        return heads

    def _fill_time_place(self, d: Draft) -> None:
        for head in self._clause_heads(d):
            if d.time_span is None:
                d.time_span = self._date_of(head)
            if not d.places:
                d.places = self._clause_places(head, nested=d.type == "ATTACK")
            if d.time_span is not None and d.places:
                break
        if not d.places and d.type == "ATTACK":
            # "clashed with Ukrainian forces and shelled … in Novoselivske", "conducted an airstrike and
            # shelled near X", "shelled, assaulted, and were repulsed … near Y": verbs conjoined under one
            # subject share the place one of them names.
            base = self._governor(d.trigger) if self._supported(d) else None if d.nominal else d.trigger
            if base is not None:
                near = [c for c in base.children if c.dep_ in ("conj", "advcl") and c.pos_ in ("VERB", "AUX")]
                if base.dep_ in ("conj", "advcl") and base.head is not base:
                    near.append(base.head)
                for verb in near:
                    if (
                        not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)
                        or verb.i == base.head.i
                    ):
                        d.places = self._clause_places(verb)
                        if d.places:
                            break

    def _date_of(self, head: Token) -> Span | None:
        for child in head.children:
            # "met … in September": the word after the preposition, whatever the parse attached it to.
            if child.dep_ == "prep" and child.i + 1 < len(self.doc):
                m = self.idx.at(self.doc[child.i + 1])
                if m is not None and m.type == "DATE":
                    return m.span
        for child in head.children:
            cands = []
            if child.dep_ in ("npadvmod", "tmod", "nmod") and child.ent_type_ in ("DATE", "TIME"):
                cands.append(child)
            if child.dep_ == "prep":
                cands.extend(g for g in child.children if g.dep_ == "pobj")
            for c in cands:
                m = self.idx.at(c)
                if m is not None and m.type == "DATE":
                    return m.span
        return None

    def _clause_places(self, head: Token, nested: bool = True) -> list[Mention]:
        """Place mentions in locative phrases of this clause and the clauses conjoined to it, and (with
        `nested`, for attacks) in locative phrases on its objects ("were repulsed from Ukrainian positions
        near Spirne"; not "supplied arms for use in Ukraine")."""
        out: list[Mention] = []
        stack = [head]
        seen = 0
        while stack and seen < 40:
            tok = stack.pop()
            seen += 1
            for child in tok.children:
                if child.dep_ == "prep" and child.lower_ in LOCATIVE_PREPS:
                    for obj in child.children:
                        if obj.dep_ == "pobj":
                            out.extend(m for m in self._places_under(obj) if m not in out)
                elif nested and child.dep_ in ("prep", "dobj", "agent"):
                    objs = (
                        [g for g in child.children if g.dep_ == "pobj"] if child.dep_ != "dobj" else [child]
                    )
                    for obj in objs:
                        for c in obj.children:
                            if c.dep_ == "prep" and c.lower_ in LOCATIVE_PREPS:
                                for g in c.children:
                                    if g.dep_ == "pobj":
                                        out.extend(m for m in self._places_under(g) if m not in out)
                elif (
                    child.dep_ in ("conj", "xcomp")
                    and child.pos_ in ("VERB", "AUX")
                    and self.lex.verb_frame(child.lemma_.lower()) is None
                ):
                    stack.append(child)
        return out

    # --- discourse --------------------------------------------------------------------------------------
    def _attribution_of(self, tok: Token) -> Found | None:
        best: Found | None = None
        for f in self.found:
            if f.content_start <= tok.i < f.content_end and (
                best is None or (f.content_end - f.content_start) < (best.content_end - best.content_start)
            ):
                best = f
        return best

    def _inherit(self, d: Draft) -> None:
        """Fill a missing subject-role from the latest event of the same type (within three sentences)."""
        role = SUBJECT_ROLES.get(d.type)
        if role is None or d.has(role):
            return
        if not d.nominal and _subject(d.trigger) is not None:
            return
        if d.nominal and not self._distinct(d):
            return
        sent_i = self.sent_no[d.trigger.sent.start]
        for prev in reversed(self.drafts):
            if prev.type != d.type and not (d.type == "ATTACK" and prev.type == "TEST"):
                continue
            if sent_i - self.sent_no[prev.trigger.sent.start] > 3:
                break
            src_role = SUBJECT_ROLES.get(prev.type, role)
            if prev.has(src_role):
                d.add(role, prev.roles[src_role])
                for r in ("weapon", "target") if d.type == "ATTACK" else ():
                    if not d.has(r) and prev.has(r):
                        d.add(r, prev.roles[r])
                d.inherited = True
                return

    def _accuse_roles(self, d: Draft) -> None:
        """ "The United States says the arms transfers violate …": the accuser is who says it; the accused
        are the parties of the event the subject re-mentions."""
        if not d.has("accuser") and d.found is not None:
            src = d.found.record.source_ref or d.found.record.source
            if src is not None and (src.id or src.attrs.get("state")):
                d.add("accuser", [src])
        if d.has("accused"):
            return
        subj = _subject(d.trigger)
        if subj is None:
            return
        noun = self.lex.noun_frame(subj.lemma_.lower())
        if noun is None:
            return
        for prev in reversed(self.drafts):
            if prev.type == noun[0]:
                for role in ("supplier", "recipient", "attacker", "imposer", "requester"):
                    d.add("accused", prev.roles.get(role, []))
                return

    def _distinct(self, d: Draft) -> bool:
        """A nominal mention is a new happening when it is counted ("the first launch", "the second") or
        located in time or place of its own; otherwise ("these launches", "the transfer") it re-mentions."""
        trig = d.trigger
        ordinal = trig.ent_type_ == "ORDINAL" or any(c.ent_type_ == "ORDINAL" for c in trig.children)
        return ordinal or d.time_span is not None or bool(d.places)

    def _keep(self, d: Draft) -> bool:
        r = d.has
        lemma = d.trigger.lemma_.lower()
        if d.nominal:
            gov = self._governor(d.trigger)
            gov_frame = self.lex.verb_frame(gov.lemma_.lower()) if gov is not None else None
            if gov_frame is not None and gov_frame[0] == d.type and not self._supported(d):
                return False  # "met … in a high-profile meeting": the verb's event, said twice
            if (
                _is_definite(d.trigger)
                and not self._distinct(d)
                and not any(
                    r(x) for x in ("supplier", "recipient", "attacker", "requester", "imposer", "denier")
                )
            ):
                return False
        if d.type == "TRANSFER":
            if d.nominal and not (r("supplier") or r("recipient")):
                return False  # "the transfer of the weapons": a re-mention, not a new event
            return r("item") and (r("supplier") or r("recipient"))
        if d.type == "ATTACK":
            placed = bool(d.places)
            if d.frame == "intercept":
                return r("weapon")
            if not d.nominal and lemma in self.lex.support_verbs and self._carries_attack_noun(d.trigger):
                return False  # "launched an air strike": the noun is the event
            passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in d.trigger.children)
            if lemma in self.lex.casualty_verbs and passive and (d.inherited or not r("attacker")):
                return False  # "Two people were killed": a casualty count of the attack told before
            if lemma in WEAK_ATTACK and not d.nominal and not r("weapon"):
                # "Russian forces killed a resident", "hit Kharkiv": an actor and a victim or a place.
                return lemma in ("kill", "hit") and r("attacker") and r("target") and not d.inherited
            if d.nominal:
                if d.inherited:
                    return self._distinct(d)
                if d.frame == "clash_noun":
                    return r("attacker") or placed
                return (r("attacker") and (r("target") or r("weapon") or placed)) or (
                    r("weapon") and (r("target") or placed)
                )
            if sum(map(r, ("attacker", "weapon", "target"))) >= 2:
                return True
            # "Russian forces shelled near Novopil", "fired with small arms near Marinka"
            return (r("attacker") or r("weapon")) and placed
        if d.type == "TEST":
            if r("target") or any(p.id is None for p in d.places):
                return False
            return r("actor") or r("weapon")
        if d.type == "REQUEST":
            return r("requester") and r("item")
        if d.type == "SANCTION":
            if d.nominal:
                gov = self._governor(d.trigger)
                governed = gov is not None and gov.lemma_.lower() in self.lex.sanction_governors
                return governed or r("imposer")
            return r("imposer") or r("target")
        if d.type == "MEET":
            return len(d.roles.get("participants", [])) >= 2
        if d.type == "DENY":
            return r("denier")
        if d.type == "ACCUSE":
            return r("charge") and (r("accused") or r("accuser") or d.frame == "violate")
        if d.type == "DIPLOMACY":
            return r("forum")
        return False

    def _supported(self, d: Draft) -> bool:
        """A nominal attack carried by a support verb: "conducted an airstrike", "engaged in an offensive"."""
        gov = self._governor(d.trigger)
        return d.type == "ATTACK" and gov is not None and gov.lemma_.lower() in self.lex.support_verbs

    def _carries_attack_noun(self, verb: Token) -> bool:
        for child in verb.children:
            objs = [child] if child.dep_ == "dobj" else []
            if child.dep_ == "prep":
                objs = [g for g in child.children if g.dep_ == "pobj"]
            for obj in objs:
                got = self.lex.noun_frame(obj.lemma_.lower())
                if got is not None and got[0] == "ATTACK":
                    return True
        return False

    def _merge_light_verb_conjuncts(self) -> None:
        """ "The second took place on Tuesday, launched missiles": the verb adds roles to the ordinal event."""
        for d in self.drafts:
            if d.nominal or d.type != "ATTACK":
                continue
            head = d.trigger.head if d.trigger.dep_ == "conj" else None
            if head is None or head.lemma_.lower() not in self.lex.light_verbs:
                continue
            for other in self.drafts:
                if other is not d and other.nominal and other.trigger.head == head and other.type == d.type:
                    for role, ms in d.roles.items():
                        if role in ("weapon", "target") or not other.has(role):
                            other.add(role, ms)
                    other.places = other.places or d.places
                    d.merged_into = other

    def _weapon_origins(self) -> None:
        """A weapon's origin from its modifier, its knowledge entry, a definite antecedent, or its supplier."""
        seen: list[Mention] = []
        for d in self.drafts:
            if d.type == "TRANSFER" and d.has("supplier"):
                supplier = _state(d.roles["supplier"][0])
                for m in d.roles.get("item", []):
                    if supplier and "origin" not in m.attrs:
                        m.attrs["origin"] = supplier
                        m.attrs["origin_from"] = "supplier"
            for role in ("item", "weapon"):
                for m in d.roles.get(role, []):
                    if "origin" not in m.attrs and m.attrs.get("definite"):
                        ante = _antecedent(m, seen)
                        if ante is not None and ante.attrs.get("origin"):
                            m.attrs["origin"] = ante.attrs["origin"]
                            m.attrs["antecedent"] = ante.span.to_json()
                    seen.append(m)

    # --- casualties -------------------------------------------------------------------------------------
    def _casualties(self) -> None:
        """ "injuring 2 civilians", "2 people were killed", "A civilian was wounded", "There were no
        casualties": counts with their own spans, as the `casualties` role of the attack they follow
        from (the clause they hang on, else the latest attack in the last two sentences). Square brackets
        are an editor's insertion, not the report, and are skipped; "casualties unknown" gives nothing."""
        attacks = [d for d in self.drafts if d.merged_into is None and d.type == "ATTACK"]
        if not attacks:
            return
        brackets = _bracketed(self.text)
        for tok in self.doc:
            if any(a <= tok.idx < b for a, b in brackets):
                continue
            found = self._casualty_mentions(tok)
            if not found:
                continue
            d = self._casualty_event(tok, attacks)
            if d is not None:
                d.add("casualties", found)

    def _casualty_mentions(self, tok: Token) -> list[Mention]:
        lemma = tok.lemma_.lower()
        out: list[Mention] = []
        if tok.pos_ == "VERB" and lemma in self.lex.casualty_verbs:
            kind = self.lex.casualty_verbs[lemma]
            passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)
            rels = ("nsubjpass", "nsubj") if passive or lemma == "die" else ("dobj",)
            victims = [c for c in tok.children if c.dep_ in rels]
            if not victims and tok.dep_ == "conj" and passive:
                # "1 civilian was killed and 6 were injured" has its own subject; "were killed and injured"
                victims = [c for c in tok.head.children if c.dep_ == "nsubjpass"]
            for v in victims[:1]:
                for c in conjuncts(v):
                    m = self._casualty_count(c, kind)
                    if m is not None:
                        out.append(m)
        elif tok.pos_ in ("NOUN", "ADJ") and lemma in self.lex.casualty_nouns:
            if tok.pos_ == "ADJ" and not any(c.dep_ == "nummod" for c in tok.children):
                return out
            kind = self.lex.casualty_nouns[lemma]
            m = self._casualty_count(tok, kind, own=True)
            if m is not None:
                out.append(m)
        return out

    def _casualty_count(self, v: Token, kind: str, own: bool = False) -> Mention | None:
        """The count a victim phrase (or a casualty noun, `own`) states: its number, "a"/"one" → 1,
        "no"/"nobody" → 0; None when it states none ("civilians were injured")."""
        start, value = None, None
        if v.lower_ in ("nobody", "none", "no-one") or (
            v.lower_ == "one" and any(c.lower_ == "no" for c in v.children)
        ):
            start, value = v.idx, 0.0
        elif v.like_num and v.pos_ == "NUM":
            q = self.idx.at(v)
            if q is not None and q.type == "QUANTITY" and q.value is not None:
                start, value = q.span.start, q.value
            else:
                value = parse_quantity(self.doc[v.i : v.i + 1])[0]
                start = v.idx
        elif own or v.lemma_.lower() in self.lex.victim_nouns or v.lower_ in self.lex.victim_nouns:
            head = v
            if own is False and v.dep_ != "conj":
                pass
            q = self.idx.quantity_of(head)
            if q is not None and q.value is not None:
                start, value = q.span.start, q.value
            else:
                for c in head.children:
                    if c.dep_ == "det" and c.lower_ in ("a", "an", "one", "no"):
                        start, value = c.idx, 0.0 if c.lower_ == "no" else 1.0
                        break
                if value is None and own:
                    # "No injuries or fatalities": the negation on the first conjunct covers the rest
                    first = head
                    while first.dep_ == "conj" and first.head is not first:
                        first = first.head
                    if first is not head and any(
                        c.dep_ == "det" and c.lower_ == "no" for c in first.children
                    ):
                        start, value = head.idx, 0.0
        if start is None or value is None:
            return None
        start = min(start, v.idx)
        sp = span_of(self.text, start, v.idx + len(v.text))
        return Mention(sp, "QUANTITY", None, None, value=value, unit="people", attrs={"kind": kind})

    def _casualty_event(self, tok: Token, attacks: list[Draft]) -> Draft | None:
        by_trigger = {d.trigger.i: d for d in attacks}
        t = tok
        for _ in range(4):
            if t.i in by_trigger:
                return by_trigger[t.i]
            if t.head is t or t.dep_ not in ("advcl", "conj", "xcomp", "acl", "ccomp", "relcl"):
                break
            t = t.head
        inside = [d for d in attacks if d.trigger.sent == tok.sent and d.trigger in tok.subtree]
        if inside:
            return inside[0]
        sent_i = self.sent_no[tok.sent.start]
        before = [
            d for d in attacks if d.trigger.i < tok.i and sent_i - self.sent_no[d.trigger.sent.start] <= 2
        ]
        strikes = [d for d in before if d.frame != "intercept"]
        found = strikes or before
        return found[-1] if found else None

    # --- subtype -------------------------------------------------------------------------------------------
    def _subtype(self, d: Draft) -> str | None:
        """Shelling, air strike, armed clash or interception: lexicon.yaml `attack_subtypes` says how."""
        if d.type != "ATTACK":
            return None
        st = self.lex.attack_subtypes
        if d.frame == "intercept":
            return "interception"
        lemma = d.trigger.lemma_.lower()
        if lemma in st.triggers:
            return st.triggers[lemma]
        words = {c.lower_ for c in d.trigger.children if c.dep_ in ("compound", "amod", "nmod")}
        if words & set(st.air_words):
            return "air_strike"
        if words & set(st.ground_words):
            return "armed_clash"
        found = []
        for w in d.roles.get("weapon", []):
            cls = self._class_in(w, list(st.classes))
            if cls is not None:
                found.append(st.classes[cls])
        if found:
            return min(found, key=st.precedence.index)
        for a in d.roles.get("attacker", []):
            if set(a.span.text.lower().split()) & set(st.air_words):
                return "air_strike"
        return st.defaults.get(lemma)

    def _mark_containers(self, places: list[Mention]) -> None:
        """ "Lvove, Kherson", "Hrabovske, Sumy region": a place right after a place and a comma, ending
        the phrase (no list goes on after it: "A, B and C" is three places), is where the first lies."""
        for m in places:
            if m.type != "PLACE" or "within" in m.attrs:
                continue
            last = self._token_at(m.span.end - 1)
            if last is None or last.i + 2 >= len(self.doc) or self.doc[last.i + 1].text != ",":
                continue
            nxt = self.doc[last.i + 2]
            c = self.idx.at(nxt)
            ent = self.idx.ent_at(nxt)
            if c is None or ent is None or c.type != "PLACE" or c is m or ent.start != nxt.i:
                continue
            rest = self.doc[ent.end : ent.end + 3]
            words = [t for t in rest if t.text != ","]
            listed = bool(words) and (
                self._listed(words[0])
                or (words[0].lower_ in ("and", "or") and len(words) > 1 and self._listed(words[1]))
            )
            if not listed:
                m.attrs["within"] = c.span.to_json()

    def _listed(self, tok: Token) -> bool:
        """Whether a token after the comma or conjunction goes on a list of places ("A, B, C")."""
        m = self.idx.at(tok)
        return m is not None and m.type == "PLACE"

    # --- records ------------------------------------------------------------------------------------------
    def _event(self, n: int, d: Draft) -> Event:
        sent = d.trigger.sent
        s_start, s_end = sent.start_char, sent.end_char
        while s_end > s_start and self.text[s_end - 1].isspace():
            s_end -= 1
        evidence = span_of(self.text, s_start, s_end)
        trig = d.trigger
        trigger = span_of(self.text, trig.idx, trig.idx + len(trig.text))
        roles = {k: v for k, v in d.roles.items() if v}
        if d.type == "ATTACK":
            origins: list[Mention] = []
            for w in roles.get("weapon", []):
                origin = w.attrs.get("origin")
                if origin and all(o.id != origin for o in origins):
                    origins.append(Mention(w.span, "COUNTRY", str(origin), None))
            if origins:
                roles["weapon_origin"] = origins
            if d.places:
                # The most specific place first: a town or region before the country it is in.
                d.places.sort(key=lambda p: p.type == "COUNTRY")
            if d.places and "location" not in roles:
                roles["location"] = list(d.places)
            self._mark_containers(d.places)
        time = Time(d.time_span, None, None, tense=_tense(d.trigger, self.lex)) if d.time_span else None
        place = Place(d.places[0].span, d.places[0].span.text) if d.places else None
        attribution = d.found.record if d.found else None
        certainty = self._certainty(d)
        status = self._status(d, certainty) if d.type == "TRANSFER" else None
        return Event(
            id=f"e{n + 1}",
            type=d.type,
            trigger=trigger,
            evidence=evidence,
            roles=roles,
            time=time,
            place=place,
            attribution=attribution,
            certainty=certainty,
            polarity="negative" if certainty == "denied" else "positive",
            status=status,
            outcome="intercepted" if d.frame == "intercept" else None,
            subtype=self._subtype(d),
            extractor=self.extractor,
        )

    def _certainty(self, d: Draft) -> str:
        local = local_certainty(d.trigger, self.lex)
        if local is not None:
            return local
        # Otherwise the innermost statement's cue decides ("we assess that …" → assessed).
        return d.found.record.certainty if d.found is not None else "asserted"

    def _status(self, d: Draft, certainty: str) -> str | None:
        lemmas = {t.lemma_.lower() for t in d.trigger.ancestors} | {d.trigger.lemma_.lower()}
        if "offer" in lemmas:
            return "offered"
        if "agree" in lemmas or d.trigger.lemma_.lower() == "order":
            return "agreed"
        if certainty == "expected":
            return "planned"
        if d.trigger.tag_ in ("VBD", "VBN") or d.trigger.lemma_.lower() in ("delivery", "shipment"):
            return "delivered"
        return None


def _tense(trig: Token, lex: Lexicon) -> str | None:
    for t in [trig, *list(trig.ancestors)[:2]]:
        for c in t.children:
            if c.dep_ == "aux" and c.lower_ in lex.future_aux:
                return "future"
        if t.tag_ in ("VBD", "VBN"):
            return "past"
    return None


def _subject(verb: Token) -> Token | None:
    tok = verb
    for _ in range(5):
        for child in tok.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                if child.dep_ == "nsubjpass" and tok is verb:
                    continue
                return child
        if tok.dep_ in ("xcomp", "conj", "advcl") and tok.head is not tok:
            # The parse quirk "forces have … fired": `fired` hangs as advcl of `have`.
            tok = tok.head
            continue
        return None
    return None


def _bracketed(text: str) -> list[tuple[int, int]]:
    """Character ranges inside square brackets."""
    out: list[tuple[int, int]] = []
    start = None
    for i, ch in enumerate(text):
        if ch == "[" and start is None:
            start = i
        elif ch == "]" and start is not None:
            out.append((start, i + 1))
            start = None
    return out


def _is_definite(tok: Token) -> bool:
    return any(c.dep_ == "det" and c.lower_ in DEFINITE for c in tok.children)


def _antecedent(m: Mention, seen: list[Mention]) -> Mention | None:
    """The latest earlier weapon mention a definite one re-mentions: same class, or same head noun
    ("the missiles" → "several ballistic missiles"), or any weapon for "the weapons"."""
    cls = m.attrs.get("class")
    head = m.span.text.split()[-1].lower()
    for prev in reversed(seen):
        if prev.span.start >= m.span.start:
            continue
        same_head = prev.span.text.split()[-1].lower() == head
        if same_head or prev.attrs.get("class") == cls or cls == "weapon":
            return prev
    return None


def _state(m: Mention) -> str | None:
    if m.type in ("COUNTRY", "NORP", "GROUP"):
        return m.id or (str(m.attrs["state"]) if m.attrs.get("state") else None)
    st = m.attrs.get("state")
    return str(st) if st else None
