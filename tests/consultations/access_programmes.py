"""Access-matrix rows for programmes (merged by tests/consultations/access_matrix.py). The municipality's
officers and the administrators manage programmes and reports; everyone reads what is published; drafts do
not exist for anyone else; another municipality's records are not found under this municipality's address."""

from django_scopes import scopes_disabled

from consultations.programmes.enums import ProgrammeReportStatus, ProgrammeStatus
from consultations.programmes.models import Programme, ProgrammeReport
from tests.test_access_matrix import PUBLIC, Redirect, everyone, municipality_staff, row

MANAGERS_ONLY = {"anonymous": 404, "resident": 404, "editor": 404, "owner": 404, "officer": 200,
                 "other_officer": 404, "admin": 200}
ADMIN_LIST = Redirect("/jst/koszalin/program-wspolpracy/panel/")
REPORT_EDIT = Redirect("/jst/koszalin/program-wspolpracy/panel/sprawozdania/")


def slug(w):
    return {"municipality_slug": w.municipality.slug}


def _programme(w, status, other=False):
    municipality = w.other_municipality if other else w.municipality
    with scopes_disabled():
        programme = Programme.objects.create(
            municipality=municipality, first_year=2027, last_year=2027, status=status,
            title="Program współpracy z organizacjami pozarządowymi na 2027 rok", goals="Partnerstwo.",
            resolution_number="Uchwała nr XX/1/2026" if status == ProgrammeStatus.PUBLISHED else "",
        )
    return programme


def programme(status=ProgrammeStatus.DRAFT, other=False):
    def build(w):
        return {**slug(w), "pk": _programme(w, status, other).pk}

    return build


def section(key, status=ProgrammeStatus.DRAFT, other=False):
    def build(w):
        return {**programme(status, other)(w), "key": key}

    return build


def report(status=ProgrammeReportStatus.DRAFT, other=False):
    def build(w):
        municipality = w.other_municipality if other else w.municipality
        with scopes_disabled():
            item = ProgrammeReport.objects.create(municipality=municipality, year=2025, status=status,
                                                  summary="Rok współpracy.")
        return {**slug(w), "pk": item.pk}

    return build


def staff_object_rows(kwargs, other_kwargs) -> list:
    return [row(municipality_staff(200), kwargs),
            row(municipality_staff(404), other_kwargs, case="another municipality's record under this address")]


def post_only(kwargs, redirect, case: str, data=None) -> list:
    return [row(municipality_staff(405), kwargs),
            row(municipality_staff(redirect), kwargs, method="post", data=data, case=case)]


ROWS = {
    "programmes:list": row(PUBLIC, slug),
    "programmes:detail": [
        row(PUBLIC, programme(ProgrammeStatus.PUBLISHED), case="published"),
        row(MANAGERS_ONLY, programme(ProgrammeStatus.DRAFT), case="a draft"),
        row(MANAGERS_ONLY, programme(ProgrammeStatus.ADOPTED), case="adopted, not yet published"),
        row(everyone(404), programme(ProgrammeStatus.DRAFT, other=True), case="another municipality's draft"),
        row(everyone(404), programme(ProgrammeStatus.PUBLISHED, other=True),
            case="another municipality's programme under this municipality's address"),
    ],
    "programmes:pdf": [
        row(everyone(404), programme(ProgrammeStatus.PUBLISHED), case="published, PDF not rendered yet"),
        row(everyone(404), programme(ProgrammeStatus.DRAFT), case="a draft has no PDF"),
    ],
    "programmes:report": [
        row(PUBLIC, report(ProgrammeReportStatus.PUBLISHED), case="published"),
        row(MANAGERS_ONLY, report(), case="a draft"),
        row(everyone(404), report(other=True), case="another municipality's draft"),
    ],
    "programmes:report_pdf": [
        row(everyone(404), report(ProgrammeReportStatus.PUBLISHED), case="published, PDF not rendered yet"),
        row(everyone(404), report(), case="a draft has no PDF"),
    ],
    "programmes:admin_list": row(municipality_staff(200), slug),
    "programmes:create": row(municipality_staff(200), slug),
    "programmes:report_create": row(municipality_staff(200), slug),
    "programmes:admin": staff_object_rows(programme(), programme(other=True)),
    "programmes:section_edit": [
        *staff_object_rows(section("goals"), section("goals", other=True)),
        row(municipality_staff(404), section("nie-ma"), case="unknown section"),
        row(municipality_staff(ADMIN_LIST), section("goals"), method="post", data={"text": "Partnerstwo i zaufanie."},
            case="POST: save"),
    ],
    "programmes:tasks_edit": staff_object_rows(programme(), programme(other=True)),
    "programmes:indicators_edit": staff_object_rows(programme(), programme(other=True)),
    "programmes:consultation_send": staff_object_rows(programme(), programme(other=True)),
    "programmes:consultation_link": [
        *staff_object_rows(programme(), programme(other=True)),
        row(municipality_staff(ADMIN_LIST), programme(ProgrammeStatus.IN_CONSULTATION),
            case="a programme already in consultation: refused with a message"),
        row(municipality_staff(200), programme(), method="post", data={},
            case="POST without a choice: the form again"),
    ],
    "programmes:pdf_retry": [
        *post_only(programme(ProgrammeStatus.PUBLISHED), ADMIN_LIST, "POST: prepare the PDF again"),
        row(municipality_staff(404), programme(ProgrammeStatus.PUBLISHED, other=True), method="post",
            case="POST: another municipality's programme under this address"),
    ],
    "programmes:adopt": staff_object_rows(programme(ProgrammeStatus.IN_CONSULTATION),
                                          programme(ProgrammeStatus.IN_CONSULTATION, other=True)),
    "programmes:council_ask": post_only(programme(), ADMIN_LIST, "POST: no council (a message)"),
    "programmes:publish": post_only(programme(ProgrammeStatus.ADOPTED), ADMIN_LIST, "POST: publish"),
    "programmes:withdraw": [
        *post_only(programme(), ADMIN_LIST, "POST: withdraw"),
        row(municipality_staff(404), programme(other=True), method="post",
            case="POST: another municipality's draft under this address"),
    ],
    "programmes:report_edit": staff_object_rows(report(), report(other=True)),
    "programmes:report_refresh": post_only(report(), REPORT_EDIT, "POST: refresh"),
    "programmes:report_publish": post_only(report(), REPORT_EDIT, "POST: publish"),
    "programmes:report_pdf_retry": [
        *post_only(report(ProgrammeReportStatus.PUBLISHED), REPORT_EDIT, "POST: prepare the PDF again"),
        row(municipality_staff(404), report(ProgrammeReportStatus.PUBLISHED, other=True), method="post",
            case="POST: another municipality's report under this address"),
    ],
    "programmes:report_correct": post_only(report(ProgrammeReportStatus.PUBLISHED), REPORT_EDIT,
                                           "POST: start a correction"),
}
