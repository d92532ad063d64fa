"""Demo data for meetings and trainings, called by `seed_demo` as `seed(municipalities, officers)`: in Koszalin the
yearly sector meeting next month with registrations (one with accessibility needs), a full workshop with a waiting
list, and a training two months ago with its attendance recorded and a public material, so the standards tracker
shows it as evidence for P3.A2.T2.S1. Every write goes through cooperation.events."""

from datetime import datetime, time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from . import events
from .models import EventAttendance, EventKind, Membership, User


def _at(days: int, hour: int) -> datetime:
    """`hour` o'clock Polish time, `days` from today (moved on to Monday from a weekend)."""
    day = timezone.localdate() + timedelta(days=days)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _programme_pdf(title: str, lines: list[str]) -> bytes:
    from weasyprint import HTML

    items = "".join(f"<li>{line}</li>" for line in lines)
    html = (f'<html lang="pl"><head><meta charset="utf-8"><title>{title}</title></head>'
            f"<body><h1>{title}</h1><ol>{items}</ol></body></html>")
    return HTML(string=html).write_pdf()


def _demo_people() -> tuple[User, User, User, list[User]]:
    owner = User.objects.get(email="ngo.wlasciciel@wspolpraca.test")
    editor = User.objects.get(email="ngo.redaktor@wspolpraca.test")
    resident = User.objects.get(email="mieszkaniec@wspolpraca.test")
    contacts = list(User.objects.filter(email__endswith="@ngo.example.pl").order_by("email")[:8])
    return owner, editor, resident, contacts


def _organization_of(user: User):
    membership = Membership.objects.filter(user=user).select_related("organization").order_by("pk").first()
    return membership.organization if membership else None


def seed(municipalities, officers) -> None:
    koszalin, officer = municipalities[0], officers[0]
    owner, editor, resident, contacts = _demo_people()
    contact = {"contact_person": officer.full_name or "Pełnomocnik", "contact_email": koszalin.email or officer.email,
               "contact_phone": koszalin.phone}

    # The yearly formal meeting with NGOs (P3.A2.T1), next month.
    start = _at(30, 10)
    meeting = events.create_event(
        municipality=koszalin, actor=officer, kind=EventKind.SECTOR_MEETING,
        title=f"Roczne spotkanie z organizacjami pozarządowymi {start.year}",
        description=("Podsumowanie współpracy Miasta z organizacjami w mijającym roku, omówienie projektu programu "
                     "współpracy na kolejny rok oraz sesja o przeciwdziałaniu dyskryminacji i równym dostępie do "
                     "zadań publicznych.\n\nProgram: 10:00 powitanie, 10:15 podsumowanie roku, 11:00 program "
                     "współpracy, 12:00 przerwa, 12:30 warsztat o równości szans, 13:30 wolne wnioski."),
        starts_at=start, ends_at=start + timedelta(hours=4),
        place="Ratusz, ul. Rynek Staromiejski 6-7, Sala Rady Miejskiej", capacity=60,
        registration_closes_at=start - timedelta(days=2), step_free_access=True, induction_loop=True,
        sign_language_on_request=True,
        accessibility_notes="Miejsca parkingowe dla osób z niepełnosprawnościami przy wejściu od ul. Zwycięstwa.",
        **contact,
    )
    events.publish_event(event=meeting, actor=officer)
    events.register_for_event(event=meeting, user=owner, organization=_organization_of(owner))
    events.register_for_event(event=meeting, user=editor, organization=_organization_of(editor),
                              needs="Poruszam się na wózku: proszę o miejsce przy wejściu.")
    events.register_for_event(event=meeting, user=resident)
    for person in contacts[:5]:
        events.register_for_event(event=meeting, user=person, organization=_organization_of(person))
    events.add_material(
        event=meeting, actor=officer, title="Program spotkania", is_public=True,
        upload=SimpleUploadedFile("program-spotkania.pdf", _programme_pdf(
            meeting.title, ["Podsumowanie roku", "Program współpracy", "Warsztat o równości szans",
                            "Wolne wnioski"])),
    )

    # A small workshop, full, with a waiting list (P3.A2.T2).
    start = _at(12, 16)
    workshop = events.create_event(
        municipality=koszalin, actor=officer, kind=EventKind.NGO_TRAINING,
        title="Warsztaty: jak przygotować ofertę w otwartym konkursie",
        description="Praca na przykładach ofert z ubiegłego roku: kosztorys, rezultaty, wkład własny.",
        starts_at=start, ends_at=start + timedelta(hours=3), place="Centrum Organizacji Pozarządowych, sala 2",
        capacity=4, step_free_access=True, **contact,
    )
    events.publish_event(event=workshop, actor=officer)
    for person in [*contacts[3:8], resident]:
        events.register_for_event(event=workshop, user=person, organization=_organization_of(person))

    # A training two months ago, held: attendance recorded and a public material (evidence on the tracker).
    start = _at(-60, 10)
    training = events.create_event(
        municipality=koszalin, actor=officer, kind=EventKind.NGO_TRAINING,
        title="Szkolenie: rola rady działalności pożytku publicznego i federacji organizacji",
        description="Jak działają ciała dialogu obywatelskiego, jak zgłosić kandydata do rady i jak działają "
                    "federacje organizacji pozarządowych.",
        starts_at=_at(20, 10), ends_at=_at(20, 14), place="Ratusz, sala 12", capacity=25, step_free_access=True,
        **contact,
    )
    events.publish_event(event=training, actor=officer)
    registrations = [events.register_for_event(event=training, user=person, organization=_organization_of(person))
                     for person in [owner, *contacts[:6]]]
    # The training took place two months ago: the officer records its real dates, then the attendance.
    events.update_event(event=training, actor=officer, starts_at=start, ends_at=start + timedelta(hours=4),
                        registration_closes_at=start)
    events.record_attendance(event=training, actor=officer, statuses={
        registration.pk: EventAttendance.ABSENT if index == 2 else EventAttendance.PRESENT
        for index, registration in enumerate(registrations)
    })
    events.add_material(
        event=training, actor=officer, title="Prezentacja ze szkolenia", is_public=True,
        upload=SimpleUploadedFile("prezentacja-rdpp.pdf", _programme_pdf(
            training.title, ["Rada działalności pożytku publicznego: skład i kadencja",
                             "Opiniowanie projektów", "Federacje organizacji pozarządowych"])),
    )
