"""Access-matrix rows for grants: awards (budget updates, contracts, reports, the public register).

The world's organization (owner, editor) holds the contract; the municipality's officers manage it; the
platform administrator, a Django superuser, passes every permission as everywhere in the portal. A contract
or report someone may not see is "not found" (404) for a signed-in person and the login page for an
anonymous one; accepted reports and the register of signed contracts are public."""


from django.core.files.base import ContentFile
from django_scopes import scopes_disabled

from cooperation.enums import RenderStatus
from grants.enums import ContractStatus, ReportStatus
from tests.test_access_matrix import LOGIN, Redirect, everyone, municipality_staff, row, signed_in

from .award_factories import make_awarded_offer, make_contract, make_report
from .factories import make_call
from .factories import offer_content as valid_content

PDF = b"%PDF-1.4\n%%EOF\n"
CONTRACTS = Redirect("/jst/koszalin/dotacje/umowy/")
REPORTS = Redirect("/jst/koszalin/dotacje/sprawozdania/")
INBOX = Redirect("/jst/koszalin/dotacje/panel/sprawozdania/")
PUBLIC = everyone(200)


def parties(answer, **overrides) -> dict:
    """The organization's members, the municipality's officer and the administrator; nobody else."""
    return {"anonymous": LOGIN, "resident": 404, "editor": answer, "owner": answer, "officer": answer,
            "other_officer": 404, "admin": answer, **overrides}


def members(answer, **overrides) -> dict:
    return parties(answer, officer=404, **overrides)


def _offer(w, *, lower: bool = False):
    with scopes_disabled():
        call = make_call(w.municipality)
        return make_awarded_offer(call, w.organization, amount="9000.00" if lower else None,
                                  content=valid_content(year=call.task_start_earliest.year))


def _with_pdf(document):
    with scopes_disabled():
        document.pdf.save("dokument.pdf", ContentFile(PDF), save=False)
        document.pdf_status = RenderStatus.READY
        document.save()
    return document


def slug(w):
    return {"municipality_slug": w.municipality.slug}


def offer(*, lower=False):
    def build(w):
        return {**slug(w), "pk": _offer(w, lower=lower).pk}

    return build


def contract(status=ContractStatus.SIGNED, *, pdf=False, slug_of="municipality"):
    def build(w):
        item = make_contract(_offer(w), status=status)
        if pdf:
            _with_pdf(item)
        return {"municipality_slug": getattr(w, slug_of).slug, "pk": item.pk}

    return build


def report(status=ReportStatus.DRAFT, *, pdf=False, filled=True):
    def build(w):
        item = make_report(make_contract(_offer(w)), status=status, filled=filled)
        if pdf:
            _with_pdf(item)
        return {**slug(w), "pk": item.pk}

    return build


def failed_pdf_contract(w):
    with scopes_disabled():
        item = make_contract(_offer(w))
        item.pdf_status = RenderStatus.FAILED
        item.save(update_fields=["pdf_status"])
    return {**slug(w), "pk": item.pk}


def settleable_contract(w):
    item = make_contract(_offer(w))
    make_report(item, status=ReportStatus.ACCEPTED)
    return {**slug(w), "pk": item.pk}


ROWS = {
    # Public: the register of contracts and the accepted reports.
    "grants:contract_public_list": row(PUBLIC, slug),
    "grants:contract_open_data": row(PUBLIC, slug),
    "grants:report_public_list": row(PUBLIC, slug),
    # The organization.
    "grants:award_list": row(signed_in(200), slug),
    "grants:budget_update": [
        row(members(200), offer(lower=True)),
        row(members(Redirect("/jst/koszalin/dotacje/moje-dotacje/")), offer(),
            case="the whole grant awarded: nothing to update"),
    ],
    "grants:contract_detail": [
        row(parties(200), contract()),
        row(parties(200), contract(ContractStatus.DRAFT), case="being prepared"),
        row(everyone(404), contract(slug_of="other_municipality"), case="under another municipality's address"),
    ],
    "grants:contract_pdf": [
        row(parties(200), contract(pdf=True)),
        row(parties(404), contract(), case="PDF not ready"),
    ],
    "grants:report_start": [
        row(everyone(405), contract()),
        row(members(REPORTS), contract(), method="post", data={"kind": "final"}, case="POST: start the final report"),
    ],
    "grants:report_detail": [
        row(parties(200), report()),
        row(PUBLIC, report(ReportStatus.ACCEPTED), case="accepted: public"),
    ],
    "grants:report_submit": [
        row(everyone(405), report()),
        row(members(REPORTS), report(filled=False), method="post", case="POST: incomplete, refused with a message"),
    ],
    "grants:report_pdf": [
        row(PUBLIC, report(ReportStatus.ACCEPTED, pdf=True), case="accepted: public"),
        row(parties(200), report(ReportStatus.SUBMITTED, pdf=True), case="submitted: the parties only"),
        row(parties(404), report(pdf=True), case="a draft has no PDF"),
    ],
    "grants_portal:my_contracts": row(signed_in(200)),
    # The officer.
    "grants:contract_admin_list": row(municipality_staff(200), slug),
    "grants:contract_prepare": row(municipality_staff(200), offer()),
    "grants:contract_sign": [
        row(municipality_staff(405), contract(ContractStatus.DRAFT)),
        row(municipality_staff(CONTRACTS), contract(ContractStatus.DRAFT), method="post",
            data={"signed_on": "2026-01-15"}, case="POST: record the signing"),
    ],
    "grants:contract_settle": row(municipality_staff(CONTRACTS), settleable_contract, method="post",
                                  data={"settled_on": "2026-01-15"}, case="POST: settle"),
    "grants:contract_pdf_retry": row(municipality_staff(CONTRACTS), failed_pdf_contract, method="post",
                                     case="POST: retry a failed PDF"),
    "grants:report_request": row(municipality_staff(200), contract()),
    "grants:report_inbox": row(municipality_staff(200), slug),
    "grants:report_review": row(municipality_staff(200), report(ReportStatus.SUBMITTED)),
    "grants:report_accept": [
        row(municipality_staff(405), report(ReportStatus.SUBMITTED)),
        row(municipality_staff(INBOX), report(ReportStatus.SUBMITTED), method="post", case="POST: accept"),
    ],
    "grants:report_return": [
        row(municipality_staff(200), report(ReportStatus.SUBMITTED)),
        row(municipality_staff(INBOX), report(ReportStatus.SUBMITTED), method="post",
            data={"note": "Proszę poprawić."}, case="POST: return"),
    ],
    "grants:report_pdf_retry": row(municipality_staff(INBOX), report(ReportStatus.SUBMITTED), method="post",
                                   case="POST: nothing to retry, refused with a message"),
}

