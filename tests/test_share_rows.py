"""Share rows inside an article's dump (`chrome.is_share_line`): a row of share buttons
flattened to one line is chrome, and a paragraph after it stays with the article
(`strip.dump.rejoined`)."""

from __future__ import annotations

from pathlib import Path

from cleaners.chrome import is_chrome_line, is_share_line
from cleaners.pipeline import clean
from cleaners.record import Article

TECH_NEWS = Path(__file__).parent / "fixtures" / "articles" / "tech_de.txt"


def test_share_rows_are_chrome_lines() -> None:
    for row in (
        "Teilen Facebook X WhatsApp E-Mail Drucken",
        "Share Facebook X LinkedIn Email Copy link",
        "Facebook Twitter",
    ):
        assert is_share_line(row), row
        assert is_chrome_line(row, dump=True), row
    for line in ("Facebook and Twitter were down on Monday.", "X marks the spot", "___"):
        assert not is_share_line(line), line


def test_a_paragraph_after_a_share_row_stays_with_the_article() -> None:
    """A short news item with share rows under its lead and before its last paragraph,
    and an inline "Lesen Sie auch:" link: every paragraph is kept, no share row."""
    record = clean(TECH_NEWS.read_bytes(), source_path=TECH_NEWS.name)
    assert isinstance(record, Article), record.detail
    assert "Facebook" not in record.text
    assert record.text.rstrip().endswith("nur einzuschalten, wenn sie gebraucht werden.")
    assert "Entdeckt hat die Schwachstelle" in record.text
