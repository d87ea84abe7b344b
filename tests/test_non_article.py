"""No article, no record: list, menu, form and error pages become `no_article` rejections,
while real articles, short ones included, stay records (and every bench article, if present)."""

from __future__ import annotations

import gzip
import json
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

import pytest
from lxml import html as lxml_html
from non_article_pages import PAGES, build

from cleaners.normalize import fold
from cleaners.pipeline import clean
from cleaners.record import Article, Rejection
from cleaners.scripts import CJK

ARTICLE_PIECE_WORDS = 4  # runs of this many words are looked up in the expected article
ARTICLE_PIECE_CHARS = 8  # ... runs of this many characters, in text written without spaces
BENCH = Path(__file__).resolve().parent.parent.parent / "shared" / "bench"
PRESS_RELEASE = """<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">
<title>{title}</title></head><body><nav><ul>{menu}</ul></nav><article><h1>{title}</h1>
{paragraphs}</article><aside><h2>More news</h2><ul>{menu}</ul></aside></body></html>"""
RELEASES = {
    "en": (
        "Harbour museum opens new wing",
        "The harbour museum will open its new wing to visitors on Saturday morning. "
        "The extension adds four rooms on the history of the port and its workers. "
        "Building work took two years and was paid for by the city and a local trust. "
        "The director said the rooms would show objects that have been kept in storage "
        "for decades, among them ship models, tools and letters written by dock workers. "
        "School classes can book guided tours from next month. Entry to the new wing is "
        "free during the first week, and the museum cafe will stay open until eight. "
        "A lecture series on the history of the harbour starts in the spring.",
    ),
    "de": (
        "Stadtbibliothek verlängert Öffnungszeiten",
        "Die Stadtbibliothek öffnet ab dem kommenden Monat auch am Sonntagnachmittag. "
        "Der Stadtrat hat dafür zwei zusätzliche Stellen bewilligt. Die Leiterin sagte, "
        "viele Familien hätten sich längere Öffnungszeiten gewünscht, weil sie unter der "
        "Woche kaum Zeit für einen Besuch fänden. Am Sonntag sollen vor allem Lesungen für "
        "Kinder und Beratung zur Nutzung der digitalen Angebote stattfinden. Die neuen "
        "Zeiten gelten zunächst für ein Jahr; danach wird geprüft, wie gut sie angenommen "
        "werden. Der Eintritt bleibt frei.",
    ),
}


def _release(lang: str) -> bytes:
    title, text = RELEASES[lang]
    sentences = text.split(". ")
    paragraphs = "".join(
        f"<p>{'. '.join(sentences[i : i + 3]).rstrip('.')}.</p>"
        for i in range(0, len(sentences), 3)
    )
    menu = "".join(f'<li><a href="/s/{n}">Section {n}</a></li>' for n in range(12))
    page = PRESS_RELEASE.format(lang=lang, title=title, paragraphs=paragraphs, menu=menu)
    return page.encode()


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_without_article_is_rejected(name: str) -> None:
    record = clean(build(name).encode(), source_path=f"{name}.html")
    assert isinstance(record, Rejection), record.text[:200]
    assert record.reason == "no_article"


def test_a_page_state_class_on_body_sets_nothing_aside() -> None:
    """`<body class="cookies-not-set">` tells the page's state: the article under it stays."""
    page = _release("en").replace(b"<body>", b'<body class="single cookies-not-set">')
    assert isinstance(clean(page, source_path="release.html"), Article)


def test_an_article_in_boxes_named_as_picture_and_title_stays_an_article() -> None:
    """A press release set beside its picture in one box named as the picture's, under a
    title link in a box named as the title: its paragraphs are more than one unit, so
    none is a caption nor a teaser, and the page is a record."""
    page = _release("en")
    start, end = page.index(b"<h1>"), page.index(b"</article>")
    title, text = RELEASES["en"]
    body = page[start:end].replace(f"<h1>{title}</h1>".encode(), b"")
    boxed = (
        f'<div class="post-title"><a href="/p/1">{title}</a></div>'
        f'<div class="photo-box"><img src="/p/1.jpg" alt="">'.encode()
        + body
        + b"</div>"
    )
    record = clean(page[:start] + boxed + page[end:], source_path="release_boxed.html")
    assert isinstance(record, Article), record
    assert record.word_count >= 60


