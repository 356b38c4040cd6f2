"""URL map of the feedback API: under /api/v1/events/{id}/feedback/ for an event's form,
questions, answers and results, and /api/v1/feedback/ across a series or a year (see
docs/api.md, "Feedback")."""

from django.urls import path

from feedback import api

event_urlpatterns = [
    path("<id:pk>/feedback/", api.FeedbackFormApi.as_view(), name="event-feedback"),
    path(
        "<id:pk>/feedback/questions/",
        api.FeedbackQuestionsApi.as_view(),
        name="event-feedback-questions",
    ),
    path(
        "<id:pk>/feedback/questions/<id:question_pk>/",
        api.FeedbackQuestionApi.as_view(),
        name="event-feedback-question",
    ),
    path(
        "<id:pk>/feedback/responses/",
        api.FeedbackResponseApi.as_view(),
        name="event-feedback-responses",
    ),
    path(
        "<id:pk>/feedback/results/",
        api.FeedbackResultsApi.as_view(),
        name="event-feedback-results",
    ),
]

urlpatterns = [
    path("series/<id:pk>/", api.SeriesOverviewApi.as_view(), name="feedback-series"),
    path("years/<year:year>/", api.YearOverviewApi.as_view(), name="feedback-year"),
]
