"""Surface forms made from the data: lookup keys, English plurals, designation variants, token patterns.

Knowledge files list names once, in the singular and with their canonical punctuation; the forms a text
actually uses ("launchers", "KN-23s", "KN23", "North Korean-made") are derived here, by rules that are
the same for every entry.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any, Protocol

TokenSpec = tuple[str, frozenset[str]]  # (attribute, accepted values)

_DASHES = str.maketrans(
    {"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-"}
)
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})
_SIBILANT = re.compile(r"(s|x|z|ch|sh)$")
_CONSONANT_Y = re.compile(r"[^aeiou]y$")
# One hyphen, a letter before it and a digit after it: "KN-23", "Kh-47M2 Kinzhal", "Hwasong-11".
_DESIGNATION = re.compile(r"^(?P<head>[^-]*?)(?P<letters>[A-Za-z]+)-(?P<tail>\d[^-]*)$")


def lookup_key(text: str) -> str:
    """The case-, dash-, quote- and whitespace-insensitive key that lookups compare."""
    return " ".join(text.translate(_DASHES).translate(_QUOTES).casefold().split())


def class_plural(alias: str, uncountable: frozenset[str]) -> str | None:
    """English plural of a class alias (its last word inflected); None where it has none."""
    head, _, last = alias.rpartition(" ")
    if last.casefold() in uncountable:
        return None
    if last.isupper() and last.endswith("S"):  # MLRS, MANPADS: already plural in use
        return None
    if last.isupper() or last[-1].isdigit():  # SAM -> SAMs, ICBM -> ICBMs
        plural = last + "s"
    elif _SIBILANT.search(last):
        plural = last + "es"
    elif _CONSONANT_Y.search(last):
        plural = last[:-1] + "ies"
    else:
        plural = last + "s"
    return f"{head} {plural}" if head else plural


def name_plural(name: str) -> str | None:
    """The "s" plural texts use for a system's name: "KN-23s", "Shaheds", "Patriot missiles"."""
    if not name.isascii() or not name[-1].isalnum() or name[-1] in "sS":
        return None
    return name + "s"


def designation_variants(alias: str) -> list[str]:
    """Spellings of a designation without its hyphen: "KN-23" -> "KN23", "KN 23" (the spaced form only
    after two or more letters, so "S-300" gives "S300" but not "S 300")."""
    match = _DESIGNATION.match(alias)
    if match is None:
        return []
    head, letters, tail = match["head"], match["letters"], match["tail"]
    variants = [f"{head}{letters}{tail}"]
    if len(letters) >= 2:
        variants.append(f"{head}{letters} {tail}")
    return variants


class _Token(Protocol):
    @property
    def text(self) -> str: ...


Tokenizer = Callable[[str], Iterable[_Token]]


def token_pattern(text: str, tokenizer: Tokenizer, *, exact: bool) -> list[dict[str, Any]]:
    """A spaCy Matcher pattern for `text`, split into tokens as `tokenizer` splits it.

    Tokens match case-insensitively, except where `exact` (names that are also ordinary words: "Patriot",
    "Turkey") and in acronyms, so that "US" does not match the pronoun "us". A four-or-more-letter acronym
    also matches its title-case spelling, as British style writes it ("Nato").
    """
    return [_token_spec(tok.text, exact) for tok in tokenizer(text)]


def _token_spec(token: str, exact: bool) -> dict[str, Any]:
    if exact:
        return {"ORTH": token}
    if len(token) >= 2 and token.isalpha() and token.isupper():
        if len(token) >= 4:
            return {"ORTH": {"IN": [token, token.title()]}}
        return {"ORTH": token}
    return {"LOWER": token.lower()}


def needs_tokens(pattern: list[dict[str, Any]]) -> bool:
    """Whether a pattern matches by exact spelling somewhere (so a LOWER phrase pattern would not do)."""
    return any("ORTH" in spec for spec in pattern)


def merge_patterns(patterns: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Fewer token patterns that match exactly the same spans as `patterns`.

    The Matcher's cost grows with the number of patterns, so patterns with the same label and id that
    differ in one token only are joined into one with {"IN": [...]} at that token ("Shahed-136" and
    "Shahed-136s"; "North Korean-made" and "North Korean-built"), until no two differ in one token.
    """
    groups: dict[tuple[str, str, int], list[tuple[TokenSpec, ...]]] = {}
    for entry in patterns:
        specs = tuple(_spec(token) for token in entry["pattern"])
        groups.setdefault((entry["label"], entry["id"], len(specs)), []).append(specs)
    out: list[dict[str, Any]] = []
    for (label, ident, length), items in groups.items():
        for specs in _merge_group(list(dict.fromkeys(items)), length):
            out.append({"label": label, "pattern": [_unspec(spec) for spec in specs], "id": ident})
    return out


def _merge_group(items: list[tuple[TokenSpec, ...]], length: int) -> list[tuple[TokenSpec, ...]]:
    changed = True
    while changed and len(items) > 1:
        changed = False
        for k in reversed(range(length)):
            buckets: dict[tuple[object, ...], list[tuple[TokenSpec, ...]]] = {}
            for item in items:
                buckets.setdefault((item[:k], item[k + 1 :], item[k][0]), []).append(item)
            merged: list[tuple[TokenSpec, ...]] = []
            for bucket in buckets.values():
                if len(bucket) == 1:
                    merged.append(bucket[0])
                    continue
                changed = True
                first = bucket[0]
                values = frozenset().union(*(item[k][1] for item in bucket))
                merged.append((*first[:k], (first[k][0], values), *first[k + 1 :]))
            items = merged
    return items


def _spec(token: dict[str, Any]) -> TokenSpec:
    ((attr, value),) = token.items()
    if isinstance(value, dict):
        return attr, frozenset(value["IN"])
    return attr, frozenset([value])


def _unspec(spec: TokenSpec) -> dict[str, Any]:
    attr, values = spec
    if len(values) == 1:
        return {attr: next(iter(values))}
    return {attr: {"IN": sorted(values)}}
