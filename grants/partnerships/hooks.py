"""Called from grants.apps ready(): permissions, audit labels and the feature registration
(cooperation.features) of partnerships."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cooperation.features import (
    Evidence,
    Feature,
    OpenTask,
    YearFigure,
    register_evidence,
    register_feature,
    register_open_tasks,
    register_year_figures,
)

KEY = "partnerships"
STANDARDS = ("P2.A3.T1.S1", "P2.A3.T1.S2", "P3.A3.T1.S1", "P3.A3.T2.S1", "P3.A3.T2.S2", "P3.A3.T3.S1",
             "P3.A3.T3.S2")


def _detail(municipality, partnership) -> str:
    return reverse("partnerships:partnership_detail",
                   kwargs={"municipality_slug": municipality.slug, "pk": partnership.pk})


def evidence(municipality) -> dict:
    """Published partnerships: the parties and goals (P2.A3.T1.S2), an agreement with assessment rules
    (P3.A3.T3.S1), published results (P3.A3.T3.S2), representatives appointed by the executive's order
    (P3.A3.T2.S1) and selected by the NGOs (P3.A3.T2.S2). One query."""
    from .selectors import evidence_rows

    found: dict[str, list[Evidence]] = {}

    def add(code, title, partnership, day=None):
        found.setdefault(code, []).append(Evidence(title=title, url=_detail(municipality, partnership), day=day))

    for row in evidence_rows(municipality):
        published = timezone.localdate(row.published_at) if row.published_at else row.starts_on
        if row.has_partners and row.goals.strip():
            add("P2.A3.T1.S2", _("Partnership published with its parties and goals: %(name)s") % {"name": row.name},
                row, published)
        if row.agreement_signed_on and row.assessment_rules.strip():
            add("P3.A3.T3.S1", _("Partnership agreement with rules for assessing engagement: %(name)s")
                % {"name": row.name}, row, row.agreement_signed_on)
        if row.results.strip():
            add("P3.A3.T3.S2", _("Results of the partnership published: %(name)s") % {"name": row.name}, row,
                timezone.localdate(row.results_updated_at) if row.results_updated_at else None)
        if row.has_municipal_reps:
            add("P3.A3.T2.S1", _("Municipality's representatives appointed by the executive's order: %(name)s")
                % {"name": row.name}, row)
        if row.has_ngo_reps:
            add("P3.A3.T2.S2", _("NGO representatives selected by the NGOs: %(name)s") % {"name": row.name}, row)
    return found


def open_tasks(municipality) -> list[OpenTask]:
    from .selectors import partnerships_due_assessment

    count = partnerships_due_assessment(municipality).count()
    if not count:
        return []
    year = timezone.localdate().year - 1
    return [OpenTask(title=_("Assess the partners' engagement in %(year)d") % {"year": year},
                     url=reverse("partnerships:partnership_admin_list", kwargs={"municipality_slug": municipality.slug}),
                     count=count, feature=KEY)]


def year_figures(municipality, year: int) -> list[YearFigure]:
    from .selectors import year_counts

    counts = year_counts(municipality, year)
    return [
        YearFigure(feature=KEY, label=_("Partnerships active"), value=counts["partnerships"], order=60),
        YearFigure(feature=KEY, label=_("Partners in the active partnerships"), value=counts["partners"], order=61),
        YearFigure(feature=KEY, label=_("Actions of partnerships done"), value=counts["actions_done"], order=62),
    ]


def ready() -> None:
    from cooperation.audit import register_action_labels

    from . import rules  # noqa: F401  (registers the permissions)
    from .services import AUDIT_LABELS

    register_action_labels(AUDIT_LABELS)
    register_feature(Feature(
        key=KEY, title=gettext_lazy("Partnerships"),
        description=gettext_lazy("Project partnerships and local partnerships: their goals, parties and "
                                 "representatives, actions, agreement, results and the partners' engagement."),
        public_url="partnerships:partnership_list", panel_url="partnerships:partnership_admin_list",
        standards=STANDARDS, plane="P3", order=60,
    ))
    register_evidence(evidence)
    register_open_tasks(open_tasks)
    register_year_figures(year_figures)
