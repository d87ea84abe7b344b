"""Pages that hold no article, built from page structures written here (no bench pages).

    python tests/non_article_pages.py   # writes them to tests/fixtures/non_article/html/
                                        # to look at (not in git: tests build them)

Each page is a whole site page: header, navigation, footer, and a main part that is not an
article: a menu, a list of headlines, teaser cards, a tag page, search results, a login or
error page, a cookie wall, a forum index, a shop grid... in several languages. Headlines
and summaries are put together from word lists, so the pages are varied but reproducible.
"""

from __future__ import annotations

import random
from html import escape
from pathlib import Path

from non_article_fixed import fixed
from non_article_regions import (
    chart_leadins,
    company_notice,
    picture_caption,
    reader_comments,
    sidebar_boxes,
    signup_form,
)
from non_article_site import SECTIONS, PageBuilder, headline, linked, page, summary

FOLDER = Path(__file__).parent / "fixtures" / "non_article" / "html"


def menu_only(rng: random.Random) -> str:
    items = linked([f"Section {i}" for i in range(40)], "/section/")
    return page("Sections", f"<h1>All sections</h1><ul>{items}</ul>")


def headline_list(rng: random.Random, lang: str = "en", count: int = 60) -> str:
    items = linked([headline(rng, lang) for _ in range(count)])
    return page("Latest", f"<h1>Latest</h1><ul class='headlines'>{items}</ul>", lang=lang)


def teaser_front(rng: random.Random, lang: str = "en", count: int = 24) -> str:
    cards = "".join(
        f'<article class="teaser"><h2><a href="/story/{i}">{escape(headline(rng, lang))}</a></h2>'
        f"<p>{escape(summary(rng, lang))}</p><time>2026-11-{1 + i % 28:02d}</time></article>"
        for i in range(count)
    )
    return page(rng.choice(SECTIONS), f"<h1>{rng.choice(SECTIONS)}</h1>{cards}", lang=lang)


def cards_in_article(rng: random.Random) -> str:
    """A section front whose cards (a picture link, a headline link, a summary) stand in a
    list inside one `<article>` with the front's `<h1>`, and no text of its own."""
    cards = "".join(
        f'<li class="card"><a href="/story/{i}"><img src="/p/{i}.jpg" alt=""></a>'
        f'<h3><a href="/story/{i}">{escape(headline(rng, "de"))}</a></h3>'
        f"<p>{escape(summary(rng, 'de'))}</p></li>"
        for i in range(8)
    )
    section = rng.choice(SECTIONS)
    body = f'<article><h1>{section}</h1><ul class="cards">{cards}</ul></article>'
    return page(section, body, lang="de")


def dek_front(rng: random.Random) -> str:
    """A section front of cards, each a link around its headline and its dek: two
    sentences, the last one left without its full stop, as decks often are."""
    cards = "".join(
        f'<article class="item"><a href="/news/{i}"><h4>{escape(headline(rng, "en"))}</h4>'
        f'<p class="dek">{escape(summary(rng, "en"))} {escape(headline(rng, "en"))}</p>'
        f'<span class="date">{1 + i}h ago</span></a></article>'
        for i in range(16)
    )
    return page("World", f"<h1>World</h1><section>{cards}</section>")


def photo_captions(rng: random.Random) -> str:
    """What is left of a wire story's page without its text: the byline and the photo
    gallery's captions, written in `<div class="caption">`."""
    photos = "".join(
        f'<li class="gallery-item"><img src="/photo/{i}.jpg" alt="">'
        f'<div class="caption"><div class="caption-text">In this photo, '
        f"{escape(summary(rng, 'en'))} {escape(summary(rng, 'en'))}</div>"
        '<span class="credit">Photo: Jane Doe, AP</span></div></li>'
        for i in range(6)
    )
    byline = '<p class="byline">Jane Roe, Staff Writer</p><span class="timestamp">Updated</span>'
    return page(
        "Council approves budget", f"<h1>Council approves budget</h1>{byline}<ul>{photos}</ul>"
    )


