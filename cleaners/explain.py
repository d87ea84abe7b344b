"""Why each line (text dump) or block (HTML) of a raw file was kept or dropped.

`explain(raw)` runs the same stages as `clean()` and returns one `Verdict` per line of a
text dump or per text block of an HTML page, with the rule, score or feature that decided,
and the file's outcome (record or rejection). Text dumps are explained from the strip
stage's own scores and decisions. HTML is explained from the outside, so it holds whatever
the extractor does inside: the page is split into block-level elements, a block is kept if
its text is in `extract_html`'s output, and the reason comes from generic block features
(where it sits, link density, word count, sentence end, known chrome phrase).
"""

from __future__ import annotations

import html as html_escape
import re
from dataclasses import dataclass

import numpy as np
from lxml.etree import _Element

from cleaners.byline import MAX_BYLINE_WORDS, byline_names
from cleaners.chrome import DUMP_END_MARKERS, is_chrome_line, is_leaked_markup
from cleaners.decode.decoder import decode
from cleaners.errors import CleanError
from cleaners.extract.html import extract_html, rule_verdicts
from cleaners.extract.parse import parse_html
from cleaners.normalize import normalize_line, normalize_paragraphs
from cleaners.pipeline import clean
from cleaners.record import Article, Rejection
from cleaners.settings import HTML_LINK_DENSITY, HTML_MIN_PROSE_WORDS
from cleaners.strip.dump import (
    Model,
    article_roles,
    body_lines,
    decoded_lines,
    grown,
    line_scores,
    load_model,
    page_scores,
    viterbi,
)
from cleaners.strip.line_facts import DATE
from cleaners.strip.lines import FEATURE_NAMES, features
from cleaners.strip.page import Page, split_page
from cleaners.verdict import Verdict


@dataclass(frozen=True)
class Explanation:
    """A raw file's verdicts (page order) and what `clean()` made of it."""

    kind: str  # "html" or "text"
    verdicts: list[Verdict]
    outcome: Article | Rejection

    @property
    def summary(self) -> str:
        if isinstance(self.outcome, Article):
            return f"record: {self.outcome.word_count} words, title {self.outcome.title!r}"
        return f"rejected: {self.outcome.reason} ({self.outcome.detail})"


def explain(raw: bytes, *, source_path: str = "explain", url: str | None = None) -> Explanation:
    """Verdicts for every line or block of one raw file, and its record or rejection."""
    outcome = clean(raw, source_path=source_path, url=url)
    try:
        decoded = decode(raw)
    except CleanError:
        return Explanation("text", [], outcome)
    if decoded.kind == "html":
        verdicts = explain_html(decoded.text, url=url)
    else:
        verdicts = explain_dump(decoded.text)
    if isinstance(outcome, Rejection):
        verdicts = [
            Verdict(v.text, False, f"file rejected ({outcome.reason}); {v.reason}", v.score)
            for v in verdicts
        ]
    return Explanation(decoded.kind, verdicts, outcome)


# Text dumps -------------------------------------------------------------------------------

_ROLE_REASONS = {
    "title": "taken as the record's title",
    "byline": "byline: gives the authors",
    "chrome": "known chrome phrase (cleaners/chrome.py)",
    "teaser": "bulleted link to another article",
    "dateline": "dateline above the first paragraph: no title, no text",
    "menu": "menu or breadcrumb trail above the first paragraph: no title, no text",
    "heading": "heading above the first paragraph that the article's opening does not"
    " confirm as its title: no title, no text",
}


def _set_aside_reason(line: str) -> str:
    kind = "leaked ad or pixel markup" if is_leaked_markup(line) else "ad label"
    return f"{kind}: set aside before scoring"


_LEADING_LIST_REASON = "in or above a list leading the article (headlines, links): cut"
_THREAD_REASON = (
    "a post of a thread of dated posts (forum, Q&A, live blog): no article run, the posts"
    " together are the page's content"
)


def explain_dump(text: str, model: Model | None = None) -> list[Verdict]:
    """One verdict per non-empty line of a text dump, from the strip stage's decisions."""
    model = model or load_model()
    page = split_page(text)
    if not len(page):
        return [Verdict(line, False, _set_aside_reason(line)) for _, line in page.set_aside]
    matrix = features(page)
    scores = page_scores(page, matrix, model)
    decoded = set(decoded_lines(page, scores, model))
    body = body_lines(page, scores, model)
    roles, _, thread = article_roles(page, scores, model)
    drivers = _drivers(matrix, model)
    cut = _cut_reason(page.texts, body, decoded)
    added = _added_to_run(page, scores.tolist(), model)
    verdicts = []
    for i, line in enumerate(page.texts):
        score = float(scores[i])
        role = roles.get(i)
        if role == "body":
            if thread:
                why = _THREAD_REASON
            elif i in added:
                why = f"in the article run, added after the decoder: {added[i]}"
            else:
                why = "in the article run" + (" (bridges a gap)" if score < 0 else "")
            verdicts.append(Verdict(line, True, f"{why}; {drivers(i, True)}", score))
            continue
        if role is not None:
            reason = _ROLE_REASONS[role]
        elif i in decoded:
            reason = _LEADING_LIST_REASON if body and i < body[0] else cut
        elif score > 0:
            reason = "scored as article but alone outside the article run (switch penalty)"
        elif is_chrome_line(line, dump=True):
            reason = f"{_ROLE_REASONS['chrome']}; {drivers(i, False)}"
        else:
            reason = drivers(i, False)
        verdicts.append(Verdict(line, False, reason, score))
    for index, line in reversed(page.set_aside):  # in page order, before line `index`
        verdicts.insert(index, Verdict(line, False, _set_aside_reason(line)))
    return verdicts


