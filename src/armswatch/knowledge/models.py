"""Typed entries of the knowledge files: one pydantic model per kind, and one per file's top level.

Every model forbids unknown fields, so a misspelt key is an error rather than a silently ignored value.
Cross-entry rules (ids unique, references resolve, aliases unique) are checked by the loader, which
sees all files at once.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    ValidationInfo,
    field_validator,
)


def _clean_text(value: str) -> str:
    if not value:
        raise ValueError("must not be empty")
    if value != " ".join(value.split()):
        raise ValueError(f"{value!r} has leading, trailing, repeated or non-space whitespace")
    return value


def _unique(values: list[str]) -> list[str]:
    seen: dict[str, str] = {}
    for value in values:
        key = value.casefold()
        if key in seen:
            raise ValueError(f"{value!r} is listed twice (also as {seen[key]!r})")
        seen[key] = value
    return values


Text = Annotated[str, Field(strict=True), AfterValidator(_clean_text)]
TextList = Annotated[list[Text], AfterValidator(_unique)]
StateId = Annotated[str, Field(strict=True, pattern=r"^[A-Z]{3}$")]
OrganId = Annotated[str, Field(strict=True, pattern=r"^[A-Z0-9]+(-[A-Z0-9]+)*$")]
Slug = Annotated[str, Field(strict=True, pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
ClassId = Annotated[str, Field(strict=True, pattern=r"^[a-z][a-z0-9_]*$")]
Qid = Annotated[str, Field(strict=True, pattern=r"^Q[1-9][0-9]*$")]

OrganKind = Literal[
    "government", "intelligence", "military", "media", "international", "company", "armed_group", "research"
]
StateStatus = Literal["un_member", "un_observer", "other"]
CommunityKind = Literal["ethnic", "religious", "language"]


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Text
    aliases: TextList
    source: Text

    @field_validator("aliases")
    @classmethod
    def _name_not_alias(cls, aliases: list[str], info: ValidationInfo) -> list[str]:
        name = info.data.get("name")
        if name is not None and name.casefold() in {a.casefold() for a in aliases}:
            raise ValueError(f"aliases repeat the name {name!r}")
        return aliases


class State(_Entry):
    """A state: UN member or observer, Taiwan, Kosovo."""

    id: StateId
    alpha2: Annotated[str, Field(strict=True, pattern=r"^[A-Z]{2}$")]
    status: StateStatus
    demonyms: TextList
    capital: Text | None
    metonyms: TextList
    wikidata: Qid | None = None

    @field_validator("metonyms")
    @classmethod
    def _capital_is_metonym(cls, metonyms: list[str], info: ValidationInfo) -> list[str]:
        own = {n.casefold() for n in (info.data.get("name", ""), *info.data.get("aliases", ()))}
        keys = {m.casefold() for m in metonyms}
        capital = info.data.get("capital")
        if capital and capital.casefold() not in keys | own:
            raise ValueError(f"the capital {capital!r} is missing (metonyms include the capital)")
        clash = keys & own
        if clash:
            raise ValueError(f"metonyms repeat the state's own name: {sorted(clash)}")
        return metonyms


class Organ(_Entry):
    """A state organ, international body, state or private outlet, company or armed group."""

    id: OrganId
    descriptors: TextList
    state: StateId | None
    kind: OrganKind
    parent: OrganId | None = None
    wikidata: Qid | None = None


class Person(_Entry):
    """A leader or official who speaks or acts in this field."""

    id: Slug
    state: StateId | None
    role: Text
    org: OrganId | None
    wikidata: Qid | None = None


class Weapon(_Entry):
    """A specific weapon system."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    id: Slug
    weapon_class: ClassId = Field(alias="class")
    origin: StateId | None
    parent: Slug | None = None
    range_km: Annotated[StrictFloat, Field(gt=0)] | None = None
    range_note: Text | None = None
    note: Text | None = None
    wikidata: Qid | None = None


class WeaponClass(_Entry):
    """A generic weapon class ("ballistic missile", "launcher")."""

    id: ClassId
    parent: ClassId | None
    salw: StrictBool
    plurals: dict[str, Text] = Field(default_factory=dict)

    @field_validator("plurals")
    @classmethod
    def _plurals_of_aliases(cls, plurals: dict[str, str], info: ValidationInfo) -> dict[str, str]:
        forms = {a.casefold() for a in (info.data.get("name", ""), *info.data.get("aliases", ()))}
        stray = sorted(k for k in plurals if k.casefold() not in forms)
        if stray:
            raise ValueError(f"plurals given for {stray}, which are not the name or aliases of this class")
        return plurals


class Community(_Entry):
    """An ethnic, religious or language group ("Kurdish", "Yazidi", "Shia"): no state and no actor.

    The name is the adjective news reports use; aliases hold the nouns, plurals and other spellings.
    """

    id: Slug
    kinds: Annotated[list[CommunityKind], Field(min_length=1)]
    wikidata: Qid | None = None


class FileHead(BaseModel):
    """The top level of every knowledge file, less its entries."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: Text
    ambiguous: TextList = Field(default_factory=list)
    case_sensitive: TextList = Field(default_factory=list)


class StatesHead(FileHead):
    compound_suffixes: TextList


class CommunitiesHead(FileHead):
    compound_suffixes: TextList


class WeaponClassesHead(FileHead):
    uncountable: TextList
