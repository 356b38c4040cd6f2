"""What every page's layout needs: the unread notification count and menu facts."""

from django.http import HttpRequest

from hub.selectors import navigation_facts


def navigation(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notifications": 0, "on_core_team": False}
    facts = navigation_facts(user=user)
    return {"unread_notifications": facts["unread"], "on_core_team": facts["on_core_team"]}
