"""What consultations did in a year, for the cooperation programme's implementation report
(cooperation.features.register_year_figures)."""


def register() -> None:
    pass
