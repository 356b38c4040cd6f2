"""The registry of personal data itself: declaring, refusing contradictions, finding rows."""

import pytest

from common import personal_data as pd
from hub.models import Organisation
from tests.factories import OrganisationFactory, UserFactory


@pytest.fixture
def clean_registry(monkeypatch):
    monkeypatch.setattr(pd, "_REGISTRY", {})
    monkeypatch.setattr(pd, "_NOT_PERSONAL", {})


@pytest.mark.usefixtures("clean_registry")
def test_a_model_is_either_personal_or_not():
    pd.register(Organisation, people=("members",), fields={"name": pd.Erasure.KEEP})
    with pytest.raises(ValueError, match="already registered"):
        pd.not_personal(Organisation, reason="x")
    assert [entry.model for entry in pd.registrations()] == [Organisation]
    assert pd.registration(Organisation).label == Organisation._meta.verbose_name_plural


@pytest.mark.usefixtures("clean_registry")
def test_a_registration_names_the_way_to_the_person():
    with pytest.raises(ValueError, match="path to the person"):
        pd.register(Organisation, people=())


@pytest.mark.django_db
@pytest.mark.usefixtures("clean_registry")
def test_rows_of_a_person_follow_every_path_once():
    mine = OrganisationFactory(name="Min")
    OrganisationFactory(name="Annan")
    person = UserFactory(organisation=mine)
    UserFactory(organisation=mine)
    pd.register(Organisation, people=("members",))
    assert list(pd.registration(Organisation).rows_of(person)) == [mine]


def test_erasure_blockers_collect_every_apps_reasons(monkeypatch):
    monkeypatch.setattr(pd, "_BLOCKERS", [])

    def owns_an_initiative(user):
        return ["Lämna över initiativet först."] if user == "owner" else []

    pd.register_erasure_blocker(owns_an_initiative)
    pd.register_erasure_blocker(owns_an_initiative)
    assert pd.erasure_blockers("owner") == ["Lämna över initiativet först."]
    assert pd.erasure_blockers("someone else") == []
