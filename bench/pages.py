"""Benchmark data for the public pages at the scale of issue #8, added to a database that bench/generate.py
and bench/consultations.py have filled; and a signed-in officer session for the officer lists.

    python bench/pages.py grants [--calls 500] [--offers 10000] [--big 500] [--seed 2026]
    python bench/pages.py lijw [--editions 200] [--answers 200000] [--seed 2026]
    python bench/pages.py session --slug bench-001      # prints "<cookie name>=<session key>"
    python bench/pages.py paths --slug bench-001        # the measured pages: "<name><TAB><path>" a line

grants: `--calls` open calls spread over the bench municipalities (five a municipality at 100), each with the
statutory criteria, an own criterion, two formal requirements, a required attachment and a sphere, as
grants.services.calls writes them; `--offers` submitted offers with version 1 of a complete, valid offer (the
2018 template: activities, costs, funding; the summary columns copied by grants.offer_content.summary, as
submit_offer does). The first call of the first municipality gets `--big` offers from organizations confirmed
in that municipality (more are linked, confirmed, as the officer would); it is decided and its results are
published, with a committee of three whose submitted score sheets give each offer an average. Of the other calls,
about two in five have published results (offers awarded or not, some rejected on formal grounds), one in five
is open (deadline ahead), the rest closed and under evaluation; a few are cancelled.

lijw: `--editions` self-assessment editions (two a municipality at 100) created, agreed and published through the
services (grants.services would take too long for the answers; those go in with bulk_create as in
bench/lijw.py), about `--answers` survey answers in all; every edition's note is published (its PDF is left
for the Celery worker: the page says it is being prepared).

Bypassing the services (and so the audit log) is for speed only; the rows are what the services write: valid
statuses and transitions' fields, numbers, versions, dates in order.
"""

import argparse
import os
import random
import sys
import time
from copy import deepcopy
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_scopes import scopes_disabled  # noqa: E402

from cooperation.enums import OrganizationLinkStatus  # noqa: E402
from cooperation.models import Municipality, Officer, Organization, OrganizationMunicipality, Sphere, User  # noqa: E402
from grants import offer_content  # noqa: E402
from grants.enums import (  # noqa: E402
    CallStatus,
    CommitteeRole,
    OfferKind,
    OfferStatus,
    StatutoryCriterion,
    TaskForm,
    VersionReason,
)
from grants.models import (  # noqa: E402
    Call,
    CommitteeMember,
    Criterion,
    FormalRequirement,
    Offer,
    OfferVersion,
    RequiredAttachment,
    Score,
    ScoreSheet,
)