@pytest.mark.parametrize("lang", sorted(RELEASES))
def test_short_press_release_is_an_article(lang: str) -> None:
    record = clean(_release(lang), source_path=f"release_{lang}.html")
    assert isinstance(record, Article), record
    assert record.language == lang
    assert 60 <= record.word_count <= 120


FORUM_POSTS = [
    (
        "anna",
        "Ich habe das gleiche Problem mit meinem Router seit dem letzten Update. Die "
        "Verbindung bricht jede Stunde ab, und nur ein Neustart hilft dann noch.",
    ),
    (
        "bernd",
        "Bei mir hat es geholfen, die Firmware auf die vorige Version zurückzusetzen. "
        "Das geht im Menü unter System, dort liegt auch die alte Datei.",
    ),
    (
        "carla",
        "Danke für den Tipp! Ich habe es gestern Abend ausprobiert, und seitdem läuft "
        "alles stabil. Hoffentlich bringt der Hersteller bald eine Lösung.",
    ),
    (
        "dieter",
        "Hat jemand schon beim Support angerufen? Ich warte seit einer Woche auf eine "
        "Antwort, und im Forum des Herstellers schreibt auch niemand etwas.",
    ),
]


def test_a_forum_thread_of_short_posts_is_an_article() -> None:
    """Each post is a card headed by its author's links (avatar, name): a name is no
    headline, so the posts are no teasers and the thread is a record with all of them."""
    posts = "".join(
        f'<div class="topic-post" id="post_{n}"><a href="/u/{user}"><img src="/a/{user}.png">'
        f'</a><div class="names"><a href="/u/{user}">{user}</a></div>'
        f'<div class="cooked"><p>{text}</p></div></div>'
        for n, (user, text) in enumerate(FORUM_POSTS)
    )
    html = (
        '<html lang="de"><head><title>Router verliert Verbindung - Forum</title></head><body>'
        '<nav><a href="/">Forum</a> <a href="/latest">Neueste</a></nav>'
        f"<main><h1>Router verliert Verbindung nach Update</h1>{posts}</main></body></html>"
    )
    record = clean(html.encode(), source_path="thread.html")
    assert isinstance(record, Article), record
    assert all(text[:40] in record.text for _, text in FORUM_POSTS)


# --- the dev sets, when present ----------------------------------------------------------


def _bench_pages() -> list[tuple[str, bytes, str]]:
    """(name, raw page, expected article text) of every readerable page of both sets."""
    if not BENCH.is_dir():
        pytest.skip(f"benchmark data not found at {BENCH}")
    pages = []
    for name in ("aeb", "readability"):
        truth = json.loads((BENCH / name / "ground-truth.json").read_text(encoding="utf-8"))
        for doc_id, entry in sorted(truth.items()):
            if entry.get("readerable", True):
                raw = gzip.decompress((BENCH / name / "html" / f"{doc_id}.html.gz").read_bytes())
                pages.append((f"{name}/{doc_id}", raw, entry["articleBody"]))
    return pages


def test_every_bench_article_is_a_record() -> None:
    rejected = [
        (name, record.detail)
        for name, raw, _ in _bench_pages()
        if isinstance(record := clean(raw, source_path=name), Rejection)
    ]
    assert rejected == []


class _Expected(NamedTuple):
    """The expected article folded (`fold`), and the same without its spaces."""

    words: str
    chars: str


