"""People, organisations, focus areas and societal goals: the core every app builds on."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from hub.notifications import render_message


class OrganisationKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Kommun")
    UNIVERSITY = "university", _("Lärosäte")
    REGION = "region", _("Region")
    BUSINESS = "business", _("Näringsliv")
    CIVIL_SOCIETY = "civil_society", _("Civilsamhälle")
    OTHER = "other", _("Annan")


class Organisation(models.Model):
    """An actor (aktör). The strategic parties (parter) have `is_party` and one vote each."""

    name = models.CharField(_("namn"), max_length=200, unique=True)
    short_name = models.CharField(_("kortnamn"), max_length=40, blank=True)
    kind = models.CharField(
        _("typ"), max_length=20, choices=OrganisationKind.choices, default=OrganisationKind.OTHER
    )
    is_party = models.BooleanField(
        _("part i samhällskontraktet"),
        default=False,
        help_text=_("Parterna har en röst var när initiativ beslutas."),
    )
    website = models.URLField(_("webbplats"), blank=True)

    class Meta:
        ordering: ClassVar = ["-is_party", "name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisationer")

    def __str__(self) -> str:
        return self.name


class ProfileType(models.TextChoices):
    EMPLOYEE = "employee", _("Medarbetare")
    RESEARCHER = "researcher", _("Forskare")
    TEACHER = "teacher", _("Lärare")
    STUDENT = "student", _("Student")
    EXTERNAL = "external", _("Extern deltagare")


class Role(models.TextChoices):
    """Roles held through Django groups of the same name (Core Team is per focus area)."""

    FACILITATOR = "facilitator", _("Processtöd")
    GOVERNING_BOARD = "governing_board", _("Styrelseledamot")
    ADMINISTRATOR = "administrator", _("Administratör")


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: object) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email__iexact=username)


class User(AbstractUser):
    """A person. Signs in with email; the name shown is `display_name`."""

    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    email = models.EmailField(_("e-postadress"), unique=True)
    display_name = models.CharField(_("namn"), max_length=150)
    profile_type = models.CharField(
        _("jag är"), max_length=20, choices=ProfileType.choices, default=ProfileType.EXTERNAL
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    bio = models.TextField(
        _("om mig"), blank=True, max_length=2000, validators=[MaxLengthValidator(2000)]
    )
    language = models.CharField(
        _("språk"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="sv",
        help_text=_("Språket i e-post från hubben."),
    )
    email_verified_at = models.DateTimeField(_("e-post bekräftad"), null=True, blank=True)
    # Part of the session hash: raising it signs out every session but the one that is
    # carried over with `update_session_auth_hash` ("sign out everywhere else").
    session_epoch = models.PositiveIntegerField(default=0, editable=False)
    # Set when the person's account was erased (privacy/): the row stays, pseudonymised, so
    # decisions and histories that point at it stay readable as "Borttagen deltagare".
    erased_at = models.DateTimeField(_("borttagen"), null=True, blank=True, editable=False)
    # Whether the person's consent to show their name is in force: a copy of the `Consent`
    # records (the history), kept by `hub.services.consent` so every name shown on a page
    # costs no query. Read it through `hub.display_names`, never directly.
    name_consent = models.BooleanField(_("visar sitt namn"), default=False, editable=False)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = ["display_name"]

    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    class Meta:
        ordering: ClassVar = ["display_name"]
        verbose_name = _("person")
        verbose_name_plural = _("personer")
        constraints: ClassVar = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.display_name or self.email

    def _get_session_auth_hash(self, secret: str | None = None) -> str:
        """Django's hash of the password, plus the session epoch once it has been raised
        (epoch 0 gives Django's own hash, so no session ends when this was introduced)."""
        if not self.session_epoch:
            return super()._get_session_auth_hash(secret=secret)  # type: ignore[misc]
        return salted_hmac(
            "hub.models.User.get_session_auth_hash",
            f"{self.password}:{self.session_epoch}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    def get_full_name(self) -> str:
        return self.display_name

    def get_short_name(self) -> str:
        return self.display_name

    def has_role(self, role: Role) -> bool:
        """Whether the person holds `role`. Group names are cached per request object."""
        if not self.is_authenticated or not self.is_active:
            return False
        cache: set[str] | None = getattr(self, "_role_names", None)
        if cache is None:
            cache = set(self.groups.values_list("name", flat=True))
            self._role_names = cache
        return role.value in cache


class FocusArea(models.Model):
    """A focus area (fokusområde) with its north star (norrstjärna)."""

    name = models.CharField(_("namn"), max_length=120, unique=True)
    name_en = models.CharField(
        _("namn på engelska"),
        max_length=120,
        blank=True,
        help_text=_("Visas på engelska sidor. Tomt: det svenska namnet visas."),
    )
    slug = models.SlugField(_("kortnamn i adresser"), max_length=60, unique=True)
    north_star = models.TextField(_("norrstjärna"))
    description = models.TextField(_("beskrivning"), blank=True)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        ordering: ClassVar = ["order", "name"]
        verbose_name = _("fokusområde")
        verbose_name_plural = _("fokusområden")

    def __str__(self) -> str:
        return self.name


class SocietalGoal(models.Model):
    """A societal goal (samhällsmål): a mission under a focus area."""

    focus_area = models.ForeignKey(
        FocusArea, verbose_name=_("fokusområde"), on_delete=models.CASCADE, related_name="goals"
    )
    title = models.CharField(_("samhällsmål"), max_length=300)
    title_en = models.CharField(
        _("samhällsmål på engelska"),
        max_length=300,
        blank=True,
        help_text=_("Visas på engelska sidor. Tomt: det svenska namnet visas."),
    )
    description = models.TextField(_("beskrivning"), blank=True)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        ordering: ClassVar = ["focus_area__order", "order", "pk"]
        verbose_name = _("samhällsmål")
        verbose_name_plural = _("samhällsmål")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["focus_area", "title"], name="goal_title_per_area"),
        ]

    def __str__(self) -> str:
        return self.title


