"""Counts over a whole output folder, read from its index (the run report's totals)."""

from __future__ import annotations

import sqlite3

from flows.store.index import HELD


def totals(db: sqlite3.Connection) -> dict[str, object]:
    """Records, deleted, rejected, duplicates, languages, rejection reasons and links."""
    count = dict(db.execute("SELECT status, COUNT(*) FROM files GROUP BY status"))
    return {
        "records": count.get("record", 0),
        "deleted": count.get("deleted", 0),
        "rejected": count.get("rejected", 0),
        "duplicates": db.execute(
            "SELECT COUNT(*) FROM files WHERE status='record' AND duplicate_of IS NOT NULL"
        ).fetchone()[0],
        "languages": dict(
            db.execute(
                "SELECT COALESCE(language, 'unknown'), COUNT(*) FROM files"
                " WHERE status = 'record' GROUP BY 1 ORDER BY 2 DESC"
            )
        ),
        "rejections": dict(
            db.execute(
                "SELECT reason, COUNT(*) FROM files WHERE status = 'rejected'"
                " GROUP BY reason ORDER BY 2 DESC"
            )
        ),
    } | _link_totals(db)


def _link_totals(db: sqlite3.Connection) -> dict[str, int]:
    """Near-duplicate groups (of two or more records), stories and the largest story's
    size, over the records as the last run's end linked them (the links state counts
    also the documents whose record is gone since)."""
    kept = f"status IN {HELD}"
    (groups,) = db.execute(
        f"SELECT COUNT(DISTINCT near_duplicate_of) FROM files WHERE {kept}"
    ).fetchone()
    stories, largest = db.execute(
        f"SELECT COUNT(*), COALESCE(MAX(size), 0) FROM (SELECT COUNT(*) AS size FROM files"
        f" WHERE {kept} AND story_id IS NOT NULL GROUP BY story_id)"
    ).fetchone()
    return {"near_duplicate_groups": groups, "stories": stories, "largest_story": largest}
