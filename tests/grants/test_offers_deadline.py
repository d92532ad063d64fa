"""The deadline of a call, to the millisecond: an offer is in time when its submission commits before
`Call.deadline` (an aware instant; Europe/Warsaw is only how it is shown). Midnight, the last millisecond,
and both changes of the clock in Poland."""

from datetime import datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from grants.enums import OfferStatus
from grants.exceptions import DeadlinePassed
from grants.models import Offer, OfferVersion
from grants.services import offers as services

from .test_offers_services import draft, make_setup

pytestmark = pytest.mark.django_db
WARSAW = ZoneInfo("Europe/Warsaw")
UTC = ZoneInfo("UTC")


def submit_at(moment: datetime, deadline: datetime):
    """Submit a complete draft with the server's clock at `moment`; returns the offer or the refusal."""
    setup = make_setup(deadline=deadline)
    offer = draft(setup)
    with scopes_disabled(), mock.patch("django.utils.timezone.now", return_value=moment):
        try:
            services.submit_offer(offer=offer, actor=setup.owner)
        except DeadlinePassed as refusal:
            with scopes_disabled():
                stored = Offer.objects.get(pk=offer.pk)
                assert (stored.status, stored.number, stored.submitted_at) == (OfferStatus.DRAFT, "", None)
                assert not OfferVersion.objects.filter(offer=offer).exists()
            return refusal
    return offer


def test_the_last_millisecond_before_midnight_warsaw_is_in_time():
    deadline = datetime(2027, 3, 16, 0, 0, tzinfo=WARSAW)
    offer = submit_at(datetime(2027, 3, 15, 23, 59, 59, 999000, tzinfo=WARSAW), deadline)
    assert offer.status == OfferStatus.SUBMITTED
    assert offer.submitted_at == datetime(2027, 3, 15, 22, 59, 59, 999000, tzinfo=UTC)  # CET, UTC+1
    assert timezone.localtime(offer.submitted_at, WARSAW).strftime("%d.%m.%Y %H:%M:%S") == "15.03.2027 23:59:59"


def test_midnight_itself_is_too_late_and_the_refusal_says_until_when():
    deadline = datetime(2027, 3, 16, 0, 0, tzinfo=WARSAW)
    refusal = submit_at(datetime(2027, 3, 16, 0, 0, tzinfo=WARSAW), deadline)
    assert isinstance(refusal, DeadlinePassed)
    assert "16.03.2027 00:00" in str(refusal.message)


def test_a_millisecond_later_is_too_late():
    deadline = datetime(2027, 3, 16, 0, 0, tzinfo=WARSAW)
    assert isinstance(submit_at(deadline + timedelta(milliseconds=1), deadline), DeadlinePassed)


def test_the_deadline_is_an_instant_whatever_the_clock_of_the_server_says():
    """The same instant written in UTC: 23:00 UTC on 15 March is midnight in Warsaw (winter time)."""
    deadline = datetime(2027, 3, 15, 23, 0, tzinfo=UTC)
    assert isinstance(submit_at(datetime(2027, 3, 16, 0, 0, tzinfo=WARSAW), deadline), DeadlinePassed)
    assert submit_at(datetime(2027, 3, 15, 22, 59, 59, 999000, tzinfo=UTC), deadline).status == OfferStatus.SUBMITTED


def test_spring_forward_midnight_after_the_change_is_an_hour_less_in_utc():
    """Clocks go forward on 28 March 2027 at 02:00: midnight of 29 March is 22:00 UTC, not 23:00."""
    deadline = datetime(2027, 3, 29, 0, 0, tzinfo=WARSAW)
    assert deadline.astimezone(UTC) == datetime(2027, 3, 28, 22, 0, tzinfo=UTC)
    in_time = submit_at(datetime(2027, 3, 28, 23, 59, 59, 999000, tzinfo=WARSAW), deadline)
    assert in_time.status == OfferStatus.SUBMITTED
    assert isinstance(submit_at(datetime(2027, 3, 28, 22, 30, tzinfo=UTC), deadline), DeadlinePassed)


def test_fall_back_the_repeated_hour_is_told_apart():
    """Clocks go back on 31 October 2027 at 03:00 to 02:00: 02:30 happens twice. A deadline at the second
    02:30 (winter time, 01:30 UTC) still takes a submission at the first 02:45 (summer time, 00:45 UTC)."""
    deadline = datetime(2027, 10, 31, 2, 30, fold=1, tzinfo=WARSAW)
    assert deadline.astimezone(UTC) == datetime(2027, 10, 31, 1, 30, tzinfo=UTC)
    first_pass = datetime(2027, 10, 31, 2, 45, fold=0, tzinfo=WARSAW)
    assert submit_at(first_pass, deadline).status == OfferStatus.SUBMITTED
    second_pass = datetime(2027, 10, 31, 2, 45, fold=1, tzinfo=WARSAW)
    assert isinstance(submit_at(second_pass, deadline), DeadlinePassed)


def test_fall_back_midnight_after_the_change_is_an_hour_more_in_utc():
    deadline = datetime(2027, 11, 1, 0, 0, tzinfo=WARSAW)
    assert deadline.astimezone(UTC) == datetime(2027, 10, 31, 23, 0, tzinfo=UTC)
    assert submit_at(datetime(2027, 10, 31, 22, 59, 59, 999000, tzinfo=UTC), deadline).status == OfferStatus.SUBMITTED
    assert isinstance(submit_at(datetime(2027, 10, 31, 23, 0, tzinfo=UTC), deadline), DeadlinePassed)


def test_the_deadline_is_read_from_the_locked_call_not_from_a_stale_copy():
    """The officer moves the deadline earlier (e.g. a correction of the announcement) while the page is open."""
    setup = make_setup()
    offer = draft(setup)
    with scopes_disabled():
        type(setup.call).objects.filter(pk=setup.call.pk).update(deadline=timezone.now() - timedelta(seconds=1))
        with pytest.raises(DeadlinePassed):
            services.submit_offer(offer=offer, actor=setup.owner)
