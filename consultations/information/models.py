"""Models of information (imported by consultations/models.py, so their app label is `consultations`)."""

from django.db import models  # noqa: F401
