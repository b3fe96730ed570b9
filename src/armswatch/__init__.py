"""armswatch: news reports on arms transfers, strikes and sanctions → sourced, normalised event records."""

__version__ = "0.1.0"