BATCH = 2000
EMAIL_DOMAIN = "bench.example.pl"
STATUTORY_POINTS = {
    StatutoryCriterion.ABILITY: 10, StatutoryCriterion.COSTS: 10, StatutoryCriterion.QUALITY: 10,
    StatutoryCriterion.OWN_FUNDS: 5, StatutoryCriterion.IN_KIND: 5, StatutoryCriterion.PAST_PERFORMANCE: 5,
}
CALL_TOPICS = [
    ("Wspieranie aktywności seniorów", "Zajęcia aktywizujące dla seniorów", "Seniorzy w ruchu"),
    ("Upowszechnianie kultury fizycznej wśród dzieci i młodzieży", "Szkolenie sportowe dzieci", "Sportowe wakacje"),
    ("Kultura, sztuka, ochrona dóbr kultury i dziedzictwa narodowego", "Festyny i koncerty", "Lato z kulturą"),
    ("Przeciwdziałanie uzależnieniom i patologiom społecznym", "Zajęcia profilaktyczne", "Bezpieczne podwórko"),
    ("Ekologia i ochrona zwierząt", "Opieka nad zwierzętami bezdomnymi", "Zielone sołectwa"),
    ("Turystyka i krajoznawstwo", "Rajdy i wycieczki", "Szlakiem Pomorza"),
]
# A complete offer that passes every check of the 2018 template (as tests/grants/factories.VALID_CONTENT).
CONTENT = {
    "task_type": "",
    "offerors": [{"organization_id": None, "name": "", "legal_form": "association", "register": "",
                  "address": "", "correspondence_address": "", "website": "", "email": "", "phone": ""}],
    "contact": {"name": "Anna Nowak", "phone": "+48 600 100 200", "email": "anna@bench.example.pl"},
    "title": "", "start": "{year}-03-01", "end": "{year}-11-30",
    "synopsis": "Cotygodniowe zajęcia i warsztaty dla 40 mieszkańców z osiedla Przylesie.",
    "activities": [
        {"id": "a1", "year": "{year}", "name": "Zajęcia", "description": "Zajęcia dwa razy w tygodniu",
         "target_group": "Mieszkańcy", "period": "03-11.{year}", "subcontractor": ""},
        {"id": "a2", "year": "{year}", "name": "Warsztaty", "description": "Warsztaty tematyczne",
         "target_group": "Mieszkańcy", "period": "04-06.{year}", "subcontractor": ""},
    ],
    "results_description": {"products": "60 zajęć, 6 warsztatów", "change": "Większa aktywność uczestników",
                            "sustainability": "Grupa będzie spotykać się dalej"},
    "results": [{"name": "Liczba uczestników", "target": "40", "monitoring": "Listy obecności"}],
    "experience": "Od 2015 r. prowadzimy zajęcia dla mieszkańców.",
    "resources": "Sala, dwóch instruktorów, 5 wolontariuszy.",
    "costs": [
        {"id": "c1", "category": "activity", "activity_id": "a1", "name": "Wynagrodzenie instruktora",
         "unit": "godzina", "unit_cost": "100.00", "quantity": "{hours}", "years": {"{year}": "{c1}"}, "offeror": 0},
        {"id": "c2", "category": "activity", "activity_id": "a2", "name": "Materiały na warsztaty",
         "unit": "warsztat", "unit_cost": "250.00", "quantity": "6", "years": {"{year}": "1500.00"}, "offeror": 0},
        {"id": "c3", "category": "administrative", "activity_id": None, "name": "Obsługa księgowa",
         "unit": "miesiąc", "unit_cost": "150.00", "quantity": "9", "years": {"{year}": "1350.00"}, "offeror": 0},
    ],
    "funding": {"grant": "{grant}", "own_financial": "1000.00", "own_non_financial": "1850.00",
                "beneficiary_fees": "0.00"},
    "paid_activity": "unpaid", "joint_roles": "", "other_information": "",
    "declarations": {
        "only_statutory_activity": True, "fees_only_in_paid_activity": True, "no_tax_arrears": True,
        "no_social_insurance_arrears": True, "register_data_current": True, "information_true": True,
        "personal_data_consents": True,
    },
}


def _fill(value, values: dict):
    if isinstance(value, str):
        for name, replacement in values.items():
            value = value.replace("{" + name + "}", replacement)
        return value
    if isinstance(value, dict):
        return {_fill(k, values): _fill(v, values) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, values) for v in value]
    return value


def content_for(call: Call, organization: Organization, rng: random.Random) -> dict:
    """A valid offer: 80-200 instructor hours; the grant is the rest of the costs after the own contribution."""
    hours = rng.randint(80, 200)
    c1 = Decimal(hours * 100)
    total = c1 + Decimal("1500.00") + Decimal("1350.00")
    grant = total - Decimal("1000.00") - Decimal("1850.00")
    content = _fill(deepcopy(CONTENT), {"year": str(call.task_start_earliest.year), "hours": str(hours),
                                        "c1": f"{c1:.2f}", "grant": f"{grant:.2f}"})
    content["task_type"] = call.task_type
    content["title"] = f"{rng.choice(CALL_TOPICS)[2]} {organization.pk}"
    content["offerors"][0].update({
        "organization_id": organization.pk, "name": organization.name, "legal_form": organization.legal_form,
        "register": f"KRS {organization.krs}" if organization.krs else "",
        "address": f"{organization.street}, {organization.postal_code} {organization.city}",
        "email": organization.email, "phone": organization.phone,
    })
    return content


