"""Access-matrix rows for consultations (picked up by tests/test_access_matrix.py)."""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone
from django_scopes import scopes_disabled

from consultations import services
from consultations.models import Attachment
from tests.consultations import access_diagnosis, access_information, access_programmes
from tests.consultations.test_documents import DRAFT
from tests.test_access_matrix import LOGIN, PUBLIC, Redirect, everyone, municipality_staff, row, signed_in

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
    "consultations:rules_edit": row(STAFF, slug),
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


# --- The public benefit council (consultations/views/council.py) ---------------------------------------------

def _council_term(w, *, municipality=None, publish=True):
    """A term running today with 2 NGO representatives, 1 councillor and 1 of the executive."""
    from consultations import council

    municipality = municipality or w.municipality
    officer = w.officer if municipality == w.municipality else w.other_officer
    with scopes_disabled():
        term = council.start_term(municipality=municipality, actor=officer,
                                  starts_on=timezone.localdate() - timedelta(days=60))
        for name, side in (("Halina NGO", "ngos"), ("Tomasz NGO", "ngos"), ("Jan Radny", "municipal_council"),
                           ("Marek Urzędnik", "executive")):
            council.add_member(term=term, actor=officer, full_name=name, side=side)
        if publish:
            council.publish_term(term=term, actor=officer)
    return term


def council_term(publish=True, municipality_attr="municipality"):
    def build(w):
        term = _council_term(w, municipality=getattr(w, municipality_attr), publish=publish)
        return {**slug(w), "pk": term.pk}

    return build


def council_member(w):
    term = _council_term(w)
    with scopes_disabled():
        return {**slug(w), "pk": term.members.first().pk}


def council_meeting(*, minutes=False, published=False, pdf=False, municipality_attr="municipality"):
    def build(w):
        from consultations import council

        municipality = getattr(w, municipality_attr)
        officer = w.officer if municipality == w.municipality else w.other_officer
        term = _council_term(w, municipality=municipality)
        with scopes_disabled():
            meeting = council.schedule_meeting(term=term, actor=officer, starts_at=timezone.now() - timedelta(days=1),
                                               place="Ratusz", agenda="1. Otwarcie.")
            if minutes or pdf:
                upload = ContentFile(b"%PDF-1.7\n%%EOF\n", name="protokol.pdf") if pdf else None
                council.save_minutes(meeting=meeting, actor=officer, text="Protokół." if minutes else "",
                                     upload=upload)
            if published:
                council.publish_minutes(meeting=meeting, actor=officer)
        return {**slug(w), "pk": meeting.pk}

    return build


def council_opinion(*, draft_consultation=False, consultation=False, pdf=False):
    def build(w):
        from consultations import council

        _council_term(w)
        subject = None
        if draft_consultation or consultation:
            subject = _consultation(w, publish=not draft_consultation)
        with scopes_disabled():
            opinion = council.request_opinion(municipality=w.municipality, actor=w.officer, consultation=subject,
                                              subject="" if subject else "Projekt strategii rozwoju")
            if pdf:
                council.record_opinion(opinion_request=opinion, actor=w.officer,
                                       upload=ContentFile(b"%PDF-1.7\n%%EOF\n", name="opinia.pdf"))
        return {**slug(w), "pk": opinion.pk}

    return build


def consultation_for_opinion(w):
    _council_term(w)
    consultation = _consultation(w)
    return {**slug(w), "pk": consultation.pk}


class WorldValue:
    """A POST value looked up when the request is made: the world's ids are known only then."""

    def __init__(self, lookup):
        self.lookup = lookup

    def __str__(self) -> str:
        return str(self.lookup())


def _confirmed_organization_pk():
    from cooperation.models import Organization
    from tests.browser.world import CONFIRMED_NAME

    return Organization.objects.get(name=CONFIRMED_NAME).pk


