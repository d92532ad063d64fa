"""The consultation report as a PDF (WeasyPrint; fonts from static/fonts, never from the network)."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.text import slugify

from .reports import report_context


def render_report(report) -> tuple[str, str, bytes]:
    from weasyprint import HTML

    with translation.override(settings.LANGUAGE_CODE):
        context = report_context(report.content)
        context.update({"report": report, "fonts_dir": (settings.BASE_DIR / "static" / "fonts").as_uri()})
        html = render_to_string("consultations/pdf/report.html", context)
    pdf = HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(pdf_variant="pdf/ua-1")
    name = slugify(f"raport-konsultacji-{report.content['municipality']['name']}-{report.consultation_id}-{report.number}")
    return f"{name}.pdf", "application/pdf", pdf
