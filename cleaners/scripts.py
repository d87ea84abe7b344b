"""Unicode ranges of the scripts written without spaces between words, in one place."""

from __future__ import annotations

import re

KANA = "\u3040-\u30ff"  # hiragana and katakana
HAN = "\u3400-\u9fff"  # CJK ideographs (extension A and the unified block)
HANGUL = "\uac00-\ud7af"  # Hangul syllables
SOUTHEAST_ASIAN = "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff"  # Thai, Lao, Burmese, Khmer

# Kana, ideographs, Hangul syllables: one character is a good part of a word.
CJK = re.compile(f"[{KANA}{HAN}{HANGUL}]")
# Kana and ideographs: Chinese and Japanese put no spaces between words (Korean does).
UNSPACED = re.compile(f"[{KANA}{HAN}]")
# Thai, Lao, Burmese and Khmer put spaces between phrases only.
PHRASE_SPACED = re.compile(f"[{SOUTHEAST_ASIAN}]")
