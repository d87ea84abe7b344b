"""Pages without an article whose only prose sits in a region of the page that is no
article's: readers' replies under a story whose text is gone, a sign-up form, a sidebar made
as a list of boxes, the lead-ins of a data story's charts, a picture's caption in its box."""

from __future__ import annotations

import random
from html import escape

from non_article_site import headline, linked, page

_COMMENTS = [
    ("maria", "Thanks for writing this up. We had the same trouble at our school last winter, "
     "and nobody could tell us who was responsible for the heating."),
    ("tom_k", "I read the report twice and still do not understand why the costs doubled. "
     "Somebody should ask the council for the full numbers."),
    ("lena", "Good point about the buses. The early line is always full, and the later one "
     "arrives after the first lesson has already started."),
    ("oskar", "My daughter walks there every morning, so I hope they fix the crossing soon. "
     "It is dark and the cars drive far too fast."),
]  # fmt: skip


def reader_comments(rng: random.Random) -> str:
    """What is left of a story page without its text: the headline, a byline, share links,
    and the readers' replies under it, each under its author's avatar and name, in a region
    named as the replies (`replies`; trafilatura leaves out only what names comments)."""
    posts = "".join(
        f'<article class="reply" id="reply-{n}"><header><img src="/a/{n}.png">'
        f'<a href="/u/{user}">{user}</a> <time>2 hours ago</time></header>'
        f'<div class="reply-body"><p>{escape(text)}</p></div>'
        f'<a class="reply-link" href="#reply-{n}">Reply</a></article>'
        for n, (user, text) in enumerate(_COMMENTS)
    )
    main = (
        f"<h1>{escape(headline(rng, 'en'))}</h1><p class='byline'>By Sam Writer</p>"
        "<ul class='share'><li><a href='/share/mail'>Mail</a></li>"
        "<li><a href='/share/print'>Print</a></li></ul>"
        f'<section class="replies"><h2>{len(_COMMENTS)} replies</h2>{posts}</section>'
    )
    return page("Story", main)


def signup_form(rng: random.Random) -> str:
    """A list of headlines and a sign-up box whose form holds its pitch and the consent
    line beside the checkbox: a form's own text (a few links), not the page's."""
    items = linked([headline(rng, "en") for _ in range(12)])
    box = (
        '<div class="promo"><form action="/join" method="post"><div class="form-heading">'
        "<h3>Join the community</h3><p>Members can comment on every story, save articles "
        "to read later and get invitations to our events before anybody else.</p></div>"
        '<input type="text" name="name"><label><input type="checkbox" name="agree">'
        '<p>I have read and agree to the <a href="/terms">terms of use</a> and the '
        '<a href="/privacy">privacy policy</a>. I understand that I will receive mail about '
        "my account, and that I can close it at any time.</p></label>"
        "<button>Create my account</button></form></div>"
    )
    return page("Latest", f"<h1>Latest</h1><ul>{items}</ul>{box}")


def sidebar_boxes(rng: random.Random) -> str:
    """A blog page without its post: the sidebar, a list of boxes (a box of recent posts,
    of categories, of links, each under its heading) with a text box about the blog."""
    heads = ["Recent posts", "Categories", "Friends of the blog", "Archives"]
    boxes = [
        f"<li class='box'><h3>{head}</h3><ul>"
        + linked([headline(rng, "en") for _ in range(6)], f"/{n}/")
        + "</ul></li>"
        for n, head in enumerate(heads)
    ]
    about = (
        "<li class='box'><div class='text'><p>This blog is written by two neighbours who "
        "have kept bees in their gardens for twenty years. We write about the seasons, the "
        "mistakes we made and the honey we sell at the market on Saturdays.</p><p>Questions "
        "are welcome: write to us, and we answer every letter within a week or two.</p>"
        "</div></li>"
    )
    side = "".join([*boxes[:2], about, *boxes[2:]])
    return page("Bees", f"<h1>Bee diary</h1><div class='side'><ul>{side}</ul></div>")


_LEADINS = [
    "Rents in the city have risen faster than wages in every year since the new tram line "
    "opened, and the gap is widest in the old harbour district.",
    "The number of new flats finished each year fell by a third after building costs rose, "
    "while the waiting list for social housing kept growing.",
    "Most households now spend more than a third of their income on housing, a share that "
    "was rare only ten years ago.",
]


def chart_leadins(rng: random.Random) -> str:
    """A data story without its text: its charts, each a section with a lead-in in its
    header, the chart (a picture and its axis labels) and a source line."""
    labels = "".join(f"<div class='label'><p>{n}</p></div>" for n in (0, 20, 40, 60, 80, 100))
    charts = "".join(
        f"<section class='graphic' id='chart-{n}'><header><p class='leadin'>{text}</p>"
        f"</header><div class='chart'><img src='/charts/{n}.png'>{labels}</div>"
        "<footer><p>Source: city statistics office</p></footer></section>"
        for n, text in enumerate(_LEADINS)
    )
    return page(
        "Housing in charts", f"<article><h1>{escape(headline(rng, 'en'))}</h1>{charts}</article>"
    )


def picture_caption(rng: random.Random) -> str:
    """A wire story's page without its text: the headline, a byline and the lead picture,
    its long caption a paragraph beside the `<img>` in a box named as the picture's
    (`div.image`), not in a `<figcaption>`."""
    caption = (
        "In this file photo taken last spring, volunteers from the harbour rowing club, "
        "left, and members of the coast guard, right, carry a restored wooden lifeboat "
        "across the beach before the annual regatta, which draws several thousand visitors "
        "to the town every year. (Example Agency via Wire, File)"
    )
    main = (
        f"<article><h1>{escape(headline(rng, 'en'))}</h1><p class='byline'>By Sam Writer, "
        "Wire</p><div class='image lead'><img src='/photo/1.jpg' alt='Lifeboat'>"
        f"<p>{caption}</p></div><span class='source'>The Wire Agency</span></article>"
    )
    return page("Story", main)


def company_notice(rng: random.Random) -> str:
    """A shop's product grid (pictures and short names) whose only text is the company's
    notice under it: copyright, offices, phone numbers, in a box whose name says nothing
    (tables of an old layout turned into `<div>`s), in Chinese."""
    products = "".join(
        f'<div><a href="/p/{n}.html"><img src="/img/{n}.jpg"></a><br>型号-{n}<br>'
        f"真皮笔记本<br>(点击：{rng.randint(100, 2000)})</div>"
        for n in range(6)
    )
    notice = (
        '<div class="as">版权所有©示例工艺礼品有限公司 <br>\n'
        "总部：示例市示例区示例路100号（示例创意园区）8号楼D13A室<br>\n"
        "电话：010-12345678 12345679 传真：010-12345670 监督电话：13800000000<br>\n"
        "香港办事处：香港示例区示例街32号示例广场16楼1602室<br>\n"
        "电话：00852-12345678 传真：00852-12345679<br>\n"
        "工厂地址：示例市示例区示例南路2065号<br>备案号：示例ICP备12345678号</div>"
    )
    return (
        '<html><head><meta charset="utf-8"><title>产品展示</title></head><body>'
        f'<div><div class="menu">{linked(["首页", "公司简介", "产品展示", "联系我们"], "/c/")}'
        f"</div><div>{products}</div><div>{notice}</div></div></body></html>"
    )
