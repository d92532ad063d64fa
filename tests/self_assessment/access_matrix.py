"""Access-matrix rows for the self-assessment (picked up by tests/test_access_matrix.py)."""

from datetime import date, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone
from django_scopes import scopes_disabled

from cooperation.models import Area
from self_assessment import services
from self_assessment.enums import EditionStatus, RenderStatus, RespondentGroup
from self_assessment.models import Edition
from tests.test_access_matrix import PUBLIC, Redirect, everyone, municipality_staff, row


def _edition(w, *, municipality=None, status=EditionStatus.OPEN, published=False, pdf_ready=False):
    municipality = municipality or w.municipality
    officer = w.officer if municipality == w.municipality else w.other_officer
    now = timezone.now()
    with scopes_disabled():
        edition = services.create_edition(
            municipality=municipality, actor=officer, title="Ocena współpracy 2025",
            period_start=date(2025, 1, 1), period_end=date(2025, 12, 31),
            survey_opens_at=now - timedelta(days=1), survey_closes_at=now + timedelta(days=7),
            areas=Area.objects.filter(code__in=["P1.A1", "P2.A1"]), language="pl",
        )
        Edition.objects.filter(pk=edition.pk).update(open_link_enabled=True)
        if status != EditionStatus.DRAFT:
            services.set_edition_status(edition=edition, actor=officer, status=EditionStatus.OPEN)
        if published or status == EditionStatus.CLOSED:
            services.set_edition_status(edition=edition, actor=officer, status=EditionStatus.CLOSED)
        if published:
            for name, sector in (("Anna Urzędniczka", "jst"), ("Piotr Społecznik", "ngo")):
                services.add_participant(edition=edition, actor=officer, name=name, sector=sector)
            revision = services.publish_note(edition=edition, actor=officer)
            if pdf_ready:
                revision.pdf.save("notatka.pdf", ContentFile(b"%PDF-1.7\n%%EOF\n"), save=False)
                revision.pdf_status = RenderStatus.READY
                revision.save()
        edition.refresh_from_db()
    return edition


def ed(**options):
    def build(w):
        edition = _edition(w, **options)
        return {"municipality_slug": edition.municipality.slug, "pk": edition.pk}

    return build


def slug(w):
    return {"municipality_slug": w.municipality.slug}


def other_municipalitys_edition(w):
    edition = _edition(w, municipality=w.other_municipality)
    return {"municipality_slug": w.municipality.slug, "pk": edition.pk}


def with_child(attribute: str, kwarg: str):
    def build(w):
        edition = _edition(w)
        with scopes_disabled():
            child = getattr(edition, attribute).first()
        return {"municipality_slug": edition.municipality.slug, "pk": edition.pk, kwarg: child.pk}

    return build


def with_recommendation(w):
    edition = _edition(w)
    with scopes_disabled():
        recommendation = services.save_recommendation(edition=edition, actor=w.officer, text="Spotkanie sektora",
                                                      owner="Pełnomocnik")
    return {"municipality_slug": edition.municipality.slug, "pk": edition.pk, "recommendation_id": recommendation.pk}


def with_participant(w):
    edition = _edition(w)
    with scopes_disabled():
        participant = services.add_participant(edition=edition, actor=w.officer, name="Jan Nowak", sector="jst")
    return {"municipality_slug": edition.municipality.slug, "pk": edition.pk, "participant_id": participant.pk}


def preread(valid: bool):
    def build(w):
        edition = _edition(w)
        with scopes_disabled():
            services.add_participant(edition=edition, actor=w.officer, name="Jan Nowak", sector="jst",
                                     email="jan@example.pl")
            raw = "to-nie-jest-token"
            if valid:
                participant = edition.participants.get()
                participant.preread_token_hash = services.hash_key("prawdziwy-token")
                participant.save()
                raw = "prawdziwy-token"
        return {"municipality_slug": edition.municipality.slug, "pk": edition.pk, "token": raw}

    return build


def personal_token(valid: bool):
    def build(w):
        edition = _edition(w)
        with scopes_disabled():
            [(_token, raw)] = services.create_tokens(edition=edition, actor=w.officer, group=RespondentGroup.NGO,
                                                     recipients=[("ngo@example.pl", None)])
        return {"municipality_slug": edition.municipality.slug, "token": raw if valid else "zly-token"}

    return build


def survey(enabled: bool):
    def build(w):
        edition = _edition(w)
        if not enabled:
            with scopes_disabled():
                Edition.objects.filter(pk=edition.pk).update(open_link_enabled=False)
        return {"municipality_slug": edition.municipality.slug, "key": edition.open_link_key}

    return build


