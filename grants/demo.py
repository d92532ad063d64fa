"""Demo data for grants, called by `seed_demo`, written through the services:

- Koszalin: an announced call open for offers (the demo owner's organization has a draft offer in it), and a
  call of the current year decided and published, with a signed contract and a final report waiting for the
  officer;
- Będzino: a small grant offer (art. 19a) published for public comments.

Dates are moved into the past only by updating the rows directly, as the consultation demo does, because the
services (rightly) refuse to act outside their deadlines."""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from cooperation.models import Membership, Sphere, User
from cooperation.selectors import address_base

from .enums import CommitteeRole, ReportKind
from .models import Call, Offer
from .offer_content import ARREARS_KEYS, DECLARATION_KEYS
from .services import awards, calls, evaluation, offers, small_grants


def _content(offer: Offer, *, title: str, year: int, grant: str, own: str, in_kind: str, instructor_hours: int) -> dict:
    """A complete offer for the demo: two activities, three cost lines, sums that add up."""
    hours = Decimal(instructor_hours)
    instructor = (hours * Decimal("100.00")).quantize(Decimal("0.01"))
    total = instructor + Decimal("1500.00") + Decimal("1350.00")
    assert total == Decimal(grant) + Decimal(own) + Decimal(in_kind), "demo offer sums must add up"
    content = dict(offer.draft)
    content.update({
        "contact": {"name": "Wiktoria Właścicielska", "phone": "+48 600 100 200", "email": "ngo.wlasciciel@wspolpraca.test"},
        "title": title, "start": f"{year}-03-01", "end": f"{year}-11-30",
        "synopsis": "Cotygodniowe zajęcia ruchowe i warsztaty dla 40 seniorów z osiedla Przylesie; zajęcia uzupełniają "
                    "ofertę dziennego domu pomocy.",
        "activities": [
            {"id": "a1", "year": str(year), "name": "Zajęcia ruchowe", "description": "Gimnastyka dwa razy w tygodniu",
             "target_group": "Seniorzy 60+", "period": f"03-11.{year}", "subcontractor": ""},
            {"id": "a2", "year": str(year), "name": "Warsztaty kulinarne", "description": "Zdrowe żywienie",
             "target_group": "Seniorzy 60+", "period": f"04-06.{year}", "subcontractor": ""},
        ],
        "results_description": {"products": "60 zajęć ruchowych, 6 warsztatów", "change": "Większa sprawność uczestników",
                                "sustainability": "Grupa będzie się spotykać dalej w klubie seniora"},
        "results": [{"name": "Liczba uczestników", "target": "40", "monitoring": "Listy obecności"}],
        "experience": "Od 2015 r. prowadzimy klub seniora na osiedlu Przylesie.",
        "resources": "Sala klubu, dwóch instruktorów, pięciu wolontariuszy.",
        "costs": [
            {"id": "c1", "category": "activity", "activity_id": "a1", "name": "Wynagrodzenie instruktora",
             "unit": "godzina", "unit_cost": "100.00", "quantity": str(instructor_hours),
             "years": {str(year): str(instructor)}, "offeror": 0},
            {"id": "c2", "category": "activity", "activity_id": "a2", "name": "Produkty na warsztaty",
             "unit": "warsztat", "unit_cost": "250.00", "quantity": "6", "years": {str(year): "1500.00"}, "offeror": 0},
            {"id": "c3", "category": "administrative", "activity_id": None, "name": "Obsługa księgowa",
             "unit": "miesiąc", "unit_cost": "150.00", "quantity": "9", "years": {str(year): "1350.00"}, "offeror": 0},
        ],
        "funding": {"grant": grant, "own_financial": own, "own_non_financial": in_kind, "beneficiary_fees": "0.00"},
        "paid_activity": "unpaid",
        "declarations": {**dict.fromkeys(DECLARATION_KEYS, True), **dict.fromkeys(ARREARS_KEYS, "none")},
    })
    return content


