"""The indicator's SVG line chart: exact coordinates for crafted data, the scale, the accessible name."""

from decimal import Decimal

import pytest

from consultations.diagnosis import charts


@pytest.mark.parametrize(("value", "ceiling"), [
    (Decimal("17"), Decimal("20")), (Decimal("0.42"), Decimal("0.5")), (Decimal("230"), Decimal("250")),
    (Decimal("1"), Decimal("1")), (Decimal("5001"), Decimal("10000")), (Decimal("46.21"), Decimal("50")),
])
def test_nice_ceiling(value, ceiling):
    assert charts.nice_ceiling(value) == ceiling


def test_points_for_crafted_data_are_exact():
    # Plot 480 − 56 − 16 = 408 wide, 200 − 24 − 32 = 144 high; scale 0–20; four years, one without a value.
    points = [(2021, Decimal("10")), (2022, None), (2023, Decimal("20")), (2024, Decimal("0"))]
    assert charts.points_of(points) == [(107.0, 96.0), (311.0, 24.0), (413.0, 168.0)]


def test_negative_values_extend_the_scale_below_zero():
    assert charts.scale([Decimal("-3"), Decimal("8")]) == (Decimal("-5"), Decimal("10"))
    assert charts.points_of([(2024, Decimal("0"))]) == [(260.0, 168.0)]  # a lone zero: scale 0–1


def test_chart_markup_has_title_desc_polyline_and_the_values():
    svg = charts.line_chart(chart_id="chart-7", title="Stopa bezrobocia <%>", description="Wartości w tabeli.",
                            points=[(2021, Decimal("10")), (2022, None), (2023, Decimal("20"))])
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 480 200"')
    assert 'aria-labelledby="chart-7-title chart-7-desc"' in svg
    assert '<title id="chart-7-title">Stopa bezrobocia &lt;%&gt;</title>' in svg
    assert '<desc id="chart-7-desc">Wartości w tabeli.</desc>' in svg
    assert 'font-family="DejaVu Sans, sans-serif"' in svg
    assert '<polyline points="124.0,96.0 396.0,24.0"' in svg
    assert svg.count("<circle") == 2
    assert ">2022</text>" in svg  # the year without a value still has its place on the axis


def test_no_chart_without_values():
    assert charts.line_chart(chart_id="c", title="t", description="d", points=[(2024, None)]) is None


def test_many_years_label_every_other_year_ending_with_the_latest():
    points = [(year, Decimal(year - 2000)) for year in range(2006, 2026)]  # 20 years
    svg = charts.line_chart(chart_id="c", title="t", description="d", points=points)
    labelled = [year for year in range(2006, 2026) if f">{year}</text>" in svg]
    assert labelled == list(range(2007, 2026, 2))


def test_values_are_written_above_the_points_only_when_they_fit():
    few = charts.line_chart(chart_id="c", title="t", description="d", points=[(2024, Decimal("4.25"))])
    many = charts.line_chart(chart_id="c", title="t", description="d",
                             points=[(year, Decimal("4.25")) for year in range(2006, 2026)])
    assert ">4,25</text>" in few  # the portal's default language is Polish
    assert ">4,25</text>" not in many
