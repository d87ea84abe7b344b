"""Fetch times as ISO 8601 UTC strings."""

from __future__ import annotations

import re
from datetime import UTC, datetime

# A WARC-Date in UTC, kept as written (WARC 1.1 allows nanoseconds, which datetime drops)
_UTC_ISO = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z")


def iso_utc(value: object) -> str | None:
    """ISO 8601 UTC ('...Z') of a date string or a Unix time; None if it is neither.

    A string already in that form (WARC-Date) is kept as written; other forms in UTC
    ('20160919T180353Z', '2016-09-19 18:03:53z') are written in it.
    """
    if isinstance(value, bool) or value is None:
        return None
    try:
        if isinstance(value, int | float):
            moment = datetime.fromtimestamp(value, UTC)
        elif isinstance(value, str):
            text = value.strip()
            text = text[:-1] + "Z" if text.endswith("z") else text
            if _UTC_ISO.fullmatch(text):
                return text
            moment = datetime.fromisoformat(text)
        else:
            return None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)  # no zone given: UTC, as WARC and crawlers write
        moment = moment.astimezone(UTC)  # may leave years 1-9999: no time then
    except (ValueError, OverflowError, OSError):
        return None
    return moment.isoformat().replace("+00:00", "Z")
