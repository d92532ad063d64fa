"""Reads of the evaluation stage: the officer's list of a call's offers, what a committee member may see,
the averages and the ranking (computed in the database), what an offeror sees of their own scores, and the
published results (public, and as open data).

Averages: for each offer, over the submitted sheets of voting members (officials and NGO nominees) that
count, i.e. not of a disqualified nominee and not of an excluded member. A criterion's average is the sum of
its points divided by the number of those sheets; the offer's average is the sum of all their points divided
by the number of sheets (equal to the sum of the criteria averages, because a sheet is submitted only with
every criterion scored). Both are Decimals rounded half up to 0.01; the ranking compares the unrounded values.
Experts' sheets are averaged the same way, separately, and shown as advisory.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, Sum
from django_scopes import scopes_disabled

from cooperation.models import Membership
from cooperation.selectors import organization_ids_of

from ..enums import CallStatus, CommitteeRole, OfferStatus
from ..models import Call, CommitteeMember, Criterion, Exclusion, FormalRequirement, Offer, Score, ScoreSheet
from ..services.evaluation import EVALUATED, VOTING_ROLES, disqualified_member_ids

CENT = Decimal("0.01")


def rounded(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


# --- Averages and ranking -------------------------------------------------------------------------------------


def counted_scores(call: Call, *, voting: bool = True) -> QuerySet[Score]:
    """Scores that enter the averages (voting=True) or the advisory averages of experts (voting=False)."""
    roles = VOTING_ROLES if voting else (CommitteeRole.EXPERT,)
    excluded = Exclusion.objects.filter(member_id=OuterRef("sheet__member_id"), offer_id=OuterRef("sheet__offer_id"))
    belongs = Membership.objects.filter(user_id=OuterRef("sheet__member__user_id"),
                                        organization_id=OuterRef("sheet__offer__organization_id"))
    return (Score.objects.filter(sheet__offer__call=call, sheet__submitted_at__isnull=False,
                                 sheet__member__role__in=roles)
            .exclude(sheet__member_id__in=disqualified_member_ids(call))
            .filter(~Exists(excluded), ~Exists(belongs)))


@dataclass
class Averages:
    sheets: int = 0
    points: Decimal = Decimal("0")
    criteria: dict[int, Decimal] = field(default_factory=dict)

    @property
    def exact(self) -> Decimal | None:
        return self.points / self.sheets if self.sheets else None

    @property
    def average(self) -> Decimal | None:
        return rounded(self.exact) if self.sheets else None


def averages(call: Call, *, voting: bool = True, offer_ids=None) -> dict[int, Averages]:
    """offer id → Averages, in two aggregate queries whatever the number of offers."""
    scores = counted_scores(call, voting=voting)
    if offer_ids is not None:
        scores = scores.filter(sheet__offer_id__in=offer_ids)
    result: dict[int, Averages] = {}
    for row in scores.values("sheet__offer_id").annotate(points=Sum("points"), sheets=Count("sheet_id", distinct=True)):
        result[row["sheet__offer_id"]] = Averages(sheets=row["sheets"], points=row["points"])
    for row in scores.values("sheet__offer_id", "criterion_id").annotate(points=Sum("points"), n=Count("id")):
        result[row["sheet__offer_id"]].criteria[row["criterion_id"]] = rounded(row["points"] / row["n"])
    return result


@dataclass
class RankingRow:
    offer: Offer
    rank: int | None
    averages: Averages
    advisory: Averages
    criteria: list[tuple[Criterion, Decimal | None, Decimal | None]]  # (criterion, average, experts' average)


def ranking(call: Call) -> list[RankingRow]:
    """Offers accepted formally (and, after the decision, those decided), best average first; offers with
    equal averages share a rank; offers nobody has scored yet come last without a rank."""
    offers = list(Offer.objects.filter(call=call, status__in=EVALUATED).select_related("organization")
                  .order_by("number", "pk"))
    criteria = list(Criterion.objects.filter(call=call))
    voting, advisory = averages(call), averages(call, voting=False)
    rows = []
    for offer in offers:
        mine, experts = voting.get(offer.pk, Averages()), advisory.get(offer.pk, Averages())
        rows.append(RankingRow(offer=offer, rank=None, averages=mine, advisory=experts, criteria=[
            (c, mine.criteria.get(c.pk), experts.criteria.get(c.pk)) for c in criteria]))
    scored = sorted((r for r in rows if r.averages.sheets), key=lambda r: -r.averages.exact)
    for row in scored:
        row.rank = 1 + sum(1 for other in scored if other.averages.exact > row.averages.exact)
    return scored + [r for r in rows if not r.averages.sheets]


# --- The officer's list -----------------------------------------------------------------------------------------


def offer_counts(call: Call) -> dict[str, int]:
    """Submitted offers of the call (never drafts) by status, in one query."""
    rows = (Offer.objects.filter(call=call).exclude(status=OfferStatus.DRAFT)
            .values("status").annotate(n=Count("id")).order_by())
    return {row["status"]: row["n"] for row in rows}


def offers_for_officer(call: Call, *, status: str = "", query: str = "") -> QuerySet[Offer]:
    """Submitted offers of the call (never drafts), optionally of one status or matching a number or an
    organization's name, with their formal check counts; `add_officer_columns` completes a page of them."""
    offers = Offer.objects.filter(call=call).exclude(status=OfferStatus.DRAFT)
    if status:
        offers = offers.filter(status=status)
    if query:
        offers = offers.filter(Q(number__icontains=query) | Q(organization__name__icontains=query)
                               | Q(title__icontains=query))
    return (offers.select_related("organization")
            .annotate(formal_met=Count("formal_results", filter=Q(formal_results__met=True)))
            .order_by("number", "pk"))


