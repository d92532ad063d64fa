"""Every write and state change of the core app. Views, admin, imports, commands and tasks call these.

Shape: guard → mutate → full_clean() → save → audit entry → transaction.on_commit(...) for side effects.
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from .enums import MembershipRole, OrganizationLinkStatus
from .exceptions import InvitationInvalid, LastOwner, TransitionNotAllowed
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
from .validators import normalize_krs, normalize_nip, normalize_regon

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


def _normalize_identifiers(organization: Organization) -> None:
    organization.krs = normalize_krs(organization.krs) if organization.krs else ""
    organization.nip = normalize_nip(organization.nip) if organization.nip else ""
    organization.regon = normalize_regon(organization.regon) if organization.regon else ""


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
    changed = sorted(k for k, v in data.items() if getattr(organization, k) != v)
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
            link.save(update_fields=["status", "decided_at", "decided_by"])
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
    with scopes_disabled():
        current = OrganizationMunicipality.objects.select_for_update().get(pk=link.pk)
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
    organization = membership.organization
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
    status, _created = StandardStatus.objects.get_or_create(municipality=municipality, standard=standard)
    before = status.status
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
    declaration = AccessibilityDeclaration.objects.filter(municipality=municipality).first()
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


def export_user_data(user: User) -> dict:
    """Everything the portal holds about a person, for "download my data"."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    with scopes_disabled():
        audit = list(
            AuditEntry.objects.filter(actor=user).order_by("created_at").values("created_at", "action", "target_repr")
        )
    return {
        "account": {
            "email": user.email,
            "full_name": user.full_name,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        "email_addresses": [
            {"email": e.email, "verified": e.verified, "primary": e.primary}
            for e in EmailAddress.objects.filter(user=user)
        ],
        "two_factor_methods": list(Authenticator.objects.filter(user=user).values_list("type", flat=True)),
        "organizations": [
            {"organization": m.organization.name, "role": m.role, "since": m.created_at.isoformat()}
            for m in user.memberships.select_related("organization")
        ],
        "officer_roles": [
            {"municipality": o.municipality.name, "position": o.position, "since": o.created_at.isoformat()}
            for o in user.officer_roles.select_related("municipality")
        ],
        "activity": [
            {"at": a["created_at"].isoformat(), "action": a["action"], "target": a["target_repr"]} for a in audit
        ],
    }


@transaction.atomic
def delete_account(*, user: User) -> None:
    """Anonymise the person. What they published under an organization's name stays (it belongs to the
    organization); the audit log keeps the entry but no longer names them."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    for membership in user.memberships.select_related("organization"):
        organization = membership.organization
        others = organization.memberships.exclude(user=user)
        if membership.role == MembershipRole.OWNER and not others.filter(role=MembershipRole.OWNER).exists():
            heir = others.order_by("created_at").first()
            if heir is not None:
                heir.role = MembershipRole.OWNER
                heir.save(update_fields=["role"])
    record_audit(actor=None, action="cooperation.user.anonymised", data={"user_id": user.pk})
    user.memberships.all().delete()
    user.officer_roles.all().delete()
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    Invitation.objects.filter(email__iexact=user.email, accepted_at__isnull=True).delete()
    user.email = f"deleted-{user.pk}@invalid.invalid"
    user.full_name = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.set_unusable_password()
    user.anonymized_at = timezone.now()
    user.save()
