"""Called from consultations.apps ready(): permissions, audit labels and the feature registration
(cooperation.features) of information."""


def ready() -> None:
    pass
