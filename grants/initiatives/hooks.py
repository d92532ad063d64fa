"""Called from grants.apps ready(): permissions, audit labels and the feature registration
(cooperation.features) of initiatives."""

from decimal import Decimal
from functools import wraps

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_scopes import scopes_disabled

STANDARD = "P2.A3.T2.S1"
KEY = "initiatives"


def _unscoped(provider):
    """Providers filter by the municipality they are given; they may run outside its scope (a report)."""

    @wraps(provider)
    def wrapper(*args, **kwargs):
        with scopes_disabled():
            return list(provider(*args, **kwargs)) if provider.__name__ != "evidence" else provider(*args, **kwargs)

    return wrapper


def _url(name: str, municipality, **kwargs) -> str:
    return reverse(f"initiatives:{name}", kwargs={"municipality_slug": municipality.slug, **kwargs})


@_unscoped
def deadlines(municipality, today):
    """Agreements still running: the day each ends (the settlement follows)."""
    from cooperation.features import Deadline

    from .enums import InitiativeStatus
    from .models import InitiativeAgreement

    rows = (InitiativeAgreement.objects.filter(municipality=municipality, end__gte=today,
                                               application__status=InitiativeStatus.AGREEMENT_SIGNED)
            .values_list("end", "number", "application_id", "application__title"))
    return [Deadline(due=end, title=_("Local initiative agreement %(number)s ends: %(title)s")
                     % {"number": number, "title": title},
                     url=_url("officer_application", municipality, pk=pk), feature=KEY)
            for end, number, pk, title in rows]


@_unscoped
def open_tasks(municipality):
    from cooperation.features import OpenTask

    from .enums import InitiativeStatus
    from .models import InitiativeApplication

    counts = InitiativeApplication.objects.filter(municipality=municipality).aggregate(
        submitted=Count("pk", filter=Q(status=InitiativeStatus.SUBMITTED)),
        assessed=Count("pk", filter=Q(status=InitiativeStatus.ASSESSED)),
        accepted=Count("pk", filter=Q(status=InitiativeStatus.ACCEPTED)))
    inbox = _url("officer_inbox", municipality)
    return [
        OpenTask(title=_("Local initiative applications awaiting the formal check and scoring"), url=inbox,
                 count=counts["submitted"], feature=KEY),
        OpenTask(title=_("Assessed local initiatives awaiting the decision"), url=inbox, count=counts["assessed"],
                 feature=KEY),
        OpenTask(title=_("Accepted local initiatives awaiting the agreement"), url=inbox, count=counts["accepted"],
                 feature=KEY),
    ]


@_unscoped
def evidence(municipality):
    from cooperation.features import Evidence

    from .models import InitiativeAgreement, InitiativeRules

    items = []
    rules = InitiativeRules.objects.filter(municipality=municipality).first()
    if rules is not None:
        items.append(Evidence(title=_("Local initiative rules adopted by resolution %(number)s")
                              % {"number": rules.resolution_number},
                              url=_url("initiative_home", municipality), day=rules.resolution_date))
    for number, signed_on, pk, title in (InitiativeAgreement.objects
                                         .filter(municipality=municipality, signed_on__isnull=False)
                                         .order_by("-signed_on")
                                         .values_list("number", "signed_on", "application_id",
                                                      "application__title")[:20]):
        items.append(Evidence(title=_("Local initiative agreement %(number)s signed: %(title)s")
                              % {"number": number, "title": title},
                              url=_url("initiative_detail", municipality, pk=pk), day=signed_on))
    return {STANDARD: items} if items else {}


@_unscoped
def year_figures(municipality, year: int):
    from cooperation.features import YearFigure

    from .models import InitiativeAgreement, InitiativeApplication

    zero = Decimal("0.00")
    submitted = InitiativeApplication.objects.filter(municipality=municipality, submitted_at__year=year).count()
    sums = InitiativeAgreement.objects.filter(municipality=municipality, signed_on__year=year).aggregate(
        count=Count("pk"), hours=Sum("social_work_hours"), work=Sum("social_work_value"),
        money=Sum("money_contribution"), in_kind=Sum("in_kind_total"), municipal=Sum("municipal_total"))
    return [
        YearFigure(feature=KEY, label=_("Local initiative applications submitted"), value=submitted, order=60),
        YearFigure(feature=KEY, label=_("Local initiative agreements signed"), value=sums["count"], order=61),
        YearFigure(feature=KEY, label=_("Residents' social work in local initiatives (hours)"),
                   value=sums["hours"] or Decimal("0.0"), order=62),
        YearFigure(feature=KEY, label=_("Value of the residents' social work"), value=sums["work"] or zero,
                   money=True, order=63),
        YearFigure(feature=KEY, label=_("Residents' money contribution to local initiatives"),
                   value=sums["money"] or zero, money=True, order=64),
        YearFigure(feature=KEY, label=_("Residents' contribution in kind to local initiatives"),
                   value=sums["in_kind"] or zero, money=True, order=65),
        YearFigure(feature=KEY, label=_("The municipality's contribution to local initiatives"),
                   value=sums["municipal"] or zero, money=True, order=66),
    ]


def ready() -> None:
    from cooperation import features
    from cooperation.audit import register_action_labels

    from . import rules, tasks  # noqa: F401  (registers the permissions and the Celery task)
    from .services import AUDIT_LABELS

    register_action_labels(AUDIT_LABELS)
    features.register_feature(features.Feature(
        key=KEY, title=_("Local initiative"),
        description=_("Residents, directly or through an organization, carry out a public task together with the "
                      "municipality: they give social work, money or in kind; the municipality buys or lends."),
        public_url="initiatives:initiative_home", panel_url="initiatives:officer_inbox", standards=(STANDARD,),
        plane="P2", order=60))
    features.register_deadlines(deadlines)
    features.register_open_tasks(open_tasks)
    features.register_evidence(evidence)
    features.register_year_figures(year_figures)
