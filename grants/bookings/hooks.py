"""Called from grants.apps ready(): permissions, audit labels and the feature registration
(cooperation.features) of bookings."""


def ready() -> None:
    from cooperation import features
    from cooperation.audit import register_action_labels

    from . import providers, rules  # noqa: F401  (rules registers the permissions)
    from .services import AUDIT_LABELS

    register_action_labels(AUDIT_LABELS)
    features.register_feature(providers.FEATURE)
    features.register_open_tasks(providers.open_tasks)
    features.register_deadlines(providers.deadlines)
    features.register_evidence(providers.evidence)
    features.register_year_figures(providers.year_figures)