def add_officer_columns(call: Call, offers: list[Offer]) -> list[Offer]:
    """The number of formal requirements and the voting average of each offer on the page: two queries more
    whatever the number of offers."""
    requirements = FormalRequirement.objects.filter(call=call).count()
    scores = averages(call, offer_ids=[offer.pk for offer in offers])
    for offer in offers:
        offer.formal_total = requirements
        found = scores.get(offer.pk)
        offer.average = found.average if found else None
        offer.sheet_count = found.sheets if found else 0
    return offers


def committee(call: Call) -> list[CommitteeMember]:
    """The committee with, for each member: disqualified (nominee of an offering organization), the number of
    exclusions and of submitted sheets."""
    members = list(
        CommitteeMember.objects.filter(call=call).select_related("user", "nominated_by")
        .annotate(exclusion_count=Count("exclusions", distinct=True),
                  submitted_count=Count("sheets", filter=Q(sheets__submitted_at__isnull=False), distinct=True))
        .order_by("role", "user__full_name", "pk")
    )
    disqualified = disqualified_member_ids(call)
    for member in members:
        member.disqualified = member.pk in disqualified
    return members


# --- What a committee member sees -------------------------------------------------------------------------------


def seat_of(user, call: Call) -> CommitteeMember | None:
    if not user.is_authenticated:
        return None
    return CommitteeMember.objects.filter(call=call, user=user).select_related("call").first()


def seats_of(user) -> list[CommitteeMember]:
    """Every committee the user sits on, in every municipality, newest call first."""
    if not user.is_authenticated:
        return []
    with scopes_disabled():
        return list(CommitteeMember.objects.filter(user=user).select_related("call__municipality")
                    .order_by("-call__deadline", "-pk"))


def offers_visible_to_member(member: CommitteeMember) -> QuerySet[Offer]:
    """Offers the member may read and score: none before the declaration is signed or for a disqualified
    nominee; then those accepted formally (or decided), except the ones they are excluded from or whose
    organization they belong to."""
    if member.declaration_signed_at is None or member.pk in disqualified_member_ids(member.call):
        return Offer.objects.none()
    own = ScoreSheet.objects.filter(member=member, offer=OuterRef("pk"))
    return (Offer.objects.filter(call_id=member.call_id, status__in=EVALUATED)
            .exclude(pk__in=Exclusion.objects.filter(member=member).values("offer_id"))
            .exclude(organization_id__in=organization_ids_of(member.user))
            .select_related("organization")
            .annotate(has_sheet=Exists(own), sheet_submitted_at=Subquery(own.values("submitted_at")[:1]))
            .order_by("number", "pk"))


