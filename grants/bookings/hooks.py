"""Called from grants.apps ready(): permissions, audit labels and the feature registration
(cooperation.features) of bookings."""


def ready() -> None:
    pass
