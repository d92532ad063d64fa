import pytest


@pytest.fixture(autouse=True)
def _english_domain_messages(_default_language):
    """Grants tests compare the services' messages in English (the msgids); pages are requested with the
    language cookie or in the portal's default Polish, as each test says."""
    from django.utils import translation

    translation.activate("en")
    yield
