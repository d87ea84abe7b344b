"""The filter of LSH buckets: it never hides a bucket that holds documents."""

from __future__ import annotations

import random
from pathlib import Path

from cleaners.annotate import sha256_hex
from crossdoc import Doc, Linker
from crossdoc.bandfilter import BandFilter


def _keys(count: int, seed: int) -> list[int]:
    rng = random.Random(seed)
    return [rng.getrandbits(64) - 2**63 for _ in range(count)]


def test_every_key_added_may_be_held_and_most_others_are_not():
    added, others = _keys(5000, 1), _keys(5000, 2)
    found = BandFilter(bits=1 << 20)
    found.add(added)
    assert found.maybe_held(added) == added
    assert len(found.maybe_held(others)) < 50  # ~0.01% expected at this fill
    assert BandFilter(bits=1 << 20).maybe_held(added) == []


def _text(name: str) -> str:
    return " ".join(f"{name}{n} river{n % 7} town{n % 11}" for n in range(120))


def test_a_later_run_finds_copies_in_every_level(tmp_path: Path):
    path = tmp_path / "links.sqlite"
    levels = {"large": "", "middle": "middle_", "recent": "recent_"}
    with Linker(path) as linker:
        for name, level in levels.items():
            text = _text(name)
            linker.add(Doc(name, text, "r1", f"{name}.txt", content_hash=sha256_hex(text)))
            if level != "recent_":  # its band entries moved down, as `settle` does
                linker.db.execute(
                    f"INSERT INTO {level}bands SELECT * FROM recent_bands"
                    " WHERE doc = (SELECT num FROM docs WHERE id = ?)",
                    (name,),
                )
                linker.db.execute(
                    f"DELETE FROM recent_bands WHERE doc IN (SELECT doc FROM {level}bands)"
                )
    with Linker(path) as linker:  # the filter is built from the state on disk
        for name in levels:
            text = _text(name) + " edited"
            copy = Doc(f"{name}2", text, "r2", f"{name}2.txt", content_hash=sha256_hex(text))
            assert linker.add(copy).near_duplicate_of == name
