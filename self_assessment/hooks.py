"""Registrations of self_assessment's existing pages with cooperation.features: the feature cards, deadlines,
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
        key="lijw", title=_("Cooperation quality index (LIJW)"),
        description=_("The joint self-assessment of local government and NGOs: survey, meeting, published note "
                      "and what happened with its recommendations."),
        public_url="self_assessment:archive", panel_url="self_assessment:edition_list",
        standards=("P1.A6.T2.S2", "P1.A6.T2.S3"), plane="P1", order=60,
    ),
)


def ready() -> None:
    figures.register()
    for feature in FEATURES:
        register_feature(feature)
    register_deadlines(providers.lijw_deadlines)
    register_open_tasks(providers.lijw_tasks)
    register_evidence(providers.lijw_evidence)
