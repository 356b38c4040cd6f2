"""Submitting, editing, commenting, supporting and moderating through the pages."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from ideas.models import Attachment, Comment, Idea, IdeaStatus, Support, SupportKind
from tests.factories import CommentFactory, IdeaFactory, SocietalGoalFactory, SupportFactory
from tests.frontend.html_checks import assert_good_page

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def idea_data(area, **overrides) -> dict:
    data = {
        "kind": "idea",
        "title": "Läxhjälp på biblioteket",
        "summary": "Studenter hjälper elever med läxor.",
        "description": "Varje **tisdag** efter skolan.",
        "focus_area": area.slug,
        "tags": "skola, bibliotek",
        "action": "draft",
    }
    data.update(overrides)
    return data


# --- Submit and edit ----------------------------------------------------------------------


def test_draft_then_edit_then_submit(author_client: Client, author, focus_area, goal):
    create = reverse("frontend:idea-create")
    response = author_client.post(create, idea_data(focus_area, goals=[goal.pk]))
    idea = Idea.objects.get()
    assert response.status_code == 302
    assert response["Location"] == idea.get_absolute_url()
    assert idea.status == IdeaStatus.DRAFT
    assert idea.author == author
    assert [t.name for t in idea.tags.order_by("name")] == ["bibliotek", "skola"]

    edit = reverse("frontend:idea-edit", args=[idea.pk])
    html = assert_good_page(author_client.get(edit))
    assert 'value="Läxhjälp på biblioteket"' in html
    assert re.search(rf'value="{goal.pk}" id="id_goals_{goal.pk}" checked', html)

    data = idea_data(focus_area, title="Läxhjälp på stadsbiblioteket", action="submit")
    response = author_client.post(edit, data)
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.title == "Läxhjälp på stadsbiblioteket"
    assert idea.status == IdeaStatus.SUBMITTED

    html = assert_good_page(author_client.get(idea.get_absolute_url()))
    assert "Inskickad" in html
    assert "Tack! Ditt bidrag är inskickat" in html


def test_an_edit_that_cannot_be_submitted_saves_nothing(author_client: Client, focus_area):
    upload = SimpleUploadedFile("plan.txt", b"Plan", "text/plain")
    author_client.post(reverse("frontend:idea-create"), idea_data(focus_area, attachments=[upload]))
    idea = Idea.objects.get()
    attachment = Attachment.objects.get()
    data = idea_data(
        focus_area,
        title="Ny rubrik",
        summary="",
        action="submit",
        remove_attachments=[attachment.pk],
    )

    response = author_client.post(reverse("frontend:idea-edit", args=[idea.pk]), data)

    assert response.status_code == 400
    html = response.content.decode()
    assert "Skriv en kort sammanfattning innan du skickar in." in html
    idea.refresh_from_db()
    assert (idea.title, idea.status) == ("Läxhjälp på biblioteket", IdeaStatus.DRAFT)
    assert list(idea.attachments.all()) == [attachment]


def test_submit_at_once_with_attachment(author_client: Client, focus_area):
    upload = SimpleUploadedFile("anteckningar.txt", "Hej från biblioteket".encode(), "text/plain")
    data = idea_data(focus_area, action="submit", attachments=[upload])
    response = author_client.post(reverse("frontend:idea-create"), data)
    assert response.status_code == 302
    idea = Idea.objects.get()
    assert idea.status == IdeaStatus.SUBMITTED
    attachment = Attachment.objects.get()
    html = author_client.get(idea.get_absolute_url()).content.decode()
    url = reverse("frontend:attachment", args=[idea.pk, attachment.token])
    assert url in html
    download = author_client.get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == "Hej från biblioteket".encode()


def test_invalid_form_shows_errors_in_place_and_saves_nothing(author_client: Client, focus_area):
    data = idea_data(focus_area, title="", summary="", focus_area="", action="submit")
    response = author_client.post(reverse("frontend:idea-create"), data)
    assert response.status_code == 400
    html = assert_good_page(response)
    assert not Idea.objects.exists()
    assert 'class="error-summary"' in html
    assert 'href="#id_title"' in html
    # The message sits next to its field and the field points at it.
    assert 'id="id_title_error"' in html
    assert re.search(r'aria-describedby="id_title_helptext id_title_error"', html)
    assert 'aria-invalid="true"' in html


def test_control_characters_are_refused_in_place(author_client: Client, focus_area):
    data = idea_data(focus_area, title="Läx\x00hjälp", description="Rad 1\r\nRad\x1b 2")
    response = author_client.post(reverse("frontend:idea-create"), data)
    assert response.status_code == 400
    html = assert_good_page(response)
    assert 'id="id_title_error"' in html and 'id="id_description_error"' in html
    assert "styrtecken" in html
    assert not Idea.objects.exists()


def test_submitting_incomplete_idea_names_missing_fields(author_client: Client, focus_area):
    data = idea_data(focus_area, summary="", focus_area="", action="submit")
    response = author_client.post(reverse("frontend:idea-create"), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_summary_error"' in html
    assert 'id="id_focus_area_error"' in html
    assert not Idea.objects.exists()


def test_htmx_form_post_gets_the_form_partial(author_client: Client, focus_area):
    data = idea_data(focus_area, title="")
    response = author_client.post(reverse("frontend:idea-create"), data, **HTMX)
    assert response.status_code == 400
    html = response.content.decode()
    assert "<html" not in html
    assert 'id="idea-form"' in html
    assert 'id="id_title_error"' in html


def test_goals_of_another_focus_area_are_refused(
    author_client: Client, focus_area, other_focus_area
):
    foreign = SocietalGoalFactory(focus_area=other_focus_area)
    data = idea_data(focus_area, goals=[foreign.pk])
    response = author_client.post(reverse("frontend:idea-create"), data)
    assert response.status_code == 400
    assert 'id="id_goals_error"' in response.content.decode()
    assert not Idea.objects.exists()


def test_goal_options_follow_the_focus_area(client: Client, focus_area, other_focus_area, goal):
    other_goal = SocietalGoalFactory(focus_area=other_focus_area, title="Äldre bor kvar hemma")
    url = reverse("frontend:goal-options")
    html = client.get(url, {"focus_area": focus_area.slug, "goals": [goal.pk]}, **HTMX).content
    html = html.decode()
    assert "<html" not in html
    assert goal.title in html
    assert other_goal.title not in html
    assert re.search(rf'value="{goal.pk}" id="id_goals_{goal.pk}" checked', html)
    everything = client.get(url, **HTMX).content.decode()
    assert goal.title in everything
    assert other_goal.title in everything


def test_login_required_to_submit(client: Client, focus_area):
    response = client.post(reverse("frontend:idea-create"), idea_data(focus_area))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("frontend:login"))
    assert not Idea.objects.exists()


def test_others_drafts_are_not_found(client: Client, participant, draft):
    client.force_login(participant)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(reverse("frontend:idea-edit", args=[draft.pk])).status_code == 404
    response = client.post(reverse("frontend:idea-delete", args=[draft.pk]))
    assert response.status_code == 404
    assert Idea.objects.filter(pk=draft.pk).exists()


def test_author_deletes_own_draft(author_client: Client, draft):
    response = author_client.post(reverse("frontend:idea-delete", args=[draft.pk]))
    assert response.status_code == 302
    assert not Idea.objects.filter(pk=draft.pk).exists()


def test_submit_button_on_detail_page(author_client: Client, draft):
    url = reverse("frontend:idea-transition", args=[draft.pk])
    response = author_client.post(url, {"to_status": "submitted"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == IdeaStatus.SUBMITTED


def test_submit_incomplete_draft_from_detail_page_explains(author_client: Client, author):
    draft = IdeaFactory(author=author, summary="", status=IdeaStatus.DRAFT)
    response = author_client.post(
        reverse("frontend:idea-transition", args=[draft.pk]), {"to_status": "submitted"}
    )
    assert response.status_code == 400
    html = assert_good_page(response)
    assert "Skriv en kort sammanfattning" in html
    draft.refresh_from_db()
    assert draft.status == IdeaStatus.DRAFT


# --- List and search ----------------------------------------------------------------------


def test_search_finds_by_word(client: Client, focus_area):
    IdeaFactory(title="Utomhusgym för seniorer", focus_area=focus_area)
    IdeaFactory(title="Läxhjälp på biblioteket", focus_area=focus_area)
    html = client.get(reverse("frontend:idea-list"), {"q": "seniorer"}).content.decode()
    assert "Utomhusgym för seniorer" in html
    assert "Läxhjälp" not in html


def test_htmx_list_request_gets_only_results(client: Client, public_idea):
    response = client.get(reverse("frontend:idea-list"), {"q": "läxhjälp"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert "<form" not in html
    assert public_idea.title in html
    assert "HX-Request" in response["Vary"]


def test_history_restore_gets_the_full_page(client: Client, public_idea):
    response = client.get(
        reverse("frontend:idea-list"),
        HTTP_HX_REQUEST="true",
        HTTP_HX_HISTORY_RESTORE_REQUEST="true",
    )
    assert "<html" in response.content.decode()


def test_list_filters(client: Client, focus_area, other_focus_area, goal, organisation, tag):
    wanted = IdeaFactory(title="Rätt", kind="need", focus_area=focus_area, goals=[goal], tags=[tag])
    wanted.organisations.add(organisation)
    IdeaFactory(title="Fel", kind="idea", focus_area=other_focus_area)
    url = reverse("frontend:idea-list")
    for params in (
        {"focus_area": focus_area.slug},
        {"goal": goal.pk},
        {"kind": "need"},
        {"organisation": organisation.pk},
        {"tag": tag.slug},
        {"status": "submitted", "ordering": "title"},
    ):
        html = client.get(url, params, **HTMX).content.decode()
        assert ">Rätt</a>" in html, params
        if "status" not in params:
            assert ">Fel</a>" not in html, params


def test_list_ignores_nonsense_filters(client: Client, public_idea):
    params = {"goal": "x", "organisation": "-", "ordering": "drop table", "page": "99"}
    response = client.get(reverse("frontend:idea-list"), params)
    assert response.status_code == 200
    assert public_idea.title in response.content.decode()


def test_pagination_links_use_htmx(client: Client, focus_area):
    IdeaFactory.create_batch(25, focus_area=focus_area)
    html = client.get(reverse("frontend:idea-list")).content.decode()
    assert 'hx-get="?page=2"' in html
    assert 'hx-target="#results"' in html
    html = client.get(reverse("frontend:idea-list"), {"page": 2}, **HTMX).content.decode()
    assert "Sida 2 av 2" in html


# --- Comments -----------------------------------------------------------------------------


def test_comment_via_htmx_appears_in_place(client: Client, participant, public_idea):
    client.force_login(participant)
    url = reverse("frontend:comment-create", args=[public_idea.pk])
    response = client.post(url, {"body": "Jag kan hjälpa till!"}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert 'id="comments"' in html
    assert "Jag kan hjälpa till!" in html
    comment = Comment.objects.get()
    assert f'id="comment-{comment.pk}"' in html
    assert 'hx-swap-oob="innerHTML"' in html  # the live region announces it


def test_reply_goes_under_its_comment(client: Client, participant, public_idea):
    parent = CommentFactory(idea=public_idea)
    client.force_login(participant)
    url = reverse("frontend:comment-create", args=[public_idea.pk])
    client.post(url, {"body": "Ett svar", "parent": parent.pk}, **HTMX)
    reply = Comment.objects.get(body="Ett svar")
    assert reply.parent == parent


def test_empty_comment_shows_error_in_place(client: Client, participant, public_idea):
    client.force_login(participant)
    url = reverse("frontend:comment-create", args=[public_idea.pk])
    response = client.post(url, {"body": "  "}, **HTMX)
    assert response.status_code == 400
    html = response.content.decode()
    assert "<html" not in html
    assert 'id="comment-body-error"' in html
    assert 'aria-invalid="true"' in html
    assert not Comment.objects.exists()


def test_comment_without_javascript_redirects_to_it(client: Client, participant, public_idea):
    client.force_login(participant)
    url = reverse("frontend:comment-create", args=[public_idea.pk])
    response = client.post(url, {"body": "Utan JavaScript"})
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"#comment-{comment.pk}")


def test_idea_author_stays_anonymous_in_own_comments(client: Client, author, public_idea):
    CommentFactory(idea=public_idea, author=author, body="Tack för stödet")
    html = client.get(public_idea.get_absolute_url()).content.decode()
    assert author.display_name not in html
    assert "Bidragets författare" in html


# --- Support ------------------------------------------------------------------------------


def test_support_toggles(client: Client, participant, public_idea):
    client.force_login(participant)
    url = reverse("frontend:support-toggle", args=[public_idea.pk])
    response = client.post(url, {"kind": SupportKind.PARTICIPATE, "op": "add"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert re.search(r'id="support-participate" aria-pressed="true"', html)
    assert Support.objects.filter(user=participant, kind=SupportKind.PARTICIPATE).count() == 1
    # A repeated "add" (double click) changes nothing.
    client.post(url, {"kind": SupportKind.PARTICIPATE, "op": "add"}, **HTMX)
    assert Support.objects.count() == 1

    response = client.post(url, {"kind": SupportKind.PARTICIPATE, "op": "remove"}, **HTMX)
    assert re.search(r'id="support-participate" aria-pressed="false"', response.content.decode())
    assert not Support.objects.exists()


def test_support_counts_shown(client: Client, public_idea):
    SupportFactory.create_batch(2, idea=public_idea, kind=SupportKind.RESOURCES)
    html = client.get(public_idea.get_absolute_url()).content.decode()
    assert re.search(r"Jag kan bidra med resurser eller kompetens</span> <strong>2</strong>", html)


def test_author_cannot_support_own_idea(author_client: Client, public_idea):
    url = reverse("frontend:support-toggle", args=[public_idea.pk])
    response = author_client.post(url, {"kind": SupportKind.PARTICIPATE, "op": "add"}, **HTMX)
    assert response.status_code == 403
    assert 'id="error-message"' in response.content.decode()
    assert not Support.objects.exists()


# --- Moderation ---------------------------------------------------------------------------


def test_participant_cannot_moderate(client: Client, participant, public_idea):
    client.force_login(participant)
    url = reverse("frontend:idea-transition", args=[public_idea.pk])
    response = client.post(url, {"moderate-to_status": "in_review", "moderate-reason": ""})
    assert response.status_code in (403, 404)
    response = client.post(url, {"to_status": "in_review"})
    assert response.status_code in (403, 404)
    response = client.post(
        reverse("frontend:idea-hide", args=[public_idea.pk]), {"hide-reason": "x"}
    )
    assert response.status_code in (403, 404)
    public_idea.refresh_from_db()
    assert public_idea.status == IdeaStatus.SUBMITTED
    assert not public_idea.is_hidden


def test_facilitator_moves_idea_along(client: Client, facilitator, public_idea):
    client.force_login(facilitator)
    url = reverse("frontend:idea-transition", args=[public_idea.pk])
    response = client.post(url, {"moderate-to_status": "in_review", "moderate-reason": ""})
    assert response.status_code == 302
    public_idea.refresh_from_db()
    assert public_idea.status == IdeaStatus.IN_REVIEW


def test_declining_needs_a_reason(client: Client, facilitator, public_idea):
    client.force_login(facilitator)
    url = reverse("frontend:idea-transition", args=[public_idea.pk])
    response = client.post(url, {"moderate-to_status": "declined", "moderate-reason": ""})
    assert response.status_code == 400
    html = assert_good_page(response)
    assert 'id="id_moderate-reason_error"' in html
    public_idea.refresh_from_db()
    assert public_idea.status == IdeaStatus.SUBMITTED


def test_facilitator_hides_and_unhides(client: Client, facilitator, public_idea):
    client.force_login(facilitator)
    hide = reverse("frontend:idea-hide", args=[public_idea.pk])
    response = client.post(hide, {"hide-reason": ""})
    assert response.status_code == 400
    assert 'id="id_hide-reason_error"' in response.content.decode()
    client.post(hide, {"hide-reason": "Personuppgifter"})
    public_idea.refresh_from_db()
    assert public_idea.is_hidden
    assert public_idea.hidden_reason == "Personuppgifter"
    client.post(reverse("frontend:idea-unhide", args=[public_idea.pk]))
    public_idea.refresh_from_db()
    assert not public_idea.is_hidden


def test_facilitator_hides_a_comment(client: Client, facilitator, public_idea):
    comment = CommentFactory(idea=public_idea, body="Reklam")
    client.force_login(facilitator)
    url = reverse("frontend:comment-hide", args=[public_idea.pk, comment.pk])
    client.post(url, {"reason": "Reklam"})
    comment.refresh_from_db()
    assert comment.is_hidden
    client.logout()
    assert "Reklam" not in client.get(public_idea.get_absolute_url()).content.decode()


def test_withdraw_and_reopen(author_client: Client, public_idea):
    url = reverse("frontend:idea-transition", args=[public_idea.pk])
    author_client.post(url, {"to_status": "withdrawn", "reason": "Vi gör om den"})
    public_idea.refresh_from_db()
    assert public_idea.status == IdeaStatus.WITHDRAWN
    author_client.post(url, {"to_status": "draft"})
    public_idea.refresh_from_db()
    assert public_idea.status == IdeaStatus.DRAFT


def test_rate_limited_comment_keeps_text_and_says_why(
    client: Client, participant, public_idea, settings
):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "comment_create": (1, 600)}
    client.force_login(participant)
    url = reverse("frontend:comment-create", args=[public_idea.pk])
    client.post(url, {"body": "Första"})
    response = client.post(url, {"body": "Andra kommentaren"})
    assert response.status_code == 429
    html = assert_good_page(response)
    assert "För många försök" in html
    assert "Andra kommentaren" in html  # what was written is not lost
    response = client.post(url, {"body": "Tredje"}, **HTMX)
    assert response.status_code == 429
    assert 'id="error-message"' in response.content.decode()
    assert Comment.objects.count() == 1


def test_facilitator_cannot_see_or_move_others_drafts(client: Client, facilitator, draft):
    client.force_login(facilitator)
    assert client.get(draft.get_absolute_url()).status_code == 404
    url = reverse("frontend:idea-transition", args=[draft.pk])
    response = client.post(url, {"moderate-to_status": "submitted", "moderate-reason": ""})
    assert response.status_code == 404


def test_a_bad_filter_is_a_form_error_and_the_good_ones_still_apply(
    client: Client, focus_area, other_focus_area
):
    IdeaFactory(title="Rätt", focus_area=focus_area)
    IdeaFactory(title="Fel", focus_area=other_focus_area)
    params = {"focus_area": focus_area.slug, "status": "draft", "goal": "x"}

    response = client.get(reverse("frontend:idea-list"), params)

    assert response.status_code == 200
    html = response.content.decode()
    assert ">Rätt</a>" in html
    assert ">Fel</a>" not in html
    assert html.count('class="errorlist') >= 2  # status (not offered to visitors) and goal
