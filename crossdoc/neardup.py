"""Near-duplicate groups: a new text joins the group of every earlier text whose
estimated shingle Jaccard reaches NEAR_DUP_JACCARD; a group's root is its earliest member."""

from __future__ import annotations

import sqlite3

import numpy as np

from crossdoc.settings import MAX_NEAR_CANDIDATES, NEAR_DUP_JACCARD, RECENT_PER_BAND
from crossdoc.shingles import band_keys, jaccard
from crossdoc.state import latest_entries, latest_parameters, unindex

OrderKey = tuple[str, str, str]  # (first run, source_path, source_member)
EARLIEST_FIRST = "run, source_path, source_member"  # ORDER BY of docs: the order of OrderKey


def near_copies(db: sqlite3.Connection, sig: np.ndarray, keys: list[int]) -> list[str]:
    """Ids of stored documents whose text is a near copy of the signature's (whose band
    keys are keys). Each band reads its RECENT_PER_BAND latest documents only: a crowded
    bucket (a text copied thousands of times) costs no more than a small one, and its
    latest members are in the copies' group as much as its first ones."""
    if not keys:
        return []
    per_band = latest_entries("bands", "doc")
    nums = [
        num
        for num, _ in db.execute(
            f"SELECT doc, COUNT(*) AS hits FROM ({' UNION ALL '.join([per_band] * len(keys))})"
            " GROUP BY doc ORDER BY hits DESC, doc LIMIT ?",
            [
                *(value for key in keys for value in latest_parameters(key, RECENT_PER_BAND)),
                MAX_NEAR_CANDIDATES,
            ],
        )
    ]
    if not nums:
        return []
    rows = db.execute(
        f"SELECT id, signature FROM docs WHERE num IN ({','.join('?' * len(nums))})", nums
    )
    return [
        doc_id
        for doc_id, blob in rows
        if jaccard(sig, np.frombuffer(blob, dtype=np.uint32)) >= NEAR_DUP_JACCARD
    ]


def join_groups(db: sqlite3.Connection, doc_id: str, key: OrderKey, copies: list[str]) -> str:
    """Root of the doc's group: the earliest of the doc and the groups of its copies. The
    other groups' members move to it. Returns the root."""
    roots = {
        root
        for (root,) in db.execute(
            f"SELECT DISTINCT near_root FROM docs WHERE id IN ({','.join('?' * len(copies))})",
            copies,
        )
    }
    keyed = {doc_id: key} | {root: order_key(db, root) for root in roots}
    root = min(keyed, key=keyed.__getitem__)
    for old in roots - {root}:  # its copies (through the index of copies), then itself
        db.execute(
            "UPDATE docs SET near_root = ? WHERE near_root = ? AND near_root != id", (root, old)
        )
        db.execute("UPDATE docs SET near_root = ? WHERE id = ?", (root, old))
    return root


def leave_group(db: sqlite3.Connection, doc_id: str) -> None:
    """The doc's text changed: if it is its group's root, the group's earliest other member
    becomes the root (the doc joins a group again with its new text)."""
    earliest = db.execute(
        "SELECT id FROM docs WHERE near_root = ? AND near_root != id"
        f" ORDER BY {EARLIEST_FIRST} LIMIT 1",
        (doc_id,),
    ).fetchone()
    if earliest:
        db.execute(
            "UPDATE docs SET near_root = ? WHERE near_root = ? AND near_root != id",
            (earliest[0], doc_id),
        )


def order_key(db: sqlite3.Connection, doc_id: str) -> OrderKey:
    return db.execute(
        "SELECT run, source_path, source_member FROM docs WHERE id = ?", (doc_id,)
    ).fetchone()


def index_signature(db: sqlite3.Connection, num: int, keys: list[int]) -> None:
    db.executemany(
        "INSERT OR IGNORE INTO recent_bands(key, doc) VALUES (?, ?)", [(k, num) for k in keys]
    )


def unindex_signature(db: sqlite3.Connection, num: int, sig: np.ndarray) -> None:
    unindex(db, "bands", [(k, num) for k in band_keys(sig)])
