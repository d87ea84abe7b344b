"""The end of a run, in the index: raw files the run did not see are marked deleted,
exact duplicates are linked, and the cross-document links are taken from the links state.
Each marks the shards whose records change dirty; compaction rewrites them."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from crossdoc.neardup import EARLIEST_FIRST
from flows.store.index import (
    HELD,
    mark_stale,
    rejection_path,
    remove_stale_rejections,
    transaction,
)


def mark_deleted(db: sqlite3.Connection, run_id: str, rejected_dir: Path) -> int:
    """Rows of raw files the run did not see: a record is kept, marked deleted; a rejection
    goes with its file. Returns the records marked deleted."""
    gone = db.execute(
        "SELECT source_path, source_member, status, shard FROM files"
        " WHERE (seen_run IS NULL OR seen_run != ?) AND status != 'deleted'",
        (run_id,),
    ).fetchall()
    with transaction(db):
        for source_path, member, status, shard in gone:
            key = (source_path, member)
            if status == "record":
                db.execute(
                    "UPDATE files SET status = 'deleted'"
                    " WHERE source_path = ? AND source_member = ?",
                    key,
                )
                db.execute("UPDATE shards SET dirty = 1 WHERE name = ?", (shard,))
            else:
                db.execute("DELETE FROM files WHERE source_path = ? AND source_member = ?", key)
                if status == "rejected":
                    mark_stale(db, rejection_path(rejected_dir, source_path, member))
    remove_stale_rejections(db)
    return sum(1 for *_, status, _ in gone if status == "record")


def link_duplicates(db: sqlite3.Connection) -> None:
    """duplicate_of = id of the record with the same text and the smallest source_path
    (in a container: the earliest member); a deleted file's record too names that one
    (or none), never a record that is gone."""
    kept = f"status IN {HELD}"
    rows = db.execute(
        "SELECT source_path, source_member, record_id, content_hash, duplicate_of, shard,"
        f" status FROM files WHERE {kept} AND (duplicate_of IS NOT NULL OR content_hash IN ("
        f"  SELECT content_hash FROM files WHERE {kept}"
        "  GROUP BY content_hash HAVING COUNT(*) > 1))"
        " ORDER BY content_hash, source_path, member_order, source_member"
    ).fetchall()
    canonical = {  # earliest path wins
        h: rid for (_, _, rid, h, *_, status) in reversed(rows) if status == "record"
    }
    with transaction(db):
        for source_path, member, rid, content_hash, current, shard, _ in rows:
            wanted = canonical.get(content_hash)
            wanted = None if wanted == rid else wanted
            if wanted != current:
                db.execute(
                    "UPDATE files SET duplicate_of = ? WHERE source_path = ? AND source_member = ?",
                    (wanted, source_path, member),
                )
                db.execute("UPDATE shards SET dirty = 1 WHERE name = ?", (shard,))


def take_links(db: sqlite3.Connection, links_db: Path) -> int:
    """Records whose near-duplicate or story link changed in links_db (a SQLite file with a
    view `links(id, near_duplicate_of, story_id)`: a group or story merged into an older one)
    get the new links. Returns how many changed."""
    db.execute("ATTACH DATABASE ? AS crossdoc", (str(links_db),))
    try:
        _reroot_gone(db)
        changed = db.execute(
            "WITH l AS (SELECT x.id,"
            " NULLIF(COALESCE(rn.root, x.near_duplicate_of), x.id) AS near_duplicate_of,"
            " COALESCE(rs.root, x.story_id) AS story_id FROM crossdoc.links x"
            " LEFT JOIN temp.rerooted rn ON rn.kind = 'near' AND rn.gone = x.near_duplicate_of"
            " LEFT JOIN temp.rerooted rs ON rs.kind = 'story' AND rs.gone = x.story_id)"
            " SELECT f.record_id, f.shard, l.near_duplicate_of, l.story_id"
            " FROM files f JOIN l ON l.id = f.record_id"
            f" WHERE f.status IN {HELD} AND (f.near_duplicate_of IS NOT"
            " l.near_duplicate_of OR f.story_id IS NOT l.story_id)"
        ).fetchall()
        with transaction(db):
            for rid, shard, near_duplicate_of, story_id in changed:
                db.execute(
                    "UPDATE files SET near_duplicate_of = ?, story_id = ? WHERE record_id = ?",
                    (near_duplicate_of, story_id, rid),
                )
                db.execute("UPDATE shards SET dirty = 1 WHERE name = ?", (shard,))
            db.execute(  # where the state has each record (relink's order)
                "UPDATE files SET link_run = d.run, link_num = d.num FROM crossdoc.docs d"
                f" WHERE d.id = files.record_id AND files.status IN {HELD}"
                " AND (files.link_num IS NOT d.num OR files.link_run IS NOT d.run)"
            )
    finally:
        db.execute("DROP TABLE IF EXISTS temp.rerooted")
        db.execute("DETACH DATABASE crossdoc")
    return len(changed)


def _reroot_gone(db: sqlite3.Connection) -> None:
    """temp.rerooted(kind, gone, root): a near-duplicate group or story whose first
    record is gone (its file now holds no article) is named by its earliest record left,
    so that every link names a record (`dechrome check`); the links state keeps its ids."""
    db.execute(
        "CREATE TEMP TABLE IF NOT EXISTS rerooted (kind TEXT, gone TEXT, root TEXT,"
        " PRIMARY KEY (kind, gone))"
    )
    db.execute("DELETE FROM temp.rerooted")
    kept = "SELECT 1 FROM files k WHERE k.record_id = {} AND k.status IN " + HELD
    for kind, root_of, linked, earliest in (  # the docs_near_root index's rows
        ("near", "near_root", "near_root != id", EARLIEST_FIRST),
        ("story", "story", "story IS NOT NULL", "num"),  # a story's first to arrive
    ):
        gone = db.execute(  # each group's or story's id once (an index), not each doc's
            f"SELECT target FROM (SELECT DISTINCT {root_of} AS target FROM crossdoc.docs"
            f" WHERE {linked}) WHERE NOT EXISTS ({kept.format('target')})"
        ).fetchall()
        for (target,) in gone:
            (root,) = db.execute(
                f"SELECT (SELECT id FROM crossdoc.docs d WHERE {root_of} = ? AND {linked}"
                f" AND EXISTS ({kept.format('d.id')}) ORDER BY {earliest} LIMIT 1)",
                (target,),
            ).fetchone()
            db.execute("INSERT INTO temp.rerooted VALUES (?, ?, ?)", (kind, target, root))
