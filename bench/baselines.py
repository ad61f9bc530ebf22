"""The two plain text extractions PDF reading is measured against (issue 11): pdfplumber's
``extract_text`` and pypdfium2's ``get_text_range``, a whole file each, as their documentation
shows them. Imports nothing at module level, so a process that runs one pays only that
library's own start-up."""

from __future__ import annotations


def plumber_text(path: str) -> int:
    """Every page's text through pdfplumber; the page count."""
    import logging

    import pdfplumber

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.close()
        return len(pdf.pages)


def pdfium_text(path: str) -> int:
    """Every page's text through pypdfium2; the page count."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument(path)
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            textpage.get_text_range()
            textpage.close()
            page.close()
        return len(pdf)
    finally:
        pdf.close()
