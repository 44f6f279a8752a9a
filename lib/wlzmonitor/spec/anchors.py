"""The id a table's typed number gets on its page ('Tabel 18' -> 'tabel-18'), which the index, the contents, the
workbook and the Kerncijfers link to. One place for the layout, which refuses two numbers of one id
(:mod:`wlzmonitor.spec.layout`), and the page frame, which writes it (:mod:`wlzmonitor.present.page_frame`).

Only the standard library is imported: the page frame is imported by every HTML export worker and by the run's
prose-only path before pandas is (a heavier import here made them load numpy, whose threads then kept the PDF
printer from forking)."""

from __future__ import annotations

import re

__all__ = ["number_anchor"]


def number_anchor(number: str) -> str:
    """'Tabel 18' -> 'tabel-18', 'Tabel B12' -> 'tabel-b12': the id of a table's section on its page."""
    return re.sub(r"[^a-z0-9]+", "-", number.lower()).strip("-")
