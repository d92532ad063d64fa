"""Builders of partnerships for the tests, going through the services (as the portal writes them)."""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scopes_disabled

from grants.partnerships import services
from grants.partnerships.enums import PartnerKind, PartnerRole, PartnershipKind

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"
RULES = "Co roku każdy partner oceniany w skali 1-5 za udział w spotkaniach i terminowość działań."


def pdf_upload(name="umowa.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def make_partnership(municipality, officer, *, organization=None, active=True, leader_ngo=False, rules=RULES,
                     agreement=False, name="Partnerstwo na rzecz seniorów", kind=PartnershipKind.LOCAL,
                     starts_on=date(2025, 3, 1)):
    """A partnership with the municipality and (when given) an NGO on the portal as partners; activated unless
    `active` is False. Returns the partnership with `.municipal_partner` and `.ngo_partner` set."""
    with scopes_disabled():
        partnership = services.create_partnership(
            municipality=municipality, actor=officer, kind=kind, name=name,
            goals="Aktywizacja seniorów w dzielnicach.", description="Opis partnerstwa.", area="Miasto",
            starts_on=starts_on, assessment_rules=rules, agreement_signed_on=date(2025, 2, 20) if agreement else None,
            agreement_file=pdf_upload() if agreement else None)
        municipal = services.add_partner(partnership=partnership, actor=officer, kind=PartnerKind.MUNICIPALITY,
                                         role=PartnerRole.PARTNER if leader_ngo else PartnerRole.LEADER)
        ngo = None
        if organization is not None:
            ngo = services.add_partner(partnership=partnership, actor=officer, kind=PartnerKind.NGO,
                                       organization=organization,
                                       role=PartnerRole.LEADER if leader_ngo else PartnerRole.PARTNER)
        else:
            services.add_partner(partnership=partnership, actor=officer, kind=PartnerKind.BUSINESS,
                                 name="Firma Przykładowa sp. z o.o.")
        if active:
            services.activate_partnership(partnership=partnership, actor=officer)
    partnership.municipal_partner, partnership.ngo_partner = municipal, ngo
    return partnership
