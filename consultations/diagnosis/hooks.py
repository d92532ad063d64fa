"""Called from consultations.apps ready(): permissions, audit labels and the feature registration
(cooperation.features) of diagnosis."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

STANDARD = "P1.A1.T1.S1"  # an agreed set of indicators covering the eight groups


def open_tasks(municipality):
    from cooperation.features import OpenTask

    from . import selectors

    count = selectors.missing_last_year_count(municipality)
    if not count:
        return []
    year = selectors.last_year()
    return [OpenTask(
        title=ngettext("%(count)d published indicator has no value for %(year)d",
                       "%(count)d published indicators have no value for %(year)d", count)
        % {"count": count, "year": year},
        url=reverse("diagnosis:admin", kwargs={"municipality_slug": municipality.slug}),
        count=count, feature="diagnosis",
    )]


def evidence(municipality) -> dict:
    """The standard is shown in practice once published indicators cover all eight groups with values for
    the last complete year."""
    from cooperation.features import Evidence

    from . import selectors
    from .enums import IndicatorGroup

    year = selectors.last_year()
    groups, count, recorded = selectors.groups_covered(municipality, year)
    if groups != set(IndicatorGroup.values):
        return {}
    return {STANDARD: [Evidence(
        title=ngettext("Local diagnosis: %(count)d published indicator in all eight groups with values for %(year)d",
                       "Local diagnosis: %(count)d published indicators in all eight groups with values for %(year)d",
                       count) % {"count": count, "year": year},
        url=reverse("diagnosis:dashboard", kwargs={"municipality_slug": municipality.slug}),
        day=timezone.localdate(recorded) if recorded else None,
    )]}


def year_figures(municipality, year: int):
    from cooperation.features import YearFigure

    from . import selectors

    count = selectors.indicators_updated_in(municipality, year)
    if not count:
        return []
    return [YearFigure(feature="diagnosis", label=_("Indicators of the local diagnosis updated"), value=count,
                       order=15)]


def ready() -> None:
    from cooperation.audit import register_action_labels
    from cooperation.features import (
        Feature,
        register_evidence,
        register_feature,
        register_open_tasks,
        register_year_figures,
    )

    from . import rules  # noqa: F401 - registers the permissions

    register_action_labels({
        "consultations.indicator.created": _("indicator of the local diagnosis added"),
        "consultations.indicator.updated": _("indicator of the local diagnosis changed"),
        "consultations.indicator.published": _("indicator of the local diagnosis published"),
        "consultations.indicator.unpublished": _("indicator of the local diagnosis unpublished"),
        "consultations.indicator_starter_set.added": _("suggested indicators of the local diagnosis added"),
        "consultations.indicator_value.recorded": _("value of an indicator recorded"),
        "consultations.indicator_value.corrected": _("value of an indicator corrected"),
        "consultations.indicator_value.removed": _("value of an indicator removed"),
        "consultations.indicator_values.imported": _("values of indicators imported from a file"),
    })
    register_feature(Feature(
        key="diagnosis", title=_("Local diagnosis"),
        description=_("An agreed set of indicators of the community's living conditions, economy, education, "
                      "civic activity, health, environment and inequalities, with yearly values and sources."),
        public_url="diagnosis:dashboard", panel_url="diagnosis:admin", standards=(STANDARD,), plane="P1",
        order=10,
    ))
    # No statutory deadline: the Model asks for a current diagnosis, not for a date (see open_tasks).
    register_open_tasks(open_tasks)
    register_evidence(evidence)
    register_year_figures(year_figures)
