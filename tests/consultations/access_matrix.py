"""Access-matrix rows for consultations (picked up by tests/test_access_matrix.py)."""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone
from django_scopes import scopes_disabled

from consultations import services
from consultations.models import Attachment
from tests.consultations.test_documents import DRAFT
from tests.test_access_matrix import LOGIN, PUBLIC, everyone, municipality_staff, row, signed_in

MANAGERS_ONLY = {"anonymous": 404, "resident": 404, "editor": 404, "owner": 404, "officer": 200,
                 "other_officer": 404, "admin": 200}


def _consultation(w, *, publish=True, versions=1, municipality=None):
    municipality = municipality or w.municipality
    officer = w.officer if municipality == w.municipality else w.other_officer
    now = timezone.now()
    with scopes_disabled():
        consultation = services.create_consultation(
            municipality=municipality, actor=officer, title="Program współpracy na 2027 rok", subject="programme",
            addressees="ngos", forms=["online"], opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=13),
            contact_person="Oskar Pełnomocnik", contact_email="ngo@gmina.example.pl", source=DRAFT,
        )
        for _ in range(versions - 1):
            services.add_version(consultation=consultation, actor=officer, kind="draft",
                                 source=DRAFT.replace("Celem głównym", "Głównym celem"))
        if publish:
            services.publish_consultation(consultation=consultation, actor=officer)
    return consultation


def c(**options):
    def build(w):
        consultation = _consultation(w, **options)
        return {"municipality_slug": consultation.municipality.slug, "pk": consultation.pk}

    return build


def slug(w):
    return {"municipality_slug": w.municipality.slug}


def version(number, **options):
    def build(w):
        return {**c(**options)(w), "number": number}

    return build


def attachment(publish=True):
    def build(w):
        consultation = _consultation(w, publish=publish)
        with scopes_disabled():
            item = Attachment(consultation=consultation, title="Uzasadnienie", kind="application/pdf")
            item.file.save("uzasadnienie.pdf", ContentFile(b"%PDF-1.7\n%%EOF\n"), save=False)
            item.save()
        return {"municipality_slug": w.municipality.slug, "pk": consultation.pk, "attachment_id": item.pk}

    return build


def residents_comment(w):
    consultation = _consultation(w)
    with scopes_disabled():
        comment = services.add_comment(consultation=consultation, author=w.resident, justification="Uwaga.")
    return {"municipality_slug": w.municipality.slug, "pk": consultation.pk, "comment_id": comment.pk}


def other_municipalitys(w):
    consultation = _consultation(w, municipality=w.other_municipality)
    return {"municipality_slug": w.municipality.slug, "pk": consultation.pk}


def reported(pdf_ready=False, number=None):
    def build(w):
        now = timezone.now()
        with scopes_disabled():
            consultation = services.create_consultation(
                municipality=w.municipality, actor=w.officer, title="Regulamin świetlic", subject="local_law",
                addressees="both", forms=["online"], opens_at=now - timedelta(days=20),
                closes_at=now - timedelta(minutes=1), contact_person="Beata Sołtysiak",
                contact_email="urzad@gmina.example.pl", source=DRAFT,
            )
            services.publish_consultation(consultation=consultation, actor=w.officer)
            report = services.publish_report(consultation=consultation, actor=w.officer, summary="Nie było uwag.")
            if pdf_ready:
                report.pdf.save("raport.pdf", ContentFile(b"%PDF-1.7\n%%EOF\n"), save=False)
                report.pdf_status = "ready"
                report.save()
        kwargs = {"municipality_slug": w.municipality.slug, "pk": consultation.pk}
        return {**kwargs, "number": number} if number is not None else kwargs

    return build


STAFF = municipality_staff(200)
OTHER = municipality_staff(404, other_officer=403)

ROWS = {
    # Public pages: published consultations only; drafts belong to their municipality's officers.
    "consultations:list": row(PUBLIC, slug),
    "consultations:detail": [
        row(PUBLIC, c()),
        row(MANAGERS_ONLY, c(publish=False), case="draft"),
    ],
    "consultations:version": [
        row(PUBLIC, version(1)),
        row(everyone(404), version(3), case="no such version"),
    ],
    "consultations:version_diff": [
        row(PUBLIC, version(2, versions=2)),
        row(everyone(404), version(1), case="the first version has nothing to compare with"),
    ],
    "consultations:attachment": [
        row(PUBLIC, attachment()),
        row(MANAGERS_ONLY, attachment(publish=False), case="attachment of a draft"),
    ],
    "consultations:ics": row(PUBLIC, c()),
    # Commenting: any signed-in person while the consultation is open.
    "consultations:comment_create": [
        row(signed_in(200), c()),
        row({**everyone(404), "anonymous": LOGIN}, c(publish=False), case="draft"),
    ],
    "consultations:comment_edit": row({**everyone(404), "anonymous": LOGIN, "resident": 200}, residents_comment),
    "consultations:follow": row(signed_in(405), c()),
    # The officer's pages.
    "consultations:admin_list": row(STAFF, slug),
    "consultations:create": row(STAFF, slug),
    "consultations:admin": [
        row(STAFF, c()),
        row(OTHER, other_municipalitys, case="another municipality's consultation"),
    ],
    "consultations:edit": row(STAFF, c(publish=False)),
    "consultations:version_create": row(STAFF, c()),
    "consultations:attachment_create": row(STAFF, c()),
    "consultations:publish": row(municipality_staff(405), c(publish=False)),
    "consultations:comment_answers": row(STAFF, c()),
    "consultations:comment_enter": row(STAFF, c()),
    "consultations:letter_list": row(STAFF, c()),
    # The report: public once published; the PDF once rendered.
    "consultations:report": [
        row(PUBLIC, reported()),
        row(everyone(404), c(), case="no report yet"),
    ],
    "consultations:report_revision": [
        row(PUBLIC, reported(number=1)),
        row(everyone(404), reported(number=2), case="no such revision"),
    ],
    "consultations:report_pdf": [
        row(PUBLIC, reported(pdf_ready=True, number=1)),
        row(everyone(404), reported(number=1), case="PDF still being prepared"),
    ],
    "consultations:report_publish": row(STAFF, c()),
    "consultations:report_retry": row(municipality_staff(405), reported(number=1)),
    # Across municipalities: published consultations only.
    "consultations_portal:search": row(PUBLIC),
    "consultations_portal:feed": row(PUBLIC),
    "consultations_portal:open_data": [
        row(PUBLIC, lambda w: {"file_format": "csv"}),
        row(PUBLIC, lambda w: {"file_format": "json"}, case="json"),
        row(everyone(404), lambda w: {"file_format": "xml"}, case="unknown format"),
    ],
}