def _without_article(raw: bytes, article: str) -> bytes:
    """The page with its article taken out: every element whose text is mostly the
    expected article text is removed, and so is every such run of text between tags (text
    set off by line breaks); the chrome around it stays."""
    folded = fold(article)
    expected = _Expected(folded, folded.replace(" ", ""))
    tree = lxml_html.fromstring(raw.decode("utf-8", errors="replace"))  # bench pages: UTF-8
    for elem in list(tree.iter()):
        if not isinstance(elem.tag, str) or elem.getparent() is None:
            continue
        if _mostly_in(elem.text_content(), expected):
            elem.drop_tree()
    for elem in tree.iter():
        if _mostly_in(elem.text, expected):
            elem.text = None
        if _mostly_in(elem.tail, expected):
            elem.tail = None
    return lxml_html.tostring(tree, encoding="unicode").encode("utf-8")


def _mostly_in(text: str | None, expected: _Expected) -> bool:
    """Half or more of the text's pieces are in the expected article: runs of
    `ARTICLE_PIECE_WORDS` words, or, in text mostly in scripts written without spaces
    (CJK, where a sentence between two punctuation marks is one "word"), runs of
    `ARTICLE_PIECE_CHARS` characters with the spaces left out."""
    folded = fold(text or "")
    chars = folded.replace(" ", "")
    if len(CJK.findall(chars)) * 2 >= len(chars) > 0:
        pieces, where = _runs(chars, ARTICLE_PIECE_CHARS, ""), expected.chars
    else:
        pieces, where = _runs(folded.split(), ARTICLE_PIECE_WORDS, " "), expected.words
    return bool(pieces) and sum(piece in where for piece in pieces) >= len(pieces) / 2


def _runs(tokens: Sequence[str], size: int, joiner: str) -> list[str]:
    """The tokens in runs of `size`, joined; the last, shorter run left out."""
    return [joiner.join(tokens[i : i + size]) for i in range(0, len(tokens) - size + 1, size)]


CHINESE_ARTICLE = [
    "市图书馆从下个月起在星期日下午也对读者开放。",
    "馆长说，许多家庭希望延长开放时间，因为他们平日很少有时间来借书。",
    "星期日的活动主要是儿童读书会和数字资源使用指导，新的开放时间先试行一年。",
]


def test_removing_the_article_takes_text_written_without_spaces_too() -> None:
    """In Chinese a sentence is one "word" between punctuation marks: the removal compares
    runs of characters there, so the article's paragraphs go (here in a container shared
    with a list of other posts, which stays) and the menu stays."""
    menu = "".join(f'<li><a href="/s/{n}">新闻栏目{n}</a></li>' for n in range(30))
    related = "".join(f'<li><a href="/p/{n}">本周第{n}条热门文章标题</a></li>' for n in range(10))
    paragraphs = "".join(f"<p>{text}</p>" for text in CHINESE_ARTICLE)
    page = (
        f"<html><body><nav><ul>{menu}</ul></nav>"
        f'<div class="post">{paragraphs}<ul class="related">{related}</ul></div></body></html>'
    )
    left = lxml_html.fromstring(_without_article(page.encode(), "\n\n".join(CHINESE_ARTICLE)))
    assert left.xpath("//p") == []
    assert len(left.xpath("//a")) == 40


# Not yet 0: 4 of 303 pages on 2026-11-27 (1.3%; 7 before the thirteenth round, 15 before
# the twelfth, 27 before the eleventh). Three are no failures of the test: wikipedia-3 keeps
# its own text that the expected article lacks, aktualne is a timeline of whole other
# stories, and nytimes-5's other cards are of the kind its expected text is made of (a
# section front, which must stay a record). One is: AEB cards whose linked headline is a
# sentence, the same markup as nytimes-5's cards, so no rule of the page's shape takes them
# without the real nytimes-5. The bound keeps it from growing.
MAX_RECORDS_WITHOUT_ARTICLE = 0.014


def test_bench_pages_without_their_article_are_rejected() -> None:
    pages = _bench_pages()
    records = []
    for name, raw, article in pages:
        record = clean(_without_article(raw, article), source_path=name)
        if isinstance(record, Article):
            records.append((name, record.text[:120]))
    assert len(records) <= MAX_RECORDS_WITHOUT_ARTICLE * len(pages), records
