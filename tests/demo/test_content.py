"""The content files, their reading and checking, and the clock the builder replays them on."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from django.utils import timezone

from demo import reading
from demo.checks import check
from demo.clock import Timeline, as_of
from demo.reading import load
from demo.specs import ContentError


def with_submission(key: str, **changes):
    content = load()
    submissions = tuple(replace(s, **changes) if s.key == key else s for s in content.submissions)
    return replace(content, submissions=submissions)


class TestReading:
    def test_the_content_loads_and_holds_together(self):
        content = load()
        assert len(content.submissions) >= 40
        assert {r.state for r in content.rounds} == {"draft", "open", "closed"}
        assert len(content.initiatives) >= 9
        assert len(content.accounts) == 10

    def test_an_unknown_field_is_refused(self, tmp_path, monkeypatch):
        for name in reading.FILES:
            (tmp_path / name).write_bytes((reading.CONTENT_DIR / name).read_bytes())
        people = tmp_path / "people.toml"
        people.write_text(
            people.read_text(encoding="utf-8").replace(
                'key = "admin"', 'key = "admin"\nrole = "x"'
            ),
            encoding="utf-8",
        )
        monkeypatch.setattr(reading, "CONTENT_DIR", tmp_path)
        reading.load.cache_clear()
        try:
            with pytest.raises(
                ContentError, match=r"people.toml → person 1: unknown fields \['role'\]"
            ):
                reading.load()
        finally:
            reading.load.cache_clear()

    def test_a_score_must_be_a_value_and_a_rationale(self, tmp_path, monkeypatch):
        for name in reading.FILES:
            (tmp_path / name).write_bytes((reading.CONTENT_DIR / name).read_bytes())
        path = tmp_path / "assessment.toml"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("citizen_value = [4,", 'citizen_value = ["4",', 1), "utf-8")
        monkeypatch.setattr(reading, "CONTENT_DIR", tmp_path)
        reading.load.cache_clear()
        try:
            with pytest.raises(
                ContentError, match=r'`citizen_value` must be \[value, "rationale"\]'
            ):
                reading.load()
        finally:
            reading.load.cache_clear()


class TestChecks:
    def test_a_missing_person_is_named(self):
        with pytest.raises(ContentError, match="dromfabriken: no person 'nobody'"):
            check(with_submission("dromfabriken", author="nobody"))

    def test_promoted_only_through_a_round(self):
        with pytest.raises(ContentError, match="uvas: 'promoted' only through a round"):
            check(with_submission("uvas", status="promoted"))

    def test_a_submission_in_an_open_round_is_in_assessment(self):
        with pytest.raises(ContentError, match=r"framjande-praktik: in round .* in_assessment"):
            check(with_submission("framjande-praktik", status="in_review"))

    def test_parked_at_review_needs_a_reason(self):
        with pytest.raises(ContentError, match="uvas: 'parked' at review needs a `reason`"):
            check(with_submission("uvas", status="parked"))

    def test_history_happens_in_the_past(self):
        with pytest.raises(ContentError, match="uvas: `created` must be in the past"):
            check(with_submission("uvas", created=0))

    def test_only_the_focus_areas_core_team_assesses(self):
        content = load()
        round = content.rounds[0]
        score = replace(round.scores[0], assessor="coreteam-aldre")
        rounds = (replace(round, scores=(score, *round.scores[1:])), *content.rounds[1:])
        with pytest.raises(ContentError, match="'coreteam-aldre' is not on the focus area's"):
            check(replace(content, rounds=rounds))

    def test_a_promoted_submission_needs_an_initiative(self):
        content = load()
        with pytest.raises(ContentError, match=r"promoted, but portfolio\.toml has no initiative"):
            check(replace(content, initiatives=content.initiatives[1:]))

    def test_all_problems_are_reported_at_once(self):
        broken = with_submission("uvas", author="nobody", created=0)
        with pytest.raises(ContentError) as caught:
            check(broken)
        assert str(caught.value).count("\n- ") == 2


class TestClock:
    def test_as_of_moves_now_and_puts_it_back(self):
        real = timezone.now()
        moment = real - timedelta(days=100)
        with as_of(moment):
            assert timezone.now() == moment
            assert timezone.localdate() == timezone.localdate(moment)
            with as_of(moment + timedelta(days=1)):
                assert timezone.now() == moment + timedelta(days=1)
            assert timezone.now() == moment
        assert timezone.now() >= real

    def test_the_clock_is_put_back_after_an_error(self):
        original = timezone.now
        with pytest.raises(RuntimeError), as_of(timezone.now() - timedelta(days=1)):
            raise RuntimeError
        assert timezone.now is original

    def test_the_future_is_not_history(self):
        with (
            pytest.raises(ValueError, match="has not happened yet"),
            as_of(timezone.now() + timedelta(hours=1)),
        ):
            pass

    def test_days_count_from_today_and_keep_to_working_hours(self):
        timeline = Timeline()
        moment = timeline.at(-30, hour=10)
        assert timezone.localtime(moment).hour == 10
        assert timezone.localdate(moment) == timeline.today - timedelta(days=30)
        night = timeline.at(-2, hour=3)
        day = timeline.working_hours(night)
        assert 8 <= timezone.localtime(day).hour < 18
        assert timezone.localdate(day) == timezone.localdate(night)
        assert timeline.working_hours(timeline.at(-2, 4)) < timeline.working_hours(
            timeline.at(-2, 5)
        )