def revision(number: int, **options):
    def build(w):
        return {**ed(published=True, **options)(w), "number": number}

    return build


STAFF = municipality_staff(200)
STAFF_POST_ONLY = municipality_staff(405)
OTHER_EDITION = municipality_staff(404, other_officer=403)

ROWS = {
    # Public: published notes only.
    "self_assessment:archive": row(PUBLIC, slug),
    "self_assessment:note": [
        row(PUBLIC, ed(published=True)),
        row(everyone(404), ed(status=EditionStatus.CLOSED), case="edition not published"),
    ],
    "self_assessment:note_revision": [
        row(PUBLIC, revision(1)),
        row(everyone(404), revision(2), case="no such revision"),
    ],
    "self_assessment:note_pdf": [
        row(PUBLIC, revision(1, pdf_ready=True)),
        row(everyone(404), revision(1), case="PDF still being prepared"),
    ],
    "self_assessment:preread": [
        row(PUBLIC, preread(valid=True)),
        row(everyone(404), preread(valid=False), case="wrong token"),
    ],
    # Respondents need no account: the link is the key.
    "self_assessment:survey_personal": [
        row(everyone(Redirect("/jst/koszalin/lijw/ankieta/")), personal_token(valid=True)),
        row(everyone(404), personal_token(valid=False), case="unknown token"),
    ],
    "self_assessment:survey": [
        row(PUBLIC, survey(enabled=True), case="open link on: the respondent chooses a group"),
        row(everyone(404), survey(enabled=False), case="open link off and no personal access"),
    ],
    # The officer's side.
    "self_assessment:edition_list": row(STAFF, slug),
    "self_assessment:edition_create": row(STAFF, slug),
    "self_assessment:edition_detail": [
        row(STAFF, ed()),
        row(OTHER_EDITION, other_municipalitys_edition, case="another municipality's edition"),
    ],
    "self_assessment:edition_edit": row(STAFF, ed()),
    "self_assessment:edition_status": [
        row(STAFF_POST_ONLY, ed()),
        row(municipality_staff(Redirect("/jst/koszalin/lijw/panel/")), ed(), method="post",
            data={"status": "closed"}, case="POST: close the survey"),
    ],
    "self_assessment:team": row(STAFF, ed()),
    "self_assessment:participant_remove": row(STAFF_POST_ONLY, with_participant),
    "self_assessment:questionnaire": row(STAFF, ed()),
    "self_assessment:question_edit": row(STAFF, with_child("questions", "question_id")),
    "self_assessment:question_action": row(STAFF_POST_ONLY, with_child("questions", "question_id")),
    "self_assessment:distribution": row(STAFF, ed()),
    "self_assessment:paper_entry": row(STAFF, ed()),
    "self_assessment:results": [
        row(STAFF, ed()),
        row(OTHER_EDITION, other_municipalitys_edition, case="another municipality's edition"),
    ],
    "self_assessment:results_export": [
        row(STAFF, lambda w: {**ed()(w), "file_format": "xlsx"}),
        row(STAFF, lambda w: {**ed()(w), "file_format": "csv"}, case="csv"),
        row(municipality_staff(404), lambda w: {**ed()(w), "file_format": "pdf"}, case="unknown format"),
    ],
    "self_assessment:agenda": row(STAFF, ed()),
    "self_assessment:agenda_item_edit": row(STAFF, with_child("agenda", "item_id")),
    "self_assessment:projector": row(STAFF, ed()),
    "self_assessment:checklist": row(STAFF, ed()),
    "self_assessment:summary": row(STAFF, ed()),
    "self_assessment:recommendations": row(STAFF, ed()),
    "self_assessment:recommendation_status": row(STAFF_POST_ONLY, with_recommendation),
    "self_assessment:note_edit": row(STAFF, ed()),
    "self_assessment:note_publish": row(STAFF_POST_ONLY, ed(status=EditionStatus.CLOSED)),
    "self_assessment:note_retry": row(STAFF_POST_ONLY, revision(1)),
    # Regional comparison and open data: public, aggregated, published only.
    "lijw:regional": row(PUBLIC),
    "lijw:open_data": [
        row(PUBLIC, lambda w: {"file_format": "csv"}),
        row(PUBLIC, lambda w: {"file_format": "json"}, case="json"),
        row(everyone(404), lambda w: {"file_format": "xml"}, case="unknown format"),
    ],
}
