"""The notification kinds the challenges app creates, and how each reads.

Both ways: a challenge's owner hears of each new application, withdrawal, course case and
published result; students hear whether they were accepted or declined (with the owner's
message), and the students on a challenge hear when a result is published.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hub.notifications import register_message

NEW_APPLICATION = "challenges.application_new"
WITHDRAWN = "challenges.application_withdrawn"
ACCEPTED = "challenges.application_accepted"
DECLINED = "challenges.application_declined"
RESULT_PUBLISHED = "challenges.result_published"
COURSE_CASE = "challenges.course_case"

register_message(
    NEW_APPLICATION,
    _("Ny ansökan till utmaningen ”{title}”."),
    label=_("Nya ansökningar till utmaningar du publicerat"),
    addressed=True,
)
register_message(
    WITHDRAWN,
    _("En ansökan till utmaningen ”{title}” har återtagits."),
    label=_("Återtagna ansökningar till utmaningar du publicerat"),
)
register_message(
    ACCEPTED,
    _("Du är antagen till utmaningen ”{title}”."),
    label=_("Besked när du antagits till en utmaning"),
    addressed=True,
)
register_message(
    DECLINED,
    _("Din ansökan till utmaningen ”{title}” blev inte antagen."),
    label=_("Besked när en ansökan till en utmaning avböjts"),
    addressed=True,
)
register_message(
    RESULT_PUBLISHED,
    _("Ett resultat har publicerats för utmaningen ”{title}”: ”{result}”."),
    label=_("Resultat från utmaningar du publicerat eller arbetat med"),
)
register_message(
    COURSE_CASE,
    _("Utmaningen ”{title}” används som fallstudie i kursen ”{course}”."),
    label=_("När en utmaning du publicerat används i en kurs"),
)
