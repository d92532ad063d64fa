"""Offer pages: the editor (sections, rows added and removed without JavaScript, autosave, problems next to
their fields), submission, confirmation, versions and their differences, PDF and attachments; who sees what
(NGO A never reaches NGO B's offer), and "My offers" with a fixed number of queries."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from cooperation.enums import OrganizationLinkStatus, RenderStatus
from cooperation.models import AuditEntry
from grants.enums import OfferStatus
from grants.models import Offer, OfferAttachment, OfferVersion
from grants.services import offers as services
from tests.factories import MunicipalityFactory, OfficerFactory, UserFactory

from .factories import make_call
from .test_offers_services import PDF, draft, make_setup, other_organization, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    return make_setup()


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def url(name, offer, **kwargs):
    return reverse(f"grants:{name}", kwargs={"municipality_slug": offer.municipality.slug, "pk": offer.pk, **kwargs})


def edit_url(offer, section):
    return url("offer_edit", offer, section=section)


def stored(offer) -> Offer:
    with scopes_disabled():
        return Offer.objects.get(pk=offer.pk)


def section_post(client, offer, section) -> dict:
    """The section's form as the page renders it (what a browser would send back unchanged)."""
    from grants.forms_offers import SectionForms

    forms = SectionForms(section, stored(offer).draft, call_years=[offer.call.task_start_earliest.year])
    data = dict(forms._data_from_content())
    return {k: v for k, v in data.items() if v is not None}


# --- Starting an offer ---------------------------------------------------------------------------------------------------


def test_a_member_starts_an_offer_from_the_call(setup):
    client = client_for(setup.owner)
    start = reverse("grants:offer_create", kwargs={"municipality_slug": setup.municipality.slug,
                                                   "call_pk": setup.call.pk})
    page = client.get(start)
    assert page.status_code == 200
    assert setup.organization.name in page.content.decode()
    response = client.post(start, {"organization": setup.organization.pk})
    with scopes_disabled():
        offer = Offer.objects.get(call=setup.call)
    assert response.status_code == 302 and response["Location"] == edit_url(offer, "oferent")
    assert offer.organization == setup.organization and offer.status == OfferStatus.DRAFT


def test_an_organization_awaiting_confirmation_is_told_what_to_do(setup):
    organization, member = other_organization(setup, status=OrganizationLinkStatus.PENDING)
    client = client_for(member)
    start = reverse("grants:offer_create", kwargs={"municipality_slug": setup.municipality.slug,
                                                   "call_pk": setup.call.pk})
    page = client.get(start)
    assert page.status_code == 200
    assert 'name="organization"' not in page.content.decode()
    response = client.post(start, {"organization": organization.pk})
    assert response.status_code == 200
    with scopes_disabled():
        assert not Offer.objects.exists()


def test_starting_needs_a_login_and_a_published_call(setup):
    start = reverse("grants:offer_create", kwargs={"municipality_slug": setup.municipality.slug,
                                                   "call_pk": setup.call.pk})
    assert client_for(None).get(start)["Location"].startswith("/konto/login/")
    unpublished = make_call(setup.municipality, status="draft")
    assert client_for(setup.owner).get(reverse("grants:offer_create", kwargs={
        "municipality_slug": setup.municipality.slug, "call_pk": unpublished.pk})).status_code == 404


# --- The editor -----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("section", ["oferent", "zadanie", "charakterystyka", "koszty", "inne"])
def test_every_section_shows_the_stored_draft(setup, section):
    offer = draft(setup)
    page = client_for(setup.editor).get(edit_url(offer, section))
    assert page.status_code == 200
    html = page.content.decode()
    expected = {"oferent": "Stowarzyszenie Aktywni Razem", "zadanie": "Warsztaty kulinarne",
                "charakterystyka": "Od 2015 r. prowadzimy klub seniora.", "koszty": "Obsługa księgowa",
                "inne": 'value="unpaid" id="id_other-paid_activity_0" checked'}[section]
    assert expected in html
    assert 'aria-current="page"' in html


