"""The parties' votes on a closed round's items, and the decisions they give."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from assessment import permissions
from assessment.aggregation import Tally, tally_from
from assessment.errors import AssessmentError, Reason
from assessment.models import (
    DECISION_RATIONALE_MAX,
    OUTCOME_STATUS,
    REASON_MAX,
    Conflict,
    Decision,
    RoundAssessor,
    RoundItem,
    RoundStatus,
    Vote,
    VoteChoice,
)
from assessment.services.locking import Errors, item_of, lock_round
from common.errors import ErrorCode, ServiceError
from hub.models import Organisation, User
from ideas.services import idea_transition


def vote_cast(
    *,
    actor: User,
    item: RoundItem,
    choice: str,
    party: Organisation | None = None,
    comment: str = "",
) -> Vote:
    """Cast your party's one vote on an item: promote, park or decline.

    Only a round's assessors vote, each for the party they represent, once the round is
    closed, and not on an item they are recused from."""
    comment = (comment or "").strip()
    with transaction.atomic():
        round = lock_round(actor, item.round)
        item = item_of(round, item)
        seat = RoundAssessor.objects.filter(round=round, user_id=actor.pk).first()
        if seat is None:
            raise AssessmentError(Reason.NOT_ASSESSOR)
        if round.status != RoundStatus.CLOSED:
            raise AssessmentError(Reason.ROUND_NOT_CLOSED)
        errors: Errors = {}
        if choice not in VoteChoice.values:
            errors["choice"] = [_("Välj lyft, parkera eller avböj.")]
        if len(comment) > REASON_MAX:
            errors["comment"] = [_("Kommentaren får vara högst %(n)d tecken.") % {"n": REASON_MAX}]
        if errors:
            raise ValidationError(errors)
        if party is not None and party.pk != seat.party_id:
            raise AssessmentError(Reason.NOT_YOUR_PARTY)
        if Conflict.objects.filter(item=item, assessor=seat).exists():
            raise AssessmentError(Reason.RECUSED)
        if Decision.objects.filter(item=item).exists():
            raise AssessmentError(Reason.ALREADY_DECIDED)
        if Vote.objects.filter(item=item, party_id=seat.party_id).exists():
            raise AssessmentError(Reason.ALREADY_VOTED)
        try:
            with transaction.atomic():
                vote = Vote.objects.create(
                    item=item, party_id=seat.party_id, choice=choice, comment=comment, cast_by=actor
                )
        except IntegrityError:
            raise AssessmentError(Reason.ALREADY_VOTED) from None
    return vote


def item_tally(item: RoundItem, rule: str) -> Tally:
    """Where the vote on `item` stands (a read used by the decision and its selector)."""
    seats = list(RoundAssessor.objects.filter(round_id=item.round_id).values_list("pk", "party_id"))
    recused = set(Conflict.objects.filter(item=item).values_list("assessor_id", flat=True))
    return tally_from(
        rule=rule,
        seats=seats,
        recused=recused,
        votes=list(Vote.objects.filter(item=item).values_list("party_id", "choice")),
    )


def decision_record(*, actor: User, item: RoundItem, rationale: str) -> Decision:
    """Record the decision the parties' votes give, with its rationale for the author.

    The outcome follows from the votes and the round's rule; the submission's status moves
    to promoted, parked or declined (through `ideas.services.idea_transition`, with the
    facilitator as the actor and the rationale as the reason the author reads)."""
    rationale = (rationale or "").strip()
    with transaction.atomic():
        round = lock_round(actor, item.round)
        item = item_of(round, item)
        if not permissions.can_run_rounds(actor):
            raise ServiceError(ErrorCode.FORBIDDEN)
        if round.status != RoundStatus.CLOSED:
            raise AssessmentError(Reason.ROUND_NOT_CLOSED)
        if Decision.objects.filter(item=item).exists():
            raise AssessmentError(Reason.ALREADY_DECIDED)
        current = item_tally(item, round.decision_rule)
        if current.eligible == 0:
            raise AssessmentError(Reason.NO_ELIGIBLE_PARTIES)
        if not current.ready or current.outcome is None:
            raise AssessmentError(
                Reason.VOTES_MISSING,
                votes_cast=current.cast,
                eligible_parties=current.eligible,
                votes_needed=current.needed,
            )
        if not rationale:
            raise ValidationError({"rationale": [_("Skriv en motivering till författaren.")]})
        if len(rationale) > DECISION_RATIONALE_MAX:
            raise ValidationError(
                {
                    "rationale": [
                        _("Motiveringen får vara högst %(n)d tecken.")
                        % {"n": DECISION_RATIONALE_MAX}
                    ]
                }
            )
        decision = Decision.objects.create(
            item=item,
            outcome=current.outcome,
            rule=round.decision_rule,
            rationale=rationale,
            decided_by=actor,
        )
        idea_transition(
            actor=actor,
            idea=item.idea,
            to_status=OUTCOME_STATUS[VoteChoice(current.outcome)],
            reason=rationale,
        )
    return decision
