"""HTML → PDF with WeasyPrint. Templates name the CJK font (Noto Sans/Serif CJK SC,
from Debian's fonts-noto-cjk); libharfbuzz-subset0 keeps a page at ~0.2 s."""

from django.template.loader import render_to_string


def render_pdf(template, context, request=None):
    from weasyprint import HTML

    html = render_to_string(template, context, request=request)
    base = request.build_absolute_uri("/") if request else None
    return HTML(string=html, base_url=base).write_pdf()


def pdf_response(template, context, filename, request=None):
    from .http import download

    return download(render_pdf(template, context, request), filename, "application/pdf", inline=True)


def image_uri(fieldfile, mime="image/png"):
    """A stored image as a data: URI, for a PDF to embed (a signature, a site photo), or "" when missing."""
    import base64

    if not fieldfile:
        return ""
    try:
        with fieldfile.open("rb") as fh:
            return f"data:{mime};base64,{base64.b64encode(fh.read()).decode()}"
    except OSError:
        return ""
