"""Called from consultations.apps ready(): permissions, audit labels and the feature registration
(cooperation.features) of diagnosis."""


def ready() -> None:
    pass
