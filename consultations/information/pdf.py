"""Postal letters of a newsletter and their address labels as PDFs (WeasyPrint; DejaVu fonts from static,
never from the network). Rendered on demand for the officers: the content is the newsletter's, the addresses those
copied into the deliveries when it was sent."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

LABELS_PER_PAGE = 24  # A4, 3 columns × 8 rows


def _render(template: str, context: dict) -> bytes:
    from weasyprint import HTML

    with translation.override(settings.LANGUAGE_CODE):
        context = {**context, "fonts_dir": (settings.BASE_DIR / "static" / "fonts").as_uri()}
        html = render_to_string(template, context)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def render_letters(newsletter, deliveries) -> tuple[str, str, bytes]:
    """One page per organization: the municipality's address, the date, the address block and the text."""
    pdf = _render("consultations/information/pdf/letters.html", {
        "newsletter": newsletter, "municipality": newsletter.municipality, "deliveries": deliveries,
        "day": timezone.localdate(newsletter.sent_at) if newsletter.sent_at else timezone.localdate(),
    })
    return f"listy-biuletyn-{newsletter.pk}.pdf", "application/pdf", pdf


def render_labels(newsletter, deliveries) -> tuple[str, str, bytes]:
    """Address labels on A4 sheets, 3 × 8."""
    deliveries = list(deliveries)
    pages = [deliveries[start:start + LABELS_PER_PAGE] for start in range(0, len(deliveries), LABELS_PER_PAGE)]
    pdf = _render("consultations/information/pdf/labels.html", {"newsletter": newsletter, "pages": pages})
    return f"etykiety-biuletyn-{newsletter.pk}.pdf", "application/pdf", pdf
