"""journeys: citizens' cradle-to-grave journeys through public services as event streams.

The public API is re-exported here; import from ``journeys`` rather than its modules.
"""

from journeys.application import JourneyApp, retry_on_conflict
from journeys.bodies import Body, Boundary, Catalogue, Nation, Tier
from journeys.data import uk_catalogue
from journeys.errors import (
    AnalysisError,
    CaseAlreadyOpenError,
    CatalogueError,
    ConflictError,
    DuplicateHandoffError,
    EventLogError,
    HandoffAlreadyAnsweredError,
    HandoffNotAcceptedError,
    InputError,
    InvalidValueError,
    JourneyEndedError,
    JourneyNotFoundError,
    JourneyRuleError,
    JourneysError,
    SelfHandoffError,
    StoreError,
    TimeWentBackwardsError,
    UnknownBodyError,
    UnknownCaseError,
    UnknownHandoffError,
)
from journeys.journey import CaseKey, Handoff, HandoffStatus, Journey, journey_id
from journeys.life import Life

__version__ = "0.1.0"

__all__ = [
    "AnalysisError",
    "Body",
    "Boundary",
    "CaseAlreadyOpenError",
    "CaseKey",
    "Catalogue",
    "CatalogueError",
    "ConflictError",
    "DuplicateHandoffError",
    "EventLogError",
    "Handoff",
    "HandoffAlreadyAnsweredError",
    "HandoffNotAcceptedError",
    "HandoffStatus",
    "InputError",
    "InvalidValueError",
    "Journey",
    "JourneyApp",
    "JourneyEndedError",
    "JourneyNotFoundError",
    "JourneyRuleError",
    "JourneysError",
    "Life",
    "Nation",
    "SelfHandoffError",
    "StoreError",
    "Tier",
    "TimeWentBackwardsError",
    "UnknownBodyError",
    "UnknownCaseError",
    "UnknownHandoffError",
    "__version__",
    "journey_id",
    "retry_on_conflict",
    "uk_catalogue",
]
