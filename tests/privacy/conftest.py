"""A person who has done something in every app, and the words only they wrote, so tests
can search the whole database, pages, the API and socket replay for any trace of them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.services import api_token_create
from assessment.models import Decision, VoteChoice
from boards.models import BoardPhase
from boards.services import board_apply
from boards.services.participants import participant_for_user
from common.models import OutgoingEmail
from emailing.models import EmailPreference, Frequency
from hub.models import User
from ideas.models import Attachment, Idea, IdeaStatus
from ideas.services import comment_create, support_add
from registrations.models import RegistrationSettings, Sector
from registrations.services import RegistrationInput, registration_create
from tests.assessment.factories import (
    ConflictFactory,
    RoundAssessorFactory,
    RoundItemFactory,
    ScoreFactory,
    VoteFactory,
)
from tests.boards.factories import BoardFactory, SectionFactory
from tests.events.factories import EventFactory
from tests.factories import CoreTeamMembershipFactory, IdeaFactory, UserFactory
from tests.portfolio.factories import InitiativeFactory, StatusReportFactory

NAME = "Vendela Testdottir"
EMAIL = "vendela.testdottir@example.org"
# Texts only the person wrote: none of them may be left anywhere after erasure on request.
TEXTS = {
    "summary": "Sammanfattning av Vendelas cykelpool",
    "description": "Vendelas beskrivning av cykelpoolen i Bäckby",
    "comment": "Vendelas kommentar om lånecyklar",
    "support": "Vendelas meddelande om att delta",
    "card": "Vendelas lapp om trygga cykelvägar",
    "rationale": "Vendelas motivering till poängen",
    "conflict": "Vendelas jäv: min granne driver projektet",
    "bio": "Vendela bor i Bäckby och cyklar",
    "token": "Vendelas skript",
    "attachment": "vendelas-skiss.pdf",
    "dietary": "Vendelas kost: nötallergi",
    "registration_organisation": "Vendelas cykelförening",
}
# Public records the person took part in: they stay readable.
RECORDS = {
    "idea_title": "Cykelpool för Bäckby",
    "decision": "Beslutet: lyfts till portföljen med stöd av alla parter",
    "status_report": "Lägesrapport: enligt plan",
    "board": "Forumträff om hållbart resande",
    "vote_comment": "Partens röst: ja",
}


@dataclass
class World:
    person: User
    other: User
    idea: Idea
    others_idea: Idea
    board_id: int
    others_card_text: str


@pytest.fixture
def world(db, focus_area, party, django_capture_on_commit_callbacks) -> World:
    person = UserFactory(display_name=NAME, email=EMAIL, bio=TEXTS["bio"])
    other = UserFactory(display_name="Annan Person")
    facilitator = UserFactory(display_name="Processtöd Person")
    with django_capture_on_commit_callbacks(execute=True):
        # ideas: a submission, a comment and support on someone else's, an attachment
        idea = IdeaFactory(
            author=person,
            title=RECORDS["idea_title"],
            summary=TEXTS["summary"],
            description=TEXTS["description"],
            description_html=f"<p>{TEXTS['description']}</p>",
            search_text=f"{RECORDS['idea_title']} {TEXTS['description']}".casefold(),
            status=IdeaStatus.SUBMITTED,
            focus_area=focus_area,
        )
        others_idea = IdeaFactory(author=other, status=IdeaStatus.SUBMITTED)
        comment_create(author=person, idea=others_idea, body=TEXTS["comment"])
        support_add(user=person, idea=others_idea, kind="participate", note=TEXTS["support"])
        Attachment.objects.create(
            idea=idea,
            token="t" * 32,
            file=ContentFile(b"%PDF-1.4 skiss", name="skiss.pdf"),
            original_name=TEXTS["attachment"],
            extension="pdf",
            content_type="application/pdf",
            size=14,
            uploaded_by=person,
        )
        # hub, accounts, emailing: a seat, a token, a preference, mail on its way
        CoreTeamMembershipFactory(user=person, focus_area=focus_area, party=party)
        api_token_create(user=person, name=TEXTS["token"])
        EmailPreference.objects.create(user=person, kind="*", frequency=Frequency.WEEKLY)
        OutgoingEmail.objects.create(
            to=EMAIL,
            subject="Hej Vendela",
            text=f"Hej {NAME}",
            message_id="<test-1@hub>",
            category="test",
            next_attempt_at=timezone.now() + timedelta(hours=1),
        )
        # events: an event they organise
        event = EventFactory(created_by=facilitator)
        event.organisers.add(person)
        # registrations: registered for someone else's event, with a need and an organisation
        others_event = EventFactory(created_by=facilitator)
        RegistrationSettings.objects.create(event=others_event)
        registration_create(
            actor=person,
            event=others_event,
            data=RegistrationInput(
                sector=Sector.CIVIL_SOCIETY,
                organisation_name=TEXTS["registration_organisation"],
                dietary_needs=TEXTS["dietary"],
            ),
        )
        # boards: a card by them (logged with their name), one by someone else, a vote
        board = BoardFactory(title=RECORDS["board"], created_by=facilitator)
        section = SectionFactory(board=board)
        mine = participant_for_user(board=board, user=person)
        theirs = participant_for_user(board=board, user=other)
        added = board_apply(
            participant=mine, op="card.add", data={"section": section.pk, "text": TEXTS["card"]}
        )
        others_card = "Annans lapp om bussar"
        board_apply(
            participant=theirs, op="card.add", data={"section": section.pk, "text": others_card}
        )
        board.phase = BoardPhase.VOTING
        board.save(update_fields=["phase"])
        board_apply(participant=mine, op="vote.add", data={"card": added.result["card"]["id"]})
        # assessment: a seat, a score, a conflict, a party vote and a decision they recorded
        item = RoundItemFactory(idea=idea, round__focus_area=focus_area)
        seat = RoundAssessorFactory(round=item.round, user=person, party=party)
        ScoreFactory(item=item, assessor=seat, rationale=TEXTS["rationale"])
        others_item = RoundItemFactory(round=item.round)
        ConflictFactory(item=others_item, assessor=seat, reason=TEXTS["conflict"])
        VoteFactory(item=item, party=party, cast_by=person, comment=RECORDS["vote_comment"])
        Decision.objects.create(
            item=item,
            outcome=VoteChoice.PROMOTE,
            rule="majority",
            rationale=RECORDS["decision"],
            decided_by=person,
        )
        # portfolio: a status report on an initiative someone else owns, which they lead
        initiative = InitiativeFactory(owner=other, process_lead=person)
        StatusReportFactory(initiative=initiative, author=person, note=RECORDS["status_report"])
    return World(
        person=person,
        other=other,
        idea=idea,
        others_idea=others_idea,
        board_id=board.pk,
        others_card_text=others_card,
    )
