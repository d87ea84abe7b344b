"""Parse an HTML page, whole even when it is nested deeper than libxml2's default limit.

libxml2 stops parsing, without an exception, where a page passes one of its resource
limits (nesting 256 elements deep, a text node of 10 MB): the rest of the page is lost.
Such a page is parsed again with `huge_tree` (nesting up to 2047), then made shallow
(`flatten_deep`) so that no later stage (ours, trafilatura's, lxml's) recurses too deep;
beyond what the huge parse takes, it is `too_large`.
"""

from __future__ import annotations

import re

from lxml.etree import _Element, iterwalk, strip_tags
from lxml.html import HtmlElement, HTMLParser, fromstring
from trafilatura.utils import HTML_PARSER, load_html, repair_faulty_html

from cleaners.errors import CleanError
from cleaners.settings import HTML_DEEP_KEEP_HEIGHT, HTML_DEEP_KEEP_LEVELS

_HUGE_PARSER = HTMLParser(  # trafilatura's parser, without the resource limits
    collect_ids=False,
    default_doctype=False,
    encoding="utf-8",
    remove_comments=True,
    remove_pis=True,
    huge_tree=True,
)
_TRY_HUGE = re.compile(r",? *(use|try) XML_PARSE_HUGE.*", re.DOTALL)
_UNWRAP = "dechrome-unwrap"  # a tag no page uses: elements renamed so are stripped at once


def parse_html(html: str) -> HtmlElement | None:
    """The page's tree, as trafilatura parses it (None if it is no HTML document); a page
    the parser stopped in is parsed again without limits and flattened, or `too_large`."""
    tree = load_html(html)
    if _limit_error(HTML_PARSER) is None:
        return tree
    beginning = html[:50].lower()
    markup = repair_faulty_html(html, beginning).encode("utf-8", "surrogatepass")
    tree = fromstring(markup, parser=_HUGE_PARSER)
    if error := _limit_error(_HUGE_PARSER):
        what = "nested too deep" if "depth" in error.lower() else "beyond the limits"
        raise CleanError("too_large", f"HTML {what} for the parser ({error})")
    flatten_deep(tree)
    return tree


def _limit_error(parser: HTMLParser) -> str | None:
    """The message of the resource limit the parser's last parse stopped at, if any (a
    parse by another thread in between can only cost a second parse, or miss the limit)."""
    error = parser.error_log.last_error
    if error is None or error.type_name != "ERR_RESOURCE_LIMIT":
        return None
    return _TRY_HUGE.sub("", error.message).strip()  # we did


def flatten_deep(
    tree: _Element, keep_levels: int = HTML_DEEP_KEEP_LEVELS, height: int = HTML_DEEP_KEEP_HEIGHT
) -> None:
    """Unwrap the elements below the first `keep_levels` levels that hold more than
    `height` levels of elements (wrappers, not paragraphs, lists or tables): their text and
    children stay, in order, in their parent. The tree is then at most keep_levels +
    height + 1 levels deep. Iterative: no recursion however deep the tree."""
    heights: list[int] = []  # height of the subtree below each open element
    deep_wrappers = []
    depth = 0
    for event, elem in iterwalk(tree, events=("start", "end")):
        if event == "start":
            depth += 1
            heights.append(0)
            continue
        below = heights.pop()
        if heights:
            heights[-1] = max(heights[-1], below + 1)
        if depth > keep_levels and below > height:
            deep_wrappers.append(elem)
        depth -= 1
    for elem in deep_wrappers:
        elem.tag = _UNWRAP
    if deep_wrappers:
        strip_tags(tree, _UNWRAP)
