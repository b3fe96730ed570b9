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
from armswatch.extract.mentions import (
    AGENT_NOUNS,
    PLACE_NOUNS,
    MentionIndex,
    conjuncts,
    noun_phrase,
    parse_quantity,
)
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
# Roles of who asks, denies, accuses or meets: filled by a people or agent noun even when no state is named.
SPEAKER_ROLES = frozenset({"requester", "denier", "accuser", "participants"})
SUBJECT_ROLES = {
    "TRANSFER": "supplier",
    "ATTACK": "attacker",
    "REQUEST": "requester",
    "TEST": "actor",
    "SANCTION": "imposer",
}
DEFINITE = frozenset({"the", "these", "those", "this", "that", "such"})
PRONOUNS = frozenset({"it", "they", "he", "she"})
# "her country was exporting weapons": a possessive pronoun on one of these nouns names its binder's state.
OWN_STATE_NOUNS = frozenset({"country", "nation", "government", "regime"})
POSSESSIVES = frozenset({"her", "his", "its", "their"})
# Dependents that carry a two-word trigger's second word: "blow up", "call on", "open fire".
PHRASE_DEPS = frozenset({"prt", "prep", "dobj", "oprd", "acomp", "ccomp", "xcomp"})
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
    # the second word of a two-word trigger ("responsibility" in "claim responsibility")
    phrase: Token | None = None

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
            elif draft.frame != "obligation" and (alt := self._obligation(tok)) is not None:
                # "China must drop barriers": no attack, but a demand
                self._fill(alt)
                alt.found = self._attribution_of(alt.trigger)
                if self._keep(alt):
                    self.drafts.append(alt)
        self._merge_light_verb_conjuncts()
        self._accused_from_charges()
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
            got, second = self._phrase(tok, lemma)
            if (
                got is None
                and tok.tag_ == "VBN"
                and any(c.dep_ == "auxpass" for c in tok.children)
                and not any(c.dep_ == "agent" for c in tok.children)
            ):
                # "Israel is opposed to …": a participle used as a predicate adjective
                got = self.lex.adjective_frames.get(tok.lower_)
            if got is None and lemma in self.lex.restrict_verbs and self._restricted_object(tok) is not None:
                # "suspended aid", "closed the embassy", "denied entry": a relation or presence cut off
                got = ("SANCTION", "restrict")
            if got is None and lemma == "order":
                # "ordered 24 jets" is a purchase; "ordered X to appear" a demand
                if any(self.idx.weapons_in(c) for c in tok.children if c.dep_ == "dobj"):
                    got = ("TRANSFER", "receive")
                elif any(c.dep_ in ("xcomp", "ccomp") for c in tok.children):
                    got = ("REQUEST", "request")
            if got is None:
                got = self.lex.verb_frame(lemma)
            if got is None:
                return self._obligation(tok)
            return Draft(got[0], got[1], tok, False, phrase=second)
        if tok.pos_ in NOUN_POS:
            got = self.lex.noun_frame(lemma)
            if got is None and lemma in ("action", "operation"):
                # "launched assault actions", "strike operations": the compound says what kind
                kinds = [self.lex.noun_frame(c.lemma_.lower()) for c in tok.children if c.dep_ == "compound"]
                got = next((k for k in kinds if k is not None and k[0] == "ATTACK"), None)
            if got is None:
                return None
            if tok.dep_ == "compound" and tok.head.pos_ in NOUN_POS:
                if tok.head.lemma_.lower() in self.lex.light_nouns:
                    # "a mediation mission between …": the event is said with a light noun
                    return Draft(got[0], got[1], tok.head, True)
                return None  # "launch site", "sanctions regime": a modifier, not an event
            governors = self.lex.noun_governors.get(lemma)
            if governors is not None:
                gov = self._governor(tok)
                if gov is None or gov.lemma_.lower() not in governors:
                    return None  # "protests in Baghdad" are no diplomatic protest; "lodged a protest" is
            return Draft(got[0], got[1], tok, True)
        if tok.pos_ == "ADJ" and tok.dep_ == "nsubj" and tok.ent_type_ == "ORDINAL":
            return self._ordinal_ellipsis(tok)
        if tok.pos_ == "AUX" and lemma in self.lex.phrase_verbs:
            got, second = self._phrase(tok, lemma)  # "are suspected to be behind the blasts"
            if got is not None:
                return Draft(got[0], got[1], tok, False, phrase=second)
        if tok.pos_ in ("ADJ", "VERB") and tok.dep_ in ("acomp", "oprd"):
            got = self.lex.adjective_frames.get(lemma)
            if got is not None:
                return Draft(got[0], got[1], tok, False)
        return None

    def _phrase(self, verb: Token, lemma: str) -> tuple[tuple[str, str] | None, Token | None]:
        """A two-word trigger: the verb with a particle, preposition or object noun ("blew himself up"),
        and that second word."""
        if lemma not in self.lex.phrase_verbs:
            return None, None
        for child in verb.children:
            if child.dep_ in PHRASE_DEPS:
                for word in (child.lower_, child.lemma_.lower()):
                    got = self.lex.phrase_frames.get(f"{lemma} {word}")
                    if got is not None:
                        return got, child
        return None, None

    def _restricted_object(self, verb: Token) -> Token | None:
        """The object of a restricting verb when it names a relation, aid or presence that can be cut off
        (`restricted_objects`): "suspended part of a military aid program" → program."""
        for child in verb.children:
            if child.dep_ not in ("dobj", "nsubjpass"):
                continue
            heads = [child, *[g for p in child.children if p.lower_ == "of" for g in p.children]]
            heads += [
                c
                for h in heads
                if h.lemma_.lower() in self.lex.light_nouns
                for c in h.children
                if c.dep_ == "compound"
            ]
            for head in heads:
                if (
                    head.lemma_.lower() in self.lex.restricted_objects
                    or head.lower_ in self.lex.restricted_objects
                ):
                    return head
        return None

    def _obligation(self, verb: Token) -> Draft | None:
        """ "The administration declared that China must drop barriers": a modal of obligation in a
        reported clause is the source's demand of the clause's subject."""
        if not any(c.dep_ == "aux" and c.lower_ in self.lex.deontic_modals for c in verb.children):
            return None
        if self._attribution_of(verb) is None:
            return None
        return Draft("REQUEST", "obligation", verb, False)

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
        hit_object = (
            d.type == "ATTACK" and not d.nominal and trig.lemma_.lower() not in self.lex.instrument_verbs
        )
        for rel, role in frame.items():
            if hit_object and rel in ("dobj", "nsubjpass") and role == "weapon|target":
                role = "target"  # "destroyed the Saudi warship": what was hit, though it is a weapon
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
        if d.type == "REQUEST" and not d.has("provider"):
            # "demanded that the US cancel plans": of whom, the subject of the demanded clause
            for child in trig.children:
                if child.dep_ == "ccomp":
                    subj = next((c for c in child.children if c.dep_ == "nsubj"), None)
                    if subj is not None:
                        self._assign(d, "provider", subj)
        if d.type == "REQUEST" and not d.has("item"):
            for child in trig.children:
                if child.dep_ == "dobj" and self.idx.actor(child) is None:
                    start, end = noun_phrase(child)
                    d.add("item", [Mention(span_of(self.text, start, end), "TEXT", None, None)])
        if d.frame == "obligation":
            # what is demanded is the clause itself; who demands it, the source of the statement
            self._assign(d, "item", trig)
            src = self._source_actor(self._attribution_of(trig))
            if src is not None:
                d.add("requester", [src])
        if d.frame in ("restrict", "expel", "restrict_noun"):
            # "suspended aid to Serbia", "expelled Russian diplomats", "closed the US consulate": whose
            # relation or people it is, read off the object
            if d.frame == "expel":
                measure = self._diplomatic_object(trig)
            else:
                measure = self._noun_object(trig) if d.nominal else self._restricted_object(trig)
            if measure is not None and not d.has("measure"):
                start, end = noun_phrase(measure)
                d.add("measure", [Mention(span_of(self.text, start, end), "TEXT", None, None)])
            if measure is not None and not d.has("target"):
                d.add("target", self._owners(measure))
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
        if not d.nominal and trig.dep_ == "acl" and trig.tag_ == "VBN":
            # "mortar shells fired into homes", "an IED … detonated near Quetta": the noun is the weapon
            d.add("weapon", self.idx.weapons_in(trig.head))
        if d.nominal:
            # "an explosion caused by a landmine", "attacks carried out by militants"
            for acl in trig.children:
                if acl.dep_ == "acl" and acl.tag_ == "VBN":
                    for head in self._dependents(acl, "agent", d):
                        self._assign(d, "weapon|attacker", head)
        if self._harms(d):
            # "Airstrikes hit two hospitals": what the verb did it to is the target
            for child in trig.head.children:
                if child.dep_ == "dobj":
                    self._assign(d, "target", child)
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
            heads = [trig] + ([d.phrase] if d.phrase is not None and d.phrase.dep_ == "dobj" else [])
            for c in (c for h in heads for c in h.children):
                # "provide missiles to the United States" is often parsed with "to" as a dative; "claimed
                # responsibility for the attack" with "for" on the phrase's object
                if c.dep_ in ("prep", "agent", "dative") and c.lower_ == word:
                    # the object, or a gerund clause: "accused the United States of restoring …"
                    out.extend(
                        g for g in c.children if g.dep_ == "pobj" or (g.dep_ == "pcomp" and g.tag_ == "VBG")
                    )
            if not out and word in MISATTACHED_PREPS:
                # "shipped drones to Russia", "the transfer of shells to Russia" are often parsed with "to
                # Russia" on the object; "from North Korea to Iran" with "to" on "from".
                objs = [c for c in trig.children if c.dep_ == "dobj"] if not d.nominal else []
                objs += [g for c in trig.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
                for obj in objs:
                    # anywhere in the object's phrase: "received the first batch of missiles from Russia"
                    for c in obj.subtree:
                        if c.dep_ == "prep" and c.lower_ == word and c.head.pos_ in NOUN_POS:
                            out.extend(g for g in c.children if g.dep_ == "pobj")
                for c in trig.children:
                    if c.dep_ == "prep" and c.lower_ != word:
                        for g in c.children:
                            if g.dep_ == "prep" and g.lower_ == word:
                                out.extend(x for x in g.children if x.dep_ == "pobj")
                if not out and d.nominal and trig.dep_ == "dobj" and trig.head.pos_ == "VERB":
                    # "facilitated the transfer of Iranian UAVs to Russia" with "to Russia" on the verb
                    for c in trig.head.children:
                        if c.dep_ in ("prep", "dative") and c.lower_ == word and c.i > trig.i:
                            out.extend(g for g in c.children if g.dep_ == "pobj")
            return out
        if rel == "dative":
            # "sent Ukraine tanks"; a dative "to"/"for" stands for its object
            return [
                g
                for c in trig.children
                if c.dep_ == "dative"
                for g in ([c] if c.pos_ != "ADP" else [x for x in c.children if x.dep_ == "pobj"])
            ]
        if rel == "amod":
            return [c for c in trig.children if c.dep_ in ("amod", "nmod") and c.i < trig.i]
        if rel == "compound":
            # "US Predator attacks": compounds of compounds too
            out = [c for c in trig.children if c.dep_ == "compound" and c.i < trig.i]
            return out + [g for c in out for g in c.children if g.dep_ == "compound" and g.i < c.i]
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
                above = head.head
                if (
                    head.lower_ == "of"
                    and above.lemma_.lower() in self.lex.partitive_nouns
                    and above.i != noun.i
                ):
                    return self._governor(above)  # "carried out a string of airstrikes"
                return above if above.pos_ == "VERB" else None
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
            found = self.idx.weapons_with_quantities(head)
            for weapon, quantity in found:
                d.add(role, [weapon])
                if quantity is not None and d.type == "TRANSFER" and self._counted(quantity):
                    d.add("quantity", [quantity])
            if not found and d.type == "REQUEST" and self.idx.actor(head) is None:
                # "demanded a truce", "called for talks", "urged X to withdraw": what is asked, as text
                if head.pos_ in ("VERB", "AUX"):
                    self._text_role(d, role, head)
                elif head.pos_ in NOUN_POS:
                    start, end = noun_phrase(head)
                    d.add(role, [Mention(span_of(self.text, start, end), "TEXT", None, None)])
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
            self._text_role(d, role, head)
            return
        if role in ACTOR_ROLES:
            out: list[Mention] = []
            for tok in conjuncts(head):
                if tok.ent_type_ in NOT_PARTICIPANTS:
                    continue  # "launched drones at Kyiv overnight into Saturday"
                if tok.pos_ == "PRON" and tok.lower_ in PRONOUNS:
                    # "Pyongyang rejected reports that it had sold arms": bound by the subject above it
                    tok = self._binder(tok) or tok
                own = self._own_state(tok)
                if own is not None:
                    out.append(own)
                    continue
                # A capital is the state when it acts ("Moscow supplied"), the city when it is hit.
                actor = self.idx.actor(tok, agentive=role not in PLACE_LIKE_ROLES)
                place = self._place_target(d, tok) if role == "target" else None
                if place is not None:
                    out.append(place)
                elif actor is not None:
                    out.append(self._titled(tok, actor.mention))
                elif groups := self._groups(tok, role):
                    out.extend(groups)
                elif role == "target":
                    target = self._target_phrase(tok)
                    if target is not None:
                        out.append(target)
            d.add(role, out)

    def _counted(self, quantity: Mention) -> bool:
        """Whether a number counts items: not money ("$1 billion worth"), not a vague plural ("hundreds of")."""
        ent = self.idx.ent_at(self._token_at(quantity.span.start) or self.doc[0])
        if ent is not None and ent.label_ == "MONEY":
            return False
        words = quantity.span.text.lower().split()
        vague = set(self.lex.vague_numbers)
        return not any(w in vague for w in words) or any(ch.isdigit() for ch in quantity.span.text)

    def _own_state(self, tok: Token) -> Mention | None:
        """ "Kim Yo Jong dismissed reports that her country was exporting weapons": "her country" is the
        state of the subject the possessive is bound by; the mention is the phrase itself."""
        if tok.lemma_.lower() not in OWN_STATE_NOUNS:
            return None
        poss = next((c for c in tok.children if c.dep_ == "poss" and c.lower_ in POSSESSIVES), None)
        binder = self._binder(poss) if poss is not None else None
        actor = self.idx.actor(binder) if binder is not None else None
        if poss is None or actor is None or actor.state is None:
            return None
        return Mention(span_of(self.text, poss.idx, tok.idx + len(tok.text)), "COUNTRY", actor.state, None)

    def _binder(self, pron: Token) -> Token | None:
        """The subject of a clause above a pronoun that it can stand for: "Pyongyang rejected reports that
        it had sold arms" → Pyongyang. Only actors bind; the pronoun's own clause is skipped."""
        for anc in list(pron.ancestors)[:6]:
            for c in anc.children:
                if (
                    c.dep_ in ("nsubj", "nsubjpass")
                    and c.i < pron.i
                    and c.pos_ != "PRON"
                    and pron not in c.subtree
                    and (self.idx.actor(c) is not None or self._group(c, "attacker") is not None)
                ):
                    return c
        return None

    def _titled(self, tok: Token, m: Mention) -> Mention:
        """A person or organ with no state of its own takes the state of a title or demonym before it
        ("Palestinian leader Yasser Arafat", "Zimbabwean Prime Minister Robert Mugabe") or in apposition."""
        if m.type not in ("PERSON", "ORG") or _state(m) is not None:
            return m
        ent = self.idx.ent_at(tok)
        first = ent.start if ent is not None else tok.i
        head = ent.root if ent is not None else tok
        pool = [t for t in head.subtree if t.i < first]
        pool += [t for c in head.children if c.dep_ == "appos" for t in c.subtree]
        for t in pool:
            cm = self.idx.at(t)
            state = _state(cm) if cm is not None and cm.type in ("COUNTRY", "NORP", "PLACE", "ORG") else None
            if state is None and cm is not None and cm.type == "PLACE" and cm.attrs.get("metonym_of"):
                state = str(cm.attrs["metonym_of"])
            if state:
                return Mention(m.span, m.type, m.id, m.name, attrs={**m.attrs, "state": state})
        state = self._name_state(m)
        if state:
            return Mention(m.span, m.type, m.id, m.name, attrs={**m.attrs, "state": state})
        return m

    def _name_state(self, m: Mention) -> str | None:
        """The one state a title or name taken into an unknown entity names: "Iraqi President Saddam
        Hussein", "Rwandan Patriotic Front", "Montenegro Assembly" (not "Congolese", which names two)."""
        if m.id is not None or m.type not in ("PERSON", "ORG"):
            return None
        for word in m.span.text.replace("'s", " ").replace("’s", " ").split():
            states = {r.id for r in self.idx.kb.lookup(word.strip(",.()")) if r.kind == "state"}
            if len(states) == 1:
                return states.pop()
        return None

    def _source_actor(self, found: Found | None) -> Mention | None:
        """Who a statement is by, with the state of a title ("British Foreign Secretary Jack Straw said")."""
        if found is None:
            return None
        src = found.record.source_ref or found.record.source
        if src is None:
            return None
        tok = self._token_at(src.span.end - 1)
        return self._titled(tok, src) if tok is not None else src

    def _groups(self, tok: Token, role: str) -> list[Mention]:
        """An actor phrase the knowledge has no entry for: people or fighters of a named state or group
        ("Iraqi Kurds", "Hezbollah guerrillas", "leaders of Romania's new government", "a group of armed
        terrorists"), or, as an attacker, an armed group no one is named for ("unidentified gunmen").
        Coordinated states make one actor each ("U.S. and Russian negotiators")."""
        if tok.pos_ not in NOUN_POS:
            return []
        one = self._group(tok, role)
        if one is None:
            return []
        if not one.id or one.attrs.get("state") != one.id:
            return [one]
        # each state of "U.S. and Russian negotiators" with the span of its own modifier
        states: list[Mention] = []
        for t in tok.subtree:
            if t.i >= tok.i:
                break
            cm = self.idx.at(t)
            if (
                cm is not None
                and cm.type in ("COUNTRY", "NORP")
                and cm.id
                and all(cm.id != x.id for x in states)
                and (not states or t.dep_ == "conj")
            ):
                states.append(cm)
        if len(states) < 2:
            return [one]
        out = []
        for cm in states:
            name = self.idx.kb.states[cm.id].name if cm.id in self.idx.kb.states else str(cm.id)
            out.append(Mention(cm.span, "GROUP", cm.id, name, attrs={"state": cm.id}))
        return out

    def _group(self, tok: Token, role: str) -> Mention | None:
        if tok.pos_ not in NOUN_POS:
            return None
        low, lemma = tok.lower_, tok.lemma_.lower()
        nouns = set(self.lex.people_nouns) | set(self.lex.armed_group_nouns) | AGENT_NOUNS
        # a name with a demonym counts too: "Rwandan Patriotic Front"
        groupish = bool({low, lemma} & nouns) or tok.pos_ == "PROPN"
        if lemma in self.lex.partitive_nouns:
            # "a group of armed terrorists", "dozens of militants"
            for prep in tok.children:
                if prep.dep_ == "prep" and prep.lower_ == "of":
                    for obj in prep.children:
                        if obj.dep_ == "pobj":
                            inner = self.idx.actor(obj)
                            return inner.mention if inner is not None else self._group(obj, role)
            if lemma not in self.lex.armed_group_nouns and lemma not in self.lex.people_nouns:
                return None
        if not groupish:
            return None
        start, end = noun_phrase(tok)
        sp = span_of(self.text, start, end)
        pool = [t for t in tok.subtree if t.i < tok.i]
        pool += [t for p in tok.children if p.dep_ == "prep" and p.lower_ == "of" for t in p.subtree]
        # "security forces in Guinea": a state named as where they are
        pool += [
            g
            for p in tok.children
            if p.dep_ == "prep" and p.lower_ == "in"
            for g in p.children
            if g.dep_ == "pobj" and (cm := self.idx.at(g)) is not None and cm.type == "COUNTRY"
        ]
        state: str | None = None
        organ: Mention | None = None
        for t in pool:
            cm = self.idx.at(t)
            if cm is None:
                continue
            if cm.type == "ORG" and cm.id and organ is None:
                organ = cm
            if cm.type in ("COUNTRY", "NORP") and cm.id:
                state = state or cm.id
            elif cm.type == "PLACE" and cm.attrs.get("metonym_of"):
                state = state or str(cm.attrs["metonym_of"])
            elif cm.type in ("ORG", "PERSON", "GROUP"):
                state = state or _state(cm) or self._name_state(cm)
        if organ is not None:
            attrs = {"state": state} if state and not organ.attrs.get("state") else dict(organ.attrs)
            return Mention(sp, "GROUP", organ.id, organ.name, attrs=attrs)
        if state is not None:
            name = self.idx.kb.states[state].name if state in self.idx.kb.states else state
            return Mention(sp, "GROUP", state, name, attrs={"state": state})
        if role == "attacker" and {low, lemma} & set(self.lex.armed_group_nouns):
            # "NAF rebel forces", "unidentified gunmen": an armed group no state is named for.
            return Mention(sp, "GROUP", None, sp.text)
        if (
            role in SPEAKER_ROLES
            and tok.pos_ == "NOUN"
            and {low, lemma} & (set(self.lex.people_nouns) | AGENT_NOUNS)
        ):
            # "European Community foreign ministers demanded …": who asks, denies or accuses, unresolved
            return Mention(sp, "GROUP", None, sp.text)
        return None

    def _noun_object(self, noun: Token) -> Token | None:
        """What a nominal trigger acts on: its of- or on-phrase ("suspension of air links", "ban on imports")."""
        for prep in noun.children:
            if prep.dep_ == "prep" and prep.lower_ in ("of", "on"):
                for obj in prep.children:
                    if obj.dep_ == "pobj":
                        return obj
        return None

    def _owners(self, obj: Token) -> list[Mention]:
        """The states or groups a relation or a person belongs to, from its modifiers and its to/with/of/
        from/on phrases: "Russian diplomats", "the US consulate", "aid to Serbia", "ties with Kenya"."""
        out: list[Mention] = []
        for t in obj.subtree:
            if t.i < obj.i and t.head.i <= obj.i:
                m = self.idx.at(t)
                if m is not None and m.type in ("COUNTRY", "NORP", "ORG") and (m.id or _state(m)):
                    out.append(m)
                    break
        for prep in obj.children:
            if prep.dep_ == "prep" and prep.lower_ in ("to", "with", "of", "from", "on", "for", "against"):
                for g in prep.children:
                    if g.dep_ == "pobj":
                        for c in conjuncts(g):
                            actor = self.idx.actor(c)
                            if actor is not None:
                                out.append(actor.mention)
        return out

    def _text_role(self, d: Draft, role: str, head: Token) -> None:
        """A stretch of text as a role (a claim, a charge, what is demanded): the phrase or clause of
        `head`, up to its first comma."""
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
            while tok.dep_ in ("conj", "xcomp") and tok.head.i != tok.i:
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
                if base.dep_ in ("conj", "advcl") and base.head.i != base.i:
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
                    and (
                        self.lex.verb_frame(child.lemma_.lower()) is None
                        # "used grenade launchers to fire upon positions near Krymske": one attack
                        or (nested and child.dep_ == "xcomp")
                    )
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
        candidates = []
        for prev in reversed(self.drafts):
            if prev.type != d.type and not (d.type == "ATTACK" and prev.type == "TEST"):
                continue
            if sent_i - self.sent_no[prev.trigger.sent.start] > 3:
                break
            if prev.has(SUBJECT_ROLES.get(prev.type, role)):
                candidates.append(prev)
        if d.type == "ATTACK" and not d.has("weapon"):
            # the strike a later sentence goes on about is the one with a weapon, not an aside ("since
            # Moscow's invasion began")
            candidates.sort(key=lambda p: not p.has("weapon"))
        for prev in candidates[:1]:
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
        are the parties of the event the subject re-mentions. Who claims responsibility accuses itself."""
        if d.frame == "claim":
            d.add("accused", d.roles.get("accuser", []))
            return
        trig = d.trigger
        if (
            not d.has("accused")
            and trig.dep_ in ("xcomp", "advcl")
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in trig.children)
        ):
            # "summoned Niger's ambassador to complain of …": the one summoned is complained to and about
            for obj in trig.head.children:
                if obj.dep_ == "dobj":
                    self._assign(d, "accused", obj)
        if not d.has("accuser") and d.found is not None:
            src = self._source_actor(d.found)
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

    def _accused_from_charges(self) -> None:
        """ "complained over two Israeli air raids", "condemns the DPRK's transfer of missiles": with no one
        accused by name, the accused are the agents of the events the charge names."""
        for d in self.drafts:
            if d.type != "ACCUSE" or d.has("accused") or not d.has("charge"):
                continue
            charge = d.roles["charge"][0].span
            for other in self.drafts:
                if other is d or not (charge.start <= other.trigger.idx < charge.end):
                    continue
                role = SUBJECT_ROLES.get(other.type)
                if role is not None and other.has(role):
                    d.add("accused", other.roles[role])

    def _distinct(self, d: Draft) -> bool:
        """A nominal mention is a new happening when it is counted ("the first launch", "the second") or
        located in time or place of its own; otherwise ("these launches", "the transfer") it re-mentions."""
        trig = d.trigger
        ordinal = trig.ent_type_ == "ORDINAL" or any(c.ent_type_ == "ORDINAL" for c in trig.children)
        counted = any(c.dep_ == "nummod" for c in trig.children)  # "two Israeli air raids"
        return ordinal or counted or d.time_span is not None or bool(d.places)

    def _keep(self, d: Draft) -> bool:
        r = d.has
        lemma = d.trigger.lemma_.lower()
        if d.nominal:
            gov = self._governor(d.trigger)
            gov_frame = self.lex.verb_frame(gov.lemma_.lower()) if gov is not None else None
            second = self._phrase(gov, gov.lemma_.lower())[1] if gov is not None else None
            if second is not None and second.i == d.trigger.i:
                return False  # "took delivery of": the two-word verb is the event
            if (
                gov_frame is not None
                and gov_frame[0] == d.type
                and not self._supported(d)
                and not self._harms(d)
                and not self._deadly(d)
            ):
                return False  # "met … in a high-profile meeting": the verb's event, said twice
            if (
                _is_definite(d.trigger)
                and not self._distinct(d)
                and not any(
                    r(x) for x in ("supplier", "recipient", "attacker", "requester", "imposer", "denier")
                )
                # the subject of a text's first sentence re-mentions nothing ("The aerial bombardments on …
                # left scores dead")
                and not (self.sent_no[d.trigger.sent.start] == 0 and d.trigger.dep_ in ("nsubj", "nsubjpass"))
            ):
                return False
        if d.type == "TRANSFER":
            if d.nominal and not (r("supplier") or r("recipient")):
                return False  # "the transfer of the weapons": a re-mention, not a new event
            return r("item") and (r("supplier") or r("recipient"))
        if d.type == "ATTACK":
            placed = bool(d.places)
            if d.frame == "intercept":
                # a weapon in flight; "intercepted 12 guns" at a border is a seizure, not an interception
                return any(self._class_in(w, self.lex.intercept_classes) for w in d.roles.get("weapon", []))
            weapons = d.roles.get("weapon", [])
            if self._accidental(d):
                return False  # "a gas explosion", "a tank at the plant exploded"
            air = {c.lower_ for c in d.trigger.children if c.dep_ in ("compound", "amod")}
            air &= set(self.lex.attack_subtypes.air_words)  # "an air raid" is one whatever else is said
            if (
                d.nominal
                and lemma in self.lex.weak_attack_nouns
                and not air
                and not (r("weapon") or (r("attacker") and r("target")))
            ):
                return False  # "police seized guns in a raid on two homes", "a North Korean satellite launch"
            if d.phrase is not None and not d.nominal and (r("attacker") or r("weapon")):
                return True  # "militants … opened fire", "a suicide bomber blew himself up"
            if weapons and all(self._class_in(w, self.lex.non_lethal_classes) for w in weapons):
                return False  # "fired rubber bullets and tear gas": crowd control, not an armed strike
            if lemma == "use" and not d.nominal and not self._attack_purpose(d.trigger):
                return False  # "use drones to carry drugs"
            if not d.nominal and d.trigger.dep_ == "acl" and self._weapon_of_other(d.trigger):
                return False  # "intercepted Kalibr missiles fired by Russian forces": it names the weapon
            if lemma in self.lex.explosion_verbs and not d.nominal:
                return r("weapon")  # "an IED exploded near the convoy"; not "set off for Moscow"
            if not d.nominal and lemma in self.lex.support_verbs and self._carries_attack_noun(d.trigger):
                return False  # "launched an air strike": the noun is the event
            passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in d.trigger.children)
            if (
                lemma in self.lex.casualty_verbs
                and passive
                and (d.inherited or not (r("attacker") or r("weapon")))
            ):
                # "Two people were killed": a casualty count of the attack told before (unless its own
                # weapon says how: "killed by an improvised explosive device")
                return False
            if lemma in self.lex.weak_attack_verbs and not d.nominal and not r("weapon"):
                # "Russian forces killed a resident", "hit Kharkiv": an actor and a victim or a place.
                return (
                    lemma in ("kill", "hit", "destroy", "damage")
                    and r("attacker")
                    and r("target")
                    and not d.inherited
                )
            if d.nominal:
                if d.inherited:
                    return self._distinct(d)
                if d.frame == "clash_noun":
                    return r("attacker") or placed
                if (r("attacker") and (r("target") or r("weapon") or placed or self._distinct(d))) or (
                    r("weapon") and (r("target") or placed)
                ):
                    return True
                if self._harms(d) or self._deadly(d):
                    return True  # "Airstrikes hit two hospitals", "killed in a car bomb explosion"
                # "a grenade attack in Dakar", "bomb attacks on a restaurant", "a rebel attack": a new attack
                # when indefinite
                indefinite = not _is_definite(d.trigger) and not any(
                    c.dep_ == "poss" for c in d.trigger.children
                )
                return indefinite and (r("target") or r("weapon") or r("attacker") or placed)
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
            if d.frame == "expel":
                return r("measure") and self._diplomatic_object(d.trigger) is not None
            if d.frame == "restrict":
                return r("measure") and (r("imposer") or r("target"))
            if d.frame == "restrict_noun":
                obj = self._noun_object(d.trigger)
                words = {obj.lemma_.lower(), obj.lower_} if obj is not None else set()
                if not words & (set(self.lex.restricted_objects) | set(self.lex.diplomatic_persons)):
                    return False  # "a ban by General Aoun": no relation, aid or presence named
            if d.nominal:
                gov = self._governor(d.trigger)
                governed = gov is not None and gov.lemma_.lower() in self.lex.sanction_governors
                # "a new resolution for tougher sanctions on North Korea"; not "monitors sanctions on North Korea"
                fresh = any(c.lower_ in self.lex.new_words for c in d.trigger.children if c.dep_ == "amod")
                return governed or r("imposer") or (r("target") and fresh)
            return r("imposer") or r("target")
        if d.type == "MEET":
            return len(d.roles.get("participants", [])) >= 2
        if d.type == "DENY":
            return r("denier")
        if d.type == "ACCUSE":
            if d.frame == "claim":
                return r("charge")  # "claimed responsibility for the attack"
            if d.frame == "accuse_noun" and r("accuser") and r("accused"):
                return True  # "U.S. accusations against Iran"
            return r("charge") and (r("accused") or r("accuser") or d.frame == "violate")
        if d.type == "DIPLOMACY":
            if d.frame == "summon":
                return r("actor") and self._diplomatic_object(d.trigger) is not None
            return r("forum")
        return False

    def _weapon_of_other(self, participle: Token) -> bool:
        """Whether a participle's noun ("missiles fired by …") is the object of another attack verb."""
        noun = participle.head
        gov = noun.head
        if noun.dep_ not in ("dobj", "nsubjpass", "nsubj") or gov.pos_ != "VERB":
            return False
        lemma = gov.lemma_.lower()
        frame = self.lex.verb_frame(lemma)
        return lemma in self.lex.intercept_verbs or (frame is not None and frame[0] == "ATTACK")

    def _accidental(self, d: Draft) -> bool:
        """An explosion the text puts down to gas, fuel or industry, not to a weapon."""
        trig = d.trigger
        if d.frame != "explosion_noun" and trig.lemma_.lower() not in self.lex.explosion_verbs:
            return False
        if d.nominal:
            words = [c for c in trig.children if c.dep_ in ("compound", "amod", "nmod", "poss")]
            words += [
                g
                for c in trig.children
                if c.dep_ == "prep" and c.lower_ in ("at", "in", "of")
                for g in c.subtree
            ]
        else:
            subj = _subject(trig)
            words = list(subj.subtree) if subj is not None else []
        accident = set(self.lex.accident_words)
        return any(w.lemma_.lower() in accident or w.lower_ in accident for w in words)

    def _harms(self, d: Draft) -> bool:
        """A nominal attack that is the subject of a harm verb with no weapon of its own: "Airstrikes hit two
        hospitals", "an air strike killed 29 soldiers" (the verb says what it did, the noun is the event)."""
        if not d.nominal or d.type != "ATTACK" or d.trigger.dep_ != "nsubj":
            return False
        gov = d.trigger.head
        harm = set(self.lex.weak_attack_verbs) | set(self.lex.casualty_verbs)
        return gov.pos_ == "VERB" and gov.lemma_.lower() in harm and not self.idx.weapons_in(d.trigger)

    def _deadly(self, d: Draft) -> bool:
        """A nominal attack people were killed or hurt in: "died in an explosion", "killed in separate attacks"."""
        gov = self._governor(d.trigger)
        if not d.nominal or gov is None or d.trigger.dep_ != "pobj" or _is_definite(d.trigger):
            return False
        # only where the verb is no attack of its own: passive ("were killed in …") or "died in …"
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in gov.children)
        return gov.lemma_.lower() in self.lex.casualty_verbs and (
            passive or not self.lex.verb_frame(gov.lemma_.lower())
        )

    def _attack_purpose(self, verb: Token) -> bool:
        """ "used drones to attack", "used mustard gas against …": an attack; "used drones to carry drugs": not."""
        for child in verb.children:
            if child.dep_ in ("xcomp", "advcl") and child.pos_ == "VERB":
                if not any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children):
                    continue  # "used mustard gas …, leaving 20 injured": no purpose clause
                frame = self.lex.verb_frame(child.lemma_.lower())
                return frame is not None and frame[0] == "ATTACK"
        return True

    def _diplomatic_object(self, verb: Token) -> Token | None:
        """The diplomat, inspector or envoy expelled or summoned: the object, or the noun the participle
        modifies ("Russian diplomats expelled by the US")."""
        objs = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
        if verb.dep_ == "acl" and verb.head.pos_ in NOUN_POS:
            objs.append(verb.head)
        for obj in objs:
            if {obj.lemma_.lower(), obj.lower_} & set(self.lex.diplomatic_persons):
                return obj
        return None

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
                    while first.dep_ == "conj" and first.head.i != first.i:
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
            if t.head.i == t.i or t.dep_ not in ("advcl", "conj", "xcomp", "acl", "ccomp", "relcl"):
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
        """Shelling, air strike, armed clash, remote explosive or interception: lexicon.yaml `attack_subtypes`
        says how."""
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
            self.idx.mark_containers(d.places)
        time = Time(d.time_span, None, None, tense=_tense(d.trigger, self.lex)) if d.time_span else None
        place = Place(d.places[0].span, d.places[0].span.text) if d.places else None
        attribution = d.found.record if d.found else None
        certainty = self._certainty(d)
        status = self._status(d) if d.type == "TRANSFER" else None
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
        """Denied, expected, hedged, assessed or asserted, in that order of precedence: a negation or a denial
        above the trigger, then its own clause's markers, then the innermost statement's cue ("we assess
        that …" → assessed). A transfer offered, planned or agreed has not happened yet: expected."""
        local = local_certainty(d.trigger, self.lex)
        if local != "denied" and (self._negated_above(d.trigger) or self._denied_above(d.trigger)):
            return "denied"
        if local is None:
            local = d.found.record.certainty if d.found is not None else "asserted"
        if d.type == "TRANSFER" and local != "denied" and self._status(d) in ("offered", "planned", "agreed"):
            return "expected"
        return local

    def _chain(self, trig: Token, depth: int = 4) -> list[Token]:
        """The trigger and the heads above it, up to `depth` steps."""
        out = [trig]
        tok = trig
        while len(out) <= depth and tok.head.i != tok.i:
            tok = tok.head
            out.append(tok)
        return out

    def _clause_chain(self, trig: Token) -> list[Token]:
        """The trigger and the words it depends on within its statement: up through infinitives, objects
        and prepositions ("signed a deal to buy"), not past a clause that reports it ("…, the study
        concludes")."""
        out = [trig]
        tok = trig
        while len(out) < 5 and tok.head.i != tok.i and tok.dep_ not in ("ccomp", "ROOT", "parataxis", "conj"):
            tok = tok.head
            out.append(tok)
        return out

    def _negated_above(self, trig: Token) -> bool:
        """ "no evidence of transfers of missiles", "there is no evidence that Beijing has sold …": a noun
        above the trigger whose existence is negated."""
        for t in self._chain(trig, 3)[1:]:
            if t.pos_ in NOUN_POS and any(
                c.dep_ in ("det", "neg") and c.lower_ in self.lex.negations for c in t.children
            ):
                return True
        return False

    def _denied_above(self, trig: Token) -> bool:
        """ "rejected reports that it had sold arms", "denied supplying drones": a denial governs it."""
        denials = set(self.lex.verbs.get("DENY", {}))
        return any(t.pos_ == "VERB" and t.lemma_.lower() in denials for t in self._chain(trig, 3)[1:])

    def _status(self, d: Draft) -> str | None:
        """How far a transfer got: offered, agreed, planned or delivered (docs/transfer_set.md). Read from
        the trigger and the words above it: an offer or readiness, an agreement, order or approval, a future
        or plan; else a finite or participle verb, or a transfer noun, says it happened."""
        trig = d.trigger
        chain = self._clause_chain(trig)
        lemmas = [t.lemma_.lower() for t in chain]
        # "under the deal", "as part of the agreement": a prepositional phrase on the clause names the deal
        # the transfer belongs to; it makes a future transfer agreed, not a past one ("bought five systems in
        # a 2018 deal" says they changed hands).
        framed = [
            g.lemma_.lower()
            for t in chain
            for p in t.children
            if p.dep_ == "prep" and p.lower_ in ("under", "in")
            for g in p.children
            if g.dep_ == "pobj"
        ]
        if any(w in self.lex.offer_words for w in lemmas):
            return "offered"
        past = (
            not d.nominal
            and trig.tag_ in ("VBD", "VBN")
            and not any(c.dep_ == "aux" and c.lower_ in self.lex.future_aux for c in trig.children)
        )
        if any(w in self.lex.agree_words for w in lemmas) or (
            not past and any(w in self.lex.agree_words for w in framed)
        ):
            return "agreed"
        future = set(self.lex.future_verbs) - set(self.lex.offer_words) - set(self.lex.agree_words)
        verbal = [trig]  # the trigger and the verbs it is the infinitive of ("plans to deliver")
        while verbal[-1].dep_ == "xcomp" and len(verbal) < 4:
            verbal.append(verbal[-1].head)
        for t in verbal:
            if t is not trig and t.lemma_.lower() in future:
                return "planned"
            if any(c.dep_ == "aux" and c.lower_ in self.lex.future_aux for c in t.children):
                return "planned"
        if d.nominal:
            if self._negated_above(trig):
                return None
            return "agreed" if trig.lemma_.lower() in self.lex.sale_nouns else "delivered"
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in trig.children):
            return None  # "would pay a price if it sent weapons": a condition, no stage
        if trig.dep_ == "pcomp" and trig.head.head.pos_ in NOUN_POS:
            return None  # "its policy of not supplying weapons": a policy, no stage
        if trig.tag_ in ("VBD", "VBN", "VBG", "VBZ", "VBP"):
            return "delivered"
        if any(c.dep_ == "aux" and c.lemma_.lower() == "do" for c in trig.children):
            return "delivered"  # "did not supply"
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
        if tok.dep_ == "pcomp" and tok.head.dep_ == "prep" and tok.head.head.i != tok.head.i:
            # "accused Iran of smuggling weapons": the object of the governing verb does the gerund
            gov = tok.head.head
            obj = next((c for c in gov.children if c.dep_ in ("dobj", "nsubjpass")), None)
            if obj is not None:
                return obj
            tok = gov
            continue
        if (
            tok.dep_ == "acl"
            and tok.head.dep_ in ("dobj", "pobj")
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)
        ):
            # "Algeria signed a contract to acquire …": the infinitive's subject is the signer's
            tok = tok.head.head
            continue
        if tok.dep_ in ("xcomp", "conj", "advcl", "acomp") and tok.head.i != tok.i:
            # The parse quirk "forces have … fired": `fired` hangs as advcl of `have`; "is ready to sell".
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