def _added_to_run(page: Page, scores: list[float], model: Model) -> dict[int, str]:
    """The lines a step after the decoder added to its run(s), and the step (`grown`)."""
    keep = viterbi(scores, model.switch)
    return grown(page, scores, [i for i, k in enumerate(keep) if k])[1] if any(keep) else {}


def _drivers(matrix: np.ndarray, model: Model):
    """A function giving, for a line, its first-stage score and the feature families that
    pushed it most towards the decision (against the page's average line; correlated
    features of one family, such as the ways a line can end, are summed)."""
    weights = np.asarray(model.line_weights)
    pushes = (matrix - matrix.mean(axis=0)) * weights
    families = sorted({_family(name) for name in FEATURE_NAMES})
    members = np.array([[_family(name) == f for name in FEATURE_NAMES] for f in families])
    family_pushes = pushes @ members.T.astype(float)

    def top(i: int, kept: bool) -> str:
        first = float(line_scores(model.line_weights, matrix[i : i + 1])[0])
        order = np.argsort(-family_pushes[i] if kept else family_pushes[i])[:2]
        named = ", ".join(f"{families[j]} {family_pushes[i, j]:+.1f}" for j in order)
        return f"line score {first:+.1f}, most from: {named}"

    return top


def _family(feature: str) -> str:
    """The fact a first-stage feature is read from (features of one fact are correlated)."""
    if feature.startswith(("prev_", "next_")):
        return "neighbouring lines"
    if "stop" in feature:
        return "stopwords"
    if "block" in feature:
        return "block"
    if feature.endswith("_end"):
        return "line end"
    if "prose" in feature or "density" in feature:
        return "prose around"
    if "words" in feature or "chars" in feature or feature == "longer_share":
        return "length"
    if feature.startswith(("after_", "rel_position")):
        return "position"
    return feature.replace("_", " ")


def _cut_reason(texts: list[str], body: list[int], decoded: set[int]) -> str:
    """Why the decoded run was cut short: an end-of-article marker before a short tail, or
    a thread of dated entries (comments) after the article."""
    cut = sorted(i for i in decoded - set(body) if body and i > body[0])
    for i in range(cut[0], -1, -1) if cut else ():
        if DUMP_END_MARKERS.match(texts[i]):
            return f"after the end marker {texts[i]!r}: a short tail"
        if i == cut[0] and DATE.search(texts[i]):
            return f"from {texts[i]!r} on: a thread of dated entries (comments) after the article"
    return "cut from the article run"


# HTML -------------------------------------------------------------------------------------

_BLOCKS = frozenset(
    [
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "dt",
        "dd",
        "td",
        "th",
        "pre",
        "blockquote",
        "figcaption",
        "caption",
        "div",
        "section",
        "article",
        "header",
        "footer",
        "nav",
        "aside",
        "main",
        "form",
        "ul",
        "ol",
        "dl",
        "table",
        "tr",
        "address",
    ]
)
_SKIP = frozenset(
    ["script", "style", "noscript", "template", "svg", "head", "title", "select", "option"]
)
_CHROME_TAGS = ("nav", "header", "footer", "aside", "form")
_CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search"})
_WORD = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"[.!?…。！？][\"'”’»)\]]*$")


def explain_html(html: str, *, url: str | None = None) -> list[Verdict]:
    """One verdict per text block of an HTML page: kept if its text is in the extractor's
    output; a dropped block's reason is the chrome rule that dropped it, if one did, else
    from the block's generic features."""
    try:
        extraction = extract_html(html, url=url)
        kept_text = " ".join(normalize_paragraphs(extraction.paragraphs))
        title = normalize_line(extraction.title or "")
        rules = {
            normalize_line(v.text): v.reason for v in rule_verdicts(html, url=url) if not v.kept
        }
    except CleanError as err:
        kept_text, title, rules = "", "", {}
        failure = f"{err.reason}: {err.detail}"
    else:
        failure = ""
    kept_grams = _grams(kept_text)
    verdicts = []
    for block, text, linked in _html_blocks(html):
        kept = text in kept_text or _covered(text, kept_grams)
        words = len(_WORD.findall(text))
        density = min(1.0, linked / max(1, len(text)))
        facts = f"{words} words, link density {density:.2f}"
        if kept:
            reason = f"in the extracted article ({facts})"
        elif failure:
            reason = f"the extractor found no article ({failure})"
        elif title and text == title:
            reason = "the page's headline: taken as the record's title"
        elif text in rules:
            reason = f"{rules[text]} ({facts})"
        else:
            reason = _html_drop_reason(block, text, words, density) + f" ({facts})"
        verdicts.append(Verdict(text, kept, reason))
    return verdicts


