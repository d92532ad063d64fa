"""Submissions at the same moment, in real threads with their own database connections (PostgreSQL only: SQLite
has no row locks): every offer is numbered once, no two share a number, and a double click stores one version.
The full drill with 200 requests over HTTP is bench/drills/deadline_rush.py (`make drills`)."""

import pytest
from django.db import connection
from django_scopes import scopes_disabled

from grants.enums import OfferStatus
from grants.exceptions import TransitionNotAllowed
from grants.models import Offer, OfferVersion
from grants.services import offers as services
from tests.concurrency import run_together

from .test_offers_services import draft, make_setup, other_organization

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgresql,
]


def test_simultaneous_submissions_get_distinct_numbers_and_a_double_click_stores_once():
    assert connection.vendor == "postgresql"
    setup = make_setup()
    people = [other_organization(setup, name=f"Fundacja {n}") for n in range(11)]
    offers = [draft(setup, organization=organization, actor=member) for organization, member in people]
    jobs = [lambda o=offer, m=member: services.submit_offer(offer=Offer.objects.get(pk=o.pk), actor=m)
            for offer, (_organization, member) in zip(offers, people, strict=True)]
    # The first organization clicks twice.
    jobs.append(lambda: services.submit_offer(offer=Offer.objects.get(pk=offers[0].pk), actor=people[0][1]))
    results = run_together(jobs)
    refusals = [r for r in results if isinstance(r, Exception)]
    assert len(refusals) == 1 and isinstance(refusals[0], TransitionNotAllowed), refusals
    with scopes_disabled():
        stored = list(Offer.objects.filter(call=setup.call).values_list("status", "number"))
        versions = OfferVersion.objects.filter(offer__call=setup.call).count()
    assert {status for status, _number in stored} == {OfferStatus.SUBMITTED}
    assert sorted(int(number.rsplit("/", 1)[1]) for _status, number in stored) == list(range(1, 12))
    assert versions == 11