def tag_page(
    rng: random.Random, lang: str = "en", long_excerpts: bool = False, cut_off: bool = True
) -> str:
    """Posts under a tag, each with the opening of its text cut off by an ellipsis: 70
    characters, or (long_excerpts) some 70 words, longer than a short summary; or
    (cut_off False) a deck of some 70 words that is not cut off."""

    def excerpt() -> str:
        if long_excerpts:
            text = f"{' '.join(summary(rng, lang) for _ in range(5))} {headline(rng, lang)}"
            return f"{text} […]" if cut_off else text
        return f"{summary(rng, lang)[:70]}…"

    items = "".join(
        f'<div class="post"><h3><a href="/p/{i}">{escape(headline(rng, lang))}</a></h3>'
        f'<span class="date">{1 + i % 28} Nov 2026</span><p>{escape(excerpt())}</p>'
        f'<a class="more" href="/p/{i}">Read more</a></div>'
        for i in range(15)
    )
    return page("Tag: climate", f"<h1>Posts tagged “climate”</h1>{items}", lang=lang)


def share_card_blog(rng: random.Random) -> str:
    """A blog front of posts each under a picture and share links, no headline: some
    posts cut off by an ellipsis, others shown whole (some 75 words)."""

    def post_text(i: int) -> str:
        text = " ".join(summary(rng, "en") for _ in range(5))
        return f"{text[:300]} …" if i % 2 else text

    posts = "".join(
        f'<article class="entry"><img src="/img/{i}.jpg" alt=""><div class="share">'
        f'<a href="https://social.example/share?u=/p/{i}">Share</a> '
        f'<a href="/img/{i}.jpg" download>Download</a></div><p>{escape(post_text(i))}</p></article>'
        for i in range(8)
    )
    return page("Thoughts for the day", f"<h1>Thoughts for the day</h1>{posts}")


def linked_cards(rng: random.Random) -> str:
    """A list of checked claims, each card one link around its picture, its question and
    a one-sentence verdict."""
    cards = "".join(
        f'<article class="media-wrapper"><a class="media" href="/check/{i}">'
        f'<img src="/img/{i}.jpg" alt=""><div class="media-body"><h5>Did '
        f"{escape(headline(rng, 'en'))} after the council vote last week?</h5>"
        f'<p class="subtitle">{escape(summary(rng, "en"))}</p></div></a></article>'
        for i in range(8)
    )
    return page("Fact checks", f"<h1>Latest fact checks</h1><div class='media-list'>{cards}</div>")


def briefs_list(rng: random.Random) -> str:
    """A "breaking news" box: a list whose items each open with a headline link, the
    story's first lines after it in the same item."""
    towns = ["LONDON", "BERLIN", "MADRID", "PARIS", "ROME"]
    items = "".join(
        f'<li><a href="/story/{i}">{escape(headline(rng, "en"))}</a> <span>{rng.choice(towns)}: '
        f"{escape(summary(rng, 'en'))} {escape(summary(rng, 'en'))}</span></li>"
        for i in range(9)
    )
    return page("Breaking news", f"<h1>Breaking news</h1><div class='box'><ul>{items}</ul></div>")


def search_results(rng: random.Random) -> str:
    items = "".join(
        f'<li class="result"><a href="/story/{i}">{escape(headline(rng, "en"))}</a>'
        f"<cite>https://example.org/story/{i}</cite>"
        f"<p>… {escape(summary(rng, 'en')[10:90])} …</p></li>"
        for i in range(10)
    )
    head = '<h1>Search results for “budget”</h1><p class="count">About 1,240 results</p>'
    pager = "".join(f'<a href="?page={n}">{n}</a>' for n in range(1, 11))
    return page("Search", f"{head}<ol>{items}</ol><nav class='pager'>{pager}</nav>")


def intro_and_list(title: str, intro: str, heading: str, count: int) -> PageBuilder:
    """A page of a short intro (a 404 notice, an author's line) over a list of headlines."""

    def build_page(rng: random.Random) -> str:
        items = linked([headline(rng, "en") for _ in range(count)])
        return page(title, f"{intro}<h2>{heading}</h2><ul>{items}</ul>")

    return build_page


