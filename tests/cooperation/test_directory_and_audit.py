from django.urls import reverse

from tests.factories import MunicipalityFactory, OrganizationMunicipalityFactory


def test_htmx_request_gets_only_the_results_and_the_count(client, db):
    municipality = MunicipalityFactory()
    OrganizationMunicipalityFactory(municipality=municipality, organization__name="Fundacja Żurawie")
    OrganizationMunicipalityFactory(municipality=municipality, organization__name="Klub Sportowy Orzeł")
    client.cookies["django_language"] = "en"
    url = reverse("cooperation:directory", kwargs={"municipality_slug": municipality.slug})
    partial = client.get(url, {"q": "żuraw"}, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in partial and "<h1" not in partial
    assert "Fundacja Żurawie" in partial and "Orzeł" not in partial
    assert 'hx-swap-oob="innerHTML:#result-count"' in partial and "1 organization found" in partial
    full = client.get(url, {"q": "żuraw"}).content.decode()
    assert "<h1" in full and 'id="result-count" role="status"' in full and "Fundacja Żurawie" in full


def test_sqlite_like_folds_polish_letters_and_honours_wildcards_and_escapes():
    from cooperation.sqlite import unicode_like

    assert unicode_like("%żuraw%", "Fundacja ŻURAWIE")
    assert unicode_like("%ŁĄKA%", "stowarzyszenie łąka")
    assert not unicode_like("%lak%", "łąka")  # folding case is not removing diacritics
    assert unicode_like("a_c", "abc") and not unicode_like("a_c", "abbc")
    assert unicode_like("100\\%%", "100% pewności", "\\") and not unicode_like("100\\%%", "1000", "\\")
    assert unicode_like(None, "x") is None


def test_every_audit_action_written_by_the_code_has_a_readable_name():
    import re
    from pathlib import Path

    from cooperation.audit import ACTION_LABELS

    root = Path(__file__).resolve().parents[2]
    written = set()
    for app in ("cooperation", "self_assessment", "consultations", "grants"):
        for path in (root / app).rglob("*.py"):
            written |= set(re.findall(r'action="((?:cooperation|self_assessment|consultations|grants)\.[a-z_]+\.[a-z_]+)"',
                                      path.read_text(encoding="utf-8")))
    assert written, "no audit actions found: the pattern is out of date"
    assert sorted(written - set(ACTION_LABELS)) == []