class CoreTeamMembership(models.Model):
    """A person on a focus area's Core Team, representing one party."""

    user = models.ForeignKey(
        User, verbose_name=_("person"), on_delete=models.CASCADE, related_name="core_teams"
    )
    focus_area = models.ForeignKey(
        FocusArea,
        verbose_name=_("fokusområde"),
        on_delete=models.CASCADE,
        related_name="core_team",
    )
    party = models.ForeignKey(
        Organisation,
        verbose_name=_("part"),
        on_delete=models.PROTECT,
        limit_choices_to={"is_party": True},
        related_name="core_team_members",
    )

    class Meta:
        verbose_name = _("Core Team-medlemskap")
        verbose_name_plural = _("Core Team-medlemskap")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["user", "focus_area"], name="one_core_team_seat"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.focus_area} ({self.party})"


class Notification(models.Model):
    """An in-app notification. The text is rendered at read time, in the reader's language."""

    recipient = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("mottagare")
    )
    actor = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(_("typ"), max_length=60)
    data = models.JSONField(_("data"), default=dict, blank=True)
    target_url = models.CharField(_("länk"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("läst"), null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-created_at", "-pk"]
        verbose_name = _("notis")
        verbose_name_plural = _("notiser")
        indexes: ClassVar = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient}"

    def get_absolute_url(self) -> str:
        return self.target_url or reverse("frontend:notifications")

    @property
    def message(self) -> str:
        return render_message(self)


class ConsentKind(models.TextChoices):
    SHOW_NAME = "show_name", _("Visa mitt namn")
    SHARE_CONTACT = "share_contact", _("Dela mina kontaktuppgifter")


class Consent(models.Model):
    """One consent a person gave, and when they withdrew it (kept: the record of consent).

    Giving it again after a withdrawal is a new row; at most one is in force per kind.
    """

    user = models.ForeignKey(
        User, verbose_name=_("person"), on_delete=models.CASCADE, related_name="consents"
    )
    kind = models.CharField(_("samtycke"), max_length=20, choices=ConsentKind.choices)
    given_at = models.DateTimeField(_("givet"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("återkallat"), null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-given_at", "-pk"]
        verbose_name = _("samtycke")
        verbose_name_plural = _("samtycken")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["user", "kind"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="one_consent_in_force_per_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.user_id})"


class AccessKind(models.TextChoices):
    PERSON_LIST = "person_list", _("Personlistan i administrationen")
    PERSON_VIEWED = "person_viewed", _("En persons sida i administrationen")
    EXPORT_VIEWED = "export_viewed", _("En export av personuppgifter")
    EXPORT_LIST = "export_list", _("Listan över exporter")
    ERASURE_REVIEWED = "erasure_reviewed", _("Borttagning på begäran granskad")
    ERASED_ON_REQUEST = "erased_on_request", _("Borttagen på begäran")


class PersonalDataAccess(models.Model):
    """An administrator looked at (or acted on) someone's personal data: the audit log.

    Written by `hub.services.personal_data_access_record`; read-only in the admin, for
    administrators. `person` is empty for a list of many people.
    """

    actor = models.ForeignKey(
        User,
        verbose_name=_("administratör"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="personal_data_accesses_made",
    )
    person = models.ForeignKey(
        User,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="personal_data_accesses",
    )
    kind = models.CharField(_("vad"), max_length=20, choices=AccessKind.choices)
    path = models.CharField(_("adress"), max_length=300, blank=True)
    at = models.DateTimeField(_("när"), default=timezone.now, db_index=True)

    class Meta:
        ordering: ClassVar = ["-at", "-pk"]
        verbose_name = _("åtkomst till personuppgifter")
        verbose_name_plural = _("åtkomstlogg för personuppgifter")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.at:%Y-%m-%d %H:%M})"
