"""What the governance views share: access refusals and file downloads."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse

from veivalg.core.errors import NotFound
from veivalg.governance.documents import (
    DOCX_CONTENT_TYPE,
    PDF_CONTENT_TYPE,
    Document,
    filename,
    render_docx,
    render_pdf,
)


def not_found(exc: NotFound) -> Http404:
    return Http404(exc.message)


def require(allowed: bool, message: str) -> None:
    """Refuse (403) before any input is parsed; the services refuse too."""
    if not allowed:
        raise PermissionDenied(message)


def document_response(document: Document, fmt: str, stem: str) -> HttpResponse:
    """The document as a PDF or DOCX download."""
    if fmt == "docx":
        content, content_type, extension = render_docx(document), DOCX_CONTENT_TYPE, "docx"
    elif fmt == "pdf":
        content, content_type, extension = render_pdf(document), PDF_CONTENT_TYPE, "pdf"
    else:
        raise Http404
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename(stem, extension)}"'
    return response
