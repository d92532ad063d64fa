"""Every write and state change of the core app. Views, admin, imports, commands and tasks call these.

Shape: guard → mutate → full_clean() → save → audit entry → transaction.on_commit(...) for side effects.
"""

import hashlib
import re
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db import models, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_scopes import scope, scopes_disabled

from .caching import bump_public_version
from .enums import MembershipRole, OrganizationLinkStatus
from .exceptions import InvitationInvalid, LastAdministrator, LastOwner, TransitionNotAllowed
from .models import (
    AccessibilityDeclaration,
    AuditEntry,
    Invitation,
    Membership,
    Municipality,
    Officer,
    Organization,
    OrganizationMunicipality,
    Standard,
    StandardStatus,
    User,
)
from .validators import normalize_krs, normalize_nip, normalize_regon, validate_identifiers_unique

INVITATION_VALIDITY = timedelta(days=14)


# --- Audit --------------------------------------------------------------------------------------------


def record_audit(*, actor, action: str, target=None, municipality=None, data: dict | None = None) -> AuditEntry:
    """Append one entry to the audit log. `action` reads `<app>.<noun>.<past_tense>`."""
    if municipality is None and target is not None:
        municipality = getattr(target, "municipality", None) if hasattr(target, "municipality_id") else None
    entry = AuditEntry(
        municipality=municipality,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:300] if target is not None else "",
        data=data or {},
    )
    with scopes_disabled():
        entry.save()
    # Every write of the portal passes here: pages cached for anonymous visitors are stale after the commit.
    transaction.on_commit(bump_public_version)
    return entry


# --- Municipalities -----------------------------------------------------------------------------------


def create_municipality(*, actor, **fields) -> Municipality:
    municipality = Municipality(**fields)
    municipality.full_clean()
    municipality.save()
    record_audit(actor=actor, action="cooperation.municipality.created", target=municipality, municipality=municipality)
    return municipality


def add_officer(*, municipality: Municipality, user: User, actor, position: str = "", is_ngo_officer=False) -> Officer:
    officer, created = Officer.objects.get_or_create(
        municipality=municipality, user=user, defaults={"position": position, "is_ngo_officer": is_ngo_officer}
    )
    if created:
        record_audit(
            actor=actor, action="cooperation.officer.added", target=officer, municipality=municipality,
            data={"user": user.email},
        )
    return officer


# --- Organizations ------------------------------------------------------------------------------------


def _file_field_names(model) -> set[str]:
    return {f.name for f in model._meta.fields if isinstance(f, models.FileField)}


def _form_file_values(model, data: dict) -> dict:
    """File values as a ModelForm hands them over: None keeps the stored file, False clears it. Setting
    either on the model as such would store the file name "None" or "False"."""
    data = dict(data)
    for name in _file_field_names(model) & data.keys():
        if data[name] is None:
            del data[name]
        elif data[name] is False:
            data[name] = ""
    return data


def _normalize_identifiers(organization: Organization) -> None:
    """Normalise KRS/NIP/REGON and refuse ones another organization uses, with the error on the field."""
    organization.krs = normalize_krs(organization.krs) if organization.krs else ""
    organization.nip = normalize_nip(organization.nip) if organization.nip else ""
    organization.regon = normalize_regon(organization.regon) if organization.regon else ""
    validate_identifiers_unique(
        krs=organization.krs, nip=organization.nip, regon=organization.regon, exclude_pk=organization.pk
    )


@transaction.atomic
def register_organization(*, actor: User, data: dict, spheres=(), municipalities=()) -> Organization:
    """A user registers an organization and becomes its owner; the organization asks each chosen
    municipality to confirm that it works there."""
    organization = Organization(**data)
    _normalize_identifiers(organization)
    organization.full_clean()
    organization.save()
    organization.spheres.set(spheres)
    Membership.objects.create(organization=organization, user=actor, role=MembershipRole.OWNER)
    record_audit(actor=actor, action="cooperation.organization.registered", target=organization)
    for municipality in municipalities:
        request_municipality_link(organization=organization, municipality=municipality, actor=actor)
    return organization


@transaction.atomic
def update_organization(*, organization: Organization, actor: User, data: dict, spheres=None) -> Organization:
    data = _form_file_values(Organization, data)
    file_fields = _file_field_names(Organization)

    def differs(key, value) -> bool:
        current = getattr(organization, key)
        if key in file_fields:
            return (current.name or "") != (getattr(value, "name", value) or "")
        return current != value

    changed = sorted(k for k, v in data.items() if differs(k, v))
    for key, value in data.items():
        setattr(organization, key, value)
    _normalize_identifiers(organization)
    organization.full_clean()
    organization.save()
    if spheres is not None:
        organization.spheres.set(spheres)
    record_audit(actor=actor, action="cooperation.organization.updated", target=organization, data={"fields": changed})
    return organization


