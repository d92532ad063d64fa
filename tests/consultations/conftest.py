import pytest

from tests.factories import OfficerFactory


@pytest.fixture
def officer():
    return OfficerFactory()
