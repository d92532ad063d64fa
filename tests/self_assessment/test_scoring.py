"""Scoring with exact expected numbers, computed by hand from the answers below."""

from decimal import Decimal

import pytest
from django_scopes import scopes_disabled

from self_assessment import services
from self_assessment.enums import Aggregation, RespondentGroup
from self_assessment.scoring import ALL, compute_results, to_index

from .conftest import rated_questions, required_answers

NGO, JST = RespondentGroup.NGO, RespondentGroup.JST
# Ratings per respondent for the statements (a1, a2 = P1.A1; b1, b2 = P1.A2; c1, c2 = P2.A1); "dk" = don't know.
NGO_ANSWERS = [
    {"a1": "5", "a2": "4", "c1": "3", "c2": "dk"},
    {"a1": "4", "a2": "4", "c1": "2", "c2": "2"},
    {"a1": "3", "a2": "dk", "c1": "1", "c2": "3"},
]
JST_ANSWERS = [
    {"a1": "2", "a2": "3", "b1": "5", "b2": "5", "c1": "4", "c2": "4"},
    {"a1": "3", "a2": "3", "b1": "5", "b2": "5", "c1": "4", "c2": "5"},
    {"a1": "4", "a2": "3", "b1": "5", "b2": "5", "c1": "5", "c2": "3"},
]


def fill(edition, group, rows):
    q = rated_questions(edition)
    keys = {"a1": q["P1.A1"][0], "a2": q["P1.A1"][1], "b1": q["P1.A2"][0], "b2": q["P1.A2"][1],
            "c1": q["P2.A1"][0], "c2": q["P2.A1"][1]}
    with scopes_disabled():
        for row in rows:
            raw = {keys[k].pk: v for k, v in row.items()} | required_answers(edition)
            services.enter_paper_response(edition=edition, actor=edition.created_by, group=group, jst_role="", raw=raw)
    return keys


@pytest.fixture
def scored(make_edition):
    edition = make_edition()
    fill(edition, NGO, NGO_ANSWERS)
    keys = fill(edition, JST, JST_ANSWERS)
    with scopes_disabled():
        return edition, keys, compute_results(edition)


def by_question(results, question):
    return next(r for r in results.questions if r.question.pk == question.pk)


def test_statement_scores_distribution_and_dont_know(scored):
    _edition, keys, results = scored
    a1 = by_question(results, keys["a1"])
    assert a1.score(NGO) == Decimal(4)
    assert a1.score(JST) == Decimal(3)
    assert a1.score(ALL) == Decimal("3.5")
    assert a1.gap == Decimal(1)
    assert a1.cells[NGO].distribution == [0, 0, 1, 1, 1]
    assert a1.cells[JST].index == Decimal("50.0")
    c1 = by_question(results, keys["c1"])
    assert c1.score(JST) == Decimal(13) / 3
    assert c1.score(ALL) == Decimal(19) / 6


def test_group_below_minimum_is_suppressed_and_all_respondents_hidden(scored):
    _edition, keys, results = scored
    a2 = by_question(results, keys["a2"])
    # Two NGO ratings and one "don't know": fewer than 3 ratings, so the NGO figure is hidden, and so is the
    # all-respondents figure, which would otherwise reveal the NGO ratings by subtraction.
    assert a2.cells[NGO].suppressed and a2.score(NGO) is None
    assert a2.cells[NGO].distribution == [0, 0, 0, 0, 0]
    assert a2.score(ALL) is None
    assert a2.score(JST) == Decimal(3)
    # Nobody from NGOs rated P1.A2: nothing to hide, so all respondents = local government.
    b1 = by_question(results, keys["b1"])
    assert b1.score(NGO) is None and b1.score(ALL) == Decimal(5)


def test_dont_know_share(scored):
    _edition, keys, results = scored
    c2 = by_question(results, keys["c2"])
    assert c2.cells[NGO].dont_know == 1
    assert c2.cells[JST].dont_know_share == Decimal("0.0")
    assert by_question(results, keys["a1"]).cells[NGO].dont_know_share == Decimal("0.0")


def test_area_plane_and_overall_as_mean_of_areas(scored):
    _edition, _keys, results = scored
    areas = {row.key: row for row in results.areas}
    assert areas["P1.A1"].scores[NGO] == Decimal(4)  # a1 only: a2 suppressed for NGOs
    assert areas["P1.A1"].scores[JST] == Decimal(3)
    assert areas["P1.A2"].scores[JST] == Decimal(5)
    assert areas["P1.A2"].scores[NGO] is None
    assert areas["P2.A1"].scores[JST] == (Decimal(13) / 3 + Decimal(4)) / 2
    planes = {row.key: row for row in results.planes}
    assert planes["P1"].scores[JST] == Decimal(4)
    assert planes["P1"].scores[NGO] is None  # an area of the plane has no NGO score
    assert results.overall.scores[JST] == (Decimal(3) + Decimal(5) + Decimal(25) / 6) / 3
    assert results.overall.scores[NGO] is None
    assert results.response_counts == {NGO: 3, JST: 3}
    assert results.suppressed_groups == set()


def test_overall_as_mean_of_planes(make_edition):
    edition = make_edition(aggregation=Aggregation.MEAN_OF_PLANES)
    fill(edition, JST, JST_ANSWERS)
    with scopes_disabled():
        results = compute_results(edition)
    # P1 = mean(P1.A1 = 3, P1.A2 = 5) = 4; P2 = P2.A1 = 25/6; overall = (4 + 25/6) / 2 = 49/12.
    assert results.overall.scores[JST] == Decimal(49) / 12
    assert results.overall.index(JST) == to_index(Decimal(49) / 12) == Decimal("77.1")


def test_a_group_with_fewer_than_three_responses_is_suppressed_entirely(make_edition):
    edition = make_edition()
    fill(edition, NGO, NGO_ANSWERS[:2])
    fill(edition, JST, JST_ANSWERS)
    with scopes_disabled():
        results = compute_results(edition)
    assert results.suppressed_groups == {NGO}
    assert all(r.score(NGO) is None for r in results.questions)
    assert all(r.cells[NGO].distribution == [0, 0, 0, 0, 0] for r in results.questions)
    # The NGO answers exist, so no all-respondents figure may be shown for a statement they rated.
    a1 = next(r for r in results.questions if r.question.area and r.question.area.code == "P1.A1")
    assert a1.score(ALL) is None


def test_results_take_a_fixed_number_of_queries(make_edition, django_assert_max_num_queries):
    edition = make_edition()
    fill(edition, JST, JST_ANSWERS * 5)
    with scopes_disabled(), django_assert_max_num_queries(8):
        compute_results(edition)


def test_index_scale():
    assert to_index(Decimal(1)) == Decimal("0.0")
    assert to_index(Decimal(5)) == Decimal("100.0")
    assert to_index(Decimal("2.96")) == Decimal("49.0")