def database_name() -> str:
    return str(connection.settings_dict.get("NAME") or "")


def require_bench_database() -> None:
    if "bench" not in Path(database_name()).name:
        sys.exit(f"Refusing to write benchmark data into {database_name()!r}: its name must contain 'bench'.")


# --- grants ---------------------------------------------------------------------------------------------------


def call_row(municipality, k: int, rng: random.Random, now, kind: str, officer_id) -> Call:
    """Call number k of a municipality in the state `kind`: open, evaluation, results, cancelled."""
    topic = CALL_TOPICS[k % len(CALL_TOPICS)]
    if kind == "open":
        deadline = now + timedelta(days=rng.randint(3, 20))
    else:
        deadline = now - timedelta(days=rng.randint(20, 300))
    year = timezone.localtime(deadline).year + 1
    published_at = deadline - timedelta(days=rng.randint(25, 40))
    announced = timezone.localtime(published_at).date()
    call = Call(
        municipality=municipality, number=f"{k}/{year}", title=f"{topic[0]} w {year} roku", task_type=topic[1],
        form=TaskForm.SUPPORT, total_funds=Decimal(rng.choice([50_000, 100_000, 250_000, 2_000_000])),
        min_grant=Decimal("1000.00"), max_grant=Decimal("40000.00"), min_own_financial_percent=Decimal("5.00"),
        min_own_total_percent=Decimal("10.00"), admin_costs_cap_percent=Decimal("15.00"),
        task_start_earliest=date(year, 1, 1), task_end_latest=date(year, 12, 31),
        grant_rules_text="Dotacje przyznaje się na zasadach określonych w ustawie i programie współpracy.",
        task_conditions_text="Zadanie realizuje się na terenie gminy, z poszanowaniem zasady dostępności.",
        selection_text="Oferty ocenia komisja konkursowa według kryteriów art. 15 ust. 1 ustawy.",
        deadline=deadline, selection_by=timezone.localtime(deadline).date() + timedelta(days=30),
        published_bip_on=announced, published_board_on=announced, published_website_on=announced,
        status=CallStatus.PUBLISHED, published_at=published_at, contact_person="Pełnomocnik ds. NGO",
        contact_email=municipality.email or f"urzad@{EMAIL_DOMAIN}", created_by_id=officer_id,
    )
    if kind == "results":
        decided_on = timezone.localtime(deadline).date() + timedelta(days=rng.randint(5, 15))
        call.status = CallStatus.RESULTS_PUBLISHED
        call.decision_reference = f"Zarządzenie nr {k}/{year - 1} z dnia {decided_on:%d.%m.%Y}"
        call.decided_on = decided_on
        call.results_published_at = min(now, timezone.make_aware(
            datetime.combine(decided_on + timedelta(days=2), datetime.min.time())))
        call.results_bip_on = call.results_board_on = call.results_website_on = decided_on + timedelta(days=2)
    elif kind == "cancelled":
        call.status = CallStatus.CANCELLED
        call.cancelled_at = deadline - timedelta(days=3)
        call.cancellation_notice = "Konkurs unieważniono, ponieważ zmieniły się środki w budżecie gminy."
    return call


