"""PDF documents from HTML templates, with WeasyPrint (registers, reports, letters)."""

from django.http import HttpResponse
from django.template.loader import render_to_string


def render_pdf(template_name: str, context: dict, *, request=None) -> bytes:
    """Render a template to PDF bytes. Static files and images are read from the app, not
    fetched over the network (the URL fetcher refuses anything that is not ``data:``)."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    # WeasyPrint ≥ 68: a fetcher object; every scheme but ``data:`` is refused.
    fetcher = URLFetcher(allowed_protocols={"data"})

    html = render_to_string(template_name, context, request=request)
    return HTML(string=html, url_fetcher=fetcher).write_pdf()


def pdf_response(pdf: bytes, filename: str, *, inline: bool = True) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
