"""Letters beyond ASCII that each language's text uses: a plausibility check for decodings.

A correct decoding of a legacy code page gives the letters of one language; a wrong one mixes
letters no single language uses together (Czech `ř` with Polish `ą`, Turkish `ç` with
Icelandic `ð`). Lower case only; Cyrillic and Greek alphabets are listed whole.
"""

from __future__ import annotations

_LATIN = {
    "de": "äöüß",
    "fr": "àâæçéèêëîïôœùûüÿ",
    "es": "áéíñóúü",
    "pt": "áâãàçéêíóôõú",
    "it": "àèéìíîòóù",
    "ca": "àçèéíïòóúü",
    "nl": "áéëïóöü",
    "fi": "äöåšž",
    "sv": "äöåé",
    "da": "æøåé",
    "is": "áðéíóúýþæö",
    "et": "äöõüšž",
    "pl": "ąćęłńóśźż",
    "cs": "áčďéěíňóřšťúůýž",
    "sk": "áäčďéíĺľňóôŕšťúýž",
    "sl": "čšžćđ",
    "hu": "áéíóöőúüű",
    "ro": "ăâîșțşţ",
    "tr": "âçğıîöşûü",
    "lt": "ąčęėįšųūž",
    "lv": "āčēģīķļņšūž",
    "sq": "çë",
    "vi": "àáâãèéêìíòóôõùúýăđĩũơư",
}
_CYRILLIC = {
    "ru": "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    "uk": "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя",
    "be": "абвгдеёжзійклмнопрстуўфхцчшыьэюя",
    "bg": "абвгдежзийклмнопрстуфхцчшщъьюя",
    "sr": "абвгдђежзијклљмнњопрстћуфхцчџш",
    "mk": "абвгдѓежзѕијклљмнњопрстќуфхцчџш",
}
_GREEK = {"el": "αβγδεζηθικλμνξοπρστυφχψωςάέήίόύώϊϋΐΰ"}

ALPHABETS: dict[str, frozenset[str]] = {
    lang: frozenset(letters) for lang, letters in (_LATIN | _CYRILLIC | _GREEK).items()
}
