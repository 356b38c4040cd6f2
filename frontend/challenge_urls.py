"""The challenge pages (frontend/views/challenges.py), included by frontend/urls.py under
/utmaningar/ in the frontend's namespace."""

from django.urls import path

from frontend.views import challenges as views

urlpatterns = [
    path("", views.challenge_list_page, name="challenge-list"),
    path("ny/", views.challenge_create_page, name="challenge-create"),
    path("mina/", views.my_applications_page, name="my-challenge-applications"),
    path("studentprofil/", views.student_profile_page, name="student-profile"),
    path("<id:pk>/", views.challenge_detail_page, name="challenge"),
    path("<id:pk>/redigera/", views.challenge_edit_page, name="challenge-edit"),
    path("<id:pk>/status/", views.challenge_status_view, name="challenge-status"),
    path("<id:pk>/ansok/", views.application_create_view, name="challenge-apply"),
    path("<id:pk>/bokmark/", views.bookmark_view, name="challenge-bookmark"),
    path("<id:pk>/ansokningar/", views.applications_page, name="challenge-applications"),
    path("<id:pk>/kurs/", views.course_case_create_view, name="challenge-course-case"),
    path(
        "<id:pk>/kurs/<id:case_pk>/aterrapport/",
        views.course_case_report_view,
        name="course-case-report",
    ),
    path("<id:pk>/resultat/", views.result_create_page, name="challenge-result"),
    path("<id:pk>/resultat/<id:result_pk>/fil/", views.result_file, name="challenge-result-file"),
    path("<id:pk>/resultat/<id:result_pk>/lank/", views.result_link, name="challenge-result-link"),
    path("ansokningar/<id:pk>/besked/", views.application_decide_view, name="application-decide"),
    path(
        "ansokningar/<id:pk>/aterta/", views.application_withdraw_view, name="application-withdraw"
    ),
]
