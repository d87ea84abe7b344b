"""dechrome's cleaning library: raw scraped bytes in, canonical article record out.

No orchestration here: `clean(raw, source_path=...)` works in a notebook as in a flow.
"""

from cleaners.errors import CleanError, RejectReason
from cleaners.pipeline import clean
from cleaners.record import SCHEMA_VERSION, Article, Rejection

__all__ = ["SCHEMA_VERSION", "Article", "CleanError", "RejectReason", "Rejection", "clean"]
