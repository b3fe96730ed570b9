"""What is not the story: page furniture lines and publisher notices, as data.

Each entry is a regular expression matched against one whole stripped line (furniture) or searched in a
short paragraph (notices). Add a pattern here, not a special case in the code that uses them.
"""

from __future__ import annotations

import re

# A line that is nothing but one of these is dropped wherever it stands.
FURNITURE_LINES: tuple[str, ...] = (
    r"leave a (?:reply|comment)",
    r"(?:post|add|write) a comment",
    r"post comment",
    r"your email address will not be published\.?(?:\s*required fields are marked\s*\*)?",
    r"required fields are marked\s*\*",
    r"(?:comment|name|email|website)\s*\*",
    r"save my name,? email,? and website in this browser for the next time i comment\.?",
    r"notify me of (?:follow-up comments|new posts) by e-?mail\.?",
    r"(?:\d+\s+)?comments?(?:\s*\(\d+\))?",
    r"share(?: this(?: article| story| post| page)?)?\s*:?",
    r"share (?:on|via|to) (?:facebook|twitter|x|linkedin|whatsapp|telegram|reddit|e-?mail|pinterest)",
    r"click to (?:share|e-?mail|print)\b.{0,80}",
    r"(?:tweet|pin it|print|e-?mail|facebook|twitter|whatsapp|linkedin|telegram|reddit|copy link)",
    r"like this:|loading\.\.\.",
    r"related(?: articles| stories| posts| content| coverage| news)?\s*:?",
    r"(?:read more|read next|see also|more on this story)\s*:?",
    r"(?:you (?:may|might) also like|recommended(?: for you| stories)?|most (?:read|popular)"
    r"|trending(?: now)?)\s*:?",
    r"(?:subscribe|sign up) (?:to|for) (?:our|the) (?:\w+ )?newsletters?\b.{0,120}",
    r"advertisement|sponsored(?: content)?|skip to (?:main )?content|back to top",
    r"follow us on .{1,60}",
    r".{0,200}\bwe use cookies\b.{0,300}",
    r"(?:accept|reject|manage)(?: all)? cookies|cookie (?:settings|policy|preferences)",
)

# A line like these starts the block of furniture at the foot of a page: it and everything after it go
# (publisher notices found there are still recorded).
TAIL_MARKERS: tuple[str, ...] = (
    r"leave a (?:reply|comment)",
    r"(?:\d+\s+)?comments?(?:\s*\(\d+\))?",
    r"related(?: articles| stories| posts| content| coverage| news)?\s*:?",
    r"(?:you (?:may|might) also like|recommended(?: for you| stories)?|most (?:read|popular)|read next"
    r"|more (?:stories|articles|news) from .{1,60})\s*:?",
)

# A publisher's name as it appears in a notice: capitalised words, lowercase joiners only between them.
# An initialism keeps its dots ("U.S."); any other word ends at a full stop, which ends the name.
_WORD = r"(?:(?:[A-Z]\.){2,}|[A-Z][\w&'’-]*)"
_NAME = rf"(?P<pub>(?:[Tt]he\s+)?{_WORD}(?:(?:[ \t]+(?:of|the|and|for|&|de|du|la|el))*[ \t]+{_WORD})*)"

# What a notice speaks of, so that "the study, originally published in The Lancet" stays story.
_SUBJECT = (
    r"(?i:(?:^|\b(?:article|story|piece|report|post|essay|commentary|column|op-ed|version|content|interview)"
    r"\b[^.]{0,40}?\s))"
)

# Syndication, permission and copyright notices, strongest evidence of the publisher first, each with
# where it may stand: "any" (top or foot of the story) or "foot". A mission statement or copyright line
# at the top is more likely the story itself ("NATO’s mission is to deter…").
NOTICES: tuple[tuple[str, str], ...] = (
    (r"(?i:used with (?:the )?(?:kind )?permission (?:of|from))\s+" + _NAME, "any"),
    (
        r"(?i:(?:reprinted|republished|reproduced)(?: with (?:kind )?permission)?(?: from| by))\s+" + _NAME,
        "any",
    ),
    (
        _SUBJECT
        + r"(?i:(?:originally|first) (?:appeared|published|posted|ran)(?: (?:in|on|by|at))+)\s+"
        + _NAME,
        "any",
    ),
    (r"(?i:appeared first on)\s+" + _NAME, "any"),
    (_SUBJECT + r"(?i:(?:distributed|syndicated) by)\s+" + _NAME, "any"),
    (r"(?:^|[.!?]\s+)" + _NAME + r"['’]s mission is to\b", "foot"),
    (r"^(?:[Cc]opyright|COPYRIGHT|©|\([cC]\))\s*©?\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?,?\s+)?" + _NAME, "foot"),
)

# A paragraph longer than this is story, even if it mentions a permission.
MAX_NOTICE_CHARS = 600

_LINES = re.compile("|".join(f"(?:{p})" for p in FURNITURE_LINES), re.IGNORECASE)
_TAILS = re.compile("|".join(f"(?:{p})" for p in TAIL_MARKERS), re.IGNORECASE)
_NOTICES = tuple((re.compile(pattern), where) for pattern, where in NOTICES)


def is_furniture(line: str) -> bool:
    return _LINES.fullmatch(line.strip()) is not None


def is_tail_marker(line: str) -> bool:
    return _TAILS.fullmatch(line.strip()) is not None


def notice_publisher(paragraph: str, *, at_foot: bool = True) -> tuple[int, str] | None:
    """If `paragraph` is a publisher notice: (rank of the pattern that matched, publisher named)."""
    if len(paragraph) > MAX_NOTICE_CHARS:
        return None
    for rank, (pattern, where) in enumerate(_NOTICES):
        if where == "foot" and not at_foot:
            continue
        match = pattern.search(paragraph)
        if match:
            return rank, _tidy(match.group("pub"))
    return None


def _tidy(name: str) -> str:
    # "from the U.S. Naval Institute": the article belongs to the sentence, not the name.
    return name[4:] if name.startswith("the ") else name