def test_saving_a_section_keeps_the_others_and_redirects_back(setup):
    offer = draft(setup)
    client = client_for(setup.owner)
    data = section_post(client, offer, "zadanie")
    data.update({"task-title": "Seniorzy w ruchu 2", "action": "save"})
    response = client.post(edit_url(offer, "zadanie"), data)
    assert response.status_code == 302 and response["Location"] == edit_url(offer, "zadanie")
    saved = stored(offer).draft
    assert saved["title"] == "Seniorzy w ruchu 2"
    assert saved["experience"] == "Od 2015 r. prowadzimy klub seniora."
    assert [a["id"] for a in saved["activities"]] == ["a1", "a2"]


def test_save_and_continue_goes_to_the_next_section(setup):
    offer = draft(setup)
    client = client_for(setup.owner)
    data = {**section_post(client, offer, "charakterystyka"), "action": "next"}
    assert client.post(edit_url(offer, "charakterystyka"), data)["Location"] == edit_url(offer, "koszty")
    data = {**section_post(client, offer, "inne"), "action": "next"}
    assert client.post(edit_url(offer, "inne"), data)["Location"] == url("offer_attachments", offer)


def test_add_a_cost_row_without_javascript(setup):
    offer = draft(setup)
    client = client_for(setup.owner)
    data = {**section_post(client, offer, "koszty"), "add_row": "costs"}
    response = client.post(edit_url(offer, "koszty"), data)
    assert response["Location"] == edit_url(offer, "koszty") + "#costs-3"
    costs = stored(offer).draft["costs"]
    assert len(costs) == 4
    assert (costs[3]["category"], costs[3]["name"], costs[3]["unit_cost"]) == ("activity", "", "")
    assert costs[3]["id"] and costs[3]["id"] not in {"c1", "c2", "c3"}
    page = client.get(edit_url(offer, "koszty")).content.decode()
    assert 'id="costs-3"' in page and 'name="costs-3-unit_cost"' in page


def test_remove_a_row_without_javascript(setup):
    offer = draft(setup)
    client = client_for(setup.owner)
    data = {**section_post(client, offer, "zadanie"), "remove_row": "activities-0"}
    client.post(edit_url(offer, "zadanie"), data)
    assert [a["id"] for a in stored(offer).draft["activities"]] == ["a2"]


def test_the_lead_offeror_cannot_be_removed_but_a_co_offeror_can(setup):
    offer = draft(setup)
    client = client_for(setup.owner)
    data = {**section_post(client, offer, "oferent"), "add_row": "offerors"}
    client.post(edit_url(offer, "oferent"), data)
    page = client.get(edit_url(offer, "oferent")).content.decode()
    assert 'value="offerors-0"' not in page and 'value="offerors-1"' in page


def test_problems_are_shown_next_to_their_fields_and_what_was_typed_stays(setup):
    offer = draft(setup)
    client = client_for(setup.owner)
    data = {**section_post(client, offer, "koszty"), "costs-1-unit_cost": "250,5x", "action": "save"}
    client.post(edit_url(offer, "koszty"), data)
    page = client.get(edit_url(offer, "koszty")).content.decode()
    assert 'value="250,5x"' in page
    assert 'aria-invalid="true"' in page
    message = _("Enter an amount in złoty with at most two decimal places.")
    assert f'<a href="#id_costs-1-unit_cost">{_("Cost %(n)d") % {"n": 2}}: {_("Unit cost (PLN)")}: {message}</a>' in page