def request_municipality_link(*, organization: Organization, municipality: Municipality, actor) -> OrganizationMunicipality:
    """The organization states that it works in a municipality; an officer confirms it later."""
    with scopes_disabled():
        link, created = OrganizationMunicipality.objects.get_or_create(organization=organization, municipality=municipality)
        if not created and link.status == OrganizationLinkStatus.REJECTED:
            link.status = OrganizationLinkStatus.PENDING
            link.decided_at = None
            link.decided_by = None
            link.decision_note = ""
            link.save(update_fields=["status", "decided_at", "decided_by", "decision_note"])
            created = True
    if created:
        record_audit(
            actor=actor, action="cooperation.organization_link.requested", target=link, municipality=municipality,
            data={"organization": organization.name},
        )
        transaction.on_commit(lambda: _notify_officers_of_request(link.pk))
    return link


def _notify_officers_of_request(link_id: int) -> None:
    with scopes_disabled():
        link = OrganizationMunicipality.objects.select_related("organization", "municipality").get(pk=link_id)
        recipients = list(
            Officer.objects.filter(municipality=link.municipality, user__is_active=True).values_list("user__email", flat=True)
        )
    if not recipients:
        return
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string("cooperation/email/link_requested.txt", {"link": link, "site": settings.PORTAL_NAME})
        send_mail(
            _("New organization awaits confirmation: %(name)s") % {"name": link.organization.name},
            body, None, recipients,
        )


@transaction.atomic
def set_organization_link_status(
    *, link: OrganizationMunicipality, actor: User, status: str, note: str = ""
) -> OrganizationMunicipality:
    """The one place where a link's status changes. Re-reads the row under a lock, so a double click
    gets a clear error instead of a second decision."""
    allowed = {
        OrganizationLinkStatus.PENDING: {OrganizationLinkStatus.CONFIRMED, OrganizationLinkStatus.REJECTED},
        OrganizationLinkStatus.CONFIRMED: {OrganizationLinkStatus.REJECTED},
        OrganizationLinkStatus.REJECTED: {OrganizationLinkStatus.CONFIRMED},
    }
    with scope(municipality=link.municipality_id):
        current = OrganizationMunicipality.objects.select_for_update().select_related("organization").get(pk=link.pk)
        if status not in allowed[current.status]:
            raise TransitionNotAllowed(
                _("This organization is already marked as “%(status)s”.") % {"status": current.get_status_display()}
            )
        current.status = status
        current.decided_at = timezone.now()
        current.decided_by = actor
        current.decision_note = note
        current.full_clean()
        current.save()
    action = {
        OrganizationLinkStatus.CONFIRMED: "cooperation.organization_link.confirmed",
        OrganizationLinkStatus.REJECTED: "cooperation.organization_link.rejected",
    }[status]
    record_audit(
        actor=actor, action=action, target=current, municipality=current.municipality,
        data={"organization": current.organization.name, "note": note},
    )
    return current


# --- Members and invitations --------------------------------------------------------------------------


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def invite_member(*, organization: Organization, email: str, role: str, actor: User) -> tuple[Invitation, str]:
    """Create an invitation and e-mail its one-time link. Returns the invitation and the raw token
    (the token is stored only as a hash)."""
    email = email.strip().lower()
    if organization.memberships.filter(user__email__iexact=email).exists():
        raise TransitionNotAllowed(_("This person is already a member of the organization."))
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        organization=organization, email=email, role=role, token_hash=_hash_token(token), invited_by=actor,
        expires_at=timezone.now() + INVITATION_VALIDITY,
    )
    invitation.full_clean()
    invitation.save()
    record_audit(actor=actor, action="cooperation.invitation.sent", target=organization, data={"email": email, "role": role})
    transaction.on_commit(lambda: _send_invitation(invitation.pk, token))
    return invitation, token


def _send_invitation(invitation_id: int, token: str) -> None:
    invitation = Invitation.objects.select_related("organization", "invited_by").get(pk=invitation_id)
    path = reverse("cooperation:invitation_accept", kwargs={"token": token})
    url = f"{settings.PORTAL_BASE_URL}{path}"
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string("cooperation/email/invitation.txt", {"invitation": invitation, "url": url})
        send_mail(
            _("Invitation to %(organization)s on Współpraca") % {"organization": invitation.organization.name},
            body, None, [invitation.email],
        )


def find_invitation(token: str) -> Invitation:
    invitation = Invitation.objects.select_related("organization").filter(token_hash=_hash_token(token)).first()
    if invitation is None or invitation.accepted_at or invitation.expires_at < timezone.now():
        raise InvitationInvalid()
    return invitation


