"""Every write of partnerships (P2.A3.T1 project partnerships, P3.A3 local partnerships).

The procedure the portal keeps: the officer prepares the partnership as a draft (name, kind, goals, dates,
area), adds the partners — the municipality, NGOs (those on the portal must be confirmed in the municipality),
businesses, public institutions — and their representatives (the municipality's appointed by the executive's
order, the NGOs' selected by the NGOs), records the agreement (signed date, PDF, the rules for assessing the
partners' engagement) and activates it, which publishes it. While it is active the partners plan and carry out
actions; members of a partner NGO record their own organization's actions. Every year the officer or the
coordinator (members of the leading NGO) assess each partner's engagement 1–5 by the agreement's rules; the
yearly average per partner is published with the results. Ending the partnership keeps it public.

Writes follow the app's rule: guard → mutate → full_clean → save → audit. The two status fields (the
partnership's and an action's) change only in `set_partnership_status` and `set_action_status`, which lock the
row and re-check the current state."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cooperation.models import Municipality, Organization, User
from cooperation.selectors import address_base, officer_municipality_ids, organization_ids_of
from cooperation.services import record_audit
from cooperation.uploads import check_document

from ..exceptions import NotAllowed, TransitionNotAllowed
from .enums import ActionStatus, Appointment, PartnerKind, PartnerRole, PartnershipStatus
from .models import Action, EngagementAssessment, Partner, Partnership, Representative

AUDIT_LABELS: dict = {
    "grants.partnership.created": gettext_lazy("partnership created"),
    "grants.partnership.updated": gettext_lazy("partnership changed"),
    "grants.partnership.activated": gettext_lazy("partnership activated and published"),
    "grants.partnership.ended": gettext_lazy("partnership ended"),
    "grants.partnership.results_updated": gettext_lazy("results of a partnership updated"),
    "grants.partner.added": gettext_lazy("partner joined a partnership"),
    "grants.partner.left": gettext_lazy("partner left a partnership"),
    "grants.partner.updated": gettext_lazy("partner's details in a partnership corrected"),
    "grants.representative.added": gettext_lazy("representative in a partnership recorded"),
    "grants.representative.updated": gettext_lazy("representative in a partnership corrected"),
    "grants.partnership_action.added": gettext_lazy("action of a partnership added"),
    "grants.partnership_action.status_changed": gettext_lazy("status of a partnership's action changed"),
    "grants.engagement_assessment.recorded": gettext_lazy("partner's engagement assessed"),
}

PARTNERSHIP_FIELDS = ("kind", "name", "goals", "description", "area", "starts_on", "ends_on", "agreement_signed_on",
                      "assessment_rules")
P = PartnershipStatus
PARTNERSHIP_TRANSITIONS: dict[str, set[str]] = {P.DRAFT: {P.ACTIVE}, P.ACTIVE: {P.ENDED}, P.ENDED: set()}
A = ActionStatus
ACTION_TRANSITIONS: dict[str, set[str]] = {A.PLANNED: {A.DONE}, A.DONE: {A.PLANNED}}
MIN_SCORE, MAX_SCORE = 1, 5


# --- Who may do what (the services check it too: views are not the only callers) ----------------------------


def is_manager(user, municipality_id: int) -> bool:
    """The municipality's officers and the platform's administrators."""
    return bool(user and user.is_authenticated and (user.is_superuser or municipality_id in officer_municipality_ids(user)))


def partner_of(user, partnership: Partnership) -> list[Partner]:
    """The current (not left) NGO partners whose organization the user belongs to."""
    ids = organization_ids_of(user)
    if not ids:
        return []
    return list(Partner.objects.filter(partnership=partnership, organization_id__in=ids, left_on__isnull=True))


def is_coordinator(user, partnership: Partnership) -> bool:
    """A member of the organization leading the partnership."""
    return any(partner.role == PartnerRole.LEADER for partner in partner_of(user, partnership))


def _lock(partnership: Partnership) -> Partnership:
    return Partnership.objects.select_for_update().get(pk=partnership.pk)


def _refresh(target, locked) -> None:
    target.__dict__.update({k: v for k, v in locked.__dict__.items() if not k.startswith("_")})


def _guard_manager(actor, municipality_id: int) -> None:
    if not is_manager(actor, municipality_id):
        raise NotAllowed(_("Only the municipality's officers may do this."))


def _guard_not_ended(partnership: Partnership) -> None:
    if partnership.status == PartnershipStatus.ENDED:
        raise TransitionNotAllowed(_("The partnership has ended: it no longer changes."))


# --- The partnership ------------------------------------------------------------------------------------------


def _check_agreement(upload) -> None:
    if upload is None:
        return
    try:
        kind = check_document(upload)
    except ValidationError as error:
        raise ValidationError({"agreement_file": error.messages}) from error
    if kind != "application/pdf":
        raise ValidationError({"agreement_file": _("Upload the agreement as a PDF file.")})


@transaction.atomic
def create_partnership(*, municipality: Municipality, actor: User, agreement_file=None, **fields) -> Partnership:
    """A draft partnership: only the municipality's officers see it until it is activated."""
    _guard_manager(actor, municipality.pk)
    unknown = set(fields) - set(PARTNERSHIP_FIELDS)
    if unknown:
        raise TypeError(f"create_partnership() got unexpected fields {sorted(unknown)}")
    _check_agreement(agreement_file)
    partnership = Partnership(municipality=municipality, status=PartnershipStatus.DRAFT, created_by=actor, **fields)
    partnership.full_clean(exclude=["created_by"])
    partnership.save()
    if agreement_file is not None:
        partnership.agreement_file.save(f"umowa-partnerstwa-{partnership.pk}.pdf", agreement_file, save=True)
    record_audit(actor=actor, action="grants.partnership.created", target=partnership, municipality=municipality,
                 data={"kind": partnership.kind})
    return partnership


