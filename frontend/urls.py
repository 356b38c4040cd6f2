"""Pages. Swedish paths: they are what people see and share."""

from django.urls import path

from frontend.views import accounts, actions, ideas, notifications

app_name = "frontend"

urlpatterns = [
    path("", ideas.home, name="home"),
    path("bidrag/", ideas.idea_list_page, name="idea-list"),
    path("bidrag/nytt/", ideas.idea_create_page, name="idea-create"),
    path("bidrag/samhallsmal/", ideas.goal_options, name="goal-options"),
    path("bidrag/<int:pk>/", ideas.idea_detail_page, name="idea-detail"),
    path("bidrag/<int:pk>/redigera/", ideas.idea_edit_page, name="idea-edit"),
    path("bidrag/<int:pk>/bilagor/<str:token>/", ideas.attachment_download, name="attachment"),
    path("bidrag/<int:pk>/status/", actions.idea_transition_view, name="idea-transition"),
    path("bidrag/<int:pk>/dolj/", actions.idea_hide_view, name="idea-hide"),
    path("bidrag/<int:pk>/visa/", actions.idea_unhide_view, name="idea-unhide"),
    path("bidrag/<int:pk>/ta-bort/", actions.idea_delete_view, name="idea-delete"),
    path("bidrag/<int:pk>/kommentarer/", actions.comment_create_view, name="comment-create"),
    path(
        "bidrag/<int:pk>/kommentarer/<int:comment_pk>/dolj/",
        actions.comment_hide_view,
        name="comment-hide",
    ),
    path("bidrag/<int:pk>/stod/", actions.support_toggle_view, name="support-toggle"),
    path("mina-bidrag/", ideas.my_ideas_page, name="my-ideas"),
    path("notiser/", notifications.notifications_page, name="notifications"),
    path("notiser/las/", notifications.notifications_mark_all_read, name="notifications-read"),
    path("konto/registrera/", accounts.signup_page, name="signup"),
    path("konto/logga-in/", accounts.login_page, name="login"),
    path("konto/logga-ut/", accounts.logout_view, name="logout"),
    path("konto/profil/", accounts.profile_page, name="profile"),
]