def _html_drop_reason(block: _Element, text: str, words: int, density: float) -> str:
    inside = _chrome_container(block)
    if inside:
        return f"inside {inside}"
    if density >= HTML_LINK_DENSITY:
        return f"link block: link density {density:.2f} >= {HTML_LINK_DENSITY}"
    if is_chrome_line(text):
        return "known chrome phrase (cleaners/chrome.py)"
    if words <= MAX_BYLINE_WORDS and byline_names(text) is not None:
        return "byline: gives the authors, not body text"
    if words < HTML_MIN_PROSE_WORDS or not _SENTENCE_END.search(text):
        return "not prose: short or no sentence end, outside the article"
    return "prose the extractor left out (outside its main content)"


def _chrome_container(block: _Element) -> str | None:
    """The nearest enclosing (or own) nav/header/footer/aside/form element or ARIA
    landmark role, as '<tag>'."""
    for elem in (block, *block.iterancestors()):
        if not isinstance(elem.tag, str):
            continue
        if elem.tag in _CHROME_TAGS:
            return f"<{elem.tag}>"
        role = (elem.get("role") or "").lower()
        if role in _CHROME_ROLES:
            return f'role="{role}"'
    return None


def _html_blocks(html: str) -> list[tuple[_Element, str, int]]:
    """(element, its own normalized text, characters of it inside links) for every
    block-level element with text of its own (text in nested blocks belongs to those)."""
    try:
        root = parse_html(html)  # the extractor's parse: an XML declaration naming a charset too
    except CleanError:  # nested too deep to parse: the outcome says so
        return []
    if root is None:
        return []
    out = []
    for elem in root.iter():
        if not isinstance(elem.tag, str) or elem.tag not in _BLOCKS and elem.tag != "body":
            continue
        if any(isinstance(a.tag, str) and a.tag in _SKIP for a in elem.iterancestors()):
            continue
        parts: list[str] = [elem.text or ""]
        linked = 0
        for child in elem:
            if isinstance(child.tag, str) and child.tag not in _BLOCKS and child.tag not in _SKIP:
                inner = child.text_content()
                parts.append(inner)
                linked += len(inner) if child.tag == "a" else _linked_chars(child)
            parts.append(child.tail or "")
        text = normalize_line(" ".join(parts))
        if text:
            out.append((elem, text, linked))
    return out


def _linked_chars(elem: _Element) -> int:
    return sum(len(a.text_content()) for a in elem.iter("a"))


def _grams(text: str) -> set[tuple[str, ...]]:
    tokens = _WORD.findall(text)
    return {tuple(tokens[i : i + 4]) for i in range(len(tokens) - 3)}


def _covered(text: str, grams: set[tuple[str, ...]]) -> bool:
    """Most of the block's word 4-grams are in the output (blocks the extractor rejoined)."""
    own = _grams(text)
    return bool(own) and len(own & grams) >= 0.5 * len(own)


# Rendering --------------------------------------------------------------------------------


def render_html(explanation: Explanation, source: str) -> str:
    """A self-contained page: each line or block of the raw file beside its verdict,
    green if kept, red if dropped."""
    rows = []
    for v in explanation.verdicts:
        css = "kept" if v.kept else "dropped"
        score = "" if v.score is None else f"{v.score:+.2f}"
        rows.append(
            f'<tr class="{css}"><td class="text">{html_escape.escape(v.text)}</td>'
            f"<td>{'kept' if v.kept else 'dropped'}</td><td>{score}</td>"
            f"<td>{html_escape.escape(v.reason)}</td></tr>"
        )
    return _PAGE.format(
        source=html_escape.escape(source),
        kind=explanation.kind,
        summary=html_escape.escape(explanation.summary),
        rows="\n".join(rows),
    )


_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>dechrome explain: {source}</title>
<style>
body {{ font-family: sans-serif; margin: 1em; }}
table {{ border-collapse: collapse; width: 100%; }}
td, th {{ border-bottom: 1px solid #ddd; padding: 3px 6px; vertical-align: top; font-size: 90%; }}
td.text {{ width: 55%; white-space: pre-wrap; font-family: monospace; }}
tr.kept td {{ background: #e3f6e3; }}
tr.dropped td {{ background: #fbe6e6; color: #555; }}
</style></head><body>
<h1>{source}</h1><p>{kind}; {summary}</p>
<table><tr><th>raw text</th><th>verdict</th><th>score</th><th>reason</th></tr>
{rows}
</table></body></html>
"""