@transaction.atomic
def update_partnership(*, partnership: Partnership, actor: User, agreement_file=None, **fields) -> Partnership:
    """The officer changes a draft or an active partnership (an ended one is a record)."""
    _guard_manager(actor, partnership.municipality_id)
    unknown = set(fields) - set(PARTNERSHIP_FIELDS)
    if unknown:
        raise TypeError(f"update_partnership() got unexpected fields {sorted(unknown)}")
    locked = _lock(partnership)
    _guard_not_ended(locked)
    _check_agreement(agreement_file)
    changed = [name for name, value in fields.items() if getattr(locked, name) != value]
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.full_clean(exclude=["created_by"])
    locked.save()
    if agreement_file is not None:
        if locked.agreement_file:
            locked.agreement_file.delete(save=False)
        locked.agreement_file.save(f"umowa-partnerstwa-{locked.pk}.pdf", agreement_file, save=True)
        changed.append("agreement_file")
    record_audit(actor=actor, action="grants.partnership.updated", target=locked,
                 municipality=locked.municipality, data={"fields": changed})
    _refresh(partnership, locked)
    return locked


@transaction.atomic
def set_partnership_status(*, partnership: Partnership, status: str, **fields) -> Partnership:
    """The one place a partnership's status changes: draft → active → ended. The row is locked and its current
    status re-checked, so a double click gets "already active", not a second transition."""
    locked = _lock(partnership)
    if status not in PARTNERSHIP_TRANSITIONS[locked.status]:
        raise TransitionNotAllowed(_("The partnership is already “%(status)s”: this change is not possible.")
                                   % {"status": locked.get_status_display()})
    locked.status = status
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.full_clean(exclude=["created_by"])
    locked.save()
    _refresh(partnership, locked)
    return locked


def activation_problems(partnership: Partnership) -> list[str]:
    """What keeps a draft from being activated (and so published)."""
    partners = list(Partner.objects.filter(partnership=partnership, left_on__isnull=True))
    problems = []
    if not partnership.goals.strip():
        problems.append(_("Describe the partnership's goals."))
    if len(partners) < 2:
        problems.append(_("A partnership needs at least two partners."))
    if not any(partner.kind == PartnerKind.MUNICIPALITY for partner in partners):
        problems.append(_("Add the municipality as a partner."))
    return problems


@transaction.atomic
def activate_partnership(*, partnership: Partnership, actor: User) -> Partnership:
    """The partnership starts working and is published: goals, parties, actions and the agreement become
    public."""
    _guard_manager(actor, partnership.municipality_id)
    locked = _lock(partnership)
    if locked.status == PartnershipStatus.DRAFT:
        problems = activation_problems(locked)
        if problems:
            raise TransitionNotAllowed(" ".join(problems))
    set_partnership_status(partnership=locked, status=PartnershipStatus.ACTIVE, published_at=timezone.now())
    record_audit(actor=actor, action="grants.partnership.activated", target=locked, municipality=locked.municipality)
    _refresh(partnership, locked)
    return locked


