"""Registrations of consultations's existing pages with cooperation.features: the feature cards, deadlines,
open tasks and evidence (the officer dashboard and the standards tracker are built from them)."""

from django.utils.translation import gettext_lazy as _

from cooperation.features import (
    Feature,
    register_deadlines,
    register_evidence,
    register_feature,
    register_open_tasks,
)

from . import figures, providers

FEATURES = (
    Feature(
        key="consultations", title=_("Public consultations"),
        description=_("Drafts of acts and planning documents in their versions, comments with answers, and the "
                      "report."),
        public_url="consultations:list", panel_url="consultations:admin_list",
        standards=("P1.A3.T1.S1", "P1.A3.T2.S1", "P1.A4.T2.S1"), plane="P1", order=30,
    ),
    Feature(
        key="consultation_rules", title=_("Consultation rules"),
        description=_("The municipality's own rules of consultation, set by its council's resolution."),
        panel_url="consultations:rules_edit", standards=("P1.A4.T1.S1",), plane="P1", order=31,
    ),
    Feature(
        key="council", title=_("Public benefit council"),
        description=_("Terms, members, meetings, minutes and opinions; the organizations' request to create it."),
        public_url="consultations:council", panel_url="consultations:council_admin",
        standards=("P1.A5.T2.S1",), plane="P1", order=40,
    ),
)


def ready() -> None:
    figures.register()
    for feature in FEATURES:
        register_feature(feature)
    register_deadlines(providers.consultation_deadlines)
    register_deadlines(providers.council_deadlines)
    register_open_tasks(providers.consultation_tasks)
    register_open_tasks(providers.council_tasks)
    register_evidence(providers.consultation_evidence)
