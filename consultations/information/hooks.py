"""Called from consultations.apps ready(): permissions, audit labels and the feature registration
(cooperation.features) of information."""

from django.utils.translation import gettext_lazy as _


def ready() -> None:
    from cooperation.audit import register_action_labels
    from cooperation.features import (
        Feature,
        register_evidence,
        register_feature,
        register_open_tasks,
        register_year_figures,
    )

    from . import features, rules, tasks  # noqa: F401  (permissions and Celery tasks register on import)

    register_action_labels({
        "consultations.ngo_post.submitted": _("NGO post sent for approval"),
        "consultations.ngo_post.updated": _("NGO post changed"),
        "consultations.ngo_post.resubmitted": _("declined NGO post sent again"),
        "consultations.ngo_post.published": _("NGO post approved and published"),
        "consultations.ngo_post.declined": _("NGO post declined"),
        "consultations.ngo_post.withdrawn": _("NGO post withdrawn"),
        "consultations.newsletter.created": _("newsletter written"),
        "consultations.newsletter.updated": _("newsletter changed"),
        "consultations.newsletter.sent": _("newsletter sent"),
        "consultations.newsletter_letters.posted": _("newsletter letters posted"),
        "consultations.newsletter_emails.retried": _("failed newsletter e-mails sent again"),
        "consultations.newsletter_receipt.confirmed": _("receipt of a newsletter confirmed"),
        "consultations.newsletter_reply.received": _("reply to a newsletter received"),
        "consultations.newsletter.unsubscribed": _("organization unsubscribed from e-mail newsletters"),
        "consultations.newsletter.subscribed": _("organization subscribed to e-mail newsletters again"),
    })
    register_feature(Feature(
        key="information",
        title=_("NGO news and newsletters"),
        description=_("News and events of NGOs published through the municipality, and newsletters to the NGO "
                      "base by e-mail and post with receipt confirmation and replies."),
        public_url="information:post_list",
        panel_url="information:panel",
        standards=("P1.A2.T1.S1", "P1.A2.T2.S1"),
        plane="P1",
        order=20,
    ))
    register_open_tasks(features.open_tasks)
    register_evidence(features.evidence)
    register_year_figures(features.year_figures)