TERM_ADMIN = Redirect("/jst/koszalin/konsultacje/rada/panel/kadencja/")
MEETING_ADMIN = Redirect("/jst/koszalin/konsultacje/rada/panel/posiedzenia/")
REQUEST_PAGE = Redirect("/jst/koszalin/konsultacje/rada/wniosek/")
CONSULTATION_ADMIN = Redirect("/jst/koszalin/konsultacje/panel/")
NOT_FOUND_HERE = municipality_staff(404, other_officer=403)

ROWS.update({
    # Public: the council, its meetings (agenda public, minutes once published) and its opinions.
    "consultations:council": [
        row(PUBLIC, slug, case="no council yet"),
        row(PUBLIC, lambda w: {k: v for k, v in council_term()(w).items() if k != "pk"}, case="a published term"),
    ],
    "consultations:council_meeting": [
        row(PUBLIC, council_meeting(minutes=True), case="minutes not published (the page hides them)"),
        row(everyone(404), council_meeting(municipality_attr="other_municipality"),
            case="another municipality's meeting under this municipality's address"),
    ],
    "consultations:council_minutes_file": [
        row(PUBLIC, council_meeting(pdf=True, published=True)),
        row(MANAGERS_ONLY, council_meeting(pdf=True), case="minutes not published yet"),
        row(everyone(404), council_meeting(minutes=True, published=True), case="minutes without a PDF"),
    ],
    "consultations:council_opinion": [
        row(PUBLIC, council_opinion()),
        row(PUBLIC, council_opinion(consultation=True), case="on a published consultation"),
        row(MANAGERS_ONLY, council_opinion(draft_consultation=True), case="on a draft consultation"),
    ],
    "consultations:council_opinion_file": [
        row(PUBLIC, council_opinion(pdf=True)),
        row(everyone(404), council_opinion(), case="no opinion yet"),
    ],
    # The NGOs' request: signed-in people read it; owners and editors sign for their organization.
    "consultations:council_request": [
        row(signed_in(200), slug),
        row(signed_in(200, owner=REQUEST_PAGE, editor=REQUEST_PAGE), slug, method="post",
            data={"organization": WorldValue(_confirmed_organization_pk)}, case="POST: sign for the confirmed organization"),
    ],
    # The officer's panel.
    "consultations:council_admin": row(STAFF, slug),
    "consultations:council_term_create": row(STAFF, slug),
    "consultations:council_term_admin": [
        row(STAFF, council_term(publish=False)),
        row(NOT_FOUND_HERE, council_term(municipality_attr="other_municipality"),
            case="another municipality's term under this municipality's address"),
    ],
    "consultations:council_term_edit": row(STAFF, council_term()),
    "consultations:council_term_publish": [
        row(municipality_staff(405), council_term(publish=False)),
        row(municipality_staff(TERM_ADMIN), council_term(publish=False), method="post", case="POST: publish"),
    ],
    "consultations:council_member_add": row(STAFF, council_term()),
    "consultations:council_member_dismiss": row(STAFF, council_member),
    "consultations:council_meeting_create": row(STAFF, council_term()),
    "consultations:council_meeting_admin": [
        row(STAFF, council_meeting()),
        row(NOT_FOUND_HERE, council_meeting(municipality_attr="other_municipality"),
            case="another municipality's meeting under this municipality's address"),
    ],
    "consultations:council_attendance": row(STAFF, council_meeting()),
    "consultations:council_minutes_edit": row(STAFF, council_meeting()),
    "consultations:council_minutes_publish": [
        row(municipality_staff(405), council_meeting(minutes=True)),
        row(municipality_staff(MEETING_ADMIN), council_meeting(minutes=True), method="post", case="POST: publish"),
    ],
    "consultations:council_opinion_list": row(STAFF, slug),
    "consultations:council_opinion_create": row(STAFF, slug),
    "consultations:council_opinion_record": row(STAFF, council_opinion()),
    "consultations:council_opinion_for_consultation": [
        row(municipality_staff(405), consultation_for_opinion),
        row(municipality_staff(CONSULTATION_ADMIN), consultation_for_opinion, method="post", case="POST: request"),
    ],
})


# Features in their own packages (issue #7).
for _feature in (access_programmes, access_information, access_diagnosis):
    ROWS.update(_feature.ROWS)
