"""What every page's layout needs: the unread notification count."""

from django.http import HttpRequest

from hub.selectors import unread_notification_count


def navigation(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notifications": 0}
    return {"unread_notifications": unread_notification_count(user=user)}