def call_parts(calls: list[Call], spheres: list[int]) -> None:
    through = Call.spheres.through
    criteria, requirements, attachments, sphere_rows = [], [], [], []
    for call in calls:
        for order, (code, points) in enumerate(STATUTORY_POINTS.items()):
            criteria.append(Criterion(call=call, order=order, statutory=code, name=code.label, max_points=points))
        criteria.append(Criterion(call=call, order=100, name="Zgodność z priorytetem programu współpracy",
                                  max_points=5, programme_priority="Aktywność mieszkańców"))
        requirements += [FormalRequirement(call=call, order=1, text="Oferta złożona w terminie"),
                         FormalRequirement(call=call, order=2, text="Oferta podpisana przez osoby upoważnione")]
        attachments.append(RequiredAttachment(call=call, order=1, name="Statut organizacji", mandatory=False))
        sphere_rows.append(through(call_id=call.pk, sphere_id=spheres[call.pk % len(spheres)]))
    Criterion.objects.bulk_create(criteria, batch_size=BATCH)
    FormalRequirement.objects.bulk_create(requirements, batch_size=BATCH)
    RequiredAttachment.objects.bulk_create(attachments, batch_size=BATCH)
    through.objects.bulk_create(sphere_rows, batch_size=BATCH)


def offer_status(call: Call, rng: random.Random) -> str:
    if call.status == CallStatus.PUBLISHED and call.deadline > timezone.now():
        return OfferStatus.SUBMITTED
    if call.status == CallStatus.RESULTS_PUBLISHED:
        roll = rng.random()
        return (OfferStatus.AWARDED if roll < 0.55 else OfferStatus.NOT_AWARDED if roll < 0.9
                else OfferStatus.FORMALLY_REJECTED)
    if call.status == CallStatus.CANCELLED:
        return OfferStatus.SUBMITTED
    roll = rng.random()  # closed, under evaluation
    return (OfferStatus.FORMALLY_ACCEPTED if roll < 0.6 else OfferStatus.SUBMITTED if roll < 0.85
            else OfferStatus.CORRECTION_REQUESTED if roll < 0.93 else OfferStatus.FORMALLY_REJECTED)


def offers_for(call: Call, organizations: list[Organization], rng: random.Random, count: int):
    """(offer, content) pairs; an organization offers once in a call; numbers <call number>/<n> in order of
    submission, as submit_offer hands them out."""
    chosen = rng.sample(organizations, min(count, len(organizations)))
    moments = sorted(call.published_at + (min(call.deadline, timezone.now()) - call.published_at) * rng.random()
                     for _ in chosen)
    rows = []
    for n, (organization, submitted_at) in enumerate(zip(chosen, moments, strict=True), start=1):
        content = content_for(call, organization, rng)
        status = offer_status(call, rng)
        offer = Offer(municipality_id=call.municipality_id, kind=OfferKind.OPEN_CALL, call=call,
                      organization=organization, status=status, number=f"{call.number}/{n}", draft={},
                      submitted_at=submitted_at, **offer_content.summary(content))
        if status == OfferStatus.FORMALLY_REJECTED:
            offer.formal_note = "Oferta niepodpisana przez osoby upoważnione do reprezentacji."
        elif status == OfferStatus.CORRECTION_REQUESTED:
            offer.correction_note = "Uzupełnij podpisy osób upoważnionych."
            offer.correction_due = timezone.now() + timedelta(days=7)
        elif status in (OfferStatus.AWARDED, OfferStatus.NOT_AWARDED):
            offer.decided_at = timezone.make_aware(datetime.combine(call.decided_on, datetime.min.time()))
            if status == OfferStatus.AWARDED:
                full = rng.random() < 0.5
                offer.awarded_amount = offer.requested_grant if full else (offer.requested_grant * Decimal("0.8")
                                                                            ).quantize(Decimal("0.01"))
                offer.decision_note = "" if full else "Dotacja niższa z powodu ograniczonych środków."
            else:
                offer.decision_note = "Oferta uzyskała zbyt mało punktów w stosunku do innych ofert."
        rows.append((offer, content))
    return rows


