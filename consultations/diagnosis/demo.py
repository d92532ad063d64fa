"""Demo data of diagnosis, called from consultations/demo.py. Every write goes through the services."""


def seed(municipalities, officers) -> None:
    pass
