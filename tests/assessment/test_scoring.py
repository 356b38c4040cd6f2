"""Scoring: autosave, submission, conflicts of interest, and every kind of bad input."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from assessment import services
from assessment.errors import AssessmentError, Reason
from assessment.models import Conflict, ConflictKind, RoundAssessor, Score
from assessment.selectors import my_sheet, score_cells
from common.errors import ErrorCode, ServiceError
from tests.assessment.factories import CriterionFactory

pytestmark = pytest.mark.django_db


def snapshot() -> list[tuple]:
    return list(
        Score.objects.order_by("pk").values_list(
            "item_id", "assessor_id", "criterion_id", "value", "rationale"
        )
    )


def test_autosave_is_an_idempotent_upsert(world):
    world.open()
    item, criterion = world.items()[0], world.criteria[0]
    save = {"actor": world.core_team, "round": world.round, "item": item, "criterion": criterion}

    first = services.score_save(**save, value=None, rationale="Tänker fortfarande")
    second = services.score_save(**save, value=4, rationale="Stor nytta för eleverna")
    third = services.score_save(**save, value=4, rationale="Stor nytta för eleverna")

    assert first.pk == second.pk == third.pk
    assert Score.objects.count() == 1
    assert (third.value, third.rationale) == (4, "Stor nytta för eleverna")


def test_an_assessor_submits_a_complete_sheet_and_cannot_change_it_afterwards(world):
    world.open()
    with pytest.raises(ValidationError) as error:
        world.submit(world.core_team)
    assert "9 poäng saknas" in error.value.message_dict["scores"][0]

    world.score_all(world.core_team, 4)
    world.submit(world.core_team)

    seat = RoundAssessor.objects.get(round=world.round, user=world.core_team)
    assert seat.submitted_at is not None
    before = snapshot()
    with pytest.raises(AssessmentError) as error:
        world.score_all(world.core_team, 2)
    assert error.value.reason == Reason.ALREADY_SUBMITTED
    with pytest.raises(AssessmentError):
        world.submit(world.core_team)
    assert snapshot() == before


def test_a_score_without_a_value_is_progress_not_a_complete_sheet(world):
    world.open()
    world.score_all(world.core_team, lambda item, criterion: None, rationale="Utkast")
    with pytest.raises(ValidationError):
        world.submit(world.core_team)
    assert my_sheet(viewer=world.core_team, round=world.round).scored == 0


@pytest.mark.parametrize("value", [0, 6, -1, 3.5, True, "4"])
def test_scores_outside_the_scale_are_refused_and_nothing_changes(world, value):
    world.open()
    item, criterion = world.items()[0], world.criteria[0]
    services.score_save(
        actor=world.core_team, round=world.round, item=item, criterion=criterion, value=3
    )
    before = snapshot()

    with pytest.raises(ValidationError) as error:
        services.score_save(
            actor=world.core_team, round=world.round, item=item, criterion=criterion, value=value
        )

    assert error.value.message_dict["value"] == ["Poängen ska vara ett heltal från 1 till 5."]
    assert snapshot() == before


def test_a_batch_with_one_bad_cell_saves_nothing(world):
    world.open()
    items = world.items()
    entries = [
        services.ScoreInput(item=items[0], criterion=world.criteria[0], value=4),
        services.ScoreInput(item=items[1], criterion=world.criteria[0], value=9),
    ]
    with pytest.raises(ValidationError) as error:
        services.scores_save(actor=world.core_team, round=world.round, entries=entries)
    assert set(error.value.message_dict) == {"scores.1.value"}
    assert not Score.objects.exists()


def test_a_rationale_is_short(world):
    world.open()
    with pytest.raises(ValidationError) as error:
        services.score_save(
            actor=world.core_team,
            round=world.round,
            item=world.items()[0],
            criterion=world.criteria[0],
            value=3,
            rationale="x" * 501,
        )
    assert "rationale" in error.value.message_dict


def test_criteria_and_items_must_belong_to_the_round(world):
    world.open()
    stranger = CriterionFactory(key="budget", name="Budget")
    with pytest.raises(ValidationError) as error:
        services.score_save(
            actor=world.core_team,
            round=world.round,
            item=world.items()[0],
            criterion=stranger,
            value=3,
        )
    assert "criterion" in error.value.message_dict
    assert not Score.objects.exists()


def test_scoring_in_a_draft_or_closed_round_is_refused(world):
    world.create_round()
    # In a draft, Core Team members are not (yet) assessors, and the draft is private.
    with pytest.raises(ServiceError) as error:
        world.score_all(world.core_team)
    assert error.value.code == ErrorCode.NOT_FOUND

    world.open()
    world.score_all(world.core_team, 3)
    world.close()
    before = snapshot()
    with pytest.raises(AssessmentError) as error:
        world.score_all(world.core_team, 5)
    assert error.value.reason == Reason.ROUND_NOT_OPEN
    assert error.value.code == ErrorCode.INVALID_TRANSITION
    assert snapshot() == before


def test_scoring_a_recused_item_is_refused(world):
    world.open()
    item = world.items()[0]
    services.conflict_declare(
        actor=world.core_team, round=world.round, item=item, reason="Min sambo driver projektet"
    )
    with pytest.raises(AssessmentError) as error:
        services.score_save(
            actor=world.core_team,
            round=world.round,
            item=item,
            criterion=world.criteria[0],
            value=3,
        )
    assert error.value.reason == Reason.RECUSED
    assert error.value.code == ErrorCode.FORBIDDEN
    assert not Score.objects.exists()
    # The rest can still be scored, and the sheet is complete without the recused item.
    world.score_all(world.core_team, 3)
    world.submit(world.core_team)


def test_declaring_a_conflict_removes_the_assessors_scores_of_that_item(world):
    world.open()
    world.score_all(world.core_team, 4)
    item = world.items()[1]

    conflict = services.conflict_declare(
        actor=world.core_team, round=world.round, item=item, reason="Jag leder verksamheten"
    )
    again = services.conflict_declare(
        actor=world.core_team, round=world.round, item=item, reason="En gång till"
    )

    assert again.pk == conflict.pk
    assert conflict.kind == ConflictKind.DECLARED
    assert not Score.objects.filter(item=item, assessor__user=world.core_team).exists()
    assert Score.objects.filter(assessor__user=world.core_team).count() == 6


def test_no_conflict_after_submitting_the_assessment(world):
    world.open()
    world.score_all(world.core_team, 4)
    world.submit(world.core_team)
    item = world.items()[0]

    with pytest.raises(AssessmentError) as error:
        services.conflict_declare(
            actor=world.core_team, round=world.round, item=item, reason="Kom på det sent"
        )

    assert error.value.reason == Reason.ALREADY_SUBMITTED
    assert not Conflict.objects.exists()
    assert Score.objects.filter(item=item, assessor__user=world.core_team).count() == 3


def test_a_conflict_needs_a_reason(world):
    world.open()
    with pytest.raises(ValidationError) as error:
        services.conflict_declare(
            actor=world.core_team, round=world.round, item=world.items()[0], reason="  "
        )
    assert "reason" in error.value.message_dict
    assert not Conflict.objects.exists()


def test_a_facilitator_may_record_a_conflict_for_an_assessor_but_others_may_not(world):
    world.open()
    item = world.items()[0]
    services.conflict_declare(
        actor=world.facilitator,
        round=world.round,
        item=item,
        reason="Anmält på Core Team-mötet",
        assessor=world.assessors[1],
    )
    assert Conflict.objects.get().assessor.user == world.assessors[1]

    with pytest.raises(ServiceError) as error:
        services.conflict_declare(
            actor=world.core_team,
            round=world.round,
            item=item,
            reason="Hen är jävig",
            assessor=world.assessors[2],
        )
    assert error.value.code == ErrorCode.FORBIDDEN
    assert Conflict.objects.count() == 1


def test_people_outside_the_round_cannot_score(world):
    world.open()
    item, criterion = world.items()[0], world.criteria[0]
    expected = {
        "participant": ErrorCode.NOT_FOUND,
        "author": ErrorCode.NOT_FOUND,
        "other_core_team": ErrorCode.NOT_FOUND,
        "facilitator": ErrorCode.FORBIDDEN,
        "board_member": ErrorCode.FORBIDDEN,
    }
    for role, code in expected.items():
        with pytest.raises(ServiceError) as error:
            services.score_save(
                actor=world.users()[role],
                round=world.round,
                item=item,
                criterion=criterion,
                value=3,
            )
        assert error.value.code == code, role
    assert not Score.objects.exists()


def test_the_cells_of_a_sheet_are_the_rounds_own_items_and_criteria(world):
    """What the API's autosave refers to by id: the round's items and criteria, in the order
    sent; any other id is bad input keyed by its place in the batch, like the service's."""
    world.open()
    first, second = world.items()[:2]
    citizen_value, innovation = world.criteria[:2]
    found = score_cells(
        round=world.round, cells=[(second.pk, innovation.pk), (first.pk, citizen_value.pk)]
    )
    assert found == [(second, innovation), (first, citizen_value)]

    unused = CriterionFactory(key="unused")
    other_round_item = 999_999
    with pytest.raises(ValidationError) as invalid:
        score_cells(
            round=world.round,
            cells=[
                (first.pk, citizen_value.pk),
                (other_round_item, citizen_value.pk),
                (first.pk, unused.pk),
                (other_round_item, unused.pk),
            ],
        )
    assert invalid.value.message_dict == {
        "scores.1.item": ["Bidraget ingår inte i rundan."],
        "scores.2.criterion": ["Kriteriet används inte i rundan."],
        "scores.3.item": ["Bidraget ingår inte i rundan."],
        "scores.3.criterion": ["Kriteriet används inte i rundan."],
    }