@transaction.atomic
def end_partnership(*, partnership: Partnership, actor: User, ended_on: date | None = None) -> Partnership:
    """The partnership stops; it stays public with its results."""
    _guard_manager(actor, partnership.municipality_id)
    locked = _lock(partnership)
    ended_on = ended_on or timezone.localdate()
    if locked.status == PartnershipStatus.ACTIVE and ended_on < locked.starts_on:
        raise ValidationError({"ended_on": _("The partnership cannot end before it starts.")})
    set_partnership_status(partnership=locked, status=PartnershipStatus.ENDED, ends_on=ended_on)
    record_audit(actor=actor, action="grants.partnership.ended", target=locked, municipality=locked.municipality,
                 data={"ended_on": ended_on.isoformat()})
    _refresh(partnership, locked)
    return locked


@transaction.atomic
def update_results(*, partnership: Partnership, actor: User, results: str) -> Partnership:
    """The results of a published partnership, written by the officer or by a member of a partner NGO."""
    locked = _lock(partnership)
    manager = is_manager(actor, locked.municipality_id)
    if not manager and not (locked.is_published and partner_of(actor, locked)):
        raise NotAllowed(_("Only the municipality's officers and the partners may update the results."))
    if not results.strip():
        raise ValidationError({"results": _("Describe the results.")})
    locked.results, locked.results_updated_at = results.strip(), timezone.now()
    locked.full_clean(exclude=["created_by"])
    locked.save(update_fields=["results", "results_updated_at", "updated_at"])
    record_audit(actor=actor, action="grants.partnership.results_updated", target=locked,
                 municipality=locked.municipality)
    _refresh(partnership, locked)
    return locked


# --- Partners and representatives --------------------------------------------------------------------------


@transaction.atomic
def add_partner(*, partnership: Partnership, actor: User, kind: str, organization: Organization | None = None,
                name: str = "", role: str = PartnerRole.PARTNER, joined_on: date | None = None,
                website: str = "") -> Partner:
    """A party joins. An NGO on the portal is linked to its record and must be confirmed in the municipality;
    any other party is given by name."""
    _guard_manager(actor, partnership.municipality_id)
    locked = _lock(partnership)
    _guard_not_ended(locked)
    if organization is not None:
        if kind != PartnerKind.NGO:
            raise ValidationError({"organization": _("Only an NGO partner is chosen from the portal's organizations.")})
        if not address_base(locked.municipality).filter(pk=organization.pk).exists():
            raise ValidationError({"organization": _("The organization must be confirmed in this municipality.")})
        if Partner.objects.filter(partnership=locked, organization=organization).exists():
            raise ValidationError({"organization": _("%(name)s is already a partner.") % {"name": organization.name}})
        name = ""
    elif not name.strip():
        if kind == PartnerKind.MUNICIPALITY:
            name = locked.municipality.name
        else:
            raise ValidationError({"name": _("Give the partner's name or choose an organization on the portal.")})
    if role == PartnerRole.LEADER and Partner.objects.filter(partnership=locked, role=PartnerRole.LEADER).exists():
        raise ValidationError({"role": _("The partnership already has a leader.")})
    if joined_on is None:
        joined_on = timezone.localdate() if locked.status == PartnershipStatus.ACTIVE else locked.starts_on
    partner = Partner(partnership=locked, kind=kind, organization=organization, name=name.strip(), role=role,
                      joined_on=joined_on, website=website)
    partner.full_clean(exclude=["partnership"])
    try:
        with transaction.atomic():
            partner.save()
    except IntegrityError as race:
        raise ValidationError(_("The partner could not be added: the partnership changed meanwhile.")) from race
    record_audit(actor=actor, action="grants.partner.added", target=locked, municipality=locked.municipality,
                 data={"partner": partner.pk, "kind": kind, "organization": organization.pk if organization else None})
    return partner


@transaction.atomic
def record_partner_left(*, partner: Partner, actor: User, left_on: date | None = None) -> Partner:
    partnership = partner.partnership
    _guard_manager(actor, partnership.municipality_id)
    locked_partnership = _lock(partnership)
    _guard_not_ended(locked_partnership)
    locked = Partner.objects.select_for_update().get(pk=partner.pk)
    if locked.left_on is not None:
        raise TransitionNotAllowed(_("The partner has already left."))
    locked.left_on = left_on or timezone.localdate()
    locked.full_clean(exclude=["partnership"])
    locked.save(update_fields=["left_on"])
    record_audit(actor=actor, action="grants.partner.left", target=locked_partnership,
                 municipality=locked_partnership.municipality, data={"partner": locked.pk})
    partner.left_on = locked.left_on
    return locked


