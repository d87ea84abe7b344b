"""`dechrome stories`: the stories of an output folder, as its records name and count them.

The links state keeps every document it was given, also one whose record is gone since
(its file now holds no article), and the story ids it gave; the records carry the ids the
store gave them (a story whose first record is gone is named by its earliest record left,
`OutputStore._reroot_gone`). So the state's stories are listed over the records that
exist, under the id those carry.
"""

from __future__ import annotations

from pathlib import Path

from crossdoc.linker import STATE_FILE, story_summary
from crossdoc.state import connect, read_only_uri
from flows.store import HELD, INDEX_FILE, STATE_DIR

# the state's documents that have a record, and the story id that record carries
_RECORDS = f"docs d JOIN records.files f ON f.record_id = d.id AND f.status IN {HELD}"


def listed_stories(out_dir: Path, limit: int | None = None) -> list[dict]:
    """Stories of the records in out_dir, largest first: size, first title, sites, time
    span (as `crossdoc.Linker.stories`, over the records that exist)."""
    state = Path(out_dir) / STATE_DIR
    db = connect(state / STATE_FILE, read_only=True)  # another version: StateVersionError
    try:
        db.execute("ATTACH DATABASE ? AS records", (read_only_uri(state / INDEX_FILE),))
        rows = db.execute(
            f"SELECT d.story, COUNT(*), MIN(d.day), MAX(d.day) FROM {_RECORDS}"
            " WHERE d.story IS NOT NULL GROUP BY d.story ORDER BY COUNT(*) DESC, MIN(d.num)"
            " LIMIT ?",
            (-1 if limit is None else limit,),
        ).fetchall()
        listed = []
        for story, size, first, last in rows:
            members = db.execute(  # the first to arrive names the story
                f"SELECT f.story_id, d.title, d.site, d.run, d.source_path, d.source_member"
                f" FROM {_RECORDS} WHERE d.story = ? ORDER BY d.num",
                (story,),
            ).fetchall()
            in_order = sorted(members, key=lambda member: member[3:])  # the first title's
            titles = [(title, site) for _, title, site, *_ in in_order]
            listed.append(story_summary(members[0][0], size, titles, first, last))
        return listed
    finally:
        db.close()
