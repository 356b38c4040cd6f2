"""The challenge pages (frontend/views/challenges.py), included by frontend/urls.py under
/utmaningar/ in the frontend's namespace."""

from django.urls import path

from frontend.views import challenges as views

urlpatterns = [
    path("", views.challenge_list_page, name="challenge-list"),
    path("ny/", views.challenge_create_page, name="challenge-create"),
    path("mina/", views.my_applications_page, name="my-challenge-applications"),
    path("studentprofil/", views.student_profile_page, name="student-profile"),
    path("<int:pk>/", views.challenge_detail_page, name="challenge"),
    path("<int:pk>/redigera/", views.challenge_edit_page, name="challenge-edit"),
    path("<int:pk>/status/", views.challenge_status_view, name="challenge-status"),
    path("<int:pk>/ansok/", views.application_create_view, name="challenge-apply"),
    path("<int:pk>/bokmark/", views.bookmark_view, name="challenge-bookmark"),
    path("<int:pk>/ansokningar/", views.applications_page, name="challenge-applications"),
    path("<int:pk>/kurs/", views.course_case_create_view, name="challenge-course-case"),
    path(
        "<int:pk>/kurs/<int:case_pk>/aterrapport/",
        views.course_case_report_view,
        name="course-case-report",
    ),
    path("<int:pk>/resultat/", views.result_create_page, name="challenge-result"),
    path("<int:pk>/resultat/<int:result_pk>/fil/", views.result_file, name="challenge-result-file"),
    path(
        "<int:pk>/resultat/<int:result_pk>/lank/", views.result_link, name="challenge-result-link"
    ),
    path("ansokningar/<int:pk>/besked/", views.application_decide_view, name="application-decide"),
    path(
        "ansokningar/<int:pk>/aterta/", views.application_withdraw_view, name="application-withdraw"
    ),
]
