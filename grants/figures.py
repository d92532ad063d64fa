"""What grants did in a year, for the cooperation programme's implementation report
(cooperation.features.register_year_figures)."""

from collections import defaultdict
from datetime import datetime
from decimal import Decimal

from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

ZERO = Decimal("0.00")


def year_bounds(year: int) -> tuple[datetime, datetime]:
    """The calendar year in Europe/Warsaw as aware datetimes [start, end)."""
    return (timezone.make_aware(datetime(year, 1, 1)), timezone.make_aware(datetime(year + 1, 1, 1)))


def grant_figures(municipality, year: int):
    """Calls announced, offers submitted, grants awarded in open calls (with the amounts per sphere of the
    call), small grants awarded, contracts signed and reports accepted in `year`. Seven queries."""
    from cooperation.features import YearFigure
    from cooperation.models import Sphere

    from .enums import CallStatus, OfferKind, OfferStatus, ReportStatus
    from .models import Call, Contract, Offer, TaskReport

    start, end = year_bounds(year)
    calls = (Call.objects.filter(municipality=municipality, published_at__gte=start, published_at__lt=end)
             .exclude(status=CallStatus.DRAFT).count())
    submitted = (Offer.objects.filter(municipality=municipality, kind=OfferKind.OPEN_CALL, submitted_at__gte=start,
                                      submitted_at__lt=end).exclude(status=OfferStatus.DRAFT).count())
    awarded = list(Offer.objects.filter(municipality=municipality, kind=OfferKind.OPEN_CALL,
                                        status=OfferStatus.AWARDED, decided_at__gte=start, decided_at__lt=end)
                   .values_list("call_id", "awarded_amount"))
    spheres_of_call: dict[int, list[str]] = defaultdict(list)
    through = Call.spheres.through
    for call_id, sphere_id in (through.objects.filter(call_id__in={c for c, _a in awarded})
                               .order_by("sphere__order").values_list("call_id", "sphere_id")):
        spheres_of_call[call_id].append(sphere_id)
    names = {s.pk: str(s) for s in Sphere.objects.filter(pk__in={s for ids in spheres_of_call.values() for s in ids})}
    per_sphere: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for call_id, amount in awarded:
        # A call in several spheres: its grants are shown under all of its spheres together.
        label = "; ".join(names[s] for s in spheres_of_call.get(call_id, [])) or _("no sphere given")
        per_sphere[label] += amount or ZERO
    small = (Offer.objects.filter(municipality=municipality, kind=OfferKind.SMALL_GRANT, status=OfferStatus.AWARDED,
                                  decided_at__gte=start, decided_at__lt=end)
             .aggregate(n=Count("id"), total=Sum("awarded_amount")))
    contracts = (Contract.objects.filter(municipality=municipality, signed_on__year=year)
                 .aggregate(n=Count("id"), total=Sum("grant_amount")))
    reports = TaskReport.objects.filter(contract__municipality=municipality, status=ReportStatus.ACCEPTED,
                                        decided_at__gte=start, decided_at__lt=end).count()
    return [
        YearFigure("calls", _("Open calls announced"), calls, order=10),
        YearFigure("calls", _("Offers submitted in open calls"), submitted, order=11),
        YearFigure("calls", _("Grants awarded in open calls"), len(awarded), order=12),
        YearFigure("calls", _("Amount of grants awarded in open calls"),
                   sum((amount or ZERO for _c, amount in awarded), start=ZERO), money=True,
                   rows=tuple(sorted(per_sphere.items())), order=13),
        YearFigure("small_grants", _("Small grants awarded (art. 19a)"), small["n"], order=14),
        YearFigure("small_grants", _("Amount of small grants awarded"), small["total"] or ZERO, money=True, order=15),
        YearFigure("contracts", _("Contracts signed"), contracts["n"], order=16),
        YearFigure("contracts", _("Amount of grants in the contracts signed"), contracts["total"] or ZERO, money=True,
                   order=17),
        YearFigure("contracts", _("Reports on public tasks accepted"), reports, order=18),
    ]


def register() -> None:
    from cooperation.features import register_year_figures

    register_year_figures(grant_figures)
