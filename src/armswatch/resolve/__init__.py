"""Cross-document resolution: fusion of events into incidents, corroboration by origin, contradictions.

Pure decisions over records (`views.EventView`); the store asks them and keeps the answers with the rule
that gave them.
"""

from armswatch.resolve.contradictions import IncidentParties, contradicts
from armswatch.resolve.corroboration import Corroboration, Origin, Report, corroborate
from armswatch.resolve.fusion import Comparison, Decision, FusionConfig, choose, compare
from armswatch.resolve.views import EventView, Interval, interval_of, view_of

__all__ = [
    "Comparison",
    "Corroboration",
    "Decision",
    "EventView",
    "FusionConfig",
    "IncidentParties",
    "Interval",
    "Origin",
    "Report",
    "choose",
    "compare",
    "contradicts",
    "corroborate",
    "interval_of",
    "view_of",
]
