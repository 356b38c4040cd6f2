"""The submissions API: what each person may read and write, and how bad input is answered."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.middleware.csrf import _get_new_csrf_string
from django.test import override_settings
from rest_framework.test import APIClient

from accounts.services import api_token_create
from ideas.models import (
    Attachment,
    Comment,
    Idea,
    IdeaKind,
    IdeaStatus,
    StatusChange,
    Support,
    SupportKind,
    Tag,
)
from tests.factories import (
    CommentFactory,
    IdeaFactory,
    OrganisationFactory,
    SocietalGoalFactory,
    StatusChangeFactory,
    SupportFactory,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
LIST = "/api/v1/submissions/"


def detail(idea: Idea | int) -> str:
    return f"{LIST}{getattr(idea, 'pk', idea)}/"


@pytest.fixture
def client() -> APIClient:
    return APIClient()


@pytest.fixture
def login():
    """An API client signed in (by session) as `user`."""

    def make(user) -> APIClient:
        api = APIClient()
        api.force_login(user)
        return api

    return make


@pytest.fixture
def public_idea(author, focus_area, goal):
    return IdeaFactory(
        author=author,
        focus_area=focus_area,
        goals=[goal],
        title="Läxhjälp på biblioteket",
        status=IdeaStatus.SUBMITTED,
    )


@pytest.fixture
def draft(author, focus_area):
    return IdeaFactory(author=author, focus_area=focus_area, status=IdeaStatus.DRAFT)


def payload(focus_area=None, **overrides) -> dict:
    values = {
        "title": "Måltider och möten",
        "kind": IdeaKind.INITIATIVE,
        "summary": "Gemensamma måltider mot ofrivillig ensamhet.",
        "description": "Äldre äter **tillsammans**.",
        "focus_area": focus_area.pk if focus_area else None,
    }
    values.update(overrides)
    return values


# --- Reading ---------------------------------------------------------------------------


class TestList:
    def test_anonymous_sees_public_submissions_only(self, client, author, focus_area):
        public = IdeaFactory(author=author, status=IdeaStatus.SUBMITTED)
        IdeaFactory(author=author, status=IdeaStatus.DRAFT)
        IdeaFactory(author=author, status=IdeaStatus.WITHDRAWN)
        IdeaFactory(author=author, status=IdeaStatus.SUBMITTED, is_hidden=True)

        response = client.get(LIST)

        assert response.status_code == 200
        body = response.json()
        assert body["count"] == 1
        assert [item["id"] for item in body["results"]] == [public.pk]
        assert {"next", "previous"} <= body.keys()

    def test_item_shape_and_no_author_identity_without_consent(self, client, public_idea):
        item = client.get(LIST).json()["results"][0]

        assert item["title"] == "Läxhjälp på biblioteket"
        assert item["kind"] == "idea"
        assert item["kind_label"] == "Idé"
        assert item["status"] == "submitted"
        assert item["status_label"] == "Inskickad"
        assert item["focus_area"] == {
            "id": public_idea.focus_area.pk,
            "slug": "barn-och-unga",
            "name": "Alla barn och unga lyckas",
            "name_en": "",
        }
        assert item["goals"][0]["title"] == "Fler elever klarar skolan"
        assert item["author_name"] is None
        assert item["is_hidden"] is None
        assert item["hidden_reason"] is None
        assert item["allowed_transitions"] == []
        assert (item["support_count"], item["comment_count"]) == (0, 0)
        text = json.dumps(item)
        assert public_idea.author.email not in text
        assert "Alva" not in text
        assert "author" not in {key for key in item if key != "author_name"}

    def test_author_name_is_shown_with_consent(self, client, author):
        IdeaFactory(author=author, show_author_name=True)
        assert client.get(LIST).json()["results"][0]["author_name"] == "Alva Författare"

    def test_moderator_sees_the_name_without_consent(self, login, facilitator, public_idea):
        item = login(facilitator).get(LIST).json()["results"][0]
        assert item["author_name"] == "Alva Författare"
        assert item["is_hidden"] is False
        assert {t["status"] for t in item["allowed_transitions"]} == {"in_review", "declined"}

    def test_filters(self, client, focus_area, other_focus_area, goal):
        organisation = OrganisationFactory(name="Mälardalens universitet")
        tag = Tag.objects.create(name="Skola", slug="skola")
        match = IdeaFactory(
            focus_area=focus_area,
            goals=[goal],
            organisations=[organisation],
            tags=[tag],
            kind=IdeaKind.NEED,
            title="Behov av läxhjälp",
            search_text="behov av läxhjälp",
        )
        IdeaFactory(focus_area=other_focus_area, kind=IdeaKind.IDEA, title="Annat")

        def ids(**params) -> list[int]:
            response = client.get(LIST, params)
            assert response.status_code == 200, response.json()
            return [item["id"] for item in response.json()["results"]]

        assert ids(focus_area="barn-och-unga") == [match.pk]
        assert ids(goal=goal.pk) == [match.pk]
        assert ids(kind="need") == [match.pk]
        assert ids(organisation=organisation.pk) == [match.pk]
        assert ids(tag="skola") == [match.pk]
        assert ids(q="LÄXHJÄLP") == [match.pk]
        assert ids(status="in_review") == []
        assert ids(tag="okand") == []
        assert len(ids(ordering="title")) == 2
        empty = dict.fromkeys(["q", "focus_area", "goal", "kind", "status", "organisation"], "")
        assert len(ids(**empty, tag="", ordering="")) == 2  # empty means any

    @pytest.mark.parametrize(
        ("params", "field"),
        [
            ({"kind": "poem"}, "kind"),
            ({"status": "lost"}, "status"),
            ({"ordering": "random"}, "ordering"),
            ({"focus_area": "no-such-area"}, "focus_area"),
            ({"goal": "abc"}, "goal"),
            ({"goal": "99999"}, "goal"),
            ({"organisation": "99999"}, "organisation"),
        ],
    )
    def test_invalid_filter_values_are_400_per_field(self, client, params, field):
        response = client.get(LIST, params)

        assert response.status_code == 400
        assert response.json()["code"] == "invalid"
        assert list(response.json()["errors"]) == [field]

    @pytest.mark.parametrize("rows", [5, 50])
    @pytest.mark.parametrize(
        ("viewer", "queries"),
        # count, page, goals, organisations, tags; signed in: + session, user, roles
        [("anonymous", 5), ("facilitator", 8)],
    )
    def test_query_count_does_not_grow_with_rows(
        self, rows, viewer, queries, request, login, focus_area, goal, django_assert_num_queries
    ):
        api = APIClient() if viewer == "anonymous" else login(request.getfixturevalue(viewer))
        organisation = OrganisationFactory()
        tag = Tag.objects.create(name="Skola", slug="skola")
        for idea in IdeaFactory.create_batch(
            rows, focus_area=focus_area, goals=[goal], organisations=[organisation], tags=[tag]
        ):
            SupportFactory(idea=idea)
            CommentFactory(idea=idea)

        with django_assert_num_queries(queries):
            response = api.get(LIST, {"page_size": 100})
        assert len(response.json()["results"]) == rows
        assert response.json()["results"][0]["support_count"] == 1

    def test_pagination(self, client):
        IdeaFactory.create_batch(25)

        first = client.get(LIST).json()
        second = client.get(LIST, {"page": 2}).json()

        assert (first["count"], len(first["results"]), len(second["results"])) == (25, 20, 5)
        assert first["next"].endswith("page=2")
        assert client.get(LIST, {"page": 9}).json()["code"] == "not_found"


class TestRetrieve:
    def test_anonymous_reads_a_public_submission(self, client, public_idea):
        response = client.get(detail(public_idea))

        assert response.status_code == 200
        body = response.json()
        assert body["description"] == "En längre beskrivning."
        assert body["description_html"] == "<p>En längre beskrivning.</p>"
        assert body["attachments"] == []
        assert body["author_name"] is None

    def test_others_drafts_look_missing(self, client, login, participant, facilitator, draft):
        for api in (client, login(participant), login(facilitator)):
            response = api.get(detail(draft))
            assert response.status_code == 404
            assert response.json()["code"] == "not_found"

    def test_author_sees_own_draft_with_name_and_moderation_fields(self, login, author, draft):
        body = login(author).get(detail(draft)).json()

        assert body["status"] == "draft"
        assert body["author_name"] == "Alva Författare"
        assert body["is_hidden"] is False
        assert {t["status"] for t in body["allowed_transitions"]} == {"submitted", "withdrawn"}

    def test_missing_is_404(self, client):
        assert client.get(detail(999999)).json()["code"] == "not_found"


class TestMineAndHistory:
    def test_mine_lists_own_submissions_drafts_included(self, login, author, draft, public_idea):
        IdeaFactory()  # someone else's
        body = login(author).get(f"{LIST}mine/").json()
        assert {item["id"] for item in body["results"]} == {draft.pk, public_idea.pk}

    def test_mine_needs_sign_in(self, client):
        response = client.get(f"{LIST}mine/")
        assert response.status_code == 403
        assert response.json()["code"] == "not_authenticated"

    def test_history_hides_the_authors_name_without_consent(
        self, client, login, author, facilitator, public_idea
    ):
        StatusChangeFactory(idea=public_idea, actor=author, to_status=IdeaStatus.DRAFT)
        StatusChangeFactory(
            idea=public_idea,
            actor=author,
            from_status=IdeaStatus.DRAFT,
            to_status=IdeaStatus.SUBMITTED,
        )
        StatusChangeFactory(
            idea=public_idea,
            actor=facilitator,
            from_status=IdeaStatus.SUBMITTED,
            to_status=IdeaStatus.IN_REVIEW,
            reason="Vi tittar på den.",
        )

        steps = client.get(f"{detail(public_idea)}history/").json()

        assert [(s["from"], s["to"]) for s in steps] == [
            (None, "draft"),
            ("draft", "submitted"),
            ("submitted", "in_review"),
        ]
        assert [s["actor_name"] for s in steps] == [None, None, "Fia Processtöd"]
        assert steps[2]["reason"] == "Vi tittar på den."
        assert steps[2]["to_label"] == "Under granskning"
        assert "at" in steps[0]
        own = login(author).get(f"{detail(public_idea)}history/").json()
        assert own[0]["actor_name"] == "Alva Författare"

    def test_history_of_an_invisible_submission_is_404(self, client, draft):
        assert client.get(f"{detail(draft)}history/").status_code == 404


# --- Writing submissions --------------------------------------------------------------------


class TestCreate:
    @pytest.mark.parametrize("field", ["title", "summary", "description"])
    def test_control_characters_are_refused_per_field(self, login, author, focus_area, field):
        response = login(author).post(
            LIST, payload(focus_area, **{field: "Mål\u0007tider"}), format="json"
        )
        assert response.status_code == 400
        assert list(response.json()["errors"]) == [field]
        assert not Idea.objects.exists()

    def test_draft_from_json_with_relations(self, login, author, focus_area, goal):
        organisation = OrganisationFactory(name="Eskilstuna kommun")

        response = login(author).post(
            LIST,
            payload(
                focus_area,
                goals=[goal.pk],
                organisations=[organisation.pk],
                tags=["Skola", "Måltider", "skola"],
            ),
            format="json",
        )

        assert response.status_code == 201, response.json()
        body = response.json()
        assert body["status"] == "draft"
        assert body["kind"] == "initiative"
        assert body["description_html"] == "<p>Äldre äter <strong>tillsammans</strong>.</p>"
        assert [g["id"] for g in body["goals"]] == [goal.pk]
        assert [o["name"] for o in body["organisations"]] == ["Eskilstuna kommun"]
        assert sorted(t["name"] for t in body["tags"]) == ["Måltider", "Skola"]
        assert body["author_name"] == "Alva Författare"
        idea = Idea.objects.get(pk=body["id"])
        assert idea.author == author

    def test_submit_at_once(self, login, author, focus_area):
        body = login(author).post(LIST, {**payload(focus_area), "submit": True}).json()

        assert body["status"] == "submitted"
        assert body["submitted_at"] is not None

    def test_submitting_an_incomplete_draft_names_what_is_missing(self, login, author):
        response = login(author).post(LIST, {"title": "Halvfärdig", "submit": True})

        assert response.status_code == 400
        assert {"summary", "focus_area"} <= response.json()["errors"].keys()
        assert not Idea.objects.exists()

    def test_anonymous_cannot_create(self, client, focus_area):
        response = client.post(LIST, payload(focus_area), format="json")

        assert response.status_code == 403
        assert response.json()["code"] == "not_authenticated"
        assert not Idea.objects.exists()

    def test_missing_title(self, login, author, focus_area):
        data = payload(focus_area)
        del data["title"]

        response = login(author).post(LIST, data, format="json")

        assert response.status_code == 400
        assert response.json()["code"] == "invalid"
        assert "title" in response.json()["errors"]
        assert not Idea.objects.exists()

    def test_goal_from_another_focus_area(self, login, author, focus_area, other_focus_area):
        elsewhere = SocietalGoalFactory(focus_area=other_focus_area)

        response = login(author).post(
            LIST, payload(focus_area, goals=[elsewhere.pk]), format="json"
        )

        assert response.status_code == 400
        assert list(response.json()["errors"]) == ["goals"]
        assert not Idea.objects.exists()

    @pytest.mark.parametrize(
        ("field", "value"),
        [("focus_area", 99999), ("goals", [99999]), ("organisations", [99999])],
    )
    def test_unknown_ids(self, login, author, field, value):
        response = login(author).post(LIST, {"title": "T", field: value}, format="json")

        assert response.status_code == 400
        assert list(response.json()["errors"]) == [field]
        assert not Idea.objects.exists()

    @pytest.mark.parametrize(
        ("field", "size"), [("title", 201), ("summary", 501), ("description", 20_001)]
    )
    def test_oversized_text(self, login, author, focus_area, field, size):
        response = login(author).post(
            LIST, payload(focus_area, **{field: "å" * size}), format="json"
        )

        assert response.status_code == 400
        assert field in response.json()["errors"]
        assert not Idea.objects.exists()

    def test_bad_kind_and_malformed_json(self, login, author):
        api = login(author)
        response = api.post(LIST, {"title": "T", "kind": "poem"}, format="json")
        assert response.json()["errors"] == {"kind": [response.json()["errors"]["kind"][0]]}

        response = api.post(LIST, "{not json", content_type="application/json")
        assert response.status_code == 400
        assert response.json()["code"] == "parse_error"

    def test_multipart_with_attachments(self, login, author, focus_area, goal):
        files = [
            SimpleUploadedFile("plan.pdf", PDF, content_type="application/pdf"),
            SimpleUploadedFile("anteckningar.txt", "Hej på er".encode(), "text/plain"),
        ]

        response = login(author).post(
            LIST,
            {**payload(focus_area), "goals": [goal.pk], "tags": ["A", "B"], "attachments": files},
            format="multipart",
        )

        assert response.status_code == 201, response.json()
        body = response.json()
        assert [g["id"] for g in body["goals"]] == [goal.pk]
        assert len(body["tags"]) == 2
        attachments = sorted(body["attachments"], key=lambda a: a["name"])
        assert [(a["name"], a["content_type"]) for a in attachments] == [
            ("anteckningar.txt", "text/plain"),
            ("plan.pdf", "application/pdf"),
        ]
        assert attachments[1]["size"] == len(PDF)
        assert attachments[1]["url"].startswith(
            f"http://testserver{detail(body['id'])}attachments/"
        )

    def test_attachments_download_through_the_visibility_check(
        self, client, login, author, participant, draft
    ):
        upload = SimpleUploadedFile("plan.pdf", PDF, content_type="application/pdf")
        body = login(author).patch(detail(draft), {"attachments": [upload]}, format="multipart")
        url = body.json()["attachments"][0]["url"]

        response = login(author).get(url)

        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert 'filename="plan.pdf"' in response["Content-Disposition"]
        assert b"".join(response.streaming_content) == PDF
        assert login(participant).get(url).status_code == 404
        assert client.get(url).json()["code"] == "not_found"

    @pytest.mark.parametrize(
        "upload",
        [
            SimpleUploadedFile("plan.pdf", b"just some text", content_type="application/pdf"),
            SimpleUploadedFile("setup.exe", b"MZ\x90\x00" + b"\x00" * 60, "application/pdf"),
            SimpleUploadedFile("bild.png", PDF, content_type="image/png"),
        ],
        ids=["text-as-pdf", "exe", "pdf-as-png"],
    )
    def test_uploads_are_checked_by_content(self, login, author, focus_area, upload):
        response = login(author).post(
            LIST, {**payload(focus_area), "attachments": [upload]}, format="multipart"
        )

        assert response.status_code == 400
        assert list(response.json()["errors"]) == ["attachments"]
        assert not Idea.objects.exists()
        assert not Attachment.objects.exists()

    def test_token_authentication(self, author, focus_area):
        _token, secret = api_token_create(user=author, name="Skript")
        api = APIClient(enforce_csrf_checks=True)
        api.credentials(HTTP_AUTHORIZATION=f"Token {secret}")

        response = api.post(LIST, payload(focus_area), format="json")

        assert response.status_code == 201
        assert Idea.objects.get().author == author

    def test_a_bad_token_is_refused(self, focus_area):
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")

        response = api.post(LIST, payload(focus_area), format="json")

        assert response.status_code in {401, 403}
        assert response.json()["code"] == "authentication_failed"

    def test_session_writes_need_the_csrf_token(self, author, focus_area):
        api = APIClient(enforce_csrf_checks=True)
        api.force_login(author)

        refused = api.post(LIST, payload(focus_area), format="json")

        assert refused.status_code == 403
        assert refused.json()["code"] == "forbidden"
        assert "CSRF" in refused.json()["detail"]
        assert not Idea.objects.exists()

        secret = _get_new_csrf_string()
        api.cookies["csrftoken"] = secret
        accepted = api.post(LIST, payload(focus_area), format="json", HTTP_X_CSRFTOKEN=secret)
        assert accepted.status_code == 201


class TestEdit:
    def test_author_edits_a_draft_partially(self, login, author, draft, goal):
        draft.goals.set([goal])

        response = login(author).patch(detail(draft), {"title": "Ny rubrik"}, format="json")

        assert response.status_code == 200, response.json()
        assert response.json()["title"] == "Ny rubrik"
        draft.refresh_from_db()
        assert draft.title == "Ny rubrik"
        assert draft.summary == "En kort sammanfattning."  # left out, kept
        assert list(draft.goals.all()) == [goal]

    def test_adding_and_removing_an_attachment(self, login, author, draft):
        api = login(author)
        upload = SimpleUploadedFile("plan.pdf", PDF, content_type="application/pdf")

        body = api.patch(detail(draft), {"attachments": [upload]}, format="multipart").json()
        assert [a["name"] for a in body["attachments"]] == ["plan.pdf"]
        attachment_id = body["attachments"][0]["id"]

        response = api.delete(f"{detail(draft)}attachments/{attachment_id}/")
        assert response.status_code == 204
        assert not Attachment.objects.exists()
        assert api.delete(f"{detail(draft)}attachments/{attachment_id}/").status_code == 404

    def test_bad_input_changes_nothing(self, login, author, draft):
        response = login(author).patch(detail(draft), {"title": "x" * 201}, format="json")

        assert response.status_code == 400
        draft.refresh_from_db()
        assert draft.title != "x" * 201

    def test_others_cannot_edit(self, login, participant, draft, public_idea):
        api = login(participant)
        assert api.patch(detail(draft), {"title": "Mitt"}, format="json").status_code == 404
        response = api.patch(detail(public_idea), {"title": "Mitt"}, format="json")
        assert response.status_code == 403
        assert response.json()["code"] == "forbidden"

    def test_only_drafts_are_edited(self, login, author, public_idea):
        response = login(author).patch(detail(public_idea), {"title": "Sent"}, format="json")
        assert response.status_code == 403

    def test_anonymous_cannot_edit(self, client, public_idea):
        assert client.patch(detail(public_idea), {"title": "X"}, format="json").status_code == 403

    def test_author_deletes_a_draft(self, login, author, draft):
        assert login(author).delete(detail(draft)).status_code == 204
        assert not Idea.objects.filter(pk=draft.pk).exists()

    def test_a_submitted_idea_is_not_deleted(self, login, author, public_idea):
        assert login(author).delete(detail(public_idea)).status_code == 403
        assert Idea.objects.filter(pk=public_idea.pk).exists()


class TestTransitions:
    def url(self, idea: Idea) -> str:
        return f"{detail(idea)}transition/"

    def test_author_submits_a_draft(self, login, author, draft):
        response = login(author).post(self.url(draft), {"status": "submitted"})

        assert response.status_code == 200, response.json()
        assert response.json()["status"] == "submitted"
        assert StatusChange.objects.filter(idea=draft, to_status="submitted").exists()

    def test_facilitator_moves_a_submission_on(self, login, facilitator, public_idea):
        api = login(facilitator)

        body = api.post(self.url(public_idea), {"status": "in_review"}).json()
        assert body["status"] == "in_review"

        body = api.post(self.url(public_idea), {"status": "parked", "reason": "Vänta"}).json()
        assert body["status"] == "parked"
        assert StatusChange.objects.filter(idea=public_idea, reason="Vänta").exists()

    def test_a_transition_that_does_not_exist_is_409(self, login, facilitator, public_idea):
        response = login(facilitator).post(self.url(public_idea), {"status": "promoted"})

        assert response.status_code == 409
        body = response.json()
        assert body["code"] == "invalid_transition"
        assert (body["current"], body["to"]) == ("submitted", "promoted")
        public_idea.refresh_from_db()
        assert public_idea.status == IdeaStatus.SUBMITTED

    def test_participant_may_not_review(self, login, participant, public_idea):
        response = login(participant).post(self.url(public_idea), {"status": "in_review"})
        assert response.status_code == 403
        assert response.json()["code"] == "forbidden"

    def test_bad_status_value(self, login, facilitator, public_idea):
        response = login(facilitator).post(self.url(public_idea), {"status": "archived"})
        assert response.status_code == 400
        assert list(response.json()["errors"]) == ["status"]

    def test_declining_needs_a_reason(self, login, facilitator, public_idea):
        response = login(facilitator).post(self.url(public_idea), {"status": "declined"})
        assert response.status_code == 400
        assert list(response.json()["errors"]) == ["reason"]

    def test_anonymous_may_not(self, client, public_idea):
        assert client.post(self.url(public_idea), {"status": "withdrawn"}).status_code == 403


class TestModeration:
    def test_facilitator_hides_and_unhides(self, client, login, author, facilitator, public_idea):
        api = login(facilitator)

        response = api.post(f"{detail(public_idea)}hide/", {"reason": "Personuppgifter"})
        assert response.status_code == 200, response.json()
        assert response.json()["is_hidden"] is True

        assert client.get(detail(public_idea)).status_code == 404
        own = login(author).get(detail(public_idea)).json()
        assert (own["is_hidden"], own["hidden_reason"]) == (True, "Personuppgifter")

        response = api.post(f"{detail(public_idea)}unhide/")
        assert response.status_code == 200
        assert response.json()["is_hidden"] is False
        assert client.get(detail(public_idea)).status_code == 200

    def test_hiding_needs_a_reason(self, login, facilitator, public_idea):
        response = login(facilitator).post(f"{detail(public_idea)}hide/", {"reason": " "})
        assert response.status_code == 400
        assert list(response.json()["errors"]) == ["reason"]

    def test_others_may_not_hide(self, login, participant, author, public_idea):
        for user in (participant, author):
            response = login(user).post(f"{detail(public_idea)}hide/", {"reason": "Nej"})
            assert response.status_code == 403
        public_idea.refresh_from_db()
        assert not public_idea.is_hidden


# --- Comments -------------------------------------------------------------------------------


class TestComments:
    def url(self, idea: Idea) -> str:
        return f"{detail(idea)}comments/"

    def test_threads_with_replies(self, client, public_idea, participant):
        top = CommentFactory(idea=public_idea, author=participant, body="Bra!")
        CommentFactory(idea=public_idea, parent=top, body="Håller med")
        CommentFactory(idea=public_idea, is_hidden=True, hidden_reason="Spam")

        body = client.get(self.url(public_idea)).json()

        assert body["count"] == 1
        thread = body["results"][0]
        assert (thread["body"], thread["author_name"]) == ("Bra!", "Per Deltagare")
        assert thread["hidden_reason"] is None
        assert [reply["body"] for reply in thread["replies"]] == ["Håller med"]
        assert thread["replies"][0]["parent"] == top.pk

    def test_the_anonymous_authors_comments_do_not_name_them(self, client, author, public_idea):
        CommentFactory(idea=public_idea, author=author)

        thread = client.get(self.url(public_idea)).json()["results"][0]

        assert thread["author_name"] is None
        assert thread["is_idea_author"] is True

    def test_comment_and_reply(self, login, participant, public_idea):
        api = login(participant)

        response = api.post(self.url(public_idea), {"body": "Jag vill **hjälpa** till"})
        assert response.status_code == 201, response.json()
        top = response.json()
        assert top["body_html"] == "<p>Jag vill <strong>hjälpa</strong> till</p>"
        assert top["replies"] == []

        reply = api.post(self.url(public_idea), {"body": "Svar", "parent": top["id"]}).json()
        assert reply["parent"] == top["id"]
        # A reply to a reply joins the same thread: one level only.
        deeper = api.post(self.url(public_idea), {"body": "Mer", "parent": reply["id"]}).json()
        assert deeper["parent"] == top["id"]

    def test_bad_comments(self, login, participant, public_idea):
        api = login(participant)
        elsewhere = CommentFactory()

        assert list(api.post(self.url(public_idea), {"body": " "}).json()["errors"]) == ["body"]
        too_long = api.post(self.url(public_idea), {"body": "x" * 5001}).json()
        assert list(too_long["errors"]) == ["body"]
        wrong_parent = {"body": "Hej", "parent": elsewhere.pk}
        assert list(api.post(self.url(public_idea), wrong_parent).json()["errors"]) == ["parent"]
        unknown = api.post(self.url(public_idea), {"body": "Hej", "parent": 999999}).json()
        assert list(unknown["errors"]) == ["parent"]
        assert Comment.objects.count() == 1

    def test_anonymous_may_not_comment(self, client, public_idea):
        assert client.post(self.url(public_idea), {"body": "Hej"}).status_code == 403

    def test_comments_on_others_drafts_look_missing(self, login, participant, draft):
        api = login(participant)
        assert api.get(self.url(draft)).status_code == 404
        assert api.post(self.url(draft), {"body": "Hej"}).status_code == 404

    @override_settings(RATE_LIMITS={"comment_create": (2, 600)})
    def test_comments_are_rate_limited(self, login, participant, public_idea):
        api = login(participant)
        for _n in range(2):
            assert api.post(self.url(public_idea), {"body": "Hej"}).status_code == 201

        response = api.post(self.url(public_idea), {"body": "Hej igen"})

        assert response.status_code == 429
        assert response.json()["code"] == "rate_limited"
        assert 1 <= int(response["Retry-After"]) <= 600
        assert response.json()["retry_after"] == int(response["Retry-After"])
        assert Comment.objects.count() == 2

    def test_facilitator_hides_a_comment(
        self, client, login, facilitator, participant, public_idea
    ):
        comment = CommentFactory(idea=public_idea, author=participant)

        response = login(facilitator).post(
            f"/api/v1/comments/{comment.pk}/hide/", {"reason": "Ton"}
        )

        assert response.status_code == 200, response.json()
        assert (response.json()["is_hidden"], response.json()["hidden_reason"]) == (True, "Ton")
        assert client.get(self.url(public_idea)).json()["count"] == 0
        own = login(participant).get(self.url(public_idea)).json()["results"][0]
        assert own["hidden_reason"] == "Ton"

    def test_others_may_not_hide_comments(self, login, participant, author, public_idea, draft):
        comment = CommentFactory(idea=public_idea)
        response = login(participant).post(f"/api/v1/comments/{comment.pk}/hide/", {"reason": "X"})
        assert response.status_code == 403
        on_draft = CommentFactory(idea=draft)
        response = login(participant).post(f"/api/v1/comments/{on_draft.pk}/hide/", {"reason": "X"})
        assert response.status_code == 404
        assert login(participant).post("/api/v1/comments/999999/hide/").status_code == 404

    @pytest.mark.parametrize("rows", [5, 50])
    def test_query_count_does_not_grow_with_rows(
        self, rows, client, public_idea, django_assert_num_queries
    ):
        for top in CommentFactory.create_batch(rows, idea=public_idea):
            CommentFactory(idea=public_idea, parent=top)

        # idea (+ goals, organisations, tags), comments, replies
        with django_assert_num_queries(6):
            response = client.get(self.url(public_idea), {"page_size": 100})
        assert len(response.json()["results"]) == rows


# --- Support -------------------------------------------------------------------------------


class TestSupport:
    def url(self, idea: Idea) -> str:
        return f"{detail(idea)}support/"

    def test_summary(self, client, login, participant, public_idea):
        SupportFactory(idea=public_idea, user=participant, kind=SupportKind.RESOURCES)
        SupportFactory(idea=public_idea, kind=SupportKind.RESOURCES)

        anonymous = client.get(self.url(public_idea)).json()
        mine = login(participant).get(self.url(public_idea)).json()

        assert anonymous["total"] == 2
        counts = {k["kind"]: (k["count"], k["mine"]) for k in anonymous["kinds"]}
        assert counts["resources"] == (2, False)
        assert {k["kind"]: k["mine"] for k in mine["kinds"]}["resources"] is True

    def test_add_is_idempotent(self, login, participant, public_idea):
        api = login(participant)

        first = api.post(self.url(public_idea), {"kind": "participate", "note": "Gärna!"})
        again = api.post(self.url(public_idea), {"kind": "participate"})

        assert (first.status_code, again.status_code) == (201, 200)
        assert first.json()["note"] == "Gärna!"
        assert again.json()["note"] == "Gärna!"
        assert Support.objects.count() == 1

    def test_bad_support(self, client, login, author, participant, public_idea, draft):
        assert login(participant).post(self.url(public_idea), {"kind": "money"}).status_code == 400
        assert login(author).post(self.url(public_idea), {"kind": "participate"}).status_code == 403
        assert client.post(self.url(public_idea), {"kind": "participate"}).status_code == 403
        assert login(participant).post(self.url(draft), {"kind": "participate"}).status_code == 404
        assert not Support.objects.exists()

    def test_remove(self, login, participant, public_idea):
        SupportFactory(idea=public_idea, user=participant, kind=SupportKind.RESEARCHER)
        api = login(participant)

        assert api.delete(f"{self.url(public_idea)}researcher/").status_code == 204
        assert not Support.objects.exists()
        response = api.delete(f"{self.url(public_idea)}researcher/")
        assert (response.status_code, response.json()["code"]) == (404, "not_found")
