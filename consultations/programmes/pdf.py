"""The published programme and the implementation report as PDFs (WeasyPrint; fonts from static/fonts)."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.text import slugify

from .content import funds_check, section_texts


def _write(template: str, context: dict) -> bytes:
    from weasyprint import HTML

    context["fonts_dir"] = (settings.BASE_DIR / "static" / "fonts").as_uri()
    html = render_to_string(template, context)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(pdf_variant="pdf/ua-1")


def render_programme(programme) -> tuple[str, str, bytes]:
    with translation.override(settings.LANGUAGE_CODE):
        tasks = list(programme.priority_tasks.select_related("sphere"))
        pdf = _write("consultations/programmes/pdf/programme.html", {
            "programme": programme, "municipality": programme.municipality,
            "sections": section_texts(programme, tasks=tasks), "funds": funds_check(programme),
        })
    name = slugify(f"program-wspolpracy-{programme.municipality.name}-{programme.years_label}-{programme.pk}")
    return f"{name}.pdf", "application/pdf", pdf


def render_report(report) -> tuple[str, str, bytes]:
    with translation.override(settings.LANGUAGE_CODE):
        pdf = _write("consultations/programmes/pdf/report.html", {"report": report,
                                                                   "municipality": report.municipality})
    name = slugify(f"sprawozdanie-program-wspolpracy-{report.municipality.name}-{report.year}-{report.number}")
    return f"{name}.pdf", "application/pdf", pdf
