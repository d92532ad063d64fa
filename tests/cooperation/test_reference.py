import pytest

from cooperation.models import Area, Plane, Principle, Sphere, Standard, Tool


@pytest.mark.django_db
def test_reference_data_matches_the_model():
    assert list(Plane.objects.values_list("code", flat=True)) == ["P1", "P2", "P3"]
    assert [Area.objects.filter(plane__code=p).count() for p in ("P1", "P2", "P3")] == [6, 3, 3]
    assert [Tool.objects.filter(area__plane__code=p).count() for p in ("P1", "P2", "P3")] == [11, 7, 8]
    assert Standard.objects.count() == 39
    assert Principle.objects.count() == 7
    assert Standard.objects.get(code="P1.A5.T2.S1").text_pl.startswith("Powołanie Rady Działalności Pożytku")


@pytest.mark.django_db
def test_spheres_use_string_codes():
    codes = list(Sphere.objects.values_list("code", flat=True))
    assert codes[:2] == ["1", "1a"]
    assert {"5a", "22a", "22b", "32a", "33"} <= set(codes)
    assert len(codes) == 38
