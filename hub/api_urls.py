"""URL map of the REST API, mounted at /api/v1/ (see docs/api.md)."""

from django.urls import include, path

from accounts import api as accounts_api
from emailing import api as emailing_api
from feedback import api_urls as feedback_api_urls
from hub import api as hub_api
from ideas import api as ideas_api
from registrations import api_urls as registration_api_urls

app_name = "api"

urlpatterns = [
    # What there is: the resources, the schema and the docs
    path("", hub_api.ApiRootApi.as_view(), name="root"),
    # People and authentication
    path("me/", hub_api.MeApi.as_view(), name="me"),
    path("me/tokens/", accounts_api.ApiTokenListCreateApi.as_view(), name="token-list"),
    path("me/tokens/<id:pk>/", accounts_api.ApiTokenDeleteApi.as_view(), name="token-detail"),
    path("auth/token/", accounts_api.AuthTokenApi.as_view(), name="auth-token"),
    path("auth/signup/", accounts_api.SignupApi.as_view(), name="auth-signup"),
    path("notifications/", hub_api.NotificationListApi.as_view(), name="notification-list"),
    path(
        "notifications/mark-read/",
        hub_api.NotificationMarkReadApi.as_view(),
        name="notification-mark-read",
    ),
    path(
        "me/email-preferences/",
        emailing_api.EmailPreferencesApi.as_view(),
        name="email-preferences",
    ),
    # Download my data, delete my account (docs/privacy.md)
    path("me/", include("privacy.api_urls")),
    # What the partnership is made of
    path("organisations/", hub_api.OrganisationListApi.as_view(), name="organisation-list"),
    path("focus-areas/", hub_api.FocusAreaListApi.as_view(), name="focus-area-list"),
    path("goals/", hub_api.GoalListApi.as_view(), name="goal-list"),
    # Submissions
    path("submissions/", ideas_api.IdeaListCreateApi.as_view(), name="submission-list"),
    path("submissions/mine/", ideas_api.IdeaMineApi.as_view(), name="submission-mine"),
    path("submissions/<id:pk>/", ideas_api.IdeaDetailApi.as_view(), name="submission-detail"),
    path(
        "submissions/<id:pk>/history/",
        ideas_api.IdeaHistoryApi.as_view(),
        name="submission-history",
    ),
    path(
        "submissions/<id:pk>/transition/",
        ideas_api.IdeaTransitionApi.as_view(),
        name="submission-transition",
    ),
    path("submissions/<id:pk>/hide/", ideas_api.IdeaHideApi.as_view(), name="submission-hide"),
    path(
        "submissions/<id:pk>/unhide/",
        ideas_api.IdeaUnhideApi.as_view(),
        name="submission-unhide",
    ),
    path(
        "submissions/<id:pk>/attachments/<id:attachment_pk>/",
        ideas_api.AttachmentApi.as_view(),
        name="submission-attachment",
    ),
    path(
        "submissions/<id:pk>/comments/",
        ideas_api.CommentListCreateApi.as_view(),
        name="submission-comments",
    ),
    path("comments/<id:pk>/hide/", ideas_api.CommentHideApi.as_view(), name="comment-hide"),
    path(
        "submissions/<id:pk>/support/",
        ideas_api.SupportApi.as_view(),
        name="submission-support",
    ),
    path(
        "submissions/<id:pk>/support/<slug:kind>/",
        ideas_api.SupportDeleteApi.as_view(),
        name="submission-support-delete",
    ),
    # Idea boards (their live side is the socket, docs/realtime-protocol.md)
    path("boards/", include("boards.api_urls")),
    # The events boards serve: forum series and meetings, matchmaking, labs, …
    path("events/", include("events.api_urls")),
    # Who comes: registrations, the waiting list and attendance (registrations/api_urls.py)
    path("events/", include(registration_api_urls.event_urlpatterns)),
    path("registrations/", include(registration_api_urls.urlpatterns)),
    # What participants thought: feedback forms, answers and results (feedback/api_urls.py)
    path("events/", include(feedback_api_urls.event_urlpatterns)),
    path("feedback/", include(feedback_api_urls.urlpatterns)),
    # Core Team assessment, decisions and portfolios (docs/assessment.md)
    path("assessment/", include("assessment.api_urls")),
    path("assessment/", include("portfolio.api_urls")),
    # Student challenges, applications, course cases and results (docs/challenges.md)
    path("challenges/", include("challenges.api_urls")),
]
