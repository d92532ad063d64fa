"""Registrations of cooperation's existing pages with cooperation.features: the feature cards, deadlines,
open tasks and evidence (the officer dashboard and the standards tracker are built from them)."""

from django.utils.translation import gettext_lazy as _

from . import figures, providers
from .features import Feature, register_deadlines, register_evidence, register_feature, register_open_tasks

FEATURES = (
    Feature(
        key="directory", title=_("NGO directory"),
        description=_("Organizations active in the municipality, confirmed by its officer; the address base for "
                      "mailings."),
        public_url="cooperation:directory", panel_url="cooperation:link_list",
        standards=("P1.A2.T1.S1",), plane="P1", order=10,
    ),
    Feature(
        key="accessibility", title=_("Accessibility declaration"),
        description=_("The declaration of the portal's accessibility for the municipality's pages."),
        public_url="cooperation:accessibility_declaration", panel_url="cooperation:declaration_edit",
        standards=("P1.A2.T2.S2",), plane="P1", order=15,
    ),
    Feature(
        key="events", title=_("Meetings and trainings"),
        description=_("Sector meetings, trainings for NGOs, information meetings on accounting for a task, "
                      "equal-opportunities trainings and joint local events, with registration."),
        public_url="cooperation:event_list", panel_url="cooperation:event_admin_list",
        standards=("P2.A2.T2.S1", "P2.A2.T2.S2", "P3.A2.T1.S1", "P3.A2.T2.S1", "P3.A2.T3.S1"),
        plane="P3", order=50,
    ),
    Feature(
        key="tracker", title=_("Standards tracker"),
        description=_("Each minimal standard of the Model, where the municipality stands with it, and the evidence."),
        public_url="cooperation:tracker", panel_url="cooperation:tracker",
        plane="", order=900,
    ),
    # Standards a municipality meets with a document of its own (a procedure, an order, a clause) rather than
    # with a workflow: the officer records the adoption and attaches the document on the tracker, where it is
    # public. Procurement below the EU thresholds is outside the portal.
    Feature(
        key="procedures", title=_("Procedures adopted by the municipality"),
        description=_("Standards met by a document: the officer records its adoption and attaches it on the "
                      "standards tracker, where everyone can read it."),
        public_url="cooperation:tracker", panel_url="cooperation:tracker",
        standards=("P2.A1.T3.S1", "P2.A1.T3.S2", "P2.A2.T2.S3", "P3.A1.T1.S2", "P3.A1.T2.S2"),
        plane="", order=910,
    ),
)


def ready() -> None:
    figures.register()
    for feature in FEATURES:
        register_feature(feature)
    register_deadlines(providers.event_deadlines)
    register_open_tasks(providers.cooperation_tasks)
    register_evidence(providers.events_evidence)
    register_evidence(providers.cooperation_evidence)
