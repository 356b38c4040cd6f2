"""Markdown to sanitised HTML. The only way user text becomes markup."""

from __future__ import annotations

import re

import markdown as markdown_lib
import nh3

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "a", "ul", "ol", "li", "blockquote", "code", "pre",
    "h3", "h4", "h5", "h6", "hr", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}


def render_markdown(text: str) -> str:
    """Render `text` as Markdown and remove everything that could run or load anything."""
    if not text:
        return ""
    # Raw HTML in the source is escaped by Markdown's own renderer being given no chance:
    # nh3 removes any tag or attribute not listed, and every URL scheme but http(s)/mailto.
    html = markdown_lib.markdown(text, extensions=["extra", "sane_lists"], output_format="html")
    html = _nest_headings(html)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer ugc",
        strip_comments=True,
    )


_HEADING = re.compile(r"<(/?)h([1-6])>")
TOP_HEADING_LEVEL = 3  # pages show user text under their own h1 and h2


def _nest_headings(html: str) -> str:
    """Shift headings so the text's highest one is an h3, keeping their relative levels."""
    levels = [int(level) for _slash, level in _HEADING.findall(html)]
    if not levels:
        return html
    shift = TOP_HEADING_LEVEL - min(levels)
    return _HEADING.sub(lambda m: f"<{m[1]}h{min(int(m[2]) + shift, 6)}>", html)