@transaction.atomic
def update_partner(*, partner: Partner, actor: User, name: str = "", role: str = PartnerRole.PARTNER,
                   joined_on: date | None = None, website: str = "") -> Partner:
    """Correct a party's details: its name (when it is not on the portal), role, date of joining and page. Its
    kind and its organization stay: another party is another partner."""
    partnership = partner.partnership
    _guard_manager(actor, partnership.municipality_id)
    locked_partnership = _lock(partnership)
    _guard_not_ended(locked_partnership)
    locked = Partner.objects.select_for_update().get(pk=partner.pk)
    if locked.organization_id is None:
        if not name.strip() and locked.kind != PartnerKind.MUNICIPALITY:
            raise ValidationError({"name": _("Give the partner's name.")})
        name = name.strip() or locked_partnership.municipality.name
    else:
        name = ""
    if role == PartnerRole.LEADER and Partner.objects.filter(partnership=locked_partnership, role=PartnerRole.LEADER)\
            .exclude(pk=locked.pk).exists():
        raise ValidationError({"role": _("The partnership already has a leader.")})
    fields = {"name": name, "role": role, "joined_on": joined_on or locked.joined_on, "website": website}
    changed = sorted(field for field, value in fields.items() if getattr(locked, field) != value)
    for field, value in fields.items():
        setattr(locked, field, value)
    locked.full_clean(exclude=["partnership"])
    locked.save(update_fields=list(fields))
    if changed:
        record_audit(actor=actor, action="grants.partner.updated", target=locked_partnership,
                     municipality=locked_partnership.municipality, data={"partner": locked.pk, "fields": changed})
    return locked


def _representative_fields(partner: Partner, *, full_name: str, appointed_on: date, function: str = "",
                           order_number: str = "", selection_method: str = "", starts_on: date | None = None,
                           ends_on: date | None = None) -> dict:
    """How a partner's representative is appointed, checked: the municipality's by the executive's order (its
    number and date), the NGOs' selected by the NGOs (how, and when), any other partner's designated by it."""
    errors = {}
    if partner.kind == PartnerKind.MUNICIPALITY:
        appointment = Appointment.EXECUTIVE_ORDER
        if not order_number.strip():
            errors["order_number"] = _("Give the number of the executive's order appointing the representative.")
        selection_method = ""
    elif partner.kind == PartnerKind.NGO:
        appointment = Appointment.NGO_SELECTION
        if not selection_method.strip():
            errors["selection_method"] = _("Describe how the NGOs selected the representative.")
        order_number = ""
    else:
        appointment, order_number, selection_method = Appointment.DESIGNATION, "", ""
    starts_on = starts_on or appointed_on
    if ends_on is not None and ends_on < starts_on:
        errors["ends_on"] = _("The representation ends after it starts.")
    if errors:
        raise ValidationError(errors)
    return {"full_name": full_name.strip(), "function": function.strip(), "appointment": appointment,
            "order_number": order_number.strip(), "selection_method": selection_method.strip(),
            "appointed_on": appointed_on, "starts_on": starts_on, "ends_on": ends_on}


@transaction.atomic
def add_representative(*, partner: Partner, actor: User, **values) -> Representative:
    """A person who represents a partner (P3.A3.T2); see `_representative_fields` for how each is appointed."""
    partnership = partner.partnership
    _guard_manager(actor, partnership.municipality_id)
    _guard_not_ended(_lock(partnership))
    representative = Representative(partner=partner, **_representative_fields(partner, **values))
    representative.full_clean(exclude=["partner"])
    representative.save()
    record_audit(actor=actor, action="grants.representative.added", target=partnership,
                 municipality=partnership.municipality,
                 data={"partner": partner.pk, "representative": representative.pk,
                       "appointment": representative.appointment})
    return representative


@transaction.atomic
def update_representative(*, representative: Representative, actor: User, **values) -> Representative:
    """Correct a representative, or record when the representation ends (a new person is a new
    representative: the history of who represented whom stays)."""
    partner = representative.partner
    partnership = partner.partnership
    _guard_manager(actor, partnership.municipality_id)
    _guard_not_ended(_lock(partnership))
    locked = Representative.objects.select_for_update().get(pk=representative.pk)
    fields = _representative_fields(partner, **values)
    changed = sorted(field for field, value in fields.items() if getattr(locked, field) != value)
    for field, value in fields.items():
        setattr(locked, field, value)
    locked.full_clean(exclude=["partner"])
    locked.save(update_fields=list(fields))
    if changed:
        record_audit(actor=actor, action="grants.representative.updated", target=partnership,
                     municipality=partnership.municipality,
                     data={"partner": partner.pk, "representative": locked.pk, "fields": changed})
    return locked


# --- Actions ------------------------------------------------------------------------------------------------