@transaction.atomic
def accept_invitation(*, token: str, user: User) -> Membership:
    """The invited person, logged in with the verified address the invitation was sent to, joins."""
    from allauth.account.models import EmailAddress

    invitation = find_invitation(token)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at:
        raise InvitationInvalid()
    if not EmailAddress.objects.filter(user=user, email__iexact=invitation.email, verified=True).exists():
        raise InvitationInvalid(
            _("This invitation was sent to %(email)s. Log in with that verified address to accept it.")
            % {"email": invitation.email}
        )
    membership, _created = Membership.objects.get_or_create(
        organization=invitation.organization, user=user, defaults={"role": invitation.role}
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    record_audit(actor=user, action="cooperation.membership.created", target=invitation.organization,
                 data={"role": membership.role})
    return membership


@transaction.atomic
def remove_member(*, membership: Membership, actor: User) -> None:
    """Refused for the organization's last owner. The organization's row is locked first (as delete_account
    does), so two owners removing each other at the same moment cannot leave it without one."""
    organization = Organization.objects.select_for_update().get(pk=membership.organization_id)
    membership = Membership.objects.filter(pk=membership.pk).select_related("user").first()
    if membership is None:
        return  # removed meanwhile by someone else
    if (
        membership.role == MembershipRole.OWNER
        and organization.memberships.filter(role=MembershipRole.OWNER).count() <= 1
    ):
        raise LastOwner()
    membership.delete()
    record_audit(actor=actor, action="cooperation.membership.removed", target=organization,
                 data={"user": membership.user.email})


# --- Standards tracker and declaration ----------------------------------------------------------------


@transaction.atomic
def set_standard_status(*, municipality: Municipality, standard: Standard, actor: User, **fields) -> StandardStatus:
    """Create or update the municipality's one status row for a standard. Runs in the municipality's scope,
    so it works the same from a view of that municipality, a command or a task."""
    fields = _form_file_values(StandardStatus, fields)
    with scope(municipality=municipality):
        status = StandardStatus.objects.select_for_update().filter(standard=standard).first()
        before = status.status if status is not None else None
        if status is None:
            status = StandardStatus(municipality=municipality, standard=standard)
        for key, value in fields.items():
            setattr(status, key, value)
        status.updated_by = actor
        status.full_clean()
        status.save()
    record_audit(
        actor=actor, action="cooperation.standard_status.updated", target=status, municipality=municipality,
        data={"standard": standard.code, "from": before, "to": status.status},
    )
    return status


@transaction.atomic
def save_accessibility_declaration(*, municipality: Municipality, actor, **fields) -> AccessibilityDeclaration:
    with scope(municipality=municipality):
        declaration = AccessibilityDeclaration.objects.select_for_update().first()
        if declaration is None:
            declaration = AccessibilityDeclaration(municipality=municipality)
        for key, value in fields.items():
            setattr(declaration, key, value)
        declaration.full_clean()
        declaration.save()
    record_audit(actor=actor, action="cooperation.accessibility_declaration.saved", target=declaration,
                 municipality=municipality)
    return declaration


# --- Personal data ------------------------------------------------------------------------------------


def _person_content_type_ids() -> set[int]:
    """Models whose text representation names a person (`str(officer)` is "Jan Kowalski (Gmina X)")."""
    return {ct.pk for ct in ContentType.objects.get_for_models(User, Officer, Membership, Invitation).values()}


def _events():
    from . import events  # events.py records audit entries through this module

    return events


def export_user_data(user: User) -> dict:
    """Everything the portal holds about a person, for "download my data". Only their own data: audit
    entries are listed without their `data` (which may name other people) and without the name of a target
    that is another person."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    person_types = _person_content_type_ids()
    addresses = list(EmailAddress.objects.filter(user=user).order_by("-primary", "email"))
    own_emails = {user.email.lower(), *(a.email.lower() for a in addresses)}
    with scopes_disabled():
        audit = list(
            AuditEntry.objects.filter(actor=user).select_related("municipality", "target_type").order_by("created_at", "id")
        )
    pending_invitations = (
        Invitation.objects.filter(email__in=own_emails, accepted_at__isnull=True, expires_at__gt=timezone.now())
        .select_related("organization")
        .order_by("created_at")
    )
    return {
        "account": {
            "email": user.email,
            "full_name": user.full_name,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        "email_addresses": [{"email": a.email, "verified": a.verified, "primary": a.primary} for a in addresses],
        # Which methods, never the secrets or recovery codes.
        "two_factor_methods": sorted(Authenticator.objects.filter(user=user).values_list("type", flat=True)),
        "organizations": [
            {"organization": m.organization.name, "role": m.role, "since": m.created_at.isoformat()}
            for m in user.memberships.select_related("organization").order_by("organization__name")
        ],
        "officer_roles": [
            {
                "municipality": o.municipality.name,
                "position": o.position,
                "is_ngo_officer": o.is_ngo_officer,
                "since": o.created_at.isoformat(),
            }
            for o in user.officer_roles.select_related("municipality").order_by("municipality__name")
        ],
        "pending_invitations": [
            {"organization": i.organization.name, "email": i.email, "role": i.role, "expires_at": i.expires_at.isoformat()}
            for i in pending_invitations
        ],
        "event_registrations": _events().personal_data(user),
        "activity": [
            {
                "at": a.created_at.isoformat(),
                "action": a.action,
                "municipality": a.municipality.name if a.municipality_id else None,
                "target_type": a.target_type.model if a.target_type_id else None,
                "target": "" if a.target_type_id in person_types else a.target_repr,
            }
            for a in audit
        ],
    }


def _scrub(value, needles: list[str], replacement: str):
    """Replace every occurrence of the needles (case-insensitive) inside strings of a JSON-like value."""
    if isinstance(value, str):
        for needle in needles:
            value = re.sub(re.escape(needle), replacement, value, flags=re.IGNORECASE)
        return value
    if isinstance(value, list):
        return [_scrub(v, needles, replacement) for v in value]
    if isinstance(value, dict):
        return {k: _scrub(v, needles, replacement) for k, v in value.items()}
    return value


@transaction.atomic
def delete_account(*, user: User) -> None:
    """Anonymise the person. What they published under an organization's name stays (it belongs to the
    organization); an organization they were the only owner of passes to its longest-serving member; officer
    roles end; the portal's last administrator cannot delete their account; the audit log keeps its entries but no longer names them (their addresses and name are
    replaced in the entries' text and data)."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    if user.anonymized_at is not None:
        return
    if user.is_superuser and not User.objects.filter(is_superuser=True, is_active=True, anonymized_at__isnull=True)\
            .exclude(pk=user.pk).exists():
        raise LastAdministrator()
    anonymous = f"deleted-{user.pk}@invalid.invalid"
    addresses = sorted(
        {user.email.lower(), *(e.lower() for e in EmailAddress.objects.filter(user=user).values_list("email", flat=True))}
    )

    for membership in user.memberships.select_related("organization").order_by("pk"):
        organization = Organization.objects.select_for_update().get(pk=membership.organization_id)
        others = organization.memberships.exclude(user=user)
        if membership.role == MembershipRole.OWNER and not others.filter(role=MembershipRole.OWNER).exists():
            heir = others.select_related("user").order_by("created_at", "pk").first()
            if heir is not None:
                heir.role = MembershipRole.OWNER
                heir.save(update_fields=["role"])
                record_audit(actor=None, action="cooperation.membership.promoted", target=organization,
                             data={"user": heir.user.email, "role": MembershipRole.OWNER, "reason": "owner_deleted"})
        record_audit(actor=None, action="cooperation.membership.removed", target=organization,
                     data={"reason": "account_deleted"})
    for officer in user.officer_roles.select_related("municipality"):
        record_audit(actor=None, action="cooperation.officer.removed", municipality=officer.municipality,
                     data={"reason": "account_deleted"})
    record_audit(actor=None, action="cooperation.user.anonymised", data={"user_id": user.pk})

    # Registrations for events still to come are cancelled (places go to the waiting list) and every stated
    # accessibility need (possibly health data) is erased.
    _events().forget_person(user=user)
    user.memberships.all().delete()
    user.officer_roles.all().delete()
    Invitation.objects.filter(email__in=addresses, accepted_at__isnull=True).delete()
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()

    # The audit log keeps who did what, but no longer names the person.
    person_types = _person_content_type_ids()
    matches = Q()
    for address in addresses:
        matches |= Q(target_repr__icontains=address) | Q(data__icontains=address)
    if user.full_name:
        matches |= Q(target_repr__icontains=user.full_name, target_type_id__in=person_types)
    with scopes_disabled():
        for entry in AuditEntry.objects.filter(matches):
            needles = addresses + ([user.full_name] if entry.target_type_id in person_types and user.full_name else [])
            entry.target_repr = _scrub(entry.target_repr, needles, anonymous)[:300]
            entry.data = _scrub(entry.data, addresses, anonymous)
            entry.save(update_fields=["target_repr", "data"])

    user.email = anonymous
    user.full_name = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.set_unusable_password()
    user.anonymized_at = timezone.now()
    user.save()
