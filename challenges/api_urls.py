"""URL map of the challenges API, under /api/v1/challenges/ (see docs/api.md, "Challenges")."""

from django.urls import path

from challenges import api

urlpatterns = [
    path("", api.ChallengeListCreateApi.as_view(), name="challenge-list"),
    path("for-you/", api.ForYouApi.as_view(), name="challenge-for-you"),
    path("applications/mine/", api.MyApplicationsApi.as_view(), name="challenge-my-applications"),
    path("student-profile/", api.StudentProfileApi.as_view(), name="challenge-student-profile"),
    path(
        "applications/<id:pk>/accept/",
        api.ApplicationDecisionApi.as_view(accept=True),
        name="challenge-application-accept",
    ),
    path(
        "applications/<id:pk>/decline/",
        api.ApplicationDecisionApi.as_view(accept=False),
        name="challenge-application-decline",
    ),
    path(
        "applications/<id:pk>/withdraw/",
        api.ApplicationWithdrawApi.as_view(),
        name="challenge-application-withdraw",
    ),
    path("<id:pk>/", api.ChallengeApi.as_view(), name="challenge-detail"),
    path("<id:pk>/status/", api.ChallengeStatusApi.as_view(), name="challenge-status"),
    path("<id:pk>/bookmark/", api.BookmarkApi.as_view(), name="challenge-bookmark"),
    path(
        "<id:pk>/applications/",
        api.ApplicationListCreateApi.as_view(),
        name="challenge-applications",
    ),
    path("<id:pk>/course-cases/", api.CourseCaseCreateApi.as_view(), name="challenge-course-cases"),
    path(
        "<id:pk>/course-cases/<id:case_pk>/report/",
        api.CourseCaseReportApi.as_view(),
        name="challenge-course-case-report",
    ),
    path("<id:pk>/results/", api.ResultCreateApi.as_view(), name="challenge-results"),
]
