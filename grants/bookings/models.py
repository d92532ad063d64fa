"""Models of bookings (imported by grants/models.py, so their app label is `grants`)."""

from django.db import models  # noqa: F401
