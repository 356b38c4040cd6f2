"""The parties' votes on a closed round's items, and the decisions they give."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from assessment.api.common import (
    TAG_DECISIONS,
    AssessedIdeaOut,
    DecisionRuleField,
    PersonRefOut,
    VoteChoiceField,
    errors,
)
from assessment.models import Decision, Vote
from assessment.selectors import (
    ItemVotes,
    decision_for_idea,
    round_decisions,
    round_get,
    round_item_get,
)
from assessment.services import decision_record, vote_cast
from common.api import CharField, IntegerField, PrimaryKeyRelatedField, parse_body
from hub.api import OrganisationRefOut, signed_in
from hub.selectors import organisation_list


class VoteOut(serializers.Serializer):
    item = IntegerField(source="item_id")
    party = OrganisationRefOut()
    choice = VoteChoiceField()
    choice_label = CharField(source="get_choice_display")
    comment = CharField()
    cast_by = PersonRefOut()
    created_at = serializers.DateTimeField()


class DecisionOut(serializers.Serializer):
    item = IntegerField(source="item_id")
    idea = AssessedIdeaOut(source="item.idea")
    outcome = VoteChoiceField()
    outcome_label = CharField(source="get_outcome_display")
    rule = DecisionRuleField()
    rationale = CharField()
    decided_by = PersonRefOut()
    decided_at = serializers.DateTimeField()


class ItemVotesOut(serializers.Serializer):
    item = IntegerField(source="item.pk")
    idea = AssessedIdeaOut(source="item.idea")
    rule = DecisionRuleField(source="tally.rule")
    eligible_parties = IntegerField(source="tally.eligible")
    votes_cast = IntegerField(source="tally.cast")
    votes_needed = IntegerField(
        source="tally.needed", help_text="The fewest further votes that could decide."
    )
    ready = serializers.BooleanField(source="tally.ready")
    outcome = VoteChoiceField(
        source="tally.outcome", allow_null=True, help_text="What the votes decide, once ready."
    )
    recused_parties = serializers.ListField(
        child=IntegerField(), help_text="Parties whose representatives are recused."
    )
    votes = VoteOut(many=True)
    decision = DecisionOut(allow_null=True)


class VoteIn(serializers.Serializer):
    choice = CharField(help_text="`promote`, `park` or `decline`.")
    party = PrimaryKeyRelatedField(
        queryset=organisation_list(),
        required=False,
        allow_null=True,
        help_text="The party you represent (checked); yours by default.",
    )
    comment = CharField(allow_blank=True, required=False, default="")


class DecisionIn(serializers.Serializer):
    rationale = CharField(allow_blank=True, help_text="The author reads this.")


class DecisionListApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=TAG_DECISIONS,
        summary="Per item: the parties' votes, where the rule stands, and the decision",
        responses={200: ItemVotesOut(many=True), **errors(403, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        round = round_get(viewer=request.user, pk=pk)
        rows: list[ItemVotes] = round_decisions(viewer=request.user, round=round)
        return Response(ItemVotesOut(rows, many=True).data)


class VoteApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=TAG_DECISIONS,
        summary="Cast your party's vote on an item",
        description="One vote per party per item, by its Core Team representative in the "
        "round, once the round is closed. A second vote is refused (`already_voted`).",
        request=VoteIn,
        responses={201: VoteOut, **errors(400, 403, 404, 409)},
    )
    def post(self, request: Request, pk: int, item_pk: int) -> Response:
        round = round_get(viewer=request.user, pk=pk)
        item = round_item_get(viewer=request.user, round=round, pk=item_pk)
        data = parse_body(VoteIn, request)
        vote: Vote = vote_cast(
            actor=signed_in(request),
            item=item,
            choice=data["choice"],
            party=data.get("party"),
            comment=data["comment"],
        )
        vote = Vote.objects.select_related("party", "cast_by").get(pk=vote.pk)
        return Response(VoteOut(vote).data, status=status.HTTP_201_CREATED)


class DecisionApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=TAG_DECISIONS,
        summary="Record the decision the votes give, with a rationale (facilitators)",
        description="Refused (`votes_missing`) until the votes the rule needs are in. The "
        "submission becomes promoted, parked or declined; its author is notified.",
        request=DecisionIn,
        responses={201: DecisionOut, **errors(400, 403, 404, 409)},
    )
    def post(self, request: Request, pk: int, item_pk: int) -> Response:
        round = round_get(viewer=request.user, pk=pk)
        item = round_item_get(viewer=request.user, round=round, pk=item_pk)
        data = parse_body(DecisionIn, request)
        decision = decision_record(actor=signed_in(request), item=item, rationale=data["rationale"])
        decision = decision_for_idea(viewer=request.user, idea_id=decision.item.idea_id)
        return Response(DecisionOut(decision).data, status=status.HTTP_201_CREATED)


class IdeaDecisionApi(APIView):
    @extend_schema(
        tags=TAG_DECISIONS,
        summary="The decision on a submission: outcome and rationale",
        description="For the submission's author, and those who follow the round.",
        responses={200: DecisionOut, **errors(404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        decision: Decision = decision_for_idea(viewer=request.user, idea_id=pk)
        return Response(DecisionOut(decision).data)
