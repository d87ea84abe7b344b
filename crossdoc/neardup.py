"""Near-duplicate groups: a new text joins the group of every earlier text whose
estimated shingle Jaccard reaches NEAR_DUP_JACCARD; a group's root is its earliest member."""

from __future__ import annotations

import sqlite3

import numpy as np

from crossdoc.settings import MAX_NEAR_CANDIDATES, NEAR_DUP_JACCARD
from crossdoc.shingles import band_keys, jaccard

OrderKey = tuple[str, str, str]  # (first run, source_path, source_member)


def near_copies(db: sqlite3.Connection, doc_id: str, sig: np.ndarray) -> list[str]:
    """Ids of stored documents whose text is a near copy of the signature's."""
    keys = band_keys(sig)
    marks = ",".join("?" * len(keys))
    candidates = db.execute(
        f"SELECT id, COUNT(*) AS hits FROM bands WHERE key IN ({marks}) AND id != ?"
        " GROUP BY id ORDER BY hits DESC LIMIT ?",
        (*keys, doc_id, MAX_NEAR_CANDIDATES),
    ).fetchall()
    found = []
    for candidate, _ in candidates:
        (blob,) = db.execute("SELECT signature FROM docs WHERE id = ?", (candidate,)).fetchone()
        if jaccard(sig, np.frombuffer(blob, dtype=np.uint32)) >= NEAR_DUP_JACCARD:
            found.append(candidate)
    return found


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
    for old in roots - {root}:
        db.execute("UPDATE docs SET near_root = ? WHERE near_root = ?", (root, old))
    return root


def order_key(db: sqlite3.Connection, doc_id: str) -> OrderKey:
    return db.execute(
        "SELECT run, source_path, source_member FROM docs WHERE id = ?", (doc_id,)
    ).fetchone()


def index_signature(db: sqlite3.Connection, doc_id: str, sig: np.ndarray) -> None:
    db.execute("DELETE FROM bands WHERE id = ?", (doc_id,))
    db.executemany(
        "INSERT INTO bands(key, id) VALUES (?, ?)", [(k, doc_id) for k in band_keys(sig)]
    )
