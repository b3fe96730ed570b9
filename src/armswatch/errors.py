"""One error root, named for what the caller should do."""

from __future__ import annotations


class ArmswatchError(Exception):
    """Root of every error armswatch raises on purpose."""


class InvalidDocument(ArmswatchError):
    """An input cannot be read as a document: binary, empty, undecodable, malformed, too large.

    The message names the file and the reason; a batch records it and goes on with the next input.
    """

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class InvalidKnowledge(ArmswatchError):
    """A knowledge data file has a bad entry; the message names the file, entry and field."""


class SpanMismatch(ArmswatchError):
    """A span's offsets do not index its text: a bug in whatever made it."""


class NotFound(ArmswatchError):
    """A named thing (file, document, incident) does not exist."""
