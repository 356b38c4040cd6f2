"""The submission lifecycle, comments and support, through the services."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from common.errors import ErrorCode, ServiceError
from hub.models import Notification
from ideas import services
from ideas.models import Attachment, Comment, Idea, IdeaKind, IdeaStatus, StatusChange, Support
from ideas.services import IdeaInput
from tests.factories import CommentFactory, IdeaFactory, SocietalGoalFactory, UserFactory

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

pytestmark = pytest.mark.django_db


def data(focus_area=None, **overrides) -> IdeaInput:
    values = {
        "title": "Måltider och möten",
        "kind": IdeaKind.INITIATIVE,
        "summary": "Gemensamma måltider mot ofrivillig ensamhet.",
        "description": "Äldre äter **tillsammans** på träffpunkter.",
        "focus_area": focus_area,
    }
    values.update(overrides)
    return IdeaInput(**values)


class TestCreateAndSubmit:
    def test_draft_is_saved_with_rendered_description_and_history(self, author, focus_area):
        idea = services.idea_create(author=author, data=data(focus_area))

        assert idea.status == IdeaStatus.DRAFT
        assert (
            idea.description_html
            == "<p>Äldre äter <strong>tillsammans</strong> på träffpunkter.</p>"
        )
        assert list(idea.status_changes.values_list("to_status", flat=True)) == ["draft"]
        assert "måltider och möten" in idea.search_text

    def test_a_draft_needs_only_a_title(self, author):
        idea = services.idea_create(author=author, data=IdeaInput(title="Bara en rubrik"))
        assert idea.status == IdeaStatus.DRAFT

    def test_submit_at_once_records_both_steps_and_time(self, author, focus_area):
        idea = services.idea_create(author=author, data=data(focus_area), submit=True)

        assert idea.status == IdeaStatus.SUBMITTED
        assert idea.submitted_at is not None
        steps = list(idea.status_changes.values_list("from_status", "to_status"))
        assert steps == [("", "draft"), ("draft", "submitted")]

    def test_submitting_an_incomplete_draft_names_the_missing_fields(self, author):
        idea = services.idea_create(author=author, data=IdeaInput(title="Halvfärdig"))

        with pytest.raises(ValidationError) as error:
            services.idea_submit(actor=author, idea=idea)

        assert set(error.value.message_dict) == {"summary", "focus_area"}
        idea.refresh_from_db()
        assert idea.status == IdeaStatus.DRAFT

    def test_missing_title_saves_nothing(self, author, focus_area):
        with pytest.raises(ValidationError) as error:
            services.idea_create(author=author, data=data(focus_area, title="  "))
        assert "title" in error.value.message_dict
        assert not Idea.objects.exists()

    def test_text_over_the_limits_is_refused(self, author, focus_area):
        with pytest.raises(ValidationError) as error:
            services.idea_create(
                author=author, data=data(focus_area, title="x" * 201, description="y" * 20_001)
            )
        assert {"title", "description"} <= set(error.value.message_dict)
        assert not Idea.objects.exists()

    def test_unknown_kind_is_refused(self, author, focus_area):
        with pytest.raises(ValidationError) as error:
            services.idea_create(author=author, data=data(focus_area, kind="petition"))
        assert "kind" in error.value.message_dict

    def test_goals_must_belong_to_the_chosen_focus_area(self, author, focus_area, other_focus_area):
        foreign_goal = SocietalGoalFactory(focus_area=other_focus_area)

        with pytest.raises(ValidationError) as error:
            services.idea_create(author=author, data=data(focus_area, goals=[foreign_goal]))

        assert "goals" in error.value.message_dict
        assert not Idea.objects.exists()

    def test_tags_are_normalised_and_shared(self, author, focus_area):
        first = services.idea_create(
            author=author, data=data(focus_area, tags=["Ensamhet", " ensamhet ", "Måltider"])
        )
        second = services.idea_create(author=author, data=data(focus_area, tags=["ENSAMHET"]))

        assert sorted(first.tags.values_list("slug", flat=True)) == ["ensamhet", "måltider"]
        assert second.tags.get().pk == first.tags.get(slug="ensamhet").pk

    def test_too_many_tags_are_refused(self, author, focus_area):
        with pytest.raises(ValidationError) as error:
            services.idea_create(
                author=author, data=data(focus_area, tags=[f"tagg{n}" for n in range(11)])
            )
        assert "tags" in error.value.message_dict

    def test_markdown_cannot_inject_script(self, author, focus_area):
        hostile = (
            "<script>alert(1)</script>[klick](javascript:alert(2)) "
            '<img src=x onerror="alert(3)"> <a href="https://example.org" onclick="x()">ok</a>'
        )
        idea = services.idea_create(author=author, data=data(focus_area, description=hostile))

        html = idea.description_html
        assert "<script" not in html and "alert(1)" not in html
        assert "javascript:" not in html and "onerror" not in html and "onclick" not in html
        assert 'href="https://example.org"' in html


class TestAttachments:
    def test_a_real_png_is_stored_under_our_own_name(self, author, focus_area):
        upload = SimpleUploadedFile("../../etc/bild.PNG", PNG, content_type="image/png")

        idea = services.idea_create(author=author, data=data(focus_area, attachments=[upload]))

        attachment = idea.attachments.get()
        assert attachment.original_name == "bild.PNG"
        assert attachment.content_type == "image/png"
        assert attachment.file.name.startswith(f"attachments/{idea.pk}/")
        assert ".." not in attachment.file.name

    def test_content_that_does_not_match_the_extension_saves_nothing(self, author, focus_area):
        fake = SimpleUploadedFile(
            "rapport.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"
        )

        with pytest.raises(ValidationError) as error:
            services.idea_create(author=author, data=data(focus_area, attachments=[fake]))

        assert "attachments" in error.value.message_dict
        assert not Idea.objects.exists()
        assert not Attachment.objects.exists()

    @pytest.mark.parametrize(
        ("name", "content"),
        [
            ("program.exe", b"MZ\x90\x00"),
            ("tom.txt", b""),
            ("binar.txt", b"abc\x00def"),
            ("latin1.csv", "åäö".encode("latin-1")),
        ],
    )
    def test_disallowed_or_broken_files_are_refused(self, author, focus_area, name, content):
        upload = SimpleUploadedFile(name, content)
        with pytest.raises(ValidationError):
            services.idea_create(author=author, data=data(focus_area, attachments=[upload]))
        assert not Idea.objects.exists()

    @override_settings(ATTACHMENT_MAX_BYTES=100)
    def test_files_over_the_size_limit_are_refused(self, author, focus_area):
        upload = SimpleUploadedFile("stor.txt", b"a" * 101)
        with pytest.raises(ValidationError) as error:
            services.idea_create(author=author, data=data(focus_area, attachments=[upload]))
        assert "attachments" in error.value.message_dict

    def test_utf8_text_is_accepted(self, author, focus_area):
        upload = SimpleUploadedFile("anteckningar.md", "# Rubrik\nÅtgärder".encode())
        idea = services.idea_create(author=author, data=data(focus_area, attachments=[upload]))
        assert idea.attachments.get().content_type == "text/markdown"

    def test_a_failed_write_leaves_no_file_behind(self, author, focus_area, monkeypatch):
        upload = SimpleUploadedFile("bild.png", PNG)
        stored_names: list[str] = []
        original_save = Attachment.save

        def save_then_fail(self, *args, **kwargs):
            stored_names.append(self.file.name)
            original_save(self, *args, **kwargs)
            raise RuntimeError("database went away")

        monkeypatch.setattr(Attachment, "save", save_then_fail)
        with pytest.raises(RuntimeError):
            services.idea_create(author=author, data=data(focus_area, attachments=[upload]))

        assert stored_names
        assert not Attachment.objects.exists()
        from django.core.files.storage import default_storage

        assert not any(default_storage.exists(name) for name in stored_names)


class TestEditing:
    def _draft_with_file(self, author, focus_area=None) -> Idea:
        upload = SimpleUploadedFile("gammal.png", PNG)
        return services.idea_create(
            author=author, data=data(focus_area, summary="", attachments=[upload])
        )

    def _unchanged(self, idea: Idea, attachment: Attachment) -> None:
        from django.core.files.storage import default_storage

        idea.refresh_from_db()
        assert idea.title == "Måltider och möten"
        assert idea.status == IdeaStatus.DRAFT
        assert list(idea.attachments.all()) == [attachment]
        assert default_storage.exists(attachment.file.name)
        assert list(idea.status_changes.values_list("to_status", flat=True)) == ["draft"]

    def test_edit_remove_and_submit_in_one_step(
        self, author, focus_area, django_capture_on_commit_callbacks
    ):
        from django.core.files.storage import default_storage

        idea = self._draft_with_file(author, focus_area)
        old = idea.attachments.get()
        old_name = old.file.name
        new_file = SimpleUploadedFile("ny.png", PNG)
        with django_capture_on_commit_callbacks(execute=True):
            idea = services.idea_edit(
                actor=author,
                idea=idea,
                data=data(focus_area, title="Ny rubrik", attachments=[new_file]),
                remove_attachments=[old],
                submit=True,
            )
        idea.refresh_from_db()
        assert (idea.title, idea.status) == ("Ny rubrik", IdeaStatus.SUBMITTED)
        assert [a.original_name for a in idea.attachments.all()] == ["ny.png"]
        assert not default_storage.exists(old_name)

    def test_an_incomplete_submit_leaves_the_draft_as_it_was(self, author, focus_area):
        idea = self._draft_with_file(author)
        old = idea.attachments.get()
        with pytest.raises(ValidationError) as error:
            services.idea_edit(
                actor=author,
                idea=idea,
                data=data(None, title="Ny rubrik", summary=""),
                remove_attachments=[old],
                submit=True,
            )
        assert {"summary", "focus_area"} <= set(error.value.message_dict)
        self._unchanged(idea, old)

    def test_a_failure_in_the_last_step_leaves_nothing_changed(
        self, author, focus_area, monkeypatch
    ):
        from django.core.files.storage import default_storage

        from ideas.services import drafts

        idea = self._draft_with_file(author, focus_area)
        old = idea.attachments.get()
        stored_names: list[str] = []
        original_save = Attachment.save

        def save_and_record(self, *args, **kwargs):
            stored_names.append(self.file.name)
            original_save(self, *args, **kwargs)

        def fail(*args, **kwargs):
            raise RuntimeError("the database went away while submitting")

        monkeypatch.setattr(Attachment, "save", save_and_record)
        monkeypatch.setattr(drafts, "status_change", fail)
        with pytest.raises(RuntimeError):
            services.idea_edit(
                actor=author,
                idea=idea,
                data=data(
                    focus_area, title="Ny rubrik", attachments=[SimpleUploadedFile("ny.png", PNG)]
                ),
                remove_attachments=[old],
                submit=True,
            )
        self._unchanged(idea, old)
        assert Attachment.objects.count() == 1
        assert stored_names  # the new file was stored, then taken away again
        assert not any(default_storage.exists(name) for name in stored_names)

    def test_removing_another_submissions_attachment_is_refused(self, author, focus_area):
        idea = self._draft_with_file(author, focus_area)
        other = self._draft_with_file(author, focus_area)
        foreign = other.attachments.get()
        with pytest.raises(ServiceError) as error:
            services.idea_edit(
                actor=author, idea=idea, data=data(focus_area), remove_attachments=[foreign]
            )
        assert error.value.code == ErrorCode.NOT_FOUND
        assert other.attachments.get() == foreign

    def test_the_author_edits_a_draft(self, author, focus_area):
        idea = services.idea_create(author=author, data=data(focus_area))
        services.idea_update(actor=author, idea=idea, data=data(focus_area, title="Ny rubrik"))
        idea.refresh_from_db()
        assert idea.title == "Ny rubrik"
        assert "ny rubrik" in idea.search_text

    def test_no_one_else_edits_a_draft(self, author, participant, facilitator, focus_area):
        idea = services.idea_create(author=author, data=data(focus_area))
        for actor in (participant, facilitator):
            with pytest.raises(ServiceError) as error:
                services.idea_update(actor=actor, idea=idea, data=data(focus_area, title="Kapat"))
            assert error.value.code == ErrorCode.FORBIDDEN
        idea.refresh_from_db()
        assert idea.title == "Måltider och möten"

    def test_a_submitted_item_is_not_edited_in_place(self, author, focus_area):
        idea = services.idea_create(author=author, data=data(focus_area), submit=True)
        with pytest.raises(ServiceError):
            services.idea_update(actor=author, idea=idea, data=data(focus_area, title="Ändrad"))

    def test_only_the_author_deletes_a_draft(self, author, participant, focus_area):
        idea = services.idea_create(author=author, data=data(focus_area))
        with pytest.raises(ServiceError):
            services.idea_delete_draft(actor=participant, idea=idea)
        services.idea_delete_draft(actor=author, idea=idea)
        assert not Idea.objects.exists()


class TestLifecycle:
    def test_a_facilitator_moves_an_item_through_review_and_the_author_is_told(
        self, author, facilitator
    ):
        idea = IdeaFactory(author=author, status=IdeaStatus.SUBMITTED)

        services.idea_transition(actor=facilitator, idea=idea, to_status=IdeaStatus.IN_REVIEW)
        services.idea_transition(
            actor=facilitator, idea=idea, to_status=IdeaStatus.PARKED, reason="Väntar på budget."
        )

        idea.refresh_from_db()
        assert idea.status == IdeaStatus.PARKED
        last = StatusChange.objects.filter(idea=idea).last()
        assert (last.actor, last.from_status, last.reason) == (
            facilitator,
            IdeaStatus.IN_REVIEW,
            "Väntar på budget.",
        )
        messages = [n.message for n in Notification.objects.filter(recipient=author)]
        assert any("Parkerad" in m for m in messages)

    def test_parking_or_declining_needs_a_reason(self, facilitator):
        idea = IdeaFactory(status=IdeaStatus.IN_REVIEW)
        with pytest.raises(ValidationError) as error:
            services.idea_transition(actor=facilitator, idea=idea, to_status=IdeaStatus.DECLINED)
        assert "reason" in error.value.message_dict
        idea.refresh_from_db()
        assert idea.status == IdeaStatus.IN_REVIEW

    @pytest.mark.parametrize(
        ("start", "target"),
        [
            (IdeaStatus.DRAFT, IdeaStatus.PROMOTED),
            (IdeaStatus.SUBMITTED, IdeaStatus.PROMOTED),
            (IdeaStatus.DECLINED, IdeaStatus.SUBMITTED),
            (IdeaStatus.PROMOTED, IdeaStatus.WITHDRAWN),
        ],
    )
    def test_transitions_outside_the_lifecycle_are_refused(self, facilitator, start, target):
        idea = IdeaFactory(author=facilitator, status=start)
        with pytest.raises(ServiceError) as error:
            services.idea_transition(actor=facilitator, idea=idea, to_status=target, reason="x")
        assert error.value.code == ErrorCode.INVALID_TRANSITION
        idea.refresh_from_db()
        assert idea.status == start

    def test_an_unknown_status_is_a_validation_error(self, facilitator):
        idea = IdeaFactory()
        with pytest.raises(ValidationError):
            services.idea_transition(actor=facilitator, idea=idea, to_status="launched")

    def test_a_participant_cannot_review(self, participant):
        idea = IdeaFactory(status=IdeaStatus.SUBMITTED)
        with pytest.raises(ServiceError) as error:
            services.idea_transition(actor=participant, idea=idea, to_status=IdeaStatus.IN_REVIEW)
        assert error.value.code == ErrorCode.FORBIDDEN

    def test_others_cannot_even_see_a_draft_to_submit_it(self, participant):
        idea = IdeaFactory(status=IdeaStatus.DRAFT)
        with pytest.raises(ServiceError) as error:
            services.idea_submit(actor=participant, idea=idea)
        assert error.value.code == ErrorCode.NOT_FOUND

    def test_the_author_withdraws_and_reopens(self, author):
        idea = IdeaFactory(author=author, status=IdeaStatus.IN_REVIEW)
        services.idea_withdraw(actor=author, idea=idea, reason="Vi gör det på annat sätt.")
        services.idea_transition(actor=author, idea=idea, to_status=IdeaStatus.DRAFT)
        idea.refresh_from_db()
        assert idea.status == IdeaStatus.DRAFT

    def test_the_author_cannot_promote_their_own_item(self, author):
        idea = IdeaFactory(author=author, status=IdeaStatus.IN_ASSESSMENT)
        with pytest.raises(ServiceError):
            services.idea_transition(actor=author, idea=idea, to_status=IdeaStatus.PROMOTED)

    def test_an_actor_is_not_notified_of_their_own_change(self, author, focus_area):
        services.idea_create(author=author, data=data(focus_area), submit=True)
        assert not Notification.objects.filter(recipient=author).exists()


class TestModeration:
    def test_hiding_needs_a_reason_and_the_author_sees_it(self, author, facilitator):
        idea = IdeaFactory(author=author)
        with pytest.raises(ValidationError):
            services.idea_hide(actor=facilitator, idea=idea, reason=" ")

        services.idea_hide(actor=facilitator, idea=idea, reason="Innehåller personuppgifter.")

        idea.refresh_from_db()
        assert idea.is_hidden and idea.hidden_reason == "Innehåller personuppgifter."
        note = Notification.objects.get(recipient=author)
        assert "personuppgifter" in note.message
        services.idea_unhide(actor=facilitator, idea=idea)
        idea.refresh_from_db()
        assert not idea.is_hidden

    def test_participants_cannot_hide(self, participant):
        idea = IdeaFactory()
        with pytest.raises(ServiceError):
            services.idea_hide(actor=participant, idea=idea, reason="Tycker inte om den")
        idea.refresh_from_db()
        assert not idea.is_hidden


class TestComments:
    def test_comment_and_reply_notify_the_right_people(self, author, participant):
        idea = IdeaFactory(author=author)
        replier = UserFactory()

        comment = services.comment_create(author=participant, idea=idea, body="Vi vill vara med!")
        reply = services.comment_create(author=replier, idea=idea, body="Jag med.", parent=comment)

        assert reply.parent == comment
        assert Notification.objects.filter(recipient=author).count() == 2
        assert Notification.objects.filter(recipient=participant).count() == 1

    def test_replies_stay_one_level_deep(self, participant):
        idea = IdeaFactory()
        top = CommentFactory(idea=idea)
        reply = CommentFactory(idea=idea, parent=top)

        answer = services.comment_create(author=participant, idea=idea, body="Svar", parent=reply)

        assert answer.parent == top

    def test_empty_or_long_comments_are_refused(self, participant):
        idea = IdeaFactory()
        for body in ("", "   ", "x" * 5001):
            with pytest.raises(ValidationError):
                services.comment_create(author=participant, idea=idea, body=body)
        assert not Comment.objects.exists()

    def test_a_reply_to_a_comment_on_another_item_is_refused(self, participant):
        idea = IdeaFactory()
        elsewhere = CommentFactory()
        with pytest.raises(ValidationError) as error:
            services.comment_create(author=participant, idea=idea, body="Hej", parent=elsewhere)
        assert "parent" in error.value.message_dict

    def test_no_comments_on_drafts_of_others(self, participant):
        with pytest.raises(ServiceError) as error:
            services.comment_create(
                author=participant, idea=IdeaFactory(status=IdeaStatus.DRAFT), body="Hej"
            )
        assert error.value.code == ErrorCode.NOT_FOUND

    def test_comment_html_is_sanitised(self, participant):
        comment = services.comment_create(
            author=participant, idea=IdeaFactory(), body="<iframe src=//evil></iframe>**ok**"
        )
        assert "iframe" not in comment.body_html and "<strong>ok</strong>" in comment.body_html

    @override_settings(RATE_LIMITS={"comment_create": (3, 600)})
    def test_commenting_is_rate_limited(self, participant):
        idea = IdeaFactory()
        for n in range(3):
            services.comment_create(author=participant, idea=idea, body=f"Kommentar {n}")
        with pytest.raises(ServiceError) as error:
            services.comment_create(author=participant, idea=idea, body="En för mycket")
        assert error.value.code == ErrorCode.RATE_LIMITED
        assert Comment.objects.count() == 3

    def test_moderators_hide_comments_with_a_reason(self, facilitator, participant):
        comment = CommentFactory()
        with pytest.raises(ServiceError):
            services.comment_hide(actor=participant, comment=comment, reason="Nej")
        services.comment_hide(actor=facilitator, comment=comment, reason="Kränkande")
        comment.refresh_from_db()
        assert comment.is_hidden


class TestSupport:
    def test_support_is_one_per_person_and_kind(self, participant, author):
        idea = IdeaFactory(author=author)

        first, created = services.support_add(user=participant, idea=idea, kind="participate")
        again, created_again = services.support_add(user=participant, idea=idea, kind="participate")
        services.support_add(user=participant, idea=idea, kind="resources", note="Lokaler")

        assert created and not created_again and first.pk == again.pk
        assert Support.objects.filter(idea=idea, user=participant).count() == 2
        assert Notification.objects.filter(recipient=author).count() == 2

    def test_unknown_kind_and_own_items_are_refused(self, author):
        idea = IdeaFactory(author=author)
        with pytest.raises(ValidationError):
            services.support_add(user=UserFactory(), idea=idea, kind="money")
        with pytest.raises(ServiceError) as error:
            services.support_add(user=author, idea=idea, kind="participate")
        assert error.value.code == ErrorCode.FORBIDDEN
        assert not Support.objects.exists()

    def test_support_can_be_taken_back(self, participant):
        idea = IdeaFactory()
        services.support_add(user=participant, idea=idea, kind="researcher")
        assert services.support_remove(user=participant, idea=idea, kind="researcher")
        assert not services.support_remove(user=participant, idea=idea, kind="researcher")
        assert not Support.objects.exists()


@pytest.mark.django_db
@override_settings(RATE_LIMITS={"idea_create": (2, 3600)})
def test_creating_submissions_is_rate_limited(author):
    services.idea_create(author=author, data=IdeaInput(title="Ett"))
    services.idea_create(author=author, data=IdeaInput(title="Två"))
    with pytest.raises(ServiceError) as error:
        services.idea_create(author=author, data=IdeaInput(title="Tre"))
    assert error.value.code == ErrorCode.RATE_LIMITED
    assert Idea.objects.count() == 2