def _call_fields(year: int, now, *, title: str, number: str) -> dict:
    return {
        "number": number, "title": title, "task_type": "Aktywizacja i integracja osób starszych",
        "form": "support", "total_funds": Decimal("120000.00"), "min_grant": Decimal("2000.00"),
        "max_grant": Decimal("25000.00"), "min_own_financial_percent": Decimal("5.00"),
        "min_own_total_percent": Decimal("10.00"), "admin_costs_cap_percent": Decimal("15.00"),
        "task_start_earliest": date(year, 1, 1), "task_end_latest": date(year, 12, 31),
        "grant_rules_text": "Dotacje przyznaje Prezydent Miasta po zapoznaniu się z opinią komisji konkursowej.",
        "task_conditions_text": "Zadanie realizuje się na terenie Miasta, dla jego mieszkańców.",
        "selection_text": "Oferty ocenia komisja według kryteriów z art. 15 ust. 1 ustawy i priorytetu programu.",
        "deadline": now + timedelta(days=25), "selection_by": (now + timedelta(days=45)).date(),
        "contact_person": "Oskar Pełnomocnik", "contact_email": "ngo@koszalin.example.pl",
    }


def _publish(call: Call, officer: User, today: date) -> Call:
    calls.set_formal_requirements(call=call, actor=officer, lines=[
        "Oferta złożona w terminie, na wzorze z rozporządzenia z 24 października 2018 r.",
        "Oferta podpisana przez osoby upoważnione do reprezentacji",
        "Zadanie mieści się w działalności statutowej oferenta",
    ])
    calls.set_previous_tasks(call=call, actor=officer, items=[
        {"year": today.year - 1, "name": "Zajęcia dla seniorów", "amount": Decimal("80000.00"),
         "organization_name": "Stowarzyszenie Aktywni Razem"},
    ])
    return calls.publish_call(call=call, actor=officer, bip_on=today, board_on=today, website_on=today)