def test_the_sums_are_recomputed_by_the_server(setup):
    offer = draft(setup)
    client = client_for(setup.owner)
    data = {**section_post(client, offer, "koszty"), "costs-0-quantity": "121", "costs-0-year_2027": ""}
    data = {k: v for k, v in data.items() if not k.endswith("year_2027")}
    client.post(edit_url(offer, "koszty"), data)
    page = client.get(edit_url(offer, "koszty")).content.decode()
    assert '<output data-sum="total">14\xa0950,00</output>' in page
    assert '<output data-line-value>12\xa0100,00</output>' in page
    funding = _("The sources of funding add up to %(funding)s zł, but the costs to %(costs)s zł.") % {
        "funding": "14\xa0850,00", "costs": "14\xa0950,00"}
    assert funding in page


def test_all_problems_are_shown_with_wszystko(setup):
    offer = draft(setup, {"title": ""})
    page = client_for(setup.owner).get(edit_url(offer, "zadanie") + "?wszystko=1").content.decode()
    assert _("Give the title of the task.") in page
    assert _("Give the title of the task.") not in client_for(setup.owner).get(edit_url(offer, "zadanie")).content.decode()


def test_autosave_answers_json_with_the_time(setup):
    offer = draft(setup)
    client = client_for(setup.owner)
    data = {**section_post(client, offer, "charakterystyka"), "characteristics-experience": "Nowe doświadczenie"}
    response = client.post(edit_url(offer, "charakterystyka"), data, headers={"X-Autosave": "1"})
    assert response.status_code == 200
    answer = response.json()
    saved = timezone.localtime(stored(offer).draft_saved_at).strftime("%H:%M")
    assert answer == {"ok": True, "saved_at": saved, "problems": 0, "message": _("Saved at %(time)s.") % {"time": saved}}
    assert stored(offer).draft["experience"] == "Nowe doświadczenie"


def test_autosave_of_a_submitted_offer_is_refused(setup):
    offer = draft(setup)
    client = client_for(setup.owner)
    data = section_post(client, offer, "charakterystyka")
    with scopes_disabled():
        services.submit_offer(offer=offer, actor=setup.owner)
    response = client.post(edit_url(offer, "charakterystyka"), data, headers={"X-Autosave": "1"})
    assert response.status_code == 409
    assert response.json() == {"ok": False, "message": _("The offer is submitted: it can no longer be changed.")}
    response = client.post(edit_url(offer, "charakterystyka"), data)
    assert response["Location"] == url("offer_detail", offer)  # a page of its own for a plain submission


def test_an_unknown_section_is_not_found(setup):
    offer = draft(setup)
    assert client_for(setup.owner).get(edit_url(offer, "nie-ma")).status_code == 404


# --- Submission -------------------------------------------------------------------------------------------------------------


def declarations(**overrides) -> dict:
    data = {f"declarations-{key}": "on" for key in ("only_statutory_activity", "fees_only_in_paid_activity",
                                                    "register_data_current", "information_true",
                                                    "personal_data_consents")}
    data.update({"declarations-tax_arrears": "none", "declarations-social_insurance_arrears": "none"})
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_submit_page_lists_problems_with_links_to_their_fields(setup):
    offer = draft(setup, {"title": ""})
    page = client_for(setup.owner).get(url("offer_submit", offer)).content.decode()
    assert f'href="{edit_url(offer, "zadanie")}?wszystko=1#id_task-title"' in page
    assert f'href="{edit_url(offer, "oferent")}?wszystko=1#id_contact-name"' in page


def test_submit_with_the_declarations_gives_number_and_time(setup):
    offer = draft(setup)
    client = client_for(setup.owner)
    response = client.post(url("offer_submit", offer), declarations())
    assert response.status_code == 302 and response["Location"] == url("offer_confirmation", offer)
    saved = stored(offer)
    assert saved.status == OfferStatus.SUBMITTED and saved.number == f"1/{setup.year}/1"
    assert saved.draft["declarations"]["tax_arrears"] == "none"
    page = client.get(response["Location"]).content.decode()
    assert f'<dd data-offer-number>{saved.number}</dd>' in page
    assert timezone.localtime(saved.submitted_at).strftime("%H:%M") in page