def committee_for(call: Call, offers: list[Offer], rng: random.Random, officer_id, nominator_id) -> int:
    """Two officials and an NGO nominee, declarations signed, a submitted sheet of each for every offer that
    went to the committee (all seven criteria scored). Returns the number of scores."""
    users = User.objects.bulk_create([
        User(email=f"komisja{call.pk}-{n}@{EMAIL_DOMAIN}", full_name=name, password="!bench-unusable")
        for n, name in enumerate(["Jan Komisyjny", "Ewa Oceniająca", "Piotr Społeczny"])])
    signed = call.deadline + timedelta(days=1)
    members = CommitteeMember.objects.bulk_create([
        CommitteeMember(call=call, user=users[0], role=CommitteeRole.OFFICIAL, is_chair=True,
                        declaration_signed_at=signed, declaration_text="Oświadczam, że nie pozostaję w konflikcie."),
        CommitteeMember(call=call, user=users[1], role=CommitteeRole.OFFICIAL, declaration_signed_at=signed,
                        declaration_text="Oświadczam, że nie pozostaję w konflikcie."),
        CommitteeMember(call=call, user=users[2], role=CommitteeRole.NGO_NOMINEE, nominated_by_id=nominator_id,
                        declaration_signed_at=signed, declaration_text="Oświadczam, że nie pozostaję w konflikcie."),
    ])
    criteria = list(Criterion.objects.filter(call=call))
    scored = [o for o in offers if o.status in (OfferStatus.AWARDED, OfferStatus.NOT_AWARDED)]
    sheets = ScoreSheet.objects.bulk_create(
        [ScoreSheet(member=m, offer=o, submitted_at=signed + timedelta(days=2), comment="")
         for o in scored for m in members], batch_size=BATCH)
    scores = [Score(sheet=s, criterion=c, points=Decimal(rng.randint(c.max_points // 2, c.max_points)))
              for s in sheets for c in criteria]
    Score.objects.bulk_create(scores, batch_size=5000)
    return len(scores)


def generate_grants(*, call_count: int, offer_count: int, big: int, seed: int) -> dict:
    rng = random.Random(seed)
    now = timezone.now()
    municipalities = list(Municipality.objects.filter(slug__startswith="bench-").order_by("slug"))
    if not municipalities:
        sys.exit("No bench municipality: run bench/generate.py first.")
    if Call.objects.exists():
        sys.exit(f"Database {database_name()!r} already holds calls: use a fresh bench database.")
    spheres = list(Sphere.objects.order_by("id").values_list("id", flat=True))
    officers = dict(Officer.objects.filter(is_ngo_officer=True).values_list("municipality_id", "user_id"))
    first = municipalities[0]
    # The big call needs `big` organizations allowed to apply: confirm more links to the first municipality.
    linked = set(OrganizationMunicipality.objects.filter(municipality=first).values_list("organization_id", flat=True))
    extra = [pk for pk in Organization.objects.order_by("id").values_list("id", flat=True) if pk not in linked]
    OrganizationMunicipality.objects.bulk_create(
        [OrganizationMunicipality(municipality=first, organization_id=pk, status=OrganizationLinkStatus.CONFIRMED,
                                  decided_by_id=officers.get(first.pk)) for pk in extra[:max(0, big + 50 - len(linked))]],
        batch_size=BATCH)
    confirmed: dict[int, list[Organization]] = {}
    for link in (OrganizationMunicipality.objects.filter(status=OrganizationLinkStatus.CONFIRMED)
                 .select_related("organization")):
        confirmed.setdefault(link.municipality_id, []).append(link.organization)

    per_municipality = max(1, call_count // len(municipalities))
    kinds = ["results", "open", "evaluation", "results", "evaluation"]
    calls = []
    for k in range(call_count):
        municipality = municipalities[k // per_municipality % len(municipalities)]
        number = k % per_municipality + 1
        kind = "results" if k == 0 else ("cancelled" if k % 41 == 7 else kinds[k % len(kinds)])
        calls.append(call_row(municipality, number, rng, now, kind, officers.get(municipality.pk)))
    for call in calls:
        call.full_clean(exclude=["municipality", "created_by"], validate_unique=False, validate_constraints=False)
    calls = Call.objects.bulk_create(calls, batch_size=BATCH)
    call_parts(calls, spheres)

    big_call, others = calls[0], calls[1:]
    pairs = offers_for(big_call, confirmed[first.pk], rng, big)
    remaining = max(0, offer_count - len(pairs))
    for i, call in enumerate(others):
        share = remaining // len(others) + (1 if i < remaining % len(others) else 0)
        pairs += offers_for(call, confirmed.get(call.municipality_id, []), rng, share)
    offers = Offer.objects.bulk_create([o for o, _c in pairs], batch_size=BATCH)
    OfferVersion.objects.bulk_create(
        [OfferVersion(offer=o, number=1, reason=VersionReason.SUBMISSION, content=c)
         for o, (_offer, c) in zip(offers, pairs, strict=True)], batch_size=1000)
    big_offers = [o for o in offers if o.call_id == big_call.pk]
    nominator = confirmed[first.pk][-1].pk
    scores = committee_for(big_call, big_offers, rng, officers.get(first.pk), nominator)
    return {
        "calls": len(calls), "calls_results": sum(c.status == CallStatus.RESULTS_PUBLISHED for c in calls),
        "calls_open": sum(c.status == CallStatus.PUBLISHED and c.deadline > now for c in calls),
        "offers": len(offers), "big_call_offers": len(big_offers), "big_call_scores": scores,
        "big_call_pk": big_call.pk, "big_call_slug": first.slug,
    }


# --- the self-assessment ----------------------------------------------------------------------------------------


def generate_lijw(*, edition_count: int, answer_count: int, seed: int) -> dict:
    import lijw  # bench/lijw.py: the same bulk answers and the same agreed summary as its benchmarks

    from self_assessment import services
    from self_assessment.enums import EditionStatus, QuestionKind
    from self_assessment.models import Answer, Edition, Question

    lijw.RNG.seed(seed)
    municipalities = list(Municipality.objects.filter(slug__startswith="bench-").order_by("slug"))
    if Edition.objects.exists():
        sys.exit(f"Database {database_name()!r} already holds editions: use a fresh bench database.")
    actor = lijw.actor()
    now = timezone.now()
    per_edition = answer_count // max(1, edition_count)
    published = 0
    for n in range(edition_count):
        municipality = municipalities[n % len(municipalities)]
        year = 2025 - n // len(municipalities)
        with transaction.atomic():
            edition = services.create_edition(
                municipality=municipality, actor=actor, title=f"Ocena współpracy {year}",
                period_start=date(year, 1, 1), period_end=date(year, 12, 31),
                survey_opens_at=now - timedelta(days=60 + 365 * (2025 - year)),
                survey_closes_at=now - timedelta(days=30 + 365 * (2025 - year)),
                meeting_at=now - timedelta(days=20 + 365 * (2025 - year)), meeting_place="Sala narad urzędu",
                moderator="Moderatorka zewnętrzna", language="pl")
            services.set_edition_status(edition=edition, actor=actor, status=EditionStatus.OPEN)
            services.set_edition_status(edition=edition, actor=actor, status=EditionStatus.CLOSED)
            # Answers a response gets in lijw.fill: every rated and yes/no question, one open question in 20.
            kinds = list(Question.objects.filter(edition=edition).values_list("kind", flat=True))
            per_response = sum(1 if kind in (QuestionKind.RATING, QuestionKind.YES_NO) else 0.05 for kind in kinds)
            lijw.fill(edition, responses=max(1, round(per_edition / max(1, per_response))), questions=0)
            lijw.agree(edition)
            services.publish_note(edition=edition, actor=actor)
            published += 1
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"editions": edition_count, "notes": published, "answers": Answer.objects.count(),
            "first_edition_pk": Edition.objects.filter(municipality=municipalities[0]).order_by("-period_end")
            .values_list("pk", flat=True).first()}


# --- the measured paths -----------------------------------------------------------------------------------------


def paths(slug: str) -> list[tuple[str, str]]:
    """(name, path) of each measured page, in measuring order (public pages, then the officer lists)."""
    from django.db.models import Count

    from consultations.enums import ConsultationStatus
    from consultations.models import Consultation
    from self_assessment.enums import EditionStatus
    from self_assessment.models import Edition

    municipality = Municipality.objects.get(slug=slug)
    consultations = (Consultation.objects.filter(municipality=municipality, status=ConsultationStatus.PUBLISHED)
                     .annotate(n=Count("comments")).order_by("-n", "pk"))
    big = consultations.first()
    # A typical consultation: closed (its comments and answers are public), the median number of comments.
    closed = list(consultations.filter(closes_at__lt=timezone.now()).exclude(pk=big.pk).order_by("n", "pk"))
    typical = closed[len(closed) // 2]
    call = Call.objects.filter(municipality=municipality).annotate(n=Count("offers")).order_by("-n", "pk").first()
    edition = (Edition.objects.filter(municipality=municipality, status=EditionStatus.PUBLISHED)
               .order_by("-period_end", "-pk").first())
    base = f"/jst/{slug}"
    return [
        ("home", "/"),
        ("municipality", f"{base}/"),
        ("consultation_list", f"{base}/konsultacje/"),
        (f"consultation_{typical.n}", f"{base}/konsultacje/{typical.pk}/"),
        (f"consultation_{big.n}", f"{base}/konsultacje/{big.pk}/"),
        ("call_list", f"{base}/dotacje/konkursy/"),
        ("call_search", "/dotacje/"),
        (f"call_results_{call.n}", f"{base}/dotacje/konkursy/{call.pk}/wyniki/"),
        ("results_list", "/dotacje/wyniki/"),
        ("note_archive", f"{base}/lijw/"),
        ("note", f"{base}/lijw/{edition.pk}/notatka/"),
        (f"officer_offers_{call.n}", f"{base}/dotacje/konkursy/panel/{call.pk}/ocena/"),
        (f"officer_comments_{big.n}", f"{base}/konsultacje/panel/{big.pk}/uwagi/"),
    ]


# --- an officer's session ---------------------------------------------------------------------------------------


def officer_session(slug: str) -> str:
    """An officer of `slug` with a TOTP authenticator (RequireMFAMiddleware lets them through) signed in, as
    allauth does after the two-factor step; returns "<cookie name>=<session key>" for the Cookie header."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP
    from django.test import Client

    officer = Officer.objects.select_related("user").filter(municipality__slug=slug, is_ngo_officer=True).first()
    if officer is None:
        sys.exit(f"No officer of {slug!r}.")
    user = officer.user
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, "JBSWY3DPEHPK3PXP")
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    session["account_authentication_methods"] = [{"method": "password", "at": time.time(), "email": user.email},
                                                 {"method": "mfa", "at": time.time(), "type": "totp"}]
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("which", choices=["grants", "lijw", "session", "paths"])
    parser.add_argument("--calls", type=int, default=500)
    parser.add_argument("--offers", type=int, default=10_000)
    parser.add_argument("--big", type=int, default=500, help="offers in the first call (default 500)")
    parser.add_argument("--editions", type=int, default=200)
    parser.add_argument("--answers", type=int, default=200_000)
    parser.add_argument("--slug", default="bench-001")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    require_bench_database()
    started = time.monotonic()
    with scopes_disabled():
        if args.which == "session":
            print(officer_session(args.slug))
            return 0
        if args.which == "paths":
            for name, path in paths(args.slug):
                print(f"{name}\t{path}")
            return 0
        if args.which == "grants":
            with transaction.atomic():
                counts = generate_grants(call_count=args.calls, offer_count=args.offers, big=args.big, seed=args.seed)
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        else:
            sys.path.insert(0, str(BENCH_DIR))
            counts = generate_lijw(edition_count=args.editions, answer_count=args.answers, seed=args.seed)
    print(", ".join(f"{key}={value}" for key, value in counts.items()) + f" in {time.monotonic() - started:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
