"""Access-matrix rows for initiatives (merged by tests/grants/access_matrix.py).

A draft is its applicant's alone (the resident who made it, or the members of the organization it was made
through; a platform administrator passes every permission); once submitted the municipality's officers see
it; once accepted everyone sees its public page. Another municipality's officer sees nothing."""

from django.core.files.base import ContentFile
from django_scopes import scopes_disabled

from cooperation.enums import RenderStatus
from grants.initiatives.enums import InitiativeStatus
from grants.initiatives.models import InitiativeAgreement
from tests.test_access_matrix import LOGIN, Redirect, everyone, municipality_staff, row, signed_in

from .initiative_factories import make_application, make_rules

BASE = "/jst/koszalin/inicjatywa-lokalna/"
HOME = Redirect(BASE)
OFFICER_PAGE = Redirect(BASE + "panel/wnioski/")
DETAIL = Redirect(BASE + "wnioski/")


def slug(w):
    return {"municipality_slug": w.municipality.slug}


def with_rules(w):
    with scopes_disabled():
        make_rules(w.municipality, actor=w.officer)
    return slug(w)


def application(status=InitiativeStatus.SUBMITTED, *, by="resident", through_organization=False, pdf=False):
    def build(w):
        with scopes_disabled():
            item = make_application(w.municipality, status=status, user=getattr(w, by), officer=w.officer,
                                    organization=w.organization if through_organization else None)
            if pdf:
                agreement = InitiativeAgreement.objects.get(application=item)
                agreement.pdf.save("umowa.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
                agreement.pdf_status = RenderStatus.READY
                agreement.save(update_fields=["pdf", "pdf_status"])
        return {**slug(w), "pk": item.pk}

    return build


def applicant_only(answer, *, officer=404, **overrides) -> dict:
    """The resident who applied (and administrators); the officer once submitted; nobody else."""
    return {"anonymous": LOGIN, "resident": answer, "editor": 404, "owner": 404, "officer": officer,
            "other_officer": 404, "admin": answer, **overrides}


ROWS = {
    "initiatives:initiative_home": [
        row(everyone(200), slug, case="no rules yet"),
        row(everyone(200), with_rules, case="rules adopted"),
    ],
    "initiatives:initiative_list": row(everyone(200), slug),
    "initiatives:initiative_detail": [
        row(everyone(200), application(InitiativeStatus.AGREEMENT_SIGNED), case="accepted, agreement signed"),
        row(everyone(404), application(), case="submitted, not yet accepted"),
        row(everyone(404), application(InitiativeStatus.DRAFT), case="a draft"),
    ],
    "initiatives:application_mine": row(signed_in(200), slug),
    "initiatives:application_create": [
        row(signed_in(200), with_rules, case="rules adopted"),
        row(signed_in(HOME), slug, case="no rules: refused with a message"),
    ],
    "initiatives:application_detail": [
        row(applicant_only(200), application(InitiativeStatus.DRAFT), case="a resident's draft"),
        row(applicant_only(200, editor=200, owner=200, resident=404),
            application(InitiativeStatus.DRAFT, by="owner", through_organization=True),
            case="a draft through an organization"),
        row(applicant_only(200, officer=200), application(), case="submitted"),
    ],
    "initiatives:application_edit": [
        row(applicant_only(200), application(InitiativeStatus.DRAFT), case="a draft"),
        row(applicant_only(DETAIL, officer=DETAIL), application(), case="submitted: no more changes"),
    ],
    "initiatives:agreement_pdf": [
        row(applicant_only(200, officer=200), application(InitiativeStatus.AGREEMENT_SIGNED, pdf=True)),
        row(applicant_only(404, officer=404), application(InitiativeStatus.ACCEPTED), case="no agreement yet"),
    ],
    "initiatives:officer_inbox": row(municipality_staff(200), slug),
    "initiatives:rules_edit": [
        row(municipality_staff(200), slug),
        row(municipality_staff(Redirect(BASE + "panel/")), slug, method="post", case="POST: save the rules", data={
            "resolution_number": "XII/100/2027", "resolution_date": "2026-05-20", "hour_value": "32.00",
            "criteria-TOTAL_FORMS": "2", "criteria-INITIAL_FORMS": "0", "criteria-MIN_NUM_FORMS": "0",
            "criteria-MAX_NUM_FORMS": "1000", "criteria-0-name": "Praca społeczna", "criteria-0-weight": "3",
            "criteria-0-is_social_work": "on", "criteria-1-name": "Trwałość", "criteria-1-weight": "1"}),
    ],
    "initiatives:officer_application": [
        row(municipality_staff(200), application()),
        row(municipality_staff(404), application(InitiativeStatus.DRAFT), case="a draft is the applicant's"),
    ],
    "initiatives:application_return": [
        row(municipality_staff(405), application()),
        row(municipality_staff(OFFICER_PAGE), application(), method="post", data={"note": "Dodaj harmonogram."},
            case="POST: return for completion"),
    ],
    "initiatives:application_assess": row(municipality_staff(200), application(), method="post",
                                          data={"justification": "Potrzebne."},
                                          case="POST: points missing, the form again"),
    "initiatives:application_decide": row(municipality_staff(OFFICER_PAGE), application(InitiativeStatus.ASSESSED),
                                          method="post", data={"decision": "accept", "reasons": "Zgodnie z oceną."},
                                          case="POST: accept"),
    "initiatives:agreement_edit": [
        row(municipality_staff(200), application(InitiativeStatus.ACCEPTED)),
        row(municipality_staff(OFFICER_PAGE), application(), case="not accepted yet"),
    ],
    "initiatives:agreement_sign": row(municipality_staff(OFFICER_PAGE), application(InitiativeStatus.ACCEPTED),
                                      method="post", data={"signed_on": "2026-01-05"},
                                      case="POST: no agreement prepared, refused with a message"),
    "initiatives:application_complete": row(
        municipality_staff(OFFICER_PAGE), application(InitiativeStatus.AGREEMENT_SIGNED), method="post",
        data={"actual_hours": "100", "actual_money": "0", "actual_in_kind": "0", "actual_municipal": "4000",
              "result": "Gotowe."}, case="POST: settle"),
}
