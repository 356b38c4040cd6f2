"""The ideas admin writes through the services, or only reads."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ideas import services
from ideas.models import Attachment, Idea
from ideas.services import IdeaInput
from tests.factories import CommentFactory, IdeaFactory, SupportFactory, UserFactory

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def public_idea():
    idea = IdeaFactory()
    CommentFactory(idea=idea)
    SupportFactory(idea=idea)
    return idea


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize("model", ["idea", "tag", "comment", "support"])
def test_changelists_open(superuser_client, model, public_idea):
    response = superuser_client.get(reverse(f"admin:ideas_{model}_changelist"))
    assert response.status_code == 200


def test_the_bulk_delete_removes_the_attachments_files(
    superuser_client, author, django_capture_on_commit_callbacks
):
    ideas = [
        services.idea_create(
            author=author,
            data=IdeaInput(
                title=f"Med bilaga {n}", attachments=[SimpleUploadedFile(f"b{n}.png", PNG)]
            ),
        )
        for n in range(2)
    ]
    names = [attachment.file.name for attachment in Attachment.objects.all()]
    assert all(default_storage.exists(name) for name in names)

    with django_capture_on_commit_callbacks(execute=True):
        response = superuser_client.post(
            reverse("admin:ideas_idea_changelist"),
            {
                "action": "delete_selected",
                "_selected_action": [idea.pk for idea in ideas],
                "post": "yes",
            },
        )

    assert response.status_code == 302
    assert not Idea.objects.exists()
    assert not any(default_storage.exists(name) for name in names)


def test_only_an_administrator_removes_a_submission(author, participant, public_idea):
    from common.errors import ErrorCode, ServiceError

    with pytest.raises(ServiceError) as error:
        services.idea_delete(actor=participant, idea=public_idea)
    assert error.value.code == ErrorCode.FORBIDDEN
    assert Idea.objects.filter(pk=public_idea.pk).exists()


@pytest.mark.parametrize(
    ("model", "factory"), [("comment", CommentFactory), ("support", SupportFactory)]
)
def test_comments_and_support_are_only_read(superuser_client, model, factory):
    row = factory()
    change = superuser_client.post(reverse(f"admin:ideas_{model}_change", args=[row.pk]), {})
    delete = superuser_client.post(
        reverse(f"admin:ideas_{model}_delete", args=[row.pk]), {"post": "yes"}
    )
    assert delete.status_code == 403
    assert change.status_code in (200, 403)  # the view page, never a save
    assert type(row).objects.filter(pk=row.pk).exists()
