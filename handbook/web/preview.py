"""The preview shown next to the form: page images rendered in-process from the built PDF.

One small function, so the preview can later switch to the HTML twin of the handbook without touching
the pages that show it.
"""

from __future__ import annotations

import io


def preview_pages(pdf: bytes, pages: int, scale: float) -> list[bytes]:
    """The first `pages` pages as PNG images (scale 1.0 = 72 dpi)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        out = []
        for index in range(min(pages, len(doc))):
            page = doc[index]
            image = page.render(scale=scale).to_pil()
            buffer = io.BytesIO()
            image.save(buffer, format="PNG", optimize=True)
            out.append(buffer.getvalue())
            page.close()
        return out
    finally:
        doc.close()