def forum_index(rng: random.Random) -> str:
    rows = "".join(
        f'<tr><td><a href="/forum/{i}">{s} talk</a><br><small>Everything about {s.lower()}.'
        f"</small></td><td>{rng.randint(10, 900)}</td><td>{rng.randint(100, 9000)}</td>"
        f'<td><a href="/t/{i}">{escape(headline(rng, "en"))}</a> by user{i}</td></tr>'
        for i, s in enumerate(SECTIONS)
    )
    table = (
        "<h1>Forum</h1><table><tr><th>Forum</th><th>Threads</th><th>Posts</th>"
        f"<th>Last post</th></tr>{rows}</table>"
    )
    return page("Forum index", table)


def shop_grid(rng: random.Random) -> str:
    goods = ["Rain jacket", "Hiking boots", "Wool socks", "Tent", "Backpack", "Water bottle"]
    cards = "".join(
        f'<div class="product"><a href="/p/{i}"><img src="/img/{i}.jpg" alt=""></a>'
        f'<h3><a href="/p/{i}">{rng.choice(goods)} {rng.choice(["Pro", "Lite", "Max"])}</a></h3>'
        f'<span class="price">€{rng.randint(9, 300)}.99</span>'
        f'<span class="rating">★★★★☆ ({rng.randint(3, 400)})</span>'
        "<button>Add to cart</button></div>"
        for i in range(24)
    )
    filters = "".join(f"<li><label><input type='checkbox'>{g}</label></li>" for g in goods)
    body = f"<h1>Outdoor gear</h1><aside><ul>{filters}</ul></aside><div class='grid'>{cards}</div>"
    return page("Outdoor gear", body)


def titled_cards(rng: random.Random) -> str:
    """A guide site's index: cards of a picture link, a short title link (two words, a
    name rather than a headline) in a box named as the card's title, and a blurb of two
    short sentences; no heading tags."""
    names = ["Garden", "Balcony", "Kitchen", "Winter", "Summer", "Quick", "Classic", "Family"]
    kinds = ["plan", "guide", "routine", "menu"]
    cards = "".join(
        f'<div class="tile"><div class="pic"><a href="/guide/{i}"><img src="/g/{i}.jpg">'
        f'</a></div><div class="tile-title"><a href="/guide/{i}">{rng.choice(names)} '
        f'{rng.choice(kinds)}</a></div><div class="blurb">{escape(summary(rng, "en"))} '
        f"Ready in {rng.randint(2, 9)} weeks.</div></div>"
        for i in range(12)
    )
    return page("Guides", f"<h1>All guides</h1><div class='tiles'>{cards}</div>")


def archive_page(rng: random.Random) -> str:
    months = ["January", "February", "March", "April", "May", "June", "July", "August"]
    items = linked([f"{m} 2026 ({rng.randint(20, 90)})" for m in months], "/archive/")
    return page("Archive", f"<h1>Archive</h1><ul>{items}</ul>")


def video_gallery(rng: random.Random) -> str:
    items = "".join(
        f'<figure><a href="/video/{i}"><img src="/v/{i}.jpg" alt=""></a>'
        f"<figcaption>{escape(headline(rng, 'en'))} <span>{rng.randint(1, 9)}:"
        f"{rng.randint(10, 59)}</span></figcaption></figure>"
        for i in range(16)
    )
    return page("Videos", f"<h1>Videos</h1>{items}")


def home_page(rng: random.Random) -> str:
    top = (
        f'<section class="top"><h2><a href="/story/0">{escape(headline(rng, "en"))}</a></h2>'
        f"<p>{escape(summary(rng, 'en'))}</p></section>"
    )
    blocks = "".join(
        f"<section><h2>{s}</h2><ul>{linked([headline(rng, 'en') for _ in range(5)])}</ul></section>"
        for s in SECTIONS
    )
    return page("Home", top + blocks)


def event_calendar(rng: random.Random) -> str:
    rows = "".join(
        f"<li><time>{1 + i} Dec</time> <a href='/e/{i}'>{s} evening at the town hall</a> "
        f"<span>{18 + i % 4}:00</span></li>"
        for i, s in enumerate(SECTIONS)
    )
    return page("Events", f"<h1>What's on</h1><ul>{rows}</ul>")


