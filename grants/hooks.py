"""Registrations of grants's existing pages with cooperation.features: the feature cards, deadlines,
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
        key="calls", title=_("Open calls for offers"),
        description=_("Announcement with its criteria, offers, formal check, the committee's evaluation and "
                      "published results."),
        public_url="grants:call_list", panel_url="grants:call_admin_list",
        standards=("P2.A1.T1.S1", "P2.A1.T1.S2", "P2.A1.T2.S1"), plane="P2", order=10,
    ),
    Feature(
        key="small_grants", title=_("Small grants"),
        description=_("Offers outside an open call (art. 19a): publication for comments and the decision."),
        public_url="grants:small_grant_list", panel_url="grants:small_grant_admin_list", plane="P2", order=20,
    ),
    Feature(
        key="contracts", title=_("Contracts and reports"),
        description=_("Contracts with their tranches, partial and final reports, settlement; the public register."),
        public_url="grants:contract_public_list", panel_url="grants:contract_admin_list",
        standards=("P2.A1.T1.S2",), plane="P2", order=30,
    ),
    Feature(
        key="grant_rules", title=_("Grant settings"),
        description=_("The municipality's deadlines and limits for calls, small grants and reports."),
        panel_url="grants:grant_rules_edit", plane="P2", order=90,
    ),
)


def ready() -> None:
    figures.register()
    for feature in FEATURES:
        register_feature(feature)
    register_deadlines(providers.call_deadlines)
    register_deadlines(providers.small_grant_deadlines)
    register_deadlines(providers.contract_deadlines)
    register_open_tasks(providers.grants_tasks)
    register_evidence(providers.grants_evidence)
