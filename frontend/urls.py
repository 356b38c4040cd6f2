"""Pages. Swedish paths: they are what people see and share."""

from django.urls import include, path

from frontend import challenge_urls
from frontend.views import (
    accounts,
    actions,
    boards,
    emailing,
    events,
    ideas,
    notifications,
    privacy,
    registrations,
)
from frontend.views import assessment as assessment_views
from frontend.views import portfolio as portfolio_views

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
    path("notiser/nya/", notifications.notifications_live, name="notifications-live"),
    path("notiser/las/", notifications.notifications_mark_all_read, name="notifications-read"),
    # Events (forum meetings, matchmaking, labs…) and the boards in them.
    path("evenemang/", events.event_list_page, name="event-list"),
    path("evenemang/nytt/", events.event_create_page, name="event-create"),
    path(
        "evenemang/forumserier/ny/",
        events.forum_series_create_page,
        name="forum-series-create",
    ),
    path("evenemang/<int:pk>/", events.event_detail_page, name="event-detail"),
    path("evenemang/<int:pk>/redigera/", events.event_edit_page, name="event-edit"),
    path("evenemang/<int:pk>/kalender.ics", events.event_calendar_file, name="event-calendar"),
    # Registrations (anmälningar): registering, cancelling, the organisers' list.
    path(
        "evenemang/<int:pk>/anmalan/",
        registrations.registration_create_view,
        name="registration-create",
    ),
    path(
        "evenemang/<int:pk>/anmalan/avanmal/",
        registrations.registration_cancel_view,
        name="registration-cancel",
    ),
    path(
        "evenemang/<int:pk>/anmalningar/",
        registrations.registration_list_page,
        name="registration-list",
    ),
    path(
        "evenemang/<int:pk>/anmalningar/installningar/",
        registrations.registration_settings_view,
        name="registration-settings",
    ),
    path(
        "evenemang/<int:pk>/anmalningar.csv",
        registrations.registration_export,
        name="registration-export",
    ),
    path(
        "anmalningar/<int:pk>/narvaro/",
        registrations.attendance_view,
        name="registration-attendance",
    ),
    path("konto/anmalningar/", registrations.my_registrations_page, name="my-registrations"),
    path(
        "konto/anmalningar/kalender/ny/",
        registrations.calendar_feed_create_view,
        name="calendar-feed-create",
    ),
    path(
        "konto/anmalningar/kalender/stang/",
        registrations.calendar_feed_revoke_view,
        name="calendar-feed-revoke",
    ),
    path("kalender/<str:secret>.ics", registrations.calendar_feed, name="calendar-feed"),
    path(
        "anmalan/avanmal/<str:token>/",
        registrations.guest_cancel_page,
        name="registration-guest-cancel",
    ),
    path(
        "evenemang/forumserier/<int:pk>/kalender.ics",
        events.forum_series_calendar_file,
        name="forum-series-calendar",
    ),
    # Student challenges (frontend/challenge_urls.py).
    path("utmaningar/", include(challenge_urls.urlpatterns)),
    path("tavlor/", boards.board_list_page, name="board-list"),
    path("tavlor/ny/", boards.board_create_view, name="board-create"),
    path("tavlor/delta/", boards.board_join_page, name="board-join"),
    path("tavlor/<int:pk>/", boards.board_detail_page, name="board-detail"),
    path("tavlor/<int:pk>/andra/", boards.board_action_view, name="board-action"),
    # Core Team assessment and portfolios (frontend/views/assessment.py, portfolio.py).
    path("bidrag/<int:pk>/beslut/", assessment_views.idea_decision_page, name="idea-decision"),
    path("bedomning/", assessment_views.round_list_page, name="assessment-rounds"),
    path("bedomning/ny/", assessment_views.round_create_page, name="assessment-round-create"),
    path("bedomning/bidrag/", assessment_views.idea_options, name="assessment-idea-options"),
    path("bedomning/<int:pk>/", assessment_views.round_detail_page, name="assessment-round"),
    path(
        "bedomning/<int:pk>/redigera/",
        assessment_views.round_edit_page,
        name="assessment-round-edit",
    ),
    path("bedomning/<int:pk>/oppna/", assessment_views.round_open_view, name="assessment-open"),
    path("bedomning/<int:pk>/stang/", assessment_views.round_close_view, name="assessment-close"),
    path(
        "bedomning/<int:pk>/min-bedomning/",
        assessment_views.sheet_page,
        name="assessment-sheet",
    ),
    path(
        "bedomning/<int:pk>/min-bedomning/lamna-in/",
        assessment_views.assessment_submit_view,
        name="assessment-submit",
    ),
    path(
        "bedomning/<int:pk>/min-bedomning/<int:item_pk>/",
        assessment_views.score_save_view,
        name="assessment-score-save",
    ),
    path(
        "bedomning/<int:pk>/min-bedomning/<int:item_pk>/jav/",
        assessment_views.conflict_declare_view,
        name="assessment-conflict",
    ),
    path(
        "bedomning/<int:pk>/resultat/",
        assessment_views.results_page,
        name="assessment-results",
    ),
    path(
        "bedomning/<int:pk>/resultat.<str:fmt>",
        assessment_views.results_export,
        name="assessment-export",
    ),
    path("bedomning/<int:pk>/poang/", assessment_views.scores_page, name="assessment-scores"),
    path(
        "bedomning/<int:pk>/beslut/",
        assessment_views.decisions_page,
        name="assessment-decisions",
    ),
    path(
        "bedomning/<int:pk>/beslut/<int:item_pk>/",
        assessment_views.item_decision_page,
        name="assessment-item",
    ),
    path(
        "bedomning/<int:pk>/beslut/<int:item_pk>/rosta/",
        assessment_views.vote_view,
        name="assessment-vote",
    ),
    path(
        "bedomning/<int:pk>/beslut/<int:item_pk>/besluta/",
        assessment_views.decision_view,
        name="assessment-decide",
    ),
    path(
        "bedomning/<int:pk>/beslut/<int:item_pk>/portfolj/",
        assessment_views.initiative_create_view,
        name="assessment-initiative-create",
    ),
    path("portfolj/", portfolio_views.portfolio_page, name="portfolio"),
    path(
        "portfolj/styrelserapport/",
        portfolio_views.governing_board_report_page,
        name="governing-board-report",
    ),
    path(
        "portfolj/initiativ/<int:pk>/",
        portfolio_views.initiative_detail_page,
        name="initiative-detail",
    ),
    path(
        "portfolj/initiativ/<int:pk>/lagesrapport/",
        portfolio_views.status_report_view,
        name="initiative-report",
    ),
    path(
        "portfolj/initiativ/<int:pk>/fas/",
        portfolio_views.initiative_stage_view,
        name="initiative-stage",
    ),
    path("portfolj/<slug:slug>/", portfolio_views.portfolio_page, name="portfolio-area"),
    path("konto/registrera/", accounts.signup_page, name="signup"),
    path("konto/logga-in/", accounts.login_page, name="login"),
    path("konto/logga-ut/", accounts.logout_view, name="logout"),
    path("konto/profil/", accounts.profile_page, name="profile"),
    path("konto/sakerhet/", accounts.security_page, name="account-security"),
    path("konto/api-nycklar/", accounts.tokens_page, name="account-tokens"),
    path(
        "konto/api-nycklar/<int:pk>/ta-bort/",
        accounts.token_delete_view,
        name="account-token-delete",
    ),
    path("konto/bekrafta/skicka/", accounts.verification_resend_view, name="email-verify-send"),
    path("konto/bekrafta/<str:token>/", accounts.email_verify_view, name="email-verify"),
    path(
        "konto/ny-adress/<str:token>/",
        accounts.email_change_confirm_view,
        name="email-change-confirm",
    ),
    path("konto/glomt-losenord/", accounts.password_reset_page, name="password-reset"),
    path(
        "konto/aterstall/<str:uidb64>/<str:token>/",
        accounts.password_reset_confirm_page,
        name="password-reset-confirm",
    ),
    path("konto/mina-uppgifter/", privacy.exports_page, name="privacy-exports"),
    path("konto/mina-uppgifter/ny/", privacy.export_request_view, name="privacy-export-request"),
    path(
        "konto/mina-uppgifter/<int:pk>/ladda-ner/",
        privacy.export_download_view,
        name="privacy-export-download",
    ),
    path("konto/ta-bort/", privacy.account_erase_page, name="privacy-erase"),
    path("om/personuppgifter/", accounts.privacy_page, name="privacy"),
    path("om/tillganglighet/", accounts.accessibility_page, name="accessibility"),
    path("konto/e-post/", emailing.email_preferences_page, name="email-preferences"),
    path("e-post/avsluta/<str:token>/", emailing.email_unsubscribe_page, name="email-unsubscribe"),
]
