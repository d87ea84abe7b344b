"""Annotate stage: language, counts, hashes and ids."""

from __future__ import annotations

import hashlib
import re
import threading
import unicodedata
from functools import cache

from langdetect import DetectorFactory, LangDetectException
from langdetect.detector_factory import PROFILES_DIRECTORY

from cleaners.langid import FastDetector
from cleaners.scripts import HAN, HANGUL, KANA, PHRASE_SPACED, UNSPACED
from cleaners.settings import (
    ID_NAMESPACE,
    LANGUAGE_SAMPLE_CHARS,
    LANGUAGE_SEED,
    SOUTHEAST_ASIAN_CHARS_PER_WORD,
    UNSPACED_CHARS_PER_WORD,
)

_WORD = re.compile(r"\w+")
# Combining marks of the Basic Multilingual Plane: a Devanagari vowel sign or virama is
# part of its word, not a break (`\w` leaves marks out).
_MARKS = "".join(
    re.escape(chr(code))
    for code in range(0x300, 0x10000)
    if unicodedata.category(chr(code))[0] == "M"
)
_MARKED_WORD = re.compile(f"\\w[\\w{_MARKS}]*")


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of text, or None; deterministic, bounded cost."""
    sample = _sample(text, LANGUAGE_SAMPLE_CHARS)
    if not _WORD.search(sample):
        return None
    detector = FastDetector(_factory())  # langdetect's answers, at less cost
    detector.append(sample)
    try:
        candidates = [found.lang for found in detector.get_probabilities()]
    except LangDetectException:
        return None
    if not candidates:
        return None
    code = next((lang for lang in candidates if _written_in_its_script(lang, sample)), None)
    if code is None:  # named Korean or Japanese, neither's script: Chinese characters
        code = "zh" if _HAN.search(sample) else candidates[0]
    return code.split("-")[0]  # zh-cn -> zh


# Korean is written in Hangul and Japanese with kana; langdetect's profiles of both also
# hold Chinese characters, and it names either for Chinese text with spaces between its
# words (menus, tables, headings): a text with neither script is neither language.
_HAN = re.compile(f"[{HAN}]")
_SCRIPT_OF = {
    "ko": re.compile(f"[{HANGUL}\u1100-\u11ff\u3130-\u318f]"),  # Hangul, jamo too
    "ja": re.compile(f"[{KANA}]"),
}


def _written_in_its_script(lang: str, sample: str) -> bool:
    script = _SCRIPT_OF.get(lang)
    return script is None or script.search(sample) is not None


_factory_lock = threading.Lock()


@cache
def _factory() -> DetectorFactory:
    """langdetect's profiles, loaded once (its own global loader races under threads)."""
    with _factory_lock:
        factory = DetectorFactory()
        factory.load_profile(PROFILES_DIRECTORY)
        factory.set_seed(LANGUAGE_SEED)
        return factory


def _sample(text: str, limit: int) -> str:
    """Up to limit characters, cut at the last white space if that is near the limit.
    (Chinese and Japanese put no spaces between words: their last space may come after
    a tenth of the limit, and the sample would be too short to tell the language.)"""
    if len(text) <= limit:
        return text
    cut = max(text.rfind(" ", 0, limit), text.rfind("\n", 0, limit))
    return text[: cut if cut >= limit * 0.9 else limit]


def word_count(text: str) -> int:
    """Words (letters and digits with their combining marks); in Chinese and Japanese,
    written without spaces, one word per UNSPACED_CHARS_PER_WORD characters, and in Thai,
    Lao, Burmese and Khmer one per SOUTHEAST_ASIAN_CHARS_PER_WORD (so a short article in
    them is not 'no_article')."""
    unspaced = len(UNSPACED.findall(text))
    phrased = len(PHRASE_SPACED.findall(text))
    if not unspaced and not phrased:
        return len(_MARKED_WORD.findall(text))
    spaced = len(_MARKED_WORD.findall(PHRASE_SPACED.sub(" ", UNSPACED.sub(" ", text))))
    return (
        spaced
        + -(-unspaced // UNSPACED_CHARS_PER_WORD)
        + -(-phrased // SOUTHEAST_ASIAN_CHARS_PER_WORD)
    )


def sha256_hex(data: bytes | str) -> str:
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def record_id(source_path: str, source_member: str | None = None) -> str:
    """Stable id of the record made from source_path (relative to the raw root) and, for a
    member of an archive or JSON Lines file, its source_member. A plain file's id depends on
    its path alone, as it always did."""
    key = source_path if source_member is None else f"{source_path}\x00{source_member}"
    return sha256_hex(ID_NAMESPACE + key)[:24]
