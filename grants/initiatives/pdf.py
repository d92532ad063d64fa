"""The agreement on carrying out a local initiative as a PDF (WeasyPrint, tagged PDF/UA), in Polish whatever the
interface language (a legal document); fonts come from static/fonts (a worker has no request)."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.text import slugify

from .enums import MunicipalShare


def _day(value: str) -> str:
    """A stored ISO date as 01.03.2027 (text that is not a date is shown as it is)."""
    from datetime import date

    try:
        return date.fromisoformat(value).strftime("%d.%m.%Y")
    except (TypeError, ValueError):
        return value or ""


def agreement_context(agreement) -> dict:
    application = agreement.application
    return {
        "agreement": agreement, "application": application, "municipality": agreement.municipality,
        "organization": application.organization, "draft": agreement.signed_on is None,
        "municipal_items": [{**row, "kind_label": MunicipalShare(row["kind"]).label
                             if row.get("kind") in MunicipalShare.values else ""}
                            for row in agreement.municipal_items],
        "schedule": [{**row, "start": _day(row.get("start")), "end": _day(row.get("end"))} for row in agreement.schedule],
    }


def render_agreement(agreement) -> tuple[str, str, bytes]:
    from weasyprint import HTML

    with translation.override("pl"):
        context = agreement_context(agreement)
        context["fonts_dir"] = (settings.BASE_DIR / "static" / "fonts").as_uri()
        html = render_to_string("grants/initiatives/pdf/agreement.html", context)
    pdf = HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(pdf_variant="pdf/ua-1")
    name = slugify(f"umowa-inicjatywa-lokalna-{agreement.number}-{'projekt' if context['draft'] else 'podpisana'}")
    return f"{name}.pdf", "application/pdf", pdf