def offerors_for_declaration(call: Call) -> QuerySet[Offer]:
    """What a member is shown to declare conflicts: the organizations and titles of the submitted offers
    (no content)."""
    return (Offer.objects.filter(call=call, submitted_at__isnull=False).exclude(status=OfferStatus.WITHDRAWN)
            .select_related("organization").only("pk", "number", "title", "organization__name")
            .order_by("organization__name", "pk"))


def sheets_visible_to_member(member: CommitteeMember, offer: Offer) -> tuple[ScoreSheet | None, list[ScoreSheet]]:
    """The member's own sheet and, only once it is submitted, the other members' submitted sheets."""
    own = ScoreSheet.objects.filter(member=member, offer=offer).prefetch_related("scores").first()
    if own is None or own.submitted_at is None:
        return own, []
    others = list(ScoreSheet.objects.filter(offer=offer, submitted_at__isnull=False).exclude(member=member)
                  .select_related("member__user").prefetch_related("scores__criterion").order_by("member_id"))
    return own, others


# --- What the offeror sees ----------------------------------------------------------------------------------------


@dataclass
class AnonymousSheet:
    label_number: int
    advisory: bool
    counted: bool
    comment: str
    scores: dict[int, Score]


def offeror_sheets(offer: Offer) -> list[AnonymousSheet]:
    """The submitted sheets of the offer, members numbered in a fixed order ("Member 1", …) and never named;
    experts are marked advisory; sheets that do not count (a disqualified nominee) are left out."""
    disqualified = disqualified_member_ids(offer.call)
    sheets = (ScoreSheet.objects.filter(offer=offer, submitted_at__isnull=False)
              .exclude(member_id__in=disqualified)
              .exclude(member_id__in=Exclusion.objects.filter(offer=offer).values("member_id"))
              .select_related("member").prefetch_related("scores").order_by("member_id"))
    return [AnonymousSheet(label_number=n, advisory=sheet.member.role == CommitteeRole.EXPERT, counted=True,
                           comment=sheet.comment, scores={s.criterion_id: s for s in sheet.scores.all()})
            for n, sheet in enumerate(sheets, 1)]


# --- Published results --------------------------------------------------------------------------------------------


def published_results(call: Call) -> dict:
    """What the results page shows (only for a call whose results are published): awarded offers with the
    amounts and their total, and the offers not awarded (also those rejected on formal grounds)."""
    offers = list(Offer.objects.filter(call=call, status__in=(OfferStatus.AWARDED, OfferStatus.NOT_AWARDED,
                                                              OfferStatus.FORMALLY_REJECTED))
                  .select_related("organization").order_by("organization__name", "number", "pk"))
    awarded = [o for o in offers if o.status == OfferStatus.AWARDED]
    not_awarded = [o for o in offers if o.status != OfferStatus.AWARDED]
    return {
        "awarded": awarded,
        "not_awarded": not_awarded,
        "awarded_total": sum((o.awarded_amount for o in awarded), Decimal("0.00")),
        "requested_total": sum((o.requested_grant for o in awarded), Decimal("0.00")),
    }


def calls_with_published_results() -> QuerySet[Call]:
    """Calls of every municipality whose results are published, with the number of grants and their sum
    (public data only; built unscoped so it can be evaluated on portal pages)."""
    with scopes_disabled():
        return (Call.objects.filter(status=CallStatus.RESULTS_PUBLISHED).select_related("municipality")
                .annotate(awarded_count=Count("offers", filter=Q(offers__status=OfferStatus.AWARDED)),
                          awarded_total=Sum("offers__awarded_amount", filter=Q(offers__status=OfferStatus.AWARDED)))
                .order_by("-results_published_at", "-pk"))


def open_data_results(call: Call | None = None) -> QuerySet[Offer]:
    """Decided offers of calls with published results (one municipality's call, or all), for open data."""
    with scopes_disabled():
        offers = (Offer.objects.filter(call__status=CallStatus.RESULTS_PUBLISHED,
                                       status__in=(OfferStatus.AWARDED, OfferStatus.NOT_AWARDED))
                  .select_related("organization", "call__municipality")
                  .only("title", "status", "awarded_amount", "call_id", "organization__name", "organization__krs",
                        "call__number", "call__title", "call__decided_on", "call__results_published_at",
                        "call__municipality__name", "call__municipality__teryt", "call__municipality__slug")
                  .order_by("call__municipality__name", "call_id", "organization__name", "pk"))
    return offers.filter(call=call) if call is not None else offers
