"""Live idea boards: sections, cards (sticky notes), clusters, dot votes and links. A board
may run in an event (`events.Event`)."""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from events.models import Event, EventKind
from hub.display_names import shown_name

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

CARD_TEXT_MAX = 500
HEADING_MAX = 120


class BoardTemplate(models.TextChoices):
    BRAINSTORM = "brainstorm", _("Idéinsamling")
    FORUM = "forum", _("Forumträff")
    MATCHMAKING = "matchmaking", _("Matchmaking")


# The sections (columns) each template starts with. Lazy: a new board stores the Swedish
# name as its title and the English one beside it (Section.title_en).
TEMPLATE_SECTIONS: dict[str, list[StrOrPromise]] = {
    BoardTemplate.BRAINSTORM: [pgettext_lazy("board section", "Idéer")],
    BoardTemplate.FORUM: [
        pgettext_lazy("board section", "Utmaningar"),
        pgettext_lazy("board section", "Samhällsmål"),
        pgettext_lazy("board section", "Idéer"),
    ],
    BoardTemplate.MATCHMAKING: [
        pgettext_lazy("board section", "Behov"),
        pgettext_lazy("board section", "Forskning"),
        pgettext_lazy("board section", "Resurser och kompetens"),
    ],
}


# The template a board made for an event of this kind starts with (others: brainstorm).
BOARD_TEMPLATE_FOR_EVENT: dict[str, str] = {
    EventKind.FORUM_MEETING: BoardTemplate.FORUM,
    EventKind.MATCHMAKING: BoardTemplate.MATCHMAKING,
}


class BoardPhase(models.TextChoices):
    OPEN = "open", _("Öppet skrivande")
    SILENT = "silent", _("Tyst skrivande")
    VOTING = "voting", _("Röstning")
    CLOSED = "closed", _("Stängd")


class CardColour(models.TextChoices):
    YELLOW = "yellow", _("Gul")
    GREEN = "green", _("Grön")
    BLUE = "blue", _("Blå")
    PINK = "pink", _("Rosa")
    ORANGE = "orange", _("Orange")
    WHITE = "white", _("Vit")


def new_join_code() -> str:
    # Unambiguous characters only: the code is read aloud and typed on phones.
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _n in range(6))


class Board(models.Model):
    title = models.CharField(_("rubrik"), max_length=200)
    purpose = models.TextField(_("syfte"), blank=True, max_length=2000)
    template = models.CharField(
        _("mall"), max_length=20, choices=BoardTemplate.choices, default=BoardTemplate.BRAINSTORM
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="boards_created"
    )
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="boards_facilitated"
    )
    phase = models.CharField(
        _("fas"), max_length=10, choices=BoardPhase.choices, default=BoardPhase.OPEN
    )
    is_locked = models.BooleanField(_("låst"), default=False)
    anonymous_cards = models.BooleanField(_("visa lappar utan namn"), default=False)
    votes_per_participant = models.PositiveSmallIntegerField(_("röster per deltagare"), default=3)
    timer_ends_at = models.DateTimeField(_("nedräkning till"), null=True, blank=True)
    join_code = models.CharField(
        _("kod för gäster"), max_length=12, unique=True, default=new_join_code
    )
    guests_allowed = models.BooleanField(_("gäster med kod får delta"), default=True)
    # Standalone when null; deleting the event leaves its boards standalone.
    event = models.ForeignKey(
        Event,
        verbose_name=_("evenemang"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="boards",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar = ["-created_at", "-pk"]
        verbose_name = _("idétavla")
        verbose_name_plural = _("idétavlor")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("frontend:board-detail", args=[self.pk])

    @property
    def stream_key(self) -> str:
        return f"board.{self.pk}"


class Section(models.Model):
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(_("rubrik"), max_length=HEADING_MAX)
    # The English name of a section from a board template; empty for one a person named.
    title_en = models.CharField(_("rubrik på engelska"), max_length=HEADING_MAX, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering: ClassVar = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class Participant(models.Model):
    """Someone on a board: a signed-in person, or a guest who came with the join code."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    guest_name = models.CharField(max_length=60, blank=True)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["board", "user"],
                condition=models.Q(user__isnull=False),
                name="one_participant_per_user",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name every participant sees (cards, presence, lists): a board is shared, so
        it is the public one (`hub.display_names`); a guest's is the name they chose."""
        if self.user is not None:
            return shown_name(person=self.user, viewer=None)
        return self.guest_name or gettext("Borttagen deltagare")  # empty: past retention


class Cluster(models.Model):
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="clusters")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="clusters")
    heading = models.CharField(_("rubrik"), max_length=HEADING_MAX)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.heading


class Card(models.Model):
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="cards")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="cards")
    cluster = models.ForeignKey(
        Cluster, null=True, blank=True, on_delete=models.SET_NULL, related_name="cards"
    )
    author = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="cards")
    text = models.CharField(_("text"), max_length=CARD_TEXT_MAX)
    colour = models.CharField(
        _("färg"), max_length=10, choices=CardColour.choices, default=CardColour.YELLOW
    )
    position = models.PositiveIntegerField(default=0)
    # Written during silent writing and not yet revealed: only its author may read it.
    is_hidden = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar = ["section", "position", "pk"]
        indexes: ClassVar = [models.Index(fields=["board", "section", "position"])]

    def __str__(self) -> str:
        return self.text[:40]


class Vote(models.Model):
    """One dot. A participant may put several dots on one card, within the board's budget."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="votes")
    card = models.ForeignKey(Card, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="votes")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes: ClassVar = [models.Index(fields=["board", "voter"])]

    def __str__(self) -> str:
        return f"{self.voter_id} → {self.card_id}"


class CardLink(models.Model):
    """Two cards linked, e.g. a need and the research or resource that could meet it."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="links")
    source = models.ForeignKey(Card, on_delete=models.CASCADE, related_name="links_out")
    target = models.ForeignKey(Card, on_delete=models.CASCADE, related_name="links_in")
    created_by = models.ForeignKey(
        Participant, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["source", "target"], name="one_link_per_pair"),
            models.CheckConstraint(
                condition=~models.Q(source=models.F("target")), name="no_self_link"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source_id} ↔ {self.target_id}"
