"""Text the hub stores in Swedish, shown on pages in either language (WCAG 3.1.2).

What the partnership names itself (focus areas, societal goals, criteria, template board
sections) has an English name beside the Swedish one (`name_en`, `title_en`). English pages
show it; where it is empty, and for every text that exists only in Swedish (north stars,
descriptions, rubrics, what people write), the page marks the Swedish text `lang="sv"` so a
screen reader reads it as Swedish.

    {{ area|stored:"name" }}            the name in the page's language, marked when Swedish
    {{ area|stored_label:"name" }}      the same as plain text, for attributes
    <p{% stored_lang %}>{{ area.north_star }}</p>   an element holding Swedish text
    {{ area.description|markdown }}     sanitised Markdown (common.markdown)
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from common.markdown import render_markdown
from frontend.localized import STORED_LANGUAGE, page_is_swedish, stored_label, stored_name

register = template.Library()

register.filter("stored_label", stored_label)


@register.filter
def stored(obj: Any, field: str = "name") -> SafeString:
    """`obj.<field>` in the page's language; the Swedish text marked lang="sv" on an English
    page. Escaped; `obj` may be a model or a dict (board snapshots)."""
    text, swedish = stored_name(obj, field)
    if swedish and not page_is_swedish() and text:
        return format_html('<span lang="{}">{}</span>', STORED_LANGUAGE, text)
    return format_html("{}", text)


@register.simple_tag
def stored_lang() -> SafeString:
    """` lang="sv"` for an element holding text stored in Swedish, on a non-Swedish page."""
    if page_is_swedish():
        return mark_safe("")
    return format_html(' lang="{}"', STORED_LANGUAGE)


@register.filter
def markdown(text: str) -> SafeString:
    """Stored Markdown as sanitised HTML (the one Markdown renderer, common.markdown)."""
    return mark_safe(render_markdown(str(text or "")))  # noqa: S308 (nh3 sanitised it)
