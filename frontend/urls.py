"""Pages. Swedish paths: they are what people see and share."""

from django.urls import include, path

from frontend import challenge_urls
from frontend.views import (
    accounts,
    actions,
    boards,
    emailing,
    events,
    feedback,
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
    path("bidrag/<id:pk>/", ideas.idea_detail_page, name="idea-detail"),
    path("bidrag/<id:pk>/redigera/", ideas.idea_edit_page, name="idea-edit"),
    path("bidrag/<id:pk>/bilagor/<str:token>/", ideas.attachment_download, name="attachment"),
    path("bidrag/<id:pk>/status/", actions.idea_transition_view, name="idea-transition"),
    path("bidrag/<id:pk>/dolj/", actions.idea_hide_view, name="idea-hide"),
    path("bidrag/<id:pk>/visa/", actions.idea_unhide_view, name="idea-unhide"),
    path("bidrag/<id:pk>/ta-bort/", actions.idea_delete_view, name="idea-delete"),
    path("bidrag/<id:pk>/kommentarer/", actions.comment_create_view, name="comment-create"),
    path(
        "bidrag/<id:pk>/kommentarer/<id:comment_pk>/dolj/",
        actions.comment_hide_view,
        name="comment-hide",
    ),
    path("bidrag/<id:pk>/stod/", actions.support_toggle_view, name="support-toggle"),
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
    path("evenemang/<id:pk>/", events.event_detail_page, name="event-detail"),
    path("evenemang/<id:pk>/redigera/", events.event_edit_page, name="event-edit"),
    path("evenemang/<id:pk>/kalender.ics", events.event_calendar_file, name="event-calendar"),
    # Feedback (utvärdering): answering, setting up, results per event, series and year.
    path("evenemang/<id:pk>/utvardering/", feedback.feedback_answer_page, name="feedback-answer"),
    path(
        "evenemang/<id:pk>/utvardering/installningar/",
        feedback.feedback_setup_page,
        name="feedback-setup",
    ),
    path(
        "evenemang/<id:pk>/utvardering/fragor/",
        feedback.feedback_question_add_view,
        name="feedback-question-add",
    ),
    path(
        "evenemang/<id:pk>/utvardering/fragor/<id:question_pk>/ta-bort/",
        feedback.feedback_question_remove_view,
        name="feedback-question-remove",
    ),
    path("evenemang/<id:pk>/utvardering/qr.svg", feedback.feedback_qr, name="feedback-qr"),
    path(
        "evenemang/<id:pk>/utvardering/resultat/",
        feedback.feedback_results_page,
        name="feedback-results",
    ),
    path(
        "evenemang/<id:pk>/utvardering/resultat.csv",
        feedback.feedback_export,
        name="feedback-export",
    ),
    path(
        "evenemang/forumserier/<id:pk>/utvardering/",
        feedback.feedback_series_page,
        name="feedback-series",
    ),
    path(
        "evenemang/forumserier/<id:pk>/utvardering.csv",
        feedback.feedback_series_export,
        name="feedback-series-export",
    ),
    path("evenemang/utvardering/<year:year>/", feedback.feedback_year_page, name="feedback-year"),
    path(
        "evenemang/utvardering/<year:year>.csv",
        feedback.feedback_year_export,
        name="feedback-year-export",
    ),
    # Registrations (anmälningar): registering, cancelling, the organisers' list.
    path(
        "evenemang/<id:pk>/anmalan/",
        registrations.registration_create_view,
        name="registration-create",
    ),
    path(
        "evenemang/<id:pk>/anmalan/avanmal/",
        registrations.registration_cancel_view,
        name="registration-cancel",
    ),
    path(
        "evenemang/<id:pk>/anmalningar/",
        registrations.registration_list_page,
        name="registration-list",
    ),
    path(
        "evenemang/<id:pk>/anmalningar/installningar/",
        registrations.registration_settings_view,
        name="registration-settings",
    ),
    path(
        "evenemang/<id:pk>/anmalningar.csv",
        registrations.registration_export,
        name="registration-export",
    ),
    path(
        "anmalningar/<id:pk>/narvaro/",
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
        "evenemang/forumserier/<id:pk>/kalender.ics",
        events.forum_series_calendar_file,
        name="forum-series-calendar",
    ),
    # Student challenges (frontend/challenge_urls.py).
    path("utmaningar/", include(challenge_urls.urlpatterns)),
    path("tavlor/", boards.board_list_page, name="board-list"),
    path("tavlor/ny/", boards.board_create_view, name="board-create"),
    path("tavlor/delta/", boards.board_join_page, name="board-join"),
    path("tavlor/<id:pk>/", boards.board_detail_page, name="board-detail"),
    path("tavlor/<id:pk>/andra/", boards.board_action_view, name="board-action"),
    # Core Team assessment and portfolios (frontend/views/assessment.py, portfolio.py).
    path("bidrag/<id:pk>/beslut/", assessment_views.idea_decision_page, name="idea-decision"),
    path("bedomning/", assessment_views.round_list_page, name="assessment-rounds"),
    path("bedomning/ny/", assessment_views.round_create_page, name="assessment-round-create"),
    path("bedomning/bidrag/", assessment_views.idea_options, name="assessment-idea-options"),
    path("bedomning/<id:pk>/", assessment_views.round_detail_page, name="assessment-round"),
    path(
        "bedomning/<id:pk>/redigera/",
        assessment_views.round_edit_page,
        name="assessment-round-edit",
    ),
    path("bedomning/<id:pk>/oppna/", assessment_views.round_open_view, name="assessment-open"),
    path("bedomning/<id:pk>/stang/", assessment_views.round_close_view, name="assessment-close"),
    path(
        "bedomning/<id:pk>/min-bedomning/",
        assessment_views.sheet_page,
        name="assessment-sheet",
    ),
    path(
        "bedomning/<id:pk>/min-bedomning/lamna-in/",
        assessment_views.assessment_submit_view,
        name="assessment-submit",
    ),
    path(
        "bedomning/<id:pk>/min-bedomning/<id:item_pk>/",
        assessment_views.score_save_view,
        name="assessment-score-save",
    ),
    path(
        "bedomning/<id:pk>/min-bedomning/<id:item_pk>/jav/",
        assessment_views.conflict_declare_view,
        name="assessment-conflict",
    ),
    path(
        "bedomning/<id:pk>/resultat/",
        assessment_views.results_page,
        name="assessment-results",
    ),
    path(
        "bedomning/<id:pk>/resultat.<str:fmt>",
        assessment_views.results_export,
        name="assessment-export",
    ),
    path("bedomning/<id:pk>/poang/", assessment_views.scores_page, name="assessment-scores"),
    path(
        "bedomning/<id:pk>/beslut/",
        assessment_views.decisions_page,
        name="assessment-decisions",
    ),
    path(
        "bedomning/<id:pk>/beslut/<id:item_pk>/",
        assessment_views.item_decision_page,
        name="assessment-item",
    ),
    path(
        "bedomning/<id:pk>/beslut/<id:item_pk>/rosta/",
        assessment_views.vote_view,
        name="assessment-vote",
    ),
    path(
        "bedomning/<id:pk>/beslut/<id:item_pk>/besluta/",
        assessment_views.decision_view,
        name="assessment-decide",
    ),
    path(
        "bedomning/<id:pk>/beslut/<id:item_pk>/portfolj/",
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
        "portfolj/initiativ/<id:pk>/",
        portfolio_views.initiative_detail_page,
        name="initiative-detail",
    ),
    path(
        "portfolj/initiativ/<id:pk>/lagesrapport/",
        portfolio_views.status_report_view,
        name="initiative-report",
    ),
    path(
        "portfolj/initiativ/<id:pk>/fas/",
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
    path("konto/samtycken/", accounts.consent_page, name="account-consent"),
    path(
        "konto/api-nycklar/<id:pk>/ta-bort/",
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
        "konto/mina-uppgifter/<id:pk>/ladda-ner/",
        privacy.export_download_view,
        name="privacy-export-download",
    ),
    path("konto/ta-bort/", privacy.account_erase_page, name="privacy-erase"),
    path("om/personuppgifter/", accounts.privacy_page, name="privacy"),
    path("om/tillganglighet/", accounts.accessibility_page, name="accessibility"),
    path("konto/e-post/", emailing.email_preferences_page, name="email-preferences"),
    path("e-post/avsluta/<str:token>/", emailing.email_unsubscribe_page, name="email-unsubscribe"),
]
