"""langdetect's detector with its two inner loops made cheaper, answers unchanged.

langdetect spends a detection in two pure-Python loops: n-gram extraction (every character
normalized anew through `NGram.normalize`) and the random trials (per sampled n-gram, a
Python loop over the ~55 languages). `FastDetector` does the same steps on the same data:
the same n-grams in the same order, the same random draws, and the same float operations
on each language's probability (element-wise in numpy; the sum that normalizes them is
Python's own `sum`, as in langdetect), so its probabilities equal langdetect's exactly
(tests/test_langid.py compares them with `Detector`'s).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, lru_cache

import numpy as np
from langdetect.detector import Detector
from langdetect.detector_factory import DetectorFactory
from langdetect.lang_detect_exception import ErrorCode, LangDetectException
from langdetect.utils.ngram import NGram

_normalized = cache(NGram.normalize)  # a pure function of one character


class FastDetector(Detector):
    """`langdetect.detector.Detector`, same results, cheaper `_detect_block`."""

    def __init__(self, factory: DetectorFactory) -> None:
        super().__init__(factory)
        self.factory = factory

    def _extract_ngrams(self) -> list[str]:
        """`Detector._extract_ngrams` with `NGram.add_char` inlined."""
        known = self.word_lang_prob_map
        ngrams: list[str] = []
        grams, capital = " ", False
        for ch in self.text:
            ch = _normalized(ch)
            last = grams[-1]
            if last == " ":
                grams, capital = " ", False
                if ch == " ":
                    continue
            elif len(grams) >= NGram.N_GRAM:
                grams = grams[1:]
            grams += ch
            if not ch.isupper():
                capital = False
            elif last.isupper():
                capital = True
            if capital:
                continue
            for n in range(1, min(len(grams), NGram.N_GRAM) + 1):
                gram = grams[-n:]
                if gram != " " and gram in known:
                    ngrams.append(gram)
        return ngrams

    def _detect_block(self) -> None:
        """`Detector._detect_block` with `_update_lang_prob` and `_normalize_prob` inlined
        on arrays."""
        self.cleaning_text()
        ngrams = self._extract_ngrams()
        if not ngrams:
            raise LangDetectException(ErrorCode.CantDetectError, "No features in text.")
        profile = _profile_arrays(self.factory)
        self.langprob = [0.0] * len(self.langlist)
        self.random.seed(self.seed)
        choice = self.random.choice
        for _ in range(self.n_trial):
            prob = np.array(self._init_probability())
            alpha = self.alpha + self.random.gauss(0.0, 1.0) * self.ALPHA_WIDTH
            weight = alpha / self.BASE_FREQ
            i = 0
            while True:
                prob *= weight + profile(choice(ngrams))
                if i % 5 == 0:
                    prob /= sum(prob.tolist())  # Python's sum: langdetect's rounding
                    if prob.max() > self.CONV_THRESHOLD or i >= self.ITERATION_LIMIT:
                        break
                i += 1
            for j, p in enumerate(prob.tolist()):
                self.langprob[j] += p / self.n_trial


@cache
def _profile_arrays(factory: DetectorFactory) -> Callable[[str], np.ndarray]:
    """A lookup of an n-gram's probabilities per language in factory's profiles, as an
    array (the arrays of the n-grams met most recently cached)."""

    @lru_cache(maxsize=1 << 12)  # about 2 MB
    def profile(gram: str) -> np.ndarray:
        return np.array(factory.word_lang_prob_map[gram])

    return profile
