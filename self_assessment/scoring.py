"""Scoring of an edition, computed in the database and assembled here.

The rules (documented for officers on the methodology page and in the README):
- A statement's score is the mean of its 1-5 ratings; "don't know / not applicable" is counted separately
  and left out of the mean. The index is the score on a 0-100 scale: (score - 1) / 4 * 100.
- An area's score is the mean of its statements' scores; a plane's score is the mean of its assessed areas.
- The overall index is the mean of the assessed areas or the mean of the planes (the edition's setting).
- Results are given for NGO and local-government respondents separately, the gap between them (NGO minus
  JST) and for all respondents together.
- A group with fewer answers than the edition's minimum (default 3) is suppressed. So that a suppressed
  group cannot be recovered by subtracting one published figure from another, the all-respondents figure
  is not shown where any group was suppressed while having answers.
The same aggregation applies to the scores the team agrees at the meeting (the summary table).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, Sum

from .enums import Aggregation, QuestionKind, RespondentGroup

GROUPS = (RespondentGroup.NGO, RespondentGroup.JST)
ALL = "all"
TWO_PLACES = Decimal("0.01")
ONE_PLACE = Decimal("0.1")


def to_index(score: Decimal | None) -> Decimal | None:
    """1-5 score → 0-100 index."""
    if score is None:
        return None
    return ((score - 1) / 4 * 100).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def rounded(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def mean(values) -> Decimal | None:
    values = [v for v in values if v is not None]
    if not values:
        return None
    return sum(values, Decimal(0)) / len(values)


@dataclass
class Cell:
    """One group's figures for one statement."""

    n: int = 0  # ratings 1-5
    dont_know: int = 0
    total: int = 0  # sum of ratings
    distribution: list[int] = field(default_factory=lambda: [0, 0, 0, 0, 0])
    suppressed: bool = False

    @property
    def score(self) -> Decimal | None:
        if self.suppressed or not self.n:
            return None
        return Decimal(self.total) / self.n

    @property
    def answered(self) -> int:
        return self.n + self.dont_know

    @property
    def dont_know_share(self) -> Decimal | None:
        if self.suppressed or not self.answered:
            return None
        return (Decimal(self.dont_know) * 100 / self.answered).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)

    @property
    def index(self) -> Decimal | None:
        return to_index(self.score)

    def add(self, other: Cell) -> None:
        self.n += other.n
        self.dont_know += other.dont_know
        self.total += other.total
        self.distribution = [a + b for a, b in zip(self.distribution, other.distribution, strict=True)]


@dataclass
class QuestionResult:
    question: object
    cells: dict[str, Cell]

    def score(self, group: str) -> Decimal | None:
        return self.cells[group].score

    @property
    def gap(self) -> Decimal | None:
        ngo, jst = self.cells[RespondentGroup.NGO].score, self.cells[RespondentGroup.JST].score
        return None if ngo is None or jst is None else ngo - jst


@dataclass
class ScoreRow:
    """Scores of an area, a plane or the whole index for each group (None where not available)."""

    key: str
    label: str
    scores: dict[str, Decimal | None]

    @property
    def gap(self) -> Decimal | None:
        ngo, jst = self.scores.get(RespondentGroup.NGO), self.scores.get(RespondentGroup.JST)
        return None if ngo is None or jst is None else ngo - jst

    def index(self, group: str) -> Decimal | None:
        return to_index(self.scores.get(group))

    @property
    def index_all(self) -> Decimal | None:
        return self.index(ALL)


@dataclass
class Results:
    response_counts: dict[str, int]
    suppressed_groups: set[str]
    questions: list[QuestionResult]
    areas: list[ScoreRow]
    planes: list[ScoreRow]
    overall: ScoreRow
    open_answers: dict[int, list[tuple[str, str]]]
    open_questions: list
    yes_no: dict[int, dict[str, tuple[int, int]]]
    min_group_size: int
    aggregation: str

    @property
    def total_responses(self) -> int:
        return sum(self.response_counts.values())


def aggregate_rows(rows, questions, min_group_size, group_counts) -> list[QuestionResult]:
    """Turn the database's per (question, group) aggregates into results with suppression applied."""
    cells: dict[int, dict[str, Cell]] = {q.id: {g: Cell() for g in (*GROUPS, ALL)} for q in questions}
    for row in rows:
        cell = cells[row["question_id"]][row["group"]]
        cell.n = row["n"]
        cell.dont_know = row["dont_know"]
        cell.total = row["total"] or 0
        cell.distribution = [row[f"r{i}"] for i in range(1, 6)]
    results = []
    for question in questions:
        by_group = cells[question.id]
        hidden_with_data = False
        for group in GROUPS:
            cell = by_group[group]
            if group_counts.get(group, 0) < min_group_size or cell.n < min_group_size:
                cell.suppressed = True
                if cell.answered:
                    hidden_with_data = True
            by_group[ALL].add(cell)
        all_cell = by_group[ALL]
        all_cell.suppressed = hidden_with_data or all_cell.n < min_group_size
        if all_cell.suppressed:
            all_cell.distribution = [0, 0, 0, 0, 0]
        for group in GROUPS:
            if by_group[group].suppressed:
                by_group[group].distribution = [0, 0, 0, 0, 0]
        results.append(QuestionResult(question=question, cells=by_group))
    return results


