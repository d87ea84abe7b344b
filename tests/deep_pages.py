"""Pages nested deeper than an HTML parser's default limit (255 elements), built inline."""

from __future__ import annotations

SENTENCE = (
    "The city council voted on Tuesday to extend the tram line to the northern districts,"
    " a project that residents and planners have debated for more than a decade."
)
TITLE = "Council extends the tram line"


def deep_page(depth: int, tag: str = "div") -> str:
    """An article of five paragraphs inside `depth` nested wrappers (a page builder's),
    between a menu and a footer."""
    paragraphs = "".join(
        f"<p>{SENTENCE} Paragraph {i} adds a detail about the plan and its cost.</p>"
        for i in range(5)
    )
    article = f"<article><h1>{TITLE}</h1>{paragraphs}</article>"
    return (
        f"<html><head><title>{TITLE}</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/city'>City</a></nav>"
        f"{f'<{tag}>' * depth}{article}{f'</{tag}>' * depth}"
        "<footer>Copyright City News</footer></body></html>"
    )


def staircase_page(depth: int) -> str:
    """A paragraph at every one of `depth` levels: nothing to unwrap without losing text."""
    levels = "".join(f"<div><p>{SENTENCE} Level {i}.</p>" for i in range(depth))
    head = f"<html><head><title>{TITLE}</title></head>"
    return f"{head}<body>{levels}{'</div>' * depth}</body></html>"


def nested_list_page(depth: int) -> str:
    """A list nested `depth` times (two elements a level), an item of text at each."""
    items = "".join(f"<ul><li>{SENTENCE} Item {i}." for i in range(depth))
    return (
        f"<html><head><title>{TITLE}</title></head><body><article><p>{SENTENCE}</p>"
        f"{items}{'</li></ul>' * depth}</article></body></html>"
    )
