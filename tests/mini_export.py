"""The mini codebook's canonical export, shared by the loading tests and the messy-export cases."""

from __future__ import annotations

import csv
from pathlib import Path

MINI_CODEBOOK = Path(__file__).parent / "fixtures" / "mini_codebook.yml"
OMZET_EXPECTED = ("one of 1=Minder dan 20 miljoen euro, 2=20 tot 40 miljoen euro, "
                  "3=40 tot 100 miljoen euro, 4=Meer dan 100 miljoen euro")


def base_rows() -> list[dict[str, str]]:
    """Three valid, complete respondents (rows 2-4 of the export)."""
    return [
        # intramural + home care, reason 1 -> tarief_pct asked; uses zzp only
        dict(respondent_id="1", voltooid="1", omzet="1", zorgtype="1",
             redenen__1="1", redenen__2="0", redenen__3="0", redenen__4="0",
             gebruik__zzp="1", gebruik__meerzorg="2", belasting__zzp="3",
             belasting__toelichting="Veel formulieren", tarief_pct="96.7", nps="8",
             contact__toestemming="1", contact__naam="Jan Jansen",
             contact__email="jan@example.nl"),
        # 'anders' -> redenen and tarief_pct not asked; uses nothing -> belasting not asked
        dict(respondent_id="2", voltooid="1", omzet="4", zorgtype="3",
             zorgtype__tekst="Dagbesteding", gebruik__zzp="2", gebruik__meerzorg="2",
             nps="10", suggesties="Meer overleg"),
        # intramural only, reason 3 -> tarief_pct not asked (no reason 1/2, no zzp)
        dict(respondent_id="10", voltooid="1", omzet="3", zorgtype="2",
             redenen__1="0", redenen__2="0", redenen__3="1", redenen__4="0",
             gebruik__zzp="2", gebruik__meerzorg="1", belasting__meerzorg="4", nps="6"),
    ]


def write_rows(path: Path, rows: list[dict], columns: list[str], *, delimiter: str = ",",
               encoding: str = "utf-8", header: list[list[str]] | None = None) -> Path:
    """`rows` as a CSV with `columns` (missing keys empty); `header` replaces the header row(s)."""
    with open(path, "w", encoding=encoding, newline="") as f:
        w = csv.writer(f, delimiter=delimiter)
        for h in header or [columns]:
            w.writerow(h)
        for r in rows:
            w.writerow([r.get(c, "") for c in columns])
    return path
