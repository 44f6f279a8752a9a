"""The publication audit on the reproduction page (Bijlage 5), and the statistics files of a run.

`audit_html(findings)`: the report's contradictions found by rule (compute.audit), per class.
`write_statistics_files(result, out_dir)`: publication_audit.csv and representativeness.csv.
"""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd

from wlzmonitor.present.appendix import same_signs
from wlzmonitor.compute.audit import AUDIT_COLUMNS, KIND_WORDS
from wlzmonitor.present.table_files import write_csv

CLASS_INTRO = {
    "bijschrift_jaar": "Het bijschrift noemt een jaar dat de tabel niet toont, of geen basis voor een jaar dat hij wel toont.",
    "bijschrift_basis": "De basis (n) in het bijschrift verschilt van de basis die uit de respondentdata volgt.",
    "nps": "Een gedrukte NPS is niet het percentage fans min het percentage critici van de eigen gedrukte aantallen "
           "(of wijkt meer dan afronding af van de eigen gedrukte percentages).",
    "tekstverwijzing": "Een alinea noemt een tabel en een percentage dat in die tabel niet voorkomt.",
    "significantie_tekst": "Een uitsplitsing met een statistisch significant verschil wordt in de tekst bij de "
                           "hoofdtabel niet genoemd.",
    "formulering": "Een antwoordmogelijkheid, onderdeel of vraag staat in het rapport anders geformuleerd dan in de "
                   "vragenlijst.",
    "onmogelijk_aandeel": "Een gedrukt percentage kan bij de gedrukte basis niet: geen aantal respondenten geeft "
                          "afgerond dat percentage, of het percentage naast een aantal is niet dat aantal van de kolom.",
}


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def audit_html(findings: pd.DataFrame) -> str:
    """Per class: what the rule checks, how often it found something, and every finding."""
    out = ["<h2>Controle van het gepubliceerde rapport op tegenstrijdigheden</h2>",
           f"<p>Naast de vergelijking cijfer voor cijfer controleert de pijplijn het rapport met vaste regels op "
           f"{len(KIND_WORDS)} soorten tegenstrijdigheden. Samen gaven die {len(findings)} bevindingen "
           "(ook in <code>publication_audit.csv</code>).</p>"]
    for kind, word in KIND_WORDS.items():
        own = findings[findings["kind"] == kind]
        out.append(f'<details class="audit"><summary>{_e(word)}: {len(own)} '
                   f"{'bevinding' if len(own) == 1 else 'bevindingen'}</summary><p>{_e(CLASS_INTRO[kind])}</p>")
        if len(own):
            out.append("<ul>" + "".join(
                f"<li><strong>{_e(r.table)}{', ' + _e(r.column) if r.column else ''}"
                f"{', ' + _e(r.row) if r.row and kind != 'formulering' else ''}</strong>: {_e(same_signs(r.explanation))}</li>"
                for r in own.itertuples()) + "</ul>")
        out.append("</details>")
    return "\n".join(out)


def write_statistics_files(result, out_dir: Path) -> None:
    """publication_audit.csv (when the year has a published report) and representativeness.csv
    (when the member population is known) in the year's output folder."""
    if getattr(result, "audit", None) is not None:
        write_csv(Path(out_dir) / "publication_audit.csv", result.audit[AUDIT_COLUMNS])
    if getattr(result, "representativeness", None) is not None:
        write_csv(Path(out_dir) / "representativeness.csv", result.representativeness)
