"""Called from grants.apps ready(): permissions, audit labels and the feature registration
(cooperation.features) of initiatives."""


def ready() -> None:
    pass
