"""Called from grants.apps ready(): permissions, audit labels and the feature registration
(cooperation.features) of partnerships."""


def ready() -> None:
    pass
