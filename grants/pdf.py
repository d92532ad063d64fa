"""PDF renderers of grants documents (offer, contract, report): WeasyPrint, templates/grants/pdf/*.html."""


def render_offer(version) -> tuple[str, str, bytes]:
    """The official offer (annex 1 of the 2018 regulation) of one frozen version, tagged PDF/UA. The form's
    wording is Polish whatever the interface language; fonts come from static/fonts (a worker has no request)."""
    from django.conf import settings
    from django.template.loader import render_to_string
    from django.utils import translation
    from weasyprint import HTML

    from .selectors.offers import document_context, pdf_filename

    offer = version.offer
    with translation.override("pl"):
        context = document_context(version.content, offer=offer, version=version)
        context["offer"] = offer
        context["fonts_dir"] = (settings.BASE_DIR / "static" / "fonts").as_uri()
        html = render_to_string("grants/pdf/offer.html", context)
    pdf = HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(pdf_variant="pdf/ua-1")
    return pdf_filename(offer, version), "application/pdf", pdf


def render_contract(contract) -> tuple[str, str, bytes]:
    """The contract from the framework template (annex 3 of the 2018 regulation), in Polish whatever the
    interface language (it is a legal document); a draft is marked as the draft for signing."""
    from django.conf import settings
    from django.template.loader import render_to_string
    from django.utils import translation
    from django.utils.text import slugify
    from weasyprint import HTML

    from .selectors.awards import contract_document_context

    with translation.override("pl"):
        context = contract_document_context(contract)
        context["fonts_dir"] = (settings.BASE_DIR / "static" / "fonts").as_uri()
        html = render_to_string("grants/pdf/contract.html", context)
    pdf = HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(pdf_variant="pdf/ua-1")
    name = slugify(f"umowa-{contract.number}-{'projekt' if context['draft'] else 'podpisana'}")
    return f"{name}.pdf", "application/pdf", pdf


def render_report(report) -> tuple[str, str, bytes]:
    """A partial or final report in the structure of annex 5 of the 2018 regulation, in Polish."""
    from django.conf import settings
    from django.template.loader import render_to_string
    from django.utils import translation
    from django.utils.text import slugify
    from weasyprint import HTML

    from .selectors.awards import report_document_context

    with translation.override("pl"):
        context = report_document_context(report)
        context["fonts_dir"] = (settings.BASE_DIR / "static" / "fonts").as_uri()
        html = render_to_string("grants/pdf/report.html", context)
    pdf = HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(pdf_variant="pdf/ua-1")
    name = slugify(f"sprawozdanie-{report.get_kind_display()}-{report.contract.number}-{report.pk}")
    return f"{name}.pdf", "application/pdf", pdf
