"""Per-line character-class counts over joined lines equal per-line regex counts."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from cleaners.strip.charclass import JoinedLines, is_word_char

_LINE = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\n"), min_size=1
)


@given(st.lists(_LINE, min_size=1, max_size=6))
def test_runs_per_line_equal_findall(lines: list[str]) -> None:
    joined = JoinedLines("\n".join(lines))
    words = joined.runs_per_line(joined.of_class(is_word_char)).tolist()
    digits = joined.runs_per_line(joined.of_class(str.isdecimal)).tolist()
    assert words == [len(re.findall(r"\w+", line)) for line in lines]
    assert joined.runs(joined.of_class(is_word_char)) == re.findall(r"\w+", joined.text)
    assert digits == [len(re.findall(r"\d+", line)) for line in lines]


def test_counts_cover_astral_characters_and_ranges() -> None:
    lines = ["𝐀𝐁 x", "ab,c,", "日本語", "𝟙𝟚 3"]  # mathematical letters and digits
    joined = JoinedLines("\n".join(lines))
    assert joined.runs_per_line(joined.of_class(is_word_char)).tolist() == [2, 2, 1, 2]
    assert joined.runs_per_line(joined.of_class(str.isdecimal)).tolist() == [0, 0, 0, 2]
    assert joined.per_line(joined.codes == ord(",")).tolist() == [0, 2, 0, 0]
    flags = joined.classes((str.isdecimal, "b,".__contains__, str.isupper))
    assert joined.per_line((flags & 1) != 0).tolist() == [0, 0, 0, 3]
    assert joined.per_line((flags & 2) != 0).tolist() == [0, 3, 0, 0]
    assert joined.per_line((flags & 4) != 0).tolist() == [2, 0, 0, 0]
