"""The cheaper langdetect detector gives langdetect's own probabilities, exactly."""

from __future__ import annotations

import pytest
from langdetect.detector import Detector
from langdetect.lang_detect_exception import LangDetectException

from cleaners.annotate import _factory
from cleaners.langid import FastDetector

TEXTS = [
    "The committee will publish its final report on the new railway line next spring.",
    "Der Ausschuss wird seinen Abschlussbericht über die neue Bahnstrecke im Frühjahr vorlegen.",
    "Le comité publiera son rapport final sur la nouvelle ligne ferroviaire au printemps.",
    "El comité publicará su informe final sobre la nueva línea ferroviaria en primavera.",
    "Výbor zveřejní závěrečnou zprávu o nové železniční trati příští jaro.",
    "委員会は来春、新しい鉄道路線に関する最終報告書を公表する。",
    "委员会将于明年春天发布关于新铁路线的最终报告。",
    "Комитет опубликует итоговый доклад о новой железнодорожной линии весной.",
    "NASA and the ESA said: THE LAUNCH IS DELAYED. Ça va? Ţara şi ție, ș ț. https://x.org a@b.cd",
    "a",
    "Mixed: the report (der Bericht), le rapport, el informe, relatório — 2024-05-01, 12:30.",
]


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("seed", [0, 7])
def test_fast_detector_equals_langdetect(text: str, seed: int) -> None:
    factory = _factory()
    slow, fast = Detector(factory), FastDetector(factory)
    slow.seed = fast.seed = seed
    slow.append(text)
    fast.append(text)
    assert fast._extract_ngrams() == slow._extract_ngrams()
    expected = [(lang.lang, lang.prob) for lang in slow.get_probabilities()]
    assert [(lang.lang, lang.prob) for lang in fast.get_probabilities()] == expected
    assert fast.langprob == slow.langprob  # every probability, to the last bit


def test_fast_detector_fails_like_langdetect_without_features() -> None:
    fast = FastDetector(_factory())
    fast.append("1234 ... !!!")
    with pytest.raises(LangDetectException, match="No features"):
        fast.detect()