def test_a_missing_declaration_keeps_the_offer_a_draft(setup):
    offer = draft(setup)
    response = client_for(setup.owner).post(url("offer_submit", offer),
                                            declarations(**{"declarations-information_true": None}))
    assert response.status_code == 200
    assert stored(offer).status == OfferStatus.DRAFT
    assert _("This declaration is required to submit the offer.") in response.content.decode()


def test_a_double_click_lands_on_the_confirmation_once(setup):
    offer = draft(setup)
    client = client_for(setup.owner)
    first = client.post(url("offer_submit", offer), declarations())
    second = client.post(url("offer_submit", offer), declarations())
    assert first["Location"] == second["Location"] == url("offer_confirmation", offer)
    with scopes_disabled():
        assert OfferVersion.objects.filter(offer=offer).count() == 1


def test_a_submission_after_the_deadline_is_refused_with_409(setup):
    offer = draft(setup)
    with scopes_disabled():
        type(setup.call).objects.filter(pk=setup.call.pk).update(deadline=timezone.now() - timedelta(seconds=1))
    response = client_for(setup.owner).post(url("offer_submit", offer), declarations())
    assert response.status_code == 409
    assert stored(offer).status == OfferStatus.DRAFT
    assert 'data-refusal="deadline"' in response.content.decode()
    with scopes_disabled():
        attempt = AuditEntry.objects.get(action="grants.offer.submission_refused", target_id=str(offer.pk))
    assert attempt.actor == setup.owner
    page = client_for(setup.owner).get(url("offer_submit", offer))
    assert page.status_code == 200 and 'data-refusal="deadline"' in page.content.decode()


def test_the_pdf_is_downloaded_by_the_organization_and_the_officer(setup, django_capture_on_commit_callbacks):
    offer = draft(setup)
    with django_capture_on_commit_callbacks(execute=True):
        client_for(setup.owner).post(url("offer_submit", offer), declarations())
    with scopes_disabled():
        version = OfferVersion.objects.get(offer=offer)
    assert version.pdf_status == RenderStatus.READY
    for person in (setup.owner, setup.officer):
        response = client_for(person).get(url("offer_pdf", offer, number=1))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content).startswith(b"%PDF-")
    stranger = other_organization(setup)[1]
    assert client_for(stranger).get(url("offer_pdf", offer, number=1)).status_code == 403


# --- Correction, versions, diff ---------------------------------------------------------------------------------------------