def footer_notice(rng: random.Random) -> str:
    """A page of links whose only prose is the site's notice, in a footer made of `<div>`s
    (its lines parted by `<br>`)."""
    links = linked([headline(rng, "en") for _ in range(30)], "/video/")
    notice = (
        '<div class="copyright"><div><p align="center"><a href="/map">Site map</a> '
        "mail@example.com<br>Notice: this site hosts no files itself and serves visitors "
        "abroad; copying or mirroring it without permission is not allowed, and visitors "
        "under eighteen must leave now!<br>Warning: all videos and pictures are shared by "
        "visitors and belong to their owners, and the operators answer for no content "
        "linked from other sites.<br>Copyright 2017-2027 all rights reserved</p></div></div>"
    )
    return f"<html><head><title>Videos</title></head><body><ul>{links}</ul>{notice}</body></html>"


def banner_notice(rng: random.Random) -> str:
    """A page of headlines whose only prose is the market data notice in the site's header
    (a `<header>` outside any article: the page's banner)."""
    links = linked([headline(rng, "en") for _ in range(20)])
    notice = (
        "<header><a href='/'>Example Markets</a><div class='drawer'><ul>"
        + linked(SECTIONS, "/s/")
        + "</ul><div class='legal'><p>Quotes are delayed by at least fifteen minutes. Market "
        "data is provided by an outside supplier and is shown for information only, not as "
        "advice to buy or sell.</p><p>This material may not be published, broadcast, "
        "rewritten or passed on in any form without the written permission of the "
        "publisher. All rights reserved.</p></div></div></header>"
    )
    return (
        "<html><head><title>Markets</title></head><body>"
        f"{notice}<main><h1>Markets</h1><ul>{links}</ul></main></body></html>"
    )


PAGES: dict[str, PageBuilder] = {
    "menu_only": menu_only,
    "headlines_en": headline_list,
    "headlines_fr": lambda rng: headline_list(rng, "fr"),
    "teasers_en": teaser_front,
    "teasers_de": lambda rng: teaser_front(rng, "de"),
    "teasers_es_short": lambda rng: teaser_front(rng, "es", 8),
    "excerpts_en": lambda rng: tag_page(rng, long_excerpts=True),
    "excerpts_fr": lambda rng: tag_page(rng, "fr", long_excerpts=True),
    "deks": dek_front,
    "cards_in_article": cards_in_article,
    "long_decks": lambda rng: tag_page(rng, long_excerpts=True, cut_off=False),
    "share_cards": share_card_blog,
    "linked_cards": linked_cards,
    "briefs": briefs_list,
    "photo_captions": photo_captions,
    "tag_en": tag_page,
    "tag_de": lambda rng: tag_page(rng, "de"),
    "search_results": search_results,
    "login": fixed("login"),
    "error_404": intro_and_list(
        "Page not found",
        "<h1>404 - Page not found</h1><p>Sorry, the page you are looking for does not exist.</p>"
        '<p><a href="/">Go to the home page</a></p>',
        "Popular right now",
        6,
    ),
    "cookie_wall": fixed("cookie_wall"),
    "cookie_notice": fixed("cookie_notice"),
    "cookie_popover": fixed("cookie_popover"),
    "noscript_wall": fixed("noscript_wall"),
    "newsletter": fixed("newsletter"),
    "forum_index": forum_index,
    "shop_grid": shop_grid,
    "titled_cards": titled_cards,
    "archive": archive_page,
    "author": intro_and_list(
        "Jane Example",
        "<h1>Jane Example</h1><p>Jane covers city hall and transport.</p>"
        '<a href="https://social.example/jane">Follow</a>',
        "Latest by Jane",
        20,
    ),
    "videos": video_gallery,
    "footer_notice": footer_notice,
    "banner_notice": banner_notice,
    "home": home_page,
    "events": event_calendar,
    "reader_comments": reader_comments,
    "signup_form": signup_form,
    "sidebar_boxes": sidebar_boxes,
    "chart_leadins": chart_leadins,
    "picture_caption": picture_caption,
    "company_notice": company_notice,
}


def build(name: str) -> str:
    """The page called name, the same on every call (seeded by its name)."""
    return PAGES[name](random.Random(name))


def write_all(folder: Path = FOLDER) -> list[Path]:
    """Write every page to folder; return the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name in PAGES:
        path = folder / f"{name}.html"
        path.write_text(build(name), encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":
    for written in write_all():
        print(written)
