"""Quality rules a finished record must pass; used by `dechrome check`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ftfy.badness import is_bad
from pydantic import ValidationError

from cleaners.annotate import sha256_hex, word_count
from cleaners.chrome import is_chrome_line
from cleaners.normalize import is_normalized
from cleaners.record import Article


@dataclass(frozen=True)
class Failure:
    rule: str
    detail: str


def _schema(record: dict) -> str | None:
    try:
        Article.model_validate(record)
    except ValidationError as exc:
        return "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
    return None


def _non_empty_text(record: dict) -> str | None:
    return None if str(record.get("text") or "").strip() else "text is empty"


def _language_set(record: dict) -> str | None:
    return None if record.get("language") else "language is not set"


def _no_chrome(record: dict) -> str | None:
    for paragraph in str(record.get("text") or "").split("\n\n"):
        if is_chrome_line(paragraph):
            return f"chrome line in text: {paragraph[:80]!r}"
    return None


def _no_mojibake(record: dict) -> str | None:
    for paragraph in str(record.get("text") or "").split("\n\n"):
        if is_bad(paragraph):
            return f"mojibake (ftfy) in: {paragraph[:80]!r}"
    return None


def _normalized(record: dict) -> str | None:
    text = str(record.get("text") or "")
    return None if is_normalized(text) else "text is not normalized (NFC, spaces, paragraphs)"


def _consistent(record: dict) -> str | None:
    text = str(record.get("text") or "")
    if record.get("content_hash") != sha256_hex(text):
        return "content_hash does not match text"
    if record.get("word_count") != word_count(text):
        return "word_count does not match text"
    return None


RULES: dict[str, Callable[[dict], str | None]] = {
    "schema": _schema,
    "non_empty_text": _non_empty_text,
    "language_set": _language_set,
    "no_chrome": _no_chrome,
    "no_mojibake": _no_mojibake,
    "normalized": _normalized,
    "consistent": _consistent,
}


def check_record(record: dict) -> list[Failure]:
    """Every rule the record breaks (empty list: the record is good)."""
    failures = []
    for rule, check in RULES.items():
        detail = check(record)
        if detail is not None:
            failures.append(Failure(rule, detail))
    return failures
