"""The feature registry (cooperation/features.py) and the registrations of the existing features."""

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from cooperation import features
from cooperation.features import Deadline, Evidence, Feature, OpenTask
from cooperation.models import Standard

# The features that existed before issue #7's new packages, with the standards each claims.
EXISTING = {
    "directory": ("P1", ("P1.A2.T1.S1",)),
    "accessibility": ("P1", ("P1.A2.T2.S2",)),
    "consultations": ("P1", ("P1.A3.T1.S1", "P1.A3.T2.S1", "P1.A4.T2.S1")),
    "consultation_rules": ("P1", ("P1.A4.T1.S1",)),
    "council": ("P1", ("P1.A5.T2.S1",)),
    "lijw": ("P1", ("P1.A6.T2.S2", "P1.A6.T2.S3")),
    "calls": ("P2", ("P2.A1.T1.S1", "P2.A1.T1.S2", "P2.A1.T2.S1")),
    "small_grants": ("P2", ()),
    "contracts": ("P2", ("P2.A1.T1.S2",)),
    "grant_rules": ("P2", ()),
    "events": ("P3", ("P2.A2.T2.S1", "P2.A2.T2.S2", "P3.A2.T1.S1", "P3.A2.T2.S1", "P3.A2.T3.S1")),
    "tracker": ("", ()),
    "procedures": ("", ("P2.A1.T3.S1", "P2.A1.T3.S2", "P2.A2.T2.S3", "P3.A1.T1.S2", "P3.A1.T2.S2")),
}


@pytest.fixture
def registry(monkeypatch):
    """An empty registry for the test; the real one comes back afterwards."""
    empty = features._Registry()
    monkeypatch.setattr(features, "REGISTRY", empty)
    return empty


def test_features_are_sorted_by_order_then_key_and_a_key_registers_once(registry):
    features.register_feature(Feature(key="b", title="B", order=20))
    features.register_feature(Feature(key="c", title="C", order=10))
    features.register_feature(Feature(key="a", title="A", order=20))
    features.register_feature(Feature(key="c", title="C again", order=30))
    assert [(f.key, f.title) for f in features.features()] == [("a", "A"), ("b", "B"), ("c", "C again")]


def test_features_for_standard_lists_those_claiming_the_code(registry):
    features.register_feature(Feature(key="x", title="X", standards=("P1.A1.T1.S1", "P1.A2.T1.S1")))
    features.register_feature(Feature(key="y", title="Y", standards=("P1.A2.T1.S1",), order=1))
    assert [f.key for f in features.features_for_standard("P1.A2.T1.S1")] == ["y", "x"]
    assert [f.key for f in features.features_for_standard("P1.A1.T1.S1")] == ["x"]
    assert features.features_for_standard("P3.A3.T3.S2") == []


def test_deadlines_keep_today_and_later_soonest_first(registry):
    today = date(2026, 5, 10)

    def first(municipality, day):
        return [Deadline(due=date(2026, 5, 9), title="yesterday"), Deadline(due=date(2026, 6, 1), title="June")]

    def second(municipality, day):
        # 22:30 UTC on 9 May is 00:30 on 10 May in Warsaw: today, so kept.
        return [Deadline(due=datetime(2026, 5, 9, 22, 30, tzinfo=UTC), title="b tonight"),
                Deadline(due=date(2026, 5, 10), title="a today")]

    features.register_deadlines(first)
    features.register_deadlines(second)
    features.register_deadlines(first)  # registered once
    assert [(d.day, d.title) for d in features.deadlines(None, today)] == [
        (date(2026, 5, 10), "a today"), (date(2026, 5, 10), "b tonight"), (date(2026, 6, 1), "June")]


def test_open_tasks_leave_out_empty_counts(registry):
    features.register_open_tasks(lambda m: [OpenTask("none", "/a/", count=0), OpenTask("two", "/b/", count=2)])
    features.register_open_tasks(lambda m: [OpenTask("one", "/c/")])
    assert [(t.title, t.count) for t in features.open_tasks(None)] == [("two", 2), ("one", 1)]


def test_evidence_of_every_provider_is_merged_by_code(registry):
    a, b, c = Evidence("a", "/a/"), Evidence("b", "/b/"), Evidence("c", "/c/")
    features.register_evidence(lambda m: {"P1.A5.T2.S1": [a]})
    features.register_evidence(lambda m: {"P1.A5.T2.S1": [b], "P2.A1.T2.S1": [c]})
    assert features.evidence(None) == {"P1.A5.T2.S1": [a, b], "P2.A1.T2.S1": [c]}


# --- The registrations of the existing features ---------------------------------------------------------------


def test_every_existing_feature_is_registered_with_its_plane_and_standards():
    registered = features.REGISTRY.features
    assert {key: (registered[key].plane, registered[key].standards) for key in EXISTING} == EXISTING


@pytest.mark.django_db
def test_registered_standards_exist_and_urls_reverse():
    codes = set(Standard.objects.values_list("code", flat=True))
    for key in EXISTING:
        feature = features.REGISTRY.features[key]
        assert set(feature.standards) <= codes, key
        for name in filter(None, (feature.public_url, feature.panel_url)):
            assert reverse(name, kwargs={"municipality_slug": "koszalin"}).startswith("/jst/koszalin/"), name


def test_existing_providers_are_registered_once():
    from consultations import providers as consultation_providers
    from cooperation import providers as cooperation_providers
    from grants import providers as grant_providers
    from self_assessment import providers as lijw_providers

    assert {consultation_providers.consultation_deadlines, consultation_providers.council_deadlines,
            grant_providers.call_deadlines, grant_providers.small_grant_deadlines, grant_providers.contract_deadlines,
            lijw_providers.lijw_deadlines, cooperation_providers.event_deadlines} <= set(features.REGISTRY.deadlines)
    assert {consultation_providers.consultation_tasks, consultation_providers.council_tasks,
            grant_providers.grants_tasks, lijw_providers.lijw_tasks,
            cooperation_providers.cooperation_tasks} <= set(features.REGISTRY.tasks)
    assert {consultation_providers.consultation_evidence, grant_providers.grants_evidence,
            lijw_providers.lijw_evidence, cooperation_providers.events_evidence,
            cooperation_providers.cooperation_evidence} <= set(features.REGISTRY.evidence)
    for providers in (features.REGISTRY.deadlines, features.REGISTRY.tasks, features.REGISTRY.evidence):
        assert len(providers) == len(set(providers))


def test_a_feature_is_immutable():
    feature = Feature(key="k", title="T")
    assert replace(feature, order=5).order == 5
    with pytest.raises(AttributeError):
        feature.order = 5


def test_every_minimal_standard_of_the_model_is_served_by_a_registered_feature():
    from cooperation.features import features_for_standard
    from cooperation.reference.model import AREAS

    codes = [f"{area[0]}.T{t}.S{s}" for area in AREAS for t, tool in enumerate(area[-1], 1)
             for s, _standard in enumerate(tool[2], 1)]
    assert len(codes) == 39
    assert [code for code in codes if not features_for_standard(code)] == []
