"""Checks for uploaded documents: the type is decided by the content, not by the name or the browser."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
# Magic numbers of the document formats we accept.
SIGNATURES = {
    b"%PDF-": "application/pdf",
    b"PK\x03\x04": "application/zip",  # DOCX, ODT, XLSX are ZIP containers
}


def sniff(head: bytes) -> str | None:
    for magic, kind in SIGNATURES.items():
        if head.startswith(magic):
            return kind
    return None


def check_document(upload) -> str:
    """Accept PDF and OOXML/ODF documents up to 10 MB. Returns the detected kind."""
    if upload.size > MAX_DOCUMENT_BYTES:
        raise ValidationError(_("The file may be at most 10 MB."))
    head = upload.read(8)
    upload.seek(0)
    kind = sniff(head)
    if kind is None:
        raise ValidationError(_("Upload a PDF, DOCX or ODT document."))
    return kind
