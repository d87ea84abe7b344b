"""Fetch times as ISO 8601 UTC strings."""

from __future__ import annotations

from datetime import UTC, datetime


def iso_utc(value: object) -> str | None:
    """ISO 8601 UTC ('...Z') of a date string or a Unix time; None if it is neither.

    A string already in UTC with a 'Z' (WARC-Date) is kept as written.
    """
    if isinstance(value, bool) or value is None:
        return None
    try:
        if isinstance(value, int | float):
            moment = datetime.fromtimestamp(value, UTC)
        elif isinstance(value, str):
            moment = datetime.fromisoformat(value.strip())
            if value.strip().endswith("Z"):
                return value.strip()
        else:
            return None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)  # no zone given: UTC, as WARC and crawlers write
        moment = moment.astimezone(UTC)  # may leave years 1-9999: no time then
    except (ValueError, OverflowError, OSError):
        return None
    return moment.isoformat().replace("+00:00", "Z")