def seed(municipalities, officers) -> None:
    now = timezone.now()
    today = timezone.localdate()
    koszalin, bedzino = municipalities[0], municipalities[1]
    officer, other_officer = officers[0], officers[1]
    owner = User.objects.get(email="ngo.wlasciciel@wspolpraca.test")
    own_organization = Membership.objects.filter(user=owner).select_related("organization").first().organization
    senior_sphere = Sphere.objects.filter(code__in=["16", "1"])

    # 1. An open call with the demo owner's draft offer.
    next_year = today.year + 1
    open_call = calls.create_call(municipality=koszalin, actor=officer, spheres=senior_sphere,
                                  **_call_fields(next_year, now, title=f"Aktywni seniorzy {next_year}",
                                                 number=f"2/{next_year}"))
    _publish(open_call, officer, today)
    draft = offers.start_offer(call=open_call, organization=own_organization, actor=owner)
    offers.save_draft(offer=draft, actor=owner, content=_content(
        draft, title="Seniorzy w ruchu", year=next_year, grant="12000.00", own="1000.00", in_kind="1850.00",
        instructor_hours=120))

    # 2. A decided call: offers submitted, deadline moved into the past, evaluated, results, contract, report.
    decided = calls.create_call(municipality=koszalin, actor=officer, spheres=senior_sphere,
                                **_call_fields(today.year, now, title=f"Sport i rekreacja seniorów {today.year}",
                                               number=f"1/{today.year}"))
    _publish(decided, officer, today)
    applicants = [own_organization] + list(address_base(koszalin).exclude(pk=own_organization.pk)[:2])
    submitted = []
    for index, organization in enumerate(applicants):
        member = Membership.objects.filter(organization=organization).select_related("user").first().user
        offer = offers.start_offer(call=decided, organization=organization, actor=member)
        offers.save_draft(offer=offer, actor=member, content=_content(
            offer, title=["Zdrowy senior", "Nordic walking nad morzem", "Taniec dla zdrowia"][index], year=today.year,
            # Costs: 100 (+20 per offer) instructor hours at 100 zł and 2,850 zł more; the rest is in kind.
            grant="10000.00", own="1500.00", in_kind=f"{1350 + 2000 * index}.00", instructor_hours=100 + 20 * index))
        submitted.append(offers.submit_offer(offer=offer, actor=member))
    Call.objects.filter(pk=decided.pk).update(deadline=now - timedelta(days=10),
                                              selection_by=(now + timedelta(days=5)).date())
    decided.refresh_from_db()
    for offer in submitted:
        evaluation.record_formal_check(offer=offer, actor=officer, results={
            requirement.pk: (True, "") for requirement in decided.formal_requirements.all()})
        evaluation.accept_formally(offer=offer, actor=officer, note="Oferta kompletna i złożona w terminie.")
    member = evaluation.appoint_member(call=decided, user=officer, role=CommitteeRole.OFFICIAL, actor=officer)
    evaluation.sign_declaration(member=member, actor=officer)
    criteria = list(decided.criteria.all())
    for rank, offer in enumerate(submitted):
        scores = {c.pk: (Decimal(max(c.max_points - rank, 0)), "Zgodnie z opisem w ofercie.") for c in criteria}
        evaluation.save_scores(member=member, offer=offer, actor=officer, scores=scores)
        evaluation.submit_sheet(member=member, offer=offer, actor=officer)
    awarded, *others = submitted
    evaluation.record_decision(
        call=decided, actor=officer, reference=f"Zarządzenie nr 45/{today.year} Prezydenta Miasta Koszalina",
        decided_on=today, awards={awarded.pk: awarded.requested_grant, **{o.pk: o.requested_grant for o in others[:1]},
                                  **{o.pk: None for o in others[1:]}},
        justifications={o.pk: "Oferta uzyskała zbyt mało punktów wobec dostępnych środków." for o in others[1:]},
    )
    evaluation.publish_results(call=decided, actor=officer, bip_on=today, board_on=today, website_on=today)

    awarded.refresh_from_db()
    contract = awards.prepare_contract(
        offer=awarded, actor=officer, number=f"SO.526.1.{today.year}", bank_account="61 1090 1014 0000 0712 1981 2874",
        tranches=[(today.year, awarded.awarded_amount, today)],
        municipality_represented_by="Oskar Pełnomocnik, pełnomocnik Prezydenta ds. współpracy z organizacjami",
        organization_represented_by="Wiktoria Właścicielska, prezes zarządu")
    contract = awards.sign_contract(contract=contract, actor=officer, signed_on=today)
    report = awards.start_report(contract=contract, actor=owner, kind=ReportKind.FINAL)
    del report  # the organization fills it in the demo

    # 3. Będzino: a small grant offer published for comments.
    bedzino_organizations = list(address_base(bedzino)[:1])
    if bedzino_organizations:
        organization = bedzino_organizations[0]
        author = Membership.objects.filter(organization=organization).select_related("user").first().user
        small_grants.record_grant_budget(municipality=bedzino, actor=other_officer, year=today.year,
                                         planned_grants=Decimal("200000.00"))
        start = today + timedelta(days=20)
        content = small_grants.build_content(organization=organization, data={
            "task_type": "Upowszechnianie kultury", "form": "support", "title": "Dożynki sołeckie w Będzinie",
            "start": start, "end": start + timedelta(days=30), "place": "Świetlica wiejska w Będzinie",
            "synopsis": "Festyn dożynkowy z warsztatami rękodzieła dla dzieci i seniorów.",
            "results": "Festyn dla 200 mieszkańców, 4 warsztaty", "paid_activity": "unpaid",
            "costs": [{"name": "Nagłośnienie", "category": "activity", "unit": "usługa", "quantity": "1",
                       "unit_cost": "2500.00"},
                      {"name": "Materiały na warsztaty", "category": "activity", "unit": "komplet", "quantity": "4",
                       "unit_cost": "375.00"}],
            "funding": {"grant": "3500.00", "own_financial": "200.00", "own_non_financial": "300.00",
                        "beneficiary_fees": "0.00"},
            "contact": {"name": "Halina Sołecka", "phone": "+48 600 300 400", "email": organization.email},
            "declarations": {**dict.fromkeys(DECLARATION_KEYS, True), **dict.fromkeys(ARREARS_KEYS, "none")},
        })
        offer = small_grants.create_small_grant(municipality=bedzino, organization=organization, actor=author,
                                                content=content)
        offer = small_grants.submit_small_grant(offer=offer, actor=author)
        small_grants.publish_small_grant(offer=offer, actor=other_officer)
    seed_features(municipalities, officers)


def seed_features(municipalities, officers) -> None:
    """Demo data of the features kept in their own packages (issue #7)."""
    from .bookings import demo as bookings_demo
    from .initiatives import demo as initiatives_demo
    from .partnerships import demo as partnerships_demo

    bookings_demo.seed(municipalities, officers)
    partnerships_demo.seed(municipalities, officers)
    initiatives_demo.seed(municipalities, officers)
