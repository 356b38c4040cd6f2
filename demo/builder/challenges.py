"""Student challenges from the portfolios' initiatives and the submitted needs, with
applications in every state, a course case with its report and a published result: each
through the challenge services, as the people who did it (demo/content/challenges.toml).

The content file is read here rather than through demo/specs.py: it is the challenges'
own, and its shape is checked as it is built (an unknown key, person, initiative or
discipline is a ContentError naming the entry).
"""

from __future__ import annotations

import tomllib
from datetime import timedelta
from pathlib import Path
from typing import Any

from challenges.models import ChallengeStatus, Discipline
from challenges.services import (
    ChallengeInput,
    CourseCaseInput,
    StudentProfileInput,
    application_accept,
    application_create,
    application_decline,
    application_withdraw,
    challenge_create,
    challenge_set_status,
    course_case_create,
    course_case_report,
    result_publish,
    student_profile_set,
)
from demo.builder.state import Build
from demo.specs import ContentError
from portfolio.models import PortfolioInitiative

CONTENT = Path(__file__).resolve().parent.parent / "content" / "challenges.toml"
# The demo's students tell what they study, so "challenges for you" has something to go on.
PROFILES = {
    "student": (
        "Mälardalens universitet",
        "Socionomprogrammet",
        ["socialt-arbete"],
        "äldre, skola",
    ),
    "oskar.hedlund": (
        "Mälardalens universitet",
        "Idrottsvetenskapliga programmet",
        ["idrottsvetenskap", "ekonomi"],
        "rörelse, barn",
    ),
    "ronja.eklof": (
        "Mälardalens universitet",
        "Datavetenskapliga programmet",
        ["datavetenskap"],
        "stad, data, äldre",
    ),
}
# How each final status is reached from open.
PATHS = {
    ChallengeStatus.OPEN: [],
    ChallengeStatus.IN_PROGRESS: [ChallengeStatus.IN_PROGRESS],
    ChallengeStatus.COMPLETED: [ChallengeStatus.IN_PROGRESS, ChallengeStatus.COMPLETED],
    ChallengeStatus.CLOSED: [ChallengeStatus.CLOSED],
}


def build_challenges(build: Build) -> None:
    content = tomllib.loads(CONTENT.read_text(encoding="utf-8"))
    disciplines = {d.slug: d for d in Discipline.objects.all()}
    for key, (university, programme, slugs, interests) in PROFILES.items():
        with build.step(f"challenges.toml: profile {key}"):
            student_profile_set(
                actor=build.people[key],
                data=StudentProfileInput(
                    university=university,
                    programme=programme,
                    interests=interests,
                    disciplines=[disciplines[slug] for slug in slugs],
                ),
            )
    for spec in content.get("challenge", []):
        where = f"challenges.toml: {spec.get('key', '?')}"
        with build.step(where):
            _challenge(build, spec, disciplines, where)


def _challenge(build: Build, spec: dict[str, Any], disciplines: dict, where: str) -> None:
    try:
        owner = build.people[spec["owner"]]
        chosen = [disciplines[slug] for slug in spec.get("disciplines", [])]
    except KeyError as exc:
        raise ContentError(f"{where}: unknown {exc}") from None
    initiative = None
    if "initiative" in spec:
        initiative = PortfolioInitiative.objects.filter(title=spec["initiative"]).first()
        if initiative is None:
            raise ContentError(f"{where}: no initiative {spec['initiative']!r}")
    today = build.timeline.today
    start, end = spec.get("period", [None, None])
    deadline = spec.get("deadline")
    data = ChallengeInput(
        title=spec["title"],
        question=spec["question"],
        context=spec.get("context", ""),
        levels=spec["levels"],
        formats=spec["formats"],
        disciplines=chosen,
        focus_area=build.focus_areas[spec["area"]],
        credits=spec.get("credits"),
        hours=spec.get("hours"),
        places=spec.get("places", 1),
        period_start=today + timedelta(days=start) if start is not None else None,
        period_end=today + timedelta(days=end) if end is not None else None,
        application_deadline=today + timedelta(days=deadline) if deadline is not None else None,
        partnership_supervisor=build.facilitator,
        organisation=owner.organisation,
        origin_idea=build.ideas[spec["need"]] if "need" in spec else None,
        origin_initiative=initiative,
    )
    status = spec.get("status", ChallengeStatus.OPEN)
    challenge = challenge_create(actor=owner, data=data, publish=status != ChallengeStatus.DRAFT)
    if status == ChallengeStatus.DRAFT:
        return
    for application_spec in spec.get("applications", []):
        _application(build, challenge, owner, application_spec)
    if "course" in spec:
        course = spec["course"]
        case = course_case_create(
            actor=build.people["larare"],
            challenge=challenge,
            data=CourseCaseInput(
                course_name=course["course_name"], term=course["term"], groups=course["groups"]
            ),
        )
        if course.get("report"):
            course_case_report(actor=case.teacher, course_case=case, report=course["report"])
    if "result" in spec:
        result = spec["result"]
        result_publish(
            actor=build.people[result["student"]],
            challenge=challenge,
            title=result["title"],
            abstract=result["abstract"],
            link=result.get("link", ""),
        )
    for step in PATHS[ChallengeStatus(status)]:
        challenge = challenge_set_status(actor=owner, challenge=challenge, status=step)


def _application(build: Build, challenge: Any, owner: Any, spec: dict[str, Any]) -> None:
    student = build.people[spec["student"]]
    partner = build.people[spec["partner"]] if spec.get("partner") else None
    application = application_create(
        actor=student, challenge=challenge, motivation=spec["motivation"], partner=partner
    )
    decision = spec.get("decision", "submitted")
    message = spec.get("message", "")
    if decision == "accepted":
        application_accept(
            actor=owner,
            application=application,
            message=message,
            university_supervisor=spec.get("supervisor") or None,
        )
    elif decision == "declined":
        application_decline(actor=owner, application=application, message=message)
    elif decision == "withdrawn":
        application_withdraw(actor=student, application=application)
    elif decision != "submitted":
        raise ContentError(f"challenges.toml: unknown decision {decision!r}")
