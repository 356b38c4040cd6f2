"""Tags: free names a person types, one tag per slug however it is spelled."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.text import slugify

from ideas.models import Tag

MAX_TAGS = 10
MAX_TAG_LENGTH = 50


def normalise_tags(names: Iterable[str]) -> list[str]:
    """The names as they will be stored: whitespace folded, cut to length, one per slug."""
    seen: dict[str, str] = {}
    for raw in names:
        name = " ".join(str(raw).split())[:MAX_TAG_LENGTH]
        slug = slugify(name, allow_unicode=True)
        if slug and slug not in seen:
            seen[slug] = name
    return list(seen.values())


def tags_get_or_create(names: Iterable[str]) -> list[Tag]:
    """The tags of these names; a new name creates its tag. Call inside the transaction."""
    tags = []
    for name in normalise_tags(names):
        tag, _created = Tag.objects.get_or_create(
            slug=slugify(name, allow_unicode=True), defaults={"name": name}
        )
        tags.append(tag)
    return tags
