"""One check for every full page: the accessibility and CSP basics the hub promises."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

UNLABELLED_INPUT_TYPES = {"hidden", "submit", "button", "reset", "image"}
LOCAL_HOSTS = {"", "testserver"}
# A role on a list or its items replaces their list semantics (axe: list, listitem).
LIST_ROLES = {"ul": "list", "ol": "list", "li": "listitem"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]


@dataclass
class PageParser(HTMLParser):
    elements: list[Element] = field(default_factory=list)
    label_for: set[str] = field(default_factory=set)
    h1_count: int = 0

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {name: value or "" for name, value in attrs})
        self.elements.append(element)
        if tag == "label" and element.attrs.get("for"):
            self.label_for.add(element.attrs["for"])
        if tag == "h1":
            self.h1_count += 1

    handle_startendtag = handle_starttag


def page_problems(html: str) -> list[str]:
    """Everything wrong with a full page, as readable lines (empty when all is well)."""
    parser = PageParser()
    parser.feed(html)
    problems: list[str] = []
    elements = parser.elements

    html_tags = [e for e in elements if e.tag == "html"]
    if not html_tags or not html_tags[0].attrs.get("lang"):
        problems.append("<html> has no lang attribute")
    if parser.h1_count != 1:
        problems.append(f"expected one <h1>, found {parser.h1_count}")

    ids = [e.attrs["id"] for e in elements if "id" in e.attrs]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        problems.append(f"duplicate ids: {duplicates}")

    skip_links = [e for e in elements if e.tag == "a" and e.attrs.get("href", "").startswith("#")]
    if not skip_links or skip_links[0].attrs["href"][1:] not in ids:
        problems.append("no skip link to an element on the page before other links")
    elif elements.index(skip_links[0]) > min(
        (elements.index(e) for e in elements if e.tag == "a"), default=0
    ):
        problems.append("the skip link is not the first link")

    for element in elements:
        attrs = element.attrs
        if "style" in attrs:
            problems.append(f"inline style attribute on <{element.tag}>")
        if element.tag == "style" and "nonce" not in attrs:
            problems.append("<style> element without a nonce")
        if element.tag == "script" and not (attrs.get("src") or attrs.get("nonce")):
            problems.append("<script> without src or nonce")
        if any(name.startswith("on") for name in attrs):
            problems.append(f"inline event handler on <{element.tag}>")
        for name in ("src", "href", "action", "formaction"):
            value = attrs.get(name, "")
            if value.startswith(("http:", "https:", "//")) and urlsplit(value).hostname not in (
                LOCAL_HOSTS
            ):
                problems.append(f"{name} points to another host: {value}")
        if (
            element.tag in LIST_ROLES
            and attrs.get("role", LIST_ROLES[element.tag]) != (LIST_ROLES[element.tag])
        ):
            problems.append(
                f"<{element.tag} role={attrs['role']!r}> loses its list semantics "
                "(put a live region or landmark role on a wrapper instead)"
            )
        if _is_control(element) and not _is_labelled(element, parser.label_for):
            problems.append(f"unlabelled <{element.tag} name={attrs.get('name')!r}>")
    return problems


def _is_control(element: Element) -> bool:
    if element.tag in {"select", "textarea"}:
        return True
    return element.tag == "input" and element.attrs.get("type", "text") not in (
        UNLABELLED_INPUT_TYPES
    )


def _is_labelled(element: Element, label_for: set[str]) -> bool:
    attrs = element.attrs
    return bool(
        (attrs.get("id") and attrs["id"] in label_for)
        or attrs.get("aria-label")
        or attrs.get("aria-labelledby")
    )


def assert_good_page(response) -> str:
    """Assert the response is a full HTML page that passes every check; return its text."""
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "<html" in html, "not a full page"
    problems = page_problems(html)
    assert not problems, "\n".join(problems)
    return html
