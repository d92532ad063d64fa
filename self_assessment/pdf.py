"""Renders a published note to PDF with WeasyPrint. Fonts come from the portal's static files, never from
the network (a worker has no request), so Polish letters always render in DejaVu Sans."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.text import slugify

from .notes import note_context


def render_note(revision) -> tuple[str, str, bytes]:
    from weasyprint import HTML

    with translation.override(settings.LANGUAGE_CODE):
        context = note_context(revision.content)
        context.update({"revision": revision, "fonts_dir": (settings.BASE_DIR / "static" / "fonts").as_uri()})
        html = render_to_string("self_assessment/pdf/note.html", context)
    document = HTML(string=html, base_url=str(settings.BASE_DIR))
    pdf = document.write_pdf(pdf_variant="pdf/ua-1", uncompressed_pdf=False)
    name = slugify(f"notatka-lijw-{revision.content['municipality']['name']}-{revision.edition_id}-{revision.number}")
    return f"{name}.pdf", "application/pdf", pdf
