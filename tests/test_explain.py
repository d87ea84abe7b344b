"""`dechrome explain`: every line (text dump) or block (HTML) with kept/dropped and why."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from deep_pages import deep_page

from cleaners.explain import explain, explain_dump, render_html
from cleaners.record import Article, Rejection
from flows.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
DUMP = FIXTURES / "dumps" / "de_stadtwerke.txt"
EXPECTED = json.loads((FIXTURES / "dumps" / "expected.json").read_text(encoding="utf-8"))
HTML = FIXTURES / "html" / "chrome_de.html"


def _by_text(verdicts: list) -> dict:
    return {v.text: v for v in verdicts}


def test_dump_lines_kept_are_the_record_body() -> None:
    result = explain(DUMP.read_bytes(), source_path=DUMP.name)
    assert isinstance(result.outcome, Article)
    assert result.kind == "text"
    assert [v.text for v in result.verdicts if v.kept] == EXPECTED[DUMP.name]["body"]
    assert all(v.reason for v in result.verdicts)
    assert all(v.score is not None for v in result.verdicts if not v.reason.startswith("ad"))


def test_dump_reasons_name_the_rule_or_features() -> None:
    verdicts = _by_text(explain_dump(DUMP.read_text(encoding="utf-8")))
    assert verdicts["von Katrin Albers"].reason.startswith("byline")
    assert "title" in verdicts["Stadtwerke erhöhen Fernwärmepreise zum Jahreswechsel"].reason
    facebook = verdicts["Facebook"]
    assert not facebook.kept and facebook.score < 0 and "chrome" in facebook.reason
    kept = verdicts[EXPECTED[DUMP.name]["body"][0]]
    assert kept.kept and kept.reason.startswith("in the article run")
    assert "line score" in kept.reason


def test_dump_without_article_is_all_dropped() -> None:
    raw = b"Home\nNews\nSport\n\nSearch\nSign in\n\nSection 1\nSection 2\nSection 3\n"
    result = explain(raw, source_path="menu.txt")
    assert isinstance(result.outcome, Rejection)
    assert result.outcome.reason == "no_article"
    assert result.verdicts and not any(v.kept for v in result.verdicts)
    assert all("no_article" in v.reason for v in result.verdicts)
    assert result.summary.startswith("rejected: no_article")


def test_html_blocks_kept_are_the_article_and_drops_have_generic_reasons() -> None:
    result = explain(HTML.read_bytes(), source_path=HTML.name)
    assert isinstance(result.outcome, Article)
    assert result.kind == "html"
    verdicts = _by_text(result.verdicts)
    kept = [v.text for v in result.verdicts if v.kept]
    assert len(kept) == 3 and all(text in result.outcome.text for text in kept)
    assert verdicts["Startseite Lokales"].reason.startswith("inside <nav>")
    assert "link density 1.00" in verdicts["Freibad öffnet früher"].reason
    assert "title" in verdicts["Stadtrat beschließt neue Radwege"].reason
    assert not verdicts["05.03.2024, 09:30 Uhr"].kept


def test_render_html_is_self_contained_and_escapes_text() -> None:
    raw = b"Home\n\n<b>A line & more</b> that is not markup at all, said the report.\n"
    page = render_html(explain(raw, source_path="x.txt"), "x.txt")
    assert "&lt;b&gt;A line &amp; more&lt;/b&gt;" in page
    assert "<script" not in page and "http" not in page
    assert 'class="dropped"' in page


def test_cli_explain_prints_verdicts_and_writes_html(tmp_path: Path, capsys) -> None:
    out = tmp_path / "explain.html"
    assert main(["explain", str(DUMP), "--html", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "KEPT" in printed and "DROP" in printed and "record: " in printed
    page = out.read_text(encoding="utf-8")
    assert 'class="kept"' in page and "Katrin Albers" in page


@pytest.mark.parametrize("name", ["x[/b].html", "[bold]o.html"])
def test_cli_explain_names_any_html_path_as_written(tmp_path: Path, capsys, name: str) -> None:
    """A path is no markup: '[/b]' raised MarkupError after writing, '[bold]' vanished."""
    out = tmp_path / name
    out.parent.mkdir(exist_ok=True)  # 'x[' holds 'b].html'
    assert main(["explain", str(DUMP), "--html", str(out)]) == 0
    assert out.is_file() and str(out) in capsys.readouterr().out.replace("\n", "")


@pytest.mark.parametrize(
    ("depth", "outcome"), [(1000, "record: "), (100_000, "rejected: too_large (HTML nested too")]
)
def test_cli_explain_a_deeply_nested_page(tmp_path: Path, capsys, depth: int, outcome: str) -> None:
    page = tmp_path / "deep.html"
    page.write_text(deep_page(depth), encoding="utf-8")
    assert main(["explain", str(page), "--html", str(tmp_path / "out.html")]) == 0
    printed = capsys.readouterr().out
    assert outcome in printed and ("KEPT" in printed) == (depth == 1000)


def test_cli_explain_missing_file(tmp_path: Path) -> None:
    assert main(["explain", str(tmp_path / "nope.txt")]) == 2


def test_cli_explain_to_an_html_path_it_cannot_write_says_so(tmp_path: Path, capsys) -> None:
    """--html into a missing folder (a typo): one line and exit 2, before the verdicts."""
    out = tmp_path / "no-such-folder" / "out.html"
    assert main(["explain", str(DUMP), "--html", str(out)]) == 2
    captured = capsys.readouterr()
    assert captured.err == f"dechrome: cannot write {out}: folder not found\n"
    assert not captured.out


def test_dump_ad_labels_are_shown_in_place_as_set_aside() -> None:
    lines = DUMP.read_text(encoding="utf-8").split("\n")
    body = EXPECTED[DUMP.name]["body"]
    at = lines.index(body[1])
    dump = "\n".join([*lines[:at], "", "Anzeige", "", *lines[at:]])
    verdicts = explain_dump(dump)
    texts = [v.text for v in verdicts]
    label = verdicts[texts.index("Anzeige")]
    assert not label.kept and label.reason.startswith("ad label")
    assert texts.index(body[0]) < texts.index("Anzeige") < texts.index(body[1])
    assert [v.text for v in verdicts if v.kept] == body


def test_dump_lines_of_a_list_leading_the_article_name_it() -> None:
    headlines = [f"Mayor opens the new bridge over the river in district {n}" for n in range(8)]
    text = DUMP.read_text(encoding="utf-8")
    verdicts = explain_dump("\n".join(headlines) + "\n\n" + text)
    cut = [v for v in verdicts if v.text in headlines]
    assert cut and not any(v.kept for v in cut)
    kept = [v.text for v in verdicts if v.kept]
    assert kept == EXPECTED[DUMP.name]["body"]


def test_html_with_an_xml_declaration_is_explained_block_by_block() -> None:
    """An XHTML page opening with `<?xml ... encoding=...?>` is explained like without it
    (lxml refuses such a declaration in a str; the extractor's own parse does not)."""
    raw = HTML.read_bytes()
    declared = explain(b'<?xml version="1.0" encoding="UTF-8"?>\n' + raw, source_path=HTML.name)
    assert isinstance(declared.outcome, Article)
    assert declared.verdicts == explain(raw, source_path=HTML.name).verdicts


@pytest.mark.parametrize(
    ("name", "start", "step"),
    [
        ("tech_de.txt", "Das Bundesamt für Sicherheit", "share rows"),
        ("wiki_en.txt", "The Lindmoor Canal is", "table of contents"),
        ("recipe_de.txt", "1 kg festkochende Kartoffeln", "ingredient list"),
    ],
)
def test_a_dump_line_a_later_step_added_names_the_step(name: str, start: str, step: str) -> None:
    """Lines added to the decoder's run (a paragraph across share rows, a wiki's lead, a
    recipe's ingredients) were 'in the article run (bridges a gap)'."""
    text = (FIXTURES / "articles" / name).read_text(encoding="utf-8")
    verdict = next(v for v in explain_dump(text) if v.text.startswith(start))
    assert verdict.kept
    assert verdict.reason.startswith("in the article run, added after the decoder")
    assert step in verdict.reason
