"""Publication dates given in machine formats: ISO 8601 (JSON Lines, Atom) and RFC 822 (RSS)."""

from __future__ import annotations

from datetime import date, datetime
from email.utils import parsedate_to_datetime


def iso_date(value: str) -> date | None:
    """The calendar date of an ISO date or datetime, as written (no conversion to UTC); None if not ISO."""
    value = value.strip()
    try:
        return date.fromisoformat(value)
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(value).date()
    except ValueError:
        return None


def feed_date(value: str) -> date | None:
    """An RSS (RFC 822) or Atom (ISO 8601) date as written in the feed, in the publisher's own time zone."""
    try:
        return parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError):
        return iso_date(value)
