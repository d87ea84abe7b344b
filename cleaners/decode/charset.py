"""Which encoding raw bytes are in: declared charsets, and undeclared legacy code pages.

A detector's first guess confuses code pages of one script (cp1250/iso-8859-2,
cp1251/koi8-r), so each legacy candidate is decoded and the most plausible text wins:
no C1 controls, no symbols inside words, one script per word, letters of one language's
alphabet, upper case mostly at word starts. When no single-byte reading is flawless,
charset-normalizer's guess is scored too (multi-byte legacy encodings: Shift_JIS, GBK, ...).
"""

from __future__ import annotations

import codecs
import itertools
import re
import unicodedata
from collections import Counter

from charset_normalizer import from_bytes

from cleaners.decode.alphabets import ALPHABETS
from cleaners.settings import (
    CHARSET_SAMPLE_SPAN,
    CHARSET_SAMPLE_WORDS,
    CONFIDENT_IMPLAUSIBILITY,
    DECLARATION_SPAN,
    DECLARED_CHARSET_BONUS,
    LEGACY_CANDIDATES,
    MAX_IMPLAUSIBILITY,
    WHATWG_SUPERSETS,
)

_DECLARED = re.compile(
    rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']?([\w.:-]+)"""
    rb"""|<meta[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)""",
    re.IGNORECASE,
)
# Python codecs that are no page's charset (escapes, transforms, platform-only).
_NOT_CHARSETS = frozenset(
    {"unicode-escape", "raw-unicode-escape", "idna", "punycode", "undefined", "utf-7", "mbcs"}
    | {"oem", "charmap"}
)
# Non-letters that sit next to letters in correct text.
_WORD_PUNCTUATION = frozenset("‚“”„«»‹›–—…•°§¿¡\u00a0")
_MID_WORD = frozenset("’‘ʼ·\u00ad")  # apostrophes, Catalan l·l, soft hyphen
_AFTER_WORD = frozenset("©®™°′″‰²³¹")  # Brand®, m², 5′


def canonical(name: str) -> str | None:
    """Python codec name for a charset label (WHATWG supersets applied), None if unknown."""
    try:
        info = codecs.lookup(name.strip())
    except LookupError:
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_CHARSETS:
        return None
    return WHATWG_SUPERSETS.get(info.name, info.name)


def declared_charset(data: bytes) -> str | None:
    """Charset named by an XML declaration or a <meta> tag in the first bytes, if any."""
    match = _DECLARED.search(data[:DECLARATION_SPAN])
    if not match:
        return None
    return canonical((match.group(1) or match.group(2)).decode("ascii"))


def detect_legacy(data: bytes, *declared: str | None) -> str | None:
    """Codec of non-UTF-8 bytes: the most plausible candidate, else the detector's guess.

    Declared charsets (an HTTP header's, a <meta> tag's; None for none) are candidates with a
    head start (DECLARED_CHARSET_BONUS), so only a clearly better reading overrides them.
    """
    sample = _sample(data)
    scored: list[tuple[float, int, str]] = []
    seen: set[str] = set()
    named = list(dict.fromkeys(name for name in declared if name))
    candidates = named + list(LEGACY_CANDIDATES)
    for rank, encoding in enumerate(candidates):
        try:
            text = sample.decode(encoding)
        except (UnicodeError, LookupError):
            continue
        if text in seen:  # same letters as an earlier (preferred) candidate
            continue
        seen.add(text)
        bonus = DECLARED_CHARSET_BONUS if rank < len(named) else 0.0
        scored.append((implausibility(text) - bonus, rank, encoding))
        if scored[-1][0] <= 0:  # flawless: no later candidate can rank before it
            break
    ranked = [(score, encoding) for score, _, encoding in sorted(scored)]
    best = next(((s, e) for s, e in ranked if s <= MAX_IMPLAUSIBILITY and _decodes(data, e)), None)
    if best is not None and best[0] <= CONFIDENT_IMPLAUSIBILITY:
        return canonical(best[1])
    guess = from_bytes(data).best()
    if guess is not None and canonical(guess.encoding) is not None:
        score = implausibility(sample.decode(guess.encoding, "replace"))
        if best is None or score < best[0]:
            return canonical(guess.encoding)
    return canonical(best[1]) if best is not None else None


def implausibility(text: str) -> float:
    """Penalty per non-ASCII character of text: 0 for ordinary prose, higher for mojibake."""
    tokens = [token for token in text.split() if not token.isascii()]
    counts = Counter(ch.lower() for token in tokens for ch in token if ord(ch) > 0x7F)
    non_ascii = counts.total()
    if not non_ascii:
        return 0.0
    penalty = sum(_token_penalty(token) for token in tokens) + 2 * _lone_halfwidth_kana(counts)
    # Only scripts with an alphabet listed; a kana or hangul reading is judged by the rest.
    letters = {ch: n for ch, n in counts.items() if ch.isalpha() and ch < "\u0530"}
    if letters:
        penalty += 2 * min(  # letters no language writes together weigh like symbols
            sum(n for ch, n in letters.items() if ch not in alphabet)
            for alphabet in ALPHABETS.values()
        )
    return penalty / non_ascii


def _lone_halfwidth_kana(counts: Counter[str]) -> int:
    """Half-width katakana in a text without full-width kana: Japanese prose writes kana
    full-width, while single-byte code pages (KOI8-R, Latin ones) read as Shift_JIS give
    half-width katakana and nothing else."""
    if any("\u3040" <= ch < "\u3100" for ch in counts):
        return 0
    return sum(n for ch, n in counts.items() if "\uff61" <= ch < "\uffa0")


def _token_penalty(token: str) -> float:
    """Controls (4), non-letters inside, before or after a word (2), scripts mixed (2),
    box drawing (1), upper case inside a word (0.5)."""
    penalty = 0.0
    scripts = set()
    last = len(token) - 1
    for i, ch in enumerate(token):
        if ch.isalpha():
            scripts.add(_script(ch))
            if ch.isupper() and i and token[i - 1].isalpha():
                penalty += 0.5
            continue
        if ch.isascii() or ch in _MID_WORD:
            continue
        before = i > 0 and _spaced_letter(token[i - 1])
        after = i < last and _spaced_letter(token[i + 1])
        if unicodedata.category(ch)[0] == "C" or ch == "\ufffd":
            penalty += 4
        elif before and after:
            penalty += 2
        elif ch in _WORD_PUNCTUATION:
            continue
        elif after or (before and ch not in _AFTER_WORD):
            penalty += 2
        elif "\u2500" <= ch < "\u25a0":  # box drawing: KOI8 or DOS graphics, not prose
            penalty += 1
    return penalty + (2 if len(scripts) > 1 else 0)


def _spaced_letter(ch: str) -> bool:
    """A letter of a script that separates words by spaces (not CJK, whose punctuation
    sits between letters)."""
    return ch.isalpha() and (ch < "\u2e80" or ch >= "\uac00")


def _script(ch: str) -> str:
    code = ord(ch)
    if 0x370 <= code < 0x400:
        return "greek"
    if 0x400 <= code < 0x530:
        return "cyrillic"
    return "latin" if code < 0x250 else "other"


def _sample(data: bytes) -> bytes:
    """The first CHARSET_SAMPLE_WORDS words holding non-ASCII bytes: all the evidence there is."""
    words = (word for word in data[:CHARSET_SAMPLE_SPAN].split() if not word.isascii())
    return b" ".join(itertools.islice(words, CHARSET_SAMPLE_WORDS))


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except (UnicodeError, LookupError):
        return False
    return True