def test_officer_asks_for_a_correction_and_the_organization_sends_it(setup):
    offer = submitted(setup)
    officer = client_for(setup.officer)
    due = timezone.localtime(timezone.now() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    response = officer.post(url("offer_request_correction", offer), {"note": "Popraw tytuł.", "due": due})
    assert response["Location"] == url("offer_detail", offer)
    assert stored(offer).status == OfferStatus.CORRECTION_REQUESTED
    owner = client_for(setup.owner)
    data = {**section_post(owner, offer, "zadanie"), "task-title": "Seniorzy w ruchu – po korekcie"}
    owner.post(edit_url(offer, "zadanie"), data)
    response = owner.post(url("offer_submit", offer), declarations())
    assert response["Location"] == url("offer_confirmation", offer)
    assert stored(offer).status == OfferStatus.SUBMITTED
    diff = officer.get(url("offer_version_diff", offer, number=2))
    assert diff.status_code == 200
    html = diff.content.decode()
    assert _("III.1 Title of the task") in html
    assert "<ins><span class=\"visually-hidden\">" in html and "po korekcie" in html
    versions = officer.get(url("offer_versions", offer)).content.decode()
    assert escape(_("corrected at the officer's request")) in versions


def test_the_correction_form_refuses_a_past_time(setup):
    offer = submitted(setup)
    past = timezone.localtime(timezone.now() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    response = client_for(setup.officer).post(url("offer_request_correction", offer), {"note": "x", "due": past})
    assert response.status_code == 200
    assert _("Give a date and time in the future.") in response.content.decode()


def test_the_first_version_has_no_diff(setup):
    offer = submitted(setup)
    assert client_for(setup.owner).get(url("offer_version_diff", offer, number=1)).status_code == 404


# --- Attachments ------------------------------------------------------------------------------------------------------------------


def test_upload_and_download_an_attachment(setup):
    offer = draft(setup)
    client = client_for(setup.owner)
    response = client.post(url("offer_attachments", offer), {
        "title": "Statut", "file": SimpleUploadedFile("statut.exe.pdf", PDF, content_type="application/x-msdownload")})
    assert response.status_code == 302
    with scopes_disabled():
        attachment = OfferAttachment.objects.get(offer=offer)
    assert attachment.content_type == "application/pdf"
    download = client.get(url("offer_attachment", offer, attachment_id=attachment.pk))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == PDF
    assert client_for(setup.officer).get(url("offer_attachment", offer, attachment_id=attachment.pk)).status_code == 403
    with scopes_disabled():
        services.submit_offer(offer=offer, actor=setup.owner)
    assert client_for(setup.officer).get(url("offer_attachment", offer, attachment_id=attachment.pk)).status_code == 200


def test_a_refused_upload_shows_the_reason_next_to_the_file(setup):
    offer = draft(setup)
    response = client_for(setup.owner).post(url("offer_attachments", offer), {
        "file": SimpleUploadedFile("program.pdf", b"MZ not a pdf")})
    assert response.status_code == 200
    assert _("Upload a PDF, DOCX or ODT document, or a PNG or JPEG image.") in response.content.decode()


# --- Who sees what ----------------------------------------------------------------------------------------------------------------


def test_ngo_a_never_reaches_ngo_b_offer(setup):
    """Create the data that could leak first: NGO B's draft and submitted offer with an attachment and a PDF."""
    organization_b, member_b = other_organization(setup, name="Fundacja B")
    b_draft = draft(setup, organization=organization_b, actor=member_b)
    b_submitted = draft(setup, organization=organization_b, actor=member_b)
    with scopes_disabled():
        attachment = services.add_offer_attachment(offer=b_submitted, actor=member_b,
                                                   upload=SimpleUploadedFile("b.pdf", PDF))
        services.submit_offer(offer=b_submitted, actor=member_b)
        OfferVersion.objects.filter(offer=b_submitted).update(pdf_status=RenderStatus.READY, pdf="documents/b.pdf")
    a = client_for(setup.owner)
    for offer in (b_draft, b_submitted):
        for name, extra in [("offer_detail", {}), ("offer_preview", {}), ("offer_versions", {}),
                            ("offer_attachments", {}), ("offer_submit", {}), ("offer_withdraw", {}),
                            ("offer_confirmation", {}), ("offer_edit", {"section": "koszty"})]:
            assert a.get(url(name, offer, **extra)).status_code in (403, 404), name
    for name, extra in [("offer_version", {"number": 1}), ("offer_pdf", {"number": 1}),
                        ("offer_attachment", {"attachment_id": attachment.pk})]:
        assert a.get(url(name, b_submitted, **extra)).status_code == 403, name
    assert a.post(edit_url(b_draft, "zadanie"), {"task-title": "Przejęta"}).status_code == 403
    assert a.post(url("offer_submit", b_draft), declarations()).status_code == 403
    assert stored(b_draft).draft["title"] == "Seniorzy w ruchu"
    page = a.get(reverse("grants_portal:my_offers")).content.decode()
    assert "Fundacja B" not in page


def test_the_officer_never_sees_a_draft_and_another_municipality_finds_nothing(setup):
    offer = draft(setup)
    assert client_for(setup.officer).get(url("offer_detail", offer)).status_code == 403
    other = OfficerFactory().user
    assert client_for(other).get(url("offer_detail", offer)).status_code == 403
    elsewhere = MunicipalityFactory()
    wrong_address = reverse("grants:offer_detail", kwargs={"municipality_slug": elsewhere.slug, "pk": offer.pk})
    assert client_for(setup.owner).get(wrong_address).status_code == 404
    submitted_offer = submitted(setup)
    page = client_for(setup.officer).get(url("offer_detail", submitted_offer))
    assert page.status_code == 200
    assert "Seniorzy w ruchu" in page.content.decode()


def test_a_resident_and_anonymous_are_kept_out(setup):
    offer = submitted(setup)
    assert client_for(UserFactory()).get(url("offer_detail", offer)).status_code == 403
    assert client_for(None).get(url("offer_detail", offer))["Location"].startswith("/konto/login/")


# --- My offers -------------------------------------------------------------------------------------------------------------------


def test_my_offers_lists_the_offers_of_my_organizations_across_municipalities(setup):
    first = draft(setup)
    second_place = make_setup()
    with scopes_disabled():
        from tests.factories import MembershipFactory

        MembershipFactory(organization=second_place.organization, user=setup.owner)
    owner = type(setup.owner).objects.get(pk=setup.owner.pk)  # the membership cache starts afresh
    second = submitted(second_place, actor=owner)
    page = client_for(setup.owner).get(reverse("grants_portal:my_offers")).content.decode()
    assert url("offer_detail", first) in page and url("offer_detail", second) in page
    assert second.number in page


@pytest.mark.parametrize("count", [1, 12])
def test_my_offers_makes_the_same_number_of_queries_for_one_offer_and_many(setup, count,
                                                                          django_assert_max_num_queries):
    for _i in range(count):
        draft(setup)
    client = client_for(setup.owner)
    client.get(reverse("grants_portal:my_offers"))
    with django_assert_max_num_queries(8):
        assert client.get(reverse("grants_portal:my_offers")).status_code == 200


def test_the_committee_hook_lets_a_signed_member_read_an_accepted_offer_but_not_an_excluded_one(setup):
    """grants.view_offer ORs the evaluation stage's is_committee_member_for_offer (grants/rules/evaluation.py)."""
    from grants.enums import CommitteeRole, ExclusionReason
    from grants.models import CommitteeMember, Exclusion

    offer = draft(setup)
    with scopes_disabled():
        attachment = services.add_offer_attachment(offer=offer, actor=setup.owner, upload=SimpleUploadedFile("a.pdf", PDF))
        services.submit_offer(offer=offer, actor=setup.owner)
        Offer.objects.filter(pk=offer.pk).update(status=OfferStatus.FORMALLY_ACCEPTED)
    signed, unsigned, excluded = UserFactory(), UserFactory(), UserFactory()
    with scopes_disabled():
        CommitteeMember.objects.create(call=setup.call, user=signed, role=CommitteeRole.OFFICIAL,
                                       declaration_signed_at=timezone.now())
        CommitteeMember.objects.create(call=setup.call, user=unsigned, role=CommitteeRole.OFFICIAL)
        seat = CommitteeMember.objects.create(call=setup.call, user=excluded, role=CommitteeRole.EXPERT,
                                              declaration_signed_at=timezone.now())
        Exclusion.objects.create(member=seat, offer=offer, reason=ExclusionReason.DECLARED)
    attachment_url = url("offer_attachment", offer, attachment_id=attachment.pk)
    assert client_for(signed).get(url("offer_detail", offer)).status_code == 200
    assert client_for(signed).get(attachment_url).status_code == 200
    for person in (unsigned, excluded):
        assert client_for(person).get(url("offer_detail", offer)).status_code == 403
        assert client_for(person).get(attachment_url).status_code == 403
    # Never a draft, whoever sits on the committee.
    other_draft = draft(setup)
    assert client_for(signed).get(url("offer_detail", other_draft)).status_code == 403