def combine(area_scores: dict, planes, aggregation: str):
    """From area scores per group to plane rows and the overall row."""
    plane_rows = []
    for plane in planes:
        areas_here = [a for a in area_scores if a.plane_id == plane.id]
        if not areas_here:
            continue
        scores = {g: mean(area_scores[a].get(g) for a in areas_here) for g in (*GROUPS, ALL)}
        # A plane has a score for a group only if every assessed area in it has one.
        for g in (*GROUPS, ALL):
            if any(area_scores[a].get(g) is None for a in areas_here):
                scores[g] = None
        plane_rows.append(ScoreRow(key=plane.code, label=plane.short_name, scores=scores))
    if aggregation == Aggregation.MEAN_OF_PLANES:
        overall = {g: _mean_or_none([row.scores[g] for row in plane_rows]) for g in (*GROUPS, ALL)}
    else:
        overall = {g: _mean_or_none([area_scores[a].get(g) for a in area_scores]) for g in (*GROUPS, ALL)}
    return plane_rows, ScoreRow(key="overall", label="", scores=overall)


def _mean_or_none(values):
    """Mean only when every component is known: an overall index over a subset would mislead."""
    if not values or any(v is None for v in values):
        return None
    return mean(values)


def compute_results(edition) -> Results:
    """Every figure of an edition's survey, in a fixed number of queries whatever the number of answers."""
    from cooperation.models import Plane

    from .models import Answer, Question, Response

    questions = list(
        Question.objects.filter(edition=edition).select_related("area__plane").order_by("order", "id")
    )
    group_counts = {
        row["group"]: row["n"]
        for row in Response.objects.filter(edition=edition).values("group").annotate(n=Count("id")).order_by()
    }
    rated = [q for q in questions if q.kind == QuestionKind.RATING]
    # One pass over the answers table, grouped by (question, group): answers carry their group, so no join.
    rows = (
        Answer.objects.filter(question_id__in=[q.id for q in rated])
        .values("question_id", "group")
        .annotate(
            n=Count("id", filter=Q(rating__isnull=False)),
            dont_know=Count("id", filter=Q(dont_know=True)),
            total=Sum("rating"),
            **{f"r{i}": Count("id", filter=Q(rating=i)) for i in range(1, 6)},
        )
        .order_by()
    )
    question_results = aggregate_rows(rows, rated, edition.min_group_size, group_counts)
    suppressed = {g for g in GROUPS if 0 < group_counts.get(g, 0) < edition.min_group_size}

    assessed = list(edition.areas.select_related("plane").order_by("order"))
    area_scores: dict = {}
    area_rows = []
    for area in assessed:
        in_area = [r for r in question_results if r.question.area_id == area.id]
        scores = {g: mean(r.score(g) for r in in_area) for g in (*GROUPS, ALL)}
        area_scores[area] = scores
        area_rows.append(ScoreRow(key=area.code, label=area.short_name, scores=scores))
    planes = Plane.objects.filter(id__in={a.plane_id for a in assessed}).order_by("order")
    plane_rows, overall = combine(area_scores, planes, edition.aggregation)

    open_answers: dict[int, list[tuple[str, str]]] = defaultdict(list)
    yes_no: dict[int, dict[str, tuple[int, int]]] = defaultdict(dict)
    if any(q.kind == QuestionKind.OPEN for q in questions):
        for question_id, group, text in (
            Answer.objects.filter(question_id__in=[q.id for q in questions if q.kind == QuestionKind.OPEN])
            .exclude(text="")
            .values_list("question_id", "group", "text")
            .order_by("question_id", "text")
        ):
            if group not in suppressed:
                open_answers[question_id].append((group, text))
    for row in (
        Answer.objects.filter(question_id__in=[q.id for q in questions if q.kind == QuestionKind.YES_NO],
                              yes__isnull=False)
        .values("question_id", "group")
        .annotate(yes_count=Count("id", filter=Q(yes=True)), no_count=Count("id", filter=Q(yes=False)))
        .order_by()
    ):
        if row["group"] not in suppressed:
            yes_no[row["question_id"]][row["group"]] = (row["yes_count"], row["no_count"])

    return Results(
        response_counts={g: group_counts.get(g, 0) for g in GROUPS},
        suppressed_groups=suppressed,
        questions=question_results,
        areas=area_rows,
        planes=plane_rows,
        overall=overall,
        open_answers=dict(open_answers),
        open_questions=[(q, open_answers.get(q.id, [])) for q in questions if q.kind == QuestionKind.OPEN],
        yes_no=dict(yes_no),
        min_group_size=edition.min_group_size,
        aggregation=edition.aggregation,
    )


def agreed_scores(edition):
    """The summary table's agreed area scores, combined with the edition's aggregation rule."""
    from cooperation.models import Plane

    assessments = {a.area_id: a for a in edition.area_assessments.all()}
    assessed = list(edition.areas.select_related("plane").order_by("order"))
    area_scores = {
        area: {ALL: assessments[area.id].agreed_score if area.id in assessments else None} for area in assessed
    }
    planes = Plane.objects.filter(id__in={a.plane_id for a in assessed}).order_by("order")
    plane_rows, overall = combine(area_scores, planes, edition.aggregation)
    area_rows = [ScoreRow(key=a.code, label=a.short_name, scores=area_scores[a]) for a in assessed]
    return area_rows, plane_rows, overall