def _guard_action_author(actor, partnership: Partnership, responsible: Partner) -> None:
    """The officer records any action of a draft or active partnership; a member of a partner NGO records
    only its own organization's actions, while the partnership is active."""
    if is_manager(actor, partnership.municipality_id):
        return
    if partnership.status != PartnershipStatus.ACTIVE:
        raise TransitionNotAllowed(_("Partners record actions while the partnership is active."))
    if responsible.pk not in {partner.pk for partner in partner_of(actor, partnership)}:
        raise NotAllowed(_("You may record only your own organization's actions."))


@transaction.atomic
def add_action(*, partnership: Partnership, actor: User, title: str, date: date, responsible: Partner,
               description: str = "") -> Action:
    locked = _lock(partnership)
    _guard_not_ended(locked)
    if responsible.partnership_id != locked.pk:
        raise ValidationError({"responsible": _("Choose a partner of this partnership.")})
    if responsible.left_on is not None:
        raise ValidationError({"responsible": _("This partner has left the partnership.")})
    _guard_action_author(actor, locked, responsible)
    action = Action(partnership=locked, title=title.strip(), description=description.strip(), date=date,
                    responsible=responsible, status=ActionStatus.PLANNED, created_by=actor)
    action.full_clean(exclude=["partnership", "created_by"])
    action.save()
    record_audit(actor=actor, action="grants.partnership_action.added", target=locked,
                 municipality=locked.municipality, data={"action": action.pk, "responsible": responsible.pk})
    return action


@transaction.atomic
def set_action_status(*, action: Action, actor: User, status: str, done_on: date | None = None) -> Action:
    """The one place an action's status changes: planned ⇄ done (a mistake can be undone)."""
    partnership = _lock(action.partnership)
    _guard_not_ended(partnership)
    locked = Action.objects.select_for_update().select_related("responsible").get(pk=action.pk)
    _guard_action_author(actor, partnership, locked.responsible)
    if status not in ACTION_TRANSITIONS[locked.status]:
        raise TransitionNotAllowed(_("The action is already “%(status)s”.") % {"status": locked.get_status_display()})
    locked.status = status
    locked.done_on = (done_on or timezone.localdate()) if status == ActionStatus.DONE else None
    locked.full_clean(exclude=["partnership", "created_by"])
    locked.save(update_fields=["status", "done_on"])
    record_audit(actor=actor, action="grants.partnership_action.status_changed", target=partnership,
                 municipality=partnership.municipality, data={"action": locked.pk, "status": status})
    action.status, action.done_on = locked.status, locked.done_on
    return locked


# --- Engagement ------------------------------------------------------------------------------------------------


@transaction.atomic
def record_assessment(*, partner: Partner, actor: User, year: int, score: int, comment: str = "") -> EngagementAssessment:
    """The officer or the coordinator scores a partner's engagement in a year, 1–5, by the agreement's rules.
    Recording again for the same partner and year replaces the assessor's earlier score."""
    partnership = _lock(partner.partnership)
    if not (is_manager(actor, partnership.municipality_id) or is_coordinator(actor, partnership)):
        raise NotAllowed(_("Only the municipality's officers and the partnership's coordinator assess engagement."))
    if not partnership.is_published:
        raise TransitionNotAllowed(_("Engagement is assessed once the partnership is active."))
    if not partnership.assessment_rules.strip():
        raise TransitionNotAllowed(_("Record the assessment rules the agreement sets before the first assessment."))
    errors = {}
    if not isinstance(score, int) or not MIN_SCORE <= score <= MAX_SCORE:
        errors["score"] = _("The score is a whole number from 1 to 5.")
    last_year = min(timezone.localdate().year, partnership.ends_on.year if partnership.ends_on else 9999)
    if not partnership.starts_on.year <= year <= last_year:
        errors["year"] = _("Choose a year in which the partnership worked, up to this year.")
    if partner.partnership_id != partnership.pk:
        errors["partner"] = _("Choose a partner of this partnership.")
    if errors:
        raise ValidationError(errors)
    assessment = (EngagementAssessment.objects.select_for_update()
                  .filter(partner=partner, year=year, assessed_by=actor).first())
    if assessment is None:
        assessment = EngagementAssessment(partner=partner, year=year, assessed_by=actor)
    assessment.score, assessment.comment, assessment.assessed_at = score, comment.strip(), timezone.now()
    assessment.full_clean(exclude=["partner", "assessed_by"], validate_constraints=False)
    assessment.save()
    record_audit(actor=actor, action="grants.engagement_assessment.recorded", target=partnership,
                 municipality=partnership.municipality,
                 data={"partner": partner.pk, "year": year, "score": score})
    return assessment
