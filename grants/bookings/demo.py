"""Demo data of bookings, called from grants/demo.py. Every write goes through the services."""


def seed(municipalities, officers) -> None:
    pass
