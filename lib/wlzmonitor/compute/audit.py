"""Publication audit: classes of contradictions in the published report, found by rule.

The reproduction (compute.reproduction) lists every published figure beside the computed one and
explains the known deviations one by one (known_discrepancies.yml). The audit looks for whole
*classes* of problems, so a new report is checked without anybody listing instances first:

``bijschrift_jaar``     a caption gives a base for a year the table does not show, or none for one it does
``bijschrift_basis``    a caption's base differs from the base computed from the respondent data
``nps``                 a printed NPS that is not % fans − % critici of its own printed counts or shares
``tekstverwijzing``     a percentage in a paragraph that names a table, found nowhere in that table
                        (as a cell, or a sum of two cells of one column)
``significantie_tekst`` a breakdown that is significant while the text around its main table never
                        mentions the breakdown (omzetgroep / Wlz-uitvoerder)
``formulering``         an answer option, item or caption worded otherwise than in the questionnaire
``onmogelijk_aandeel``  a printed percentage no whole number of respondents gives at the printed base
                        (37% of 8: 3 of 8 is 38%), or one that is not its own printed count of its column

Years whose published figures are derived from a later report (2024, 2025: the layout's numbering
is another year's) are not checked for wording: their labels are the later report's.

`audit()` returns one row per finding: ``table, column, row, kind, published, computed,
explanation`` (explanation in Dutch, for the reproduction page and publication_audit.csv).
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np
import pandas as pd

from wlzmonitor.compute.tables import round_half_up
from wlzmonitor.spec.alignment import align_table
from wlzmonitor.spec.codebook import Codebook
from wlzmonitor.spec.layout import ReportLayout, TableSpec

AUDIT_COLUMNS = ["table", "column", "row", "kind", "published", "computed", "explanation"]
KIND_WORDS = {
    "bijschrift_jaar": "Jaar in bijschrift",
    "bijschrift_basis": "Basis in bijschrift",
    "nps": "NPS",
    "tekstverwijzing": "Verwijzing in de tekst",
    "significantie_tekst": "Significant verschil niet in de tekst",
    "formulering": "Formulering anders dan in de vragenlijst",
    "onmogelijk_aandeel": "Percentage dat bij de basis niet kan",
}
TABLE_REF = re.compile(r"\btabel\s+(B?\d+)\b", re.IGNORECASE)
PERCENT = re.compile(r"(?<![\d,])(\d{1,3}(?:,\d)?)\s?%")
CAPTION = re.compile(r"^Tabel (B?\d+)\s*[-\u2013]")
GROUP_WORDS = {
    "omzetgroep": ("bijlage 2", "omzet", "miljoen", "kleinere organisaties", "grote organisaties"),
    "uitvoerder": ("bijlage 3", "wlz-uitvoerder", "zilveren kruis", "cz", "menzis", "vgz"),
}


def _finding(table, column, row, kind, published, computed, explanation) -> dict:
    return {"table": table, "column": "" if column is None else str(column), "row": "" if row is None else str(row),
            "kind": kind, "published": "" if published is None else str(published),
            "computed": "" if computed is None else str(computed), "explanation": explanation}


def _bases(text: str) -> dict[str, str]:
    return dict(p.split("=", 1) for p in str(text or "").split(";") if "=" in p)


def _range(text: str) -> tuple[float, float] | None:
    parts = str(text).split("-")
    try:
        numbers = [float(p) for p in parts]
    except ValueError:
        return None
    return min(numbers), max(numbers)


# --------------------------------------------------------------------------------------------
def caption_findings(layout: ReportLayout, meta: pd.DataFrame, computed: dict[str, pd.DataFrame]) -> list[dict]:
    """Caption years against the table's columns, caption bases against the computed bases."""
    out = []
    captions = meta.set_index("table")
    for spec in layout.tables:
        if spec.number not in captions.index or spec.kind in {"mapping", "response"}:
            continue
        bases = _bases(captions.loc[spec.number, "bases"])
        table = computed.get(spec.key)
        labels = {spec.column_label(c): c for c in spec.columns} if spec.is_trend else {}
        if spec.is_trend and any(k != "*" for k in bases):
            shown = set(labels) - {label for label, c in labels.items() if table is None
                                   or table.loc[table["column_code"] == c, "n"].dropna().empty}
            for label in sorted(set(bases) - set(labels) - {"*"}):
                out.append(_finding(spec.number, label, None, "bijschrift_jaar", label, ", ".join(sorted(labels)),
                                    f"Het bijschrift noemt een basis voor {label}, maar de tabel heeft geen kolom {label}."))
            for label in sorted(shown - set(bases)):
                out.append(_finding(spec.number, label, None, "bijschrift_jaar", "", label,
                                    f"De tabel toont {label}, maar het bijschrift noemt daarvoor geen basis."))
        out.extend(_base_findings(spec, table, bases, labels, layout.year))
    return out


def _base_findings(spec: TableSpec, table: pd.DataFrame | None, bases: dict, labels: dict, year: int) -> list[dict]:
    out = []
    if table is None:
        return out
    for label, text in bases.items():
        printed = _range(text)
        if printed is None:
            continue
        if label == "*":
            part = table[table["column_code"] == "Totaal"] if "Totaal" in set(table["column_code"]) else table
            part = part[~part["row_code"].astype(str).str.match(r"NPS \d{4}$") | (part["row_code"] == f"NPS {year}")]
            if spec.kind == "numeric":
                part = table[table["n"] > 0]
        elif label in labels:
            part = table[table["column_code"] == labels[label]]
        else:
            continue
        n = part["n"].dropna()
        if n.empty:
            continue
        lo, hi = float(n.min()), float(n.max())
        ok = (lo, hi) == printed if printed[0] != printed[1] else printed[0] in {lo, hi} or lo <= printed[0] <= hi
        if not ok:
            what = format_range(lo, hi)
            out.append(_finding(spec.number, "" if label == "*" else label, None, "bijschrift_basis", text.replace("-", "–"),
                                what, f"Het bijschrift noemt n={text.replace('-', '–')}, maar de respondentdata geven "
                                f"n={what} voor deze tabel."))
    return out


def format_range(lo: float, hi: float) -> str:
    return f"{int(lo)}" if lo == hi else f"{int(lo)}–{int(hi)}"


# --------------------------------------------------------------------------------------------
def _by_row(cells: pd.DataFrame, column) -> dict[str, pd.Series]:
    own = cells[cells["column_code"] == column]
    return {str(r["row_code"]): r for _, r in own.iterrows()}


def nps_findings(layout: ReportLayout, cells: pd.DataFrame) -> list[dict]:
    """Every printed NPS against fans minus critici of its own printed counts (exact) or shares (±1)."""
    out = []
    for spec in layout.tables:
        if spec.kind not in {"nps", "nps_by"} or spec.published is False:
            continue
        aligned = align_table(spec, cells)
        for column in dict.fromkeys(aligned["column_code"]):
            rows = _by_row(aligned, column)
            nps_rows = [code for code in rows if code.startswith("NPS") and pd.notna(rows[code]["value"])]
            if "Fans" not in rows or "Critici" not in rows:
                continue
            for code in nps_rows:
                if code not in ("NPS", f"NPS {layout.year}"):
                    continue  # an earlier year's NPS per group is printed without its shares
                out.extend(_nps_check(spec, column, rows, code))
    return out


def _nps_check(spec: TableSpec, column, rows: dict, code: str) -> list[dict]:
    printed = float(rows[code]["value"])
    fans, critics = rows["Fans"], rows["Critici"]
    label = spec.column_label(column) if spec.kind == "nps" else str(fans["column"])  # a year, or a group's name
    if spec.kind == "nps_by":  # "N (P%)" cells: the counts decide
        total = rows.get("Totaal (N)")
        n = float(total["value"]) if total is not None else np.nan
        from_counts = round_half_up(100.0 * (float(fans["value"]) - float(critics["value"])) / n) if n else np.nan
        from_shares = float(fans["value_pct"]) - float(critics["value_pct"])
        if np.isfinite(from_counts) and printed != from_counts:
            critici = "criticus" if int(critics["value"]) == 1 else "critici"
            why = (f"{label}: {int(fans['value'])} fans en {int(critics['value'])} {critici} van {int(n)} geven NPS "
                   f"{_signed(from_counts)}; het rapport drukt {_signed(printed)}")
            why += (f", het verschil van de afgeronde percentages ({int(fans['value_pct'])}% − "
                    f"{int(critics['value_pct'])}%)." if printed == from_shares else ".")
            return [_finding(spec.number, label, code, "nps", _signed(printed), _signed(from_counts), why)]
        return []
    from_shares = float(fans["value"]) - float(critics["value"])
    if abs(printed - from_shares) > 1:  # rounded shares allow a difference of one point
        return [_finding(spec.number, label, code, "nps", _signed(printed), _signed(from_shares),
                         f"Fans {int(fans['value'])}% min critici {int(critics['value'])}% is {_signed(from_shares)}; "
                         f"het gedrukte NPS {_signed(printed)} wijkt meer af dan afronding verklaart.")]
    return []


def _signed(x: float) -> str:
    value = int(round_half_up(x))
    return f"+{value}" if value > 0 else str(value).replace("-", "−")


# --------------------------------------------------------------------------------------------
def body_paragraphs(text: str) -> list[str]:
    """The report's prose paragraphs before the appendices (not table rows, not captions)."""
    lines = text.splitlines()
    end = next((i for i, line in enumerate(lines) if line.strip().startswith("Bijlage 1")
                and i > len(lines) // 3), len(lines))
    out = []
    for line in lines[:end]:
        line = line.strip()
        if len(line) > 80 and "\t" not in line and not CAPTION.match(line):
            out.append(line)
    return out


def _printed_values(cells: pd.DataFrame, number: str, options_across: bool) -> tuple[set[float], set[float]]:
    """(printed percentages, sums of two printed percentages of one column) of a table; with
    `options_across` (a matrix: answer options as columns) also of two cells of one row."""
    own = cells[cells["table"] == number]
    values = pd.to_numeric(own["value"].where(own["unit"] == "percent"), errors="coerce")
    values = values.fillna(pd.to_numeric(own["value_pct"], errors="coerce"))
    frame = pd.DataFrame({"column": own["col_index"], "row": own["row_index"], "value": values}).dropna()
    single = set(frame["value"].round(1))
    sums = set()
    for _, part in frame.groupby("column"):
        v = part["value"].to_numpy()
        sums |= {round(float(a + b), 1) for i, a in enumerate(v) for b in v[i + 1:]}
    # a matrix's options are its columns: '34% (25% geheel, 9% in grote mate)' adds cells of one row
    for _, part in frame.groupby("row") if options_across else []:
        v = part["value"].to_numpy()
        sums |= {round(float(a + b), 1) for i, a in enumerate(v) for b in v[i + 1:]}
    return single, sums


def _other_year(paragraph: str, start: int, columns: set[str]) -> bool:
    """A percentage given for a year the table does not show: '(2025: 58%)', 'van 2023 (8%)'."""
    before = paragraph[max(0, start - 9):start]
    match = re.search(r"(20\d\d)\s*(?::|\()\s*$", before)
    return bool(match) and match.group(1) not in columns


def prose_findings(text: str, cells: pd.DataFrame, layout: ReportLayout | None = None) -> list[dict]:
    """Percentages in paragraphs that name exactly one table, checked against that table's cells.

    Left out as not checkable by rule: a percentage given for a year the table has no column for,
    and a percentage with decimals where the table prints none (a tariff or surcharge, not a share).
    """
    out = []
    numbers = set(cells["table"])
    specs = {spec.number: spec for spec in layout.tables} if layout is not None else {}
    for paragraph in body_paragraphs(text):
        refs = {f"Tabel {m.upper()}" for m in TABLE_REF.findall(paragraph)}
        refs &= numbers
        if len(refs) != 1:
            continue  # no table, or several: not checkable by rule
        number = refs.pop()
        spec = specs.get(number)
        single, sums = _printed_values(cells, number, spec is not None and spec.kind == "matrix")
        columns = set(cells.loc[cells["table"] == number, "column"].astype(str))
        decimals = any(not float(v).is_integer() for v in single)
        for match in PERCENT.finditer(paragraph):
            value = float(match.group(1).replace(",", "."))
            if value in single or value in sums or value == 100 or _other_year(paragraph, match.start(), columns):
                continue
            if not value.is_integer() and not decimals:
                continue
            start = max(0, match.start() - 60)
            context = paragraph[start:match.end() + 20].strip()
            out.append(_finding(number, None, None, "tekstverwijzing", match.group(0), "",
                                f"Een alinea die naar {number} verwijst, noemt {match.group(0)}, maar dat percentage staat "
                                f"niet in {number} (ook niet als som van twee cellen): “…{context}…”."))
    return out


# --------------------------------------------------------------------------------------------
def _text_blocks(text: str) -> dict[str, str]:
    """Per table of the body: the prose from the caption before it to the caption after it."""
    lines = text.splitlines()
    captions = [(i, CAPTION.match(line.strip()).group(1)) for i, line in enumerate(lines)
                if CAPTION.match(line.strip())]
    out = {}
    for k, (i, number) in enumerate(captions):
        start = captions[k - 1][0] + 1 if k else 0
        end = captions[k + 1][0] if k + 1 < len(captions) else len(lines)
        out[f"Tabel {number}"] = "\n".join(lines[start:end])
    return out


def significance_findings(text: str, layout: ReportLayout, significant: dict[str, bool]) -> list[dict]:
    """Significant breakdowns whose main table's text never mentions the breakdown."""
    blocks = _text_blocks(text)
    mains = {spec.question: spec for spec in layout.tables if spec.question and not spec.is_breakdown}
    out = []
    for spec in layout.tables:
        if not spec.is_breakdown or not significant.get(spec.key):
            continue
        main = mains.get(spec.question)
        block = blocks.get(main.number, "").lower() if main is not None else ""
        words = GROUP_WORDS.get(spec.by or "", ())
        if main is None or not any(w in block for w in words):
            where = f"bij {main.number.lower()}" if main is not None else "in het rapport"
            group = "omzetgroep" if spec.by == "omzetgroep" else "Wlz-uitvoerder"
            out.append(_finding(spec.number, None, None, "significantie_tekst", "niet genoemd", "significant",
                                f"Het verschil naar {group} in {spec.number} is statistisch significant, maar de tekst "
                                f"{where} noemt deze uitsplitsing niet (de bijlage zegt dat significante verschillen "
                                "in de tekst worden toegelicht)."))
    return out


# --------------------------------------------------------------------------------------------
def normal_words(text: str) -> str:
    """Wording without case, accents, punctuation, '…' and 'namelijk' (for comparing labels)."""
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"\bnamelijk\b|\.\.\.|…", " ", text)
    return " ".join(re.sub(r"[^a-z0-9%]+", " ", text).split())


def _labels(spec: TableSpec, codebook: Codebook) -> dict | None:
    if not spec.question or spec.question not in codebook:
        return None
    if spec.kind in {"single", "multi"}:
        return codebook.options(spec.question)
    if spec.kind in {"matrix", "matrix_share", "scale_means"}:
        return codebook.items(spec.question)
    return None


def wording_findings(layout: ReportLayout, cells: pd.DataFrame, meta: pd.DataFrame, codebook: Codebook) -> list[dict]:
    """Printed option/item labels and captions against the questionnaire's wording (codebook)."""
    out, seen = [], set()
    titles = meta.set_index("table")["title"].to_dict()
    for spec in layout.tables:
        labels = _labels(spec, codebook)
        if labels is None or spec.published is False:
            continue
        printed = align_table(spec, cells).drop_duplicates("row_code")
        for code, label in zip(printed["row_code"], printed["row"]):
            wanted = labels.get(code)
            if wanted is None or normal_words(label) == normal_words(wanted) or (spec.question, code) in seen:
                continue
            seen.add((spec.question, code))
            out.append(_finding(spec.number, None, label, "formulering", label, wanted,
                                f"Het rapport noemt deze antwoordmogelijkheid ‘{label}’; de vragenlijst zegt ‘{wanted}’."))
        out.extend(_caption_wording(spec, codebook, titles.get(spec.number, ""), seen))
    return out


def _caption_wording(spec: TableSpec, codebook: Codebook, title: str, seen: set) -> list[dict]:
    """A caption against its question: other years (bijschrift_jaar) or other words (formulering)."""
    question = codebook.question(spec.question)
    if spec.by or spec.title or not title or normal_words(title) == normal_words(question.text) or spec.question in seen:
        return []
    seen.add(spec.question)
    years_caption, years_question = set(re.findall(r"\b20\d\d\b", title)), set(re.findall(r"\b20\d\d\b", question.text))
    if years_caption != years_question:
        return [_finding(spec.number, None, None, "bijschrift_jaar", ", ".join(sorted(years_caption)),
                         ", ".join(sorted(years_question)),
                         f"Het bijschrift noemt {', '.join(sorted(years_caption)) or 'geen jaar'}, "
                         f"{question.number_label} van de vragenlijst {', '.join(sorted(years_question)) or 'geen jaar'}: "
                         f"‘{title}’ tegenover ‘{question.text}’.")]
    return [_finding(spec.number, None, None, "formulering", title, question.text,
                     f"Het bijschrift geeft de vraag anders weer dan {question.number_label} van de vragenlijst: "
                     f"‘{title}’ tegenover ‘{question.text}’.")]


# --------------------------------------------------------------------------------------------
def _achievable(percent: float, n: int) -> bool:
    """Some whole number of the `n` respondents prints as `percent`, rounded half up (as the report) or half to
    even (as R, numpy and Python round: 1 of 8 is 12%, 5 of 8 is 62%); a statistics review found 12% and 62% of 8
    called impossible though a publisher's tool prints them so."""
    return any(int(round_half_up(100 * k / n)) == int(percent) or round(100 * k / n) == int(percent)
               for k in range(n + 1))


def share_findings(layout: ReportLayout, cells: pd.DataFrame, meta: pd.DataFrame) -> list[dict]:
    """Printed shares the printed bases cannot give: a whole percentage of a column whose caption
    gives one exact base n that no k of n rounds to (Tabel 24: 37% of n=8), and a printed "count
    (share)" whose share is not the count of its column's counts (Tabel 38: 19 of 23 as 82%)."""
    out = []
    captions = meta.set_index("table")
    for spec in layout.tables:
        own = cells[cells["table"] == spec.number]
        if own.empty or spec.number not in captions.index:
            continue
        bases = _bases(captions.loc[spec.number, "bases"])
        columns = list(dict.fromkeys(own["column"].astype(str)))
        for column in columns:
            part = own[own["column"].astype(str) == column]
            base = bases.get(column, bases.get("*") if len(columns) == 1 else None)
            exact = _range(base) if base else None
            if exact and exact[0] == exact[1] and exact[0] > 0:
                n = int(exact[0])
                for _, cell in part[part["unit"] == "percent"].iterrows():
                    value = pd.to_numeric(cell["value"], errors="coerce")
                    if pd.notna(value) and float(value).is_integer() and not _achievable(float(value), n):
                        out.append(_finding(spec.number, column, cell["row"], "onmogelijk_aandeel", f"{int(value)}%",
                                            f"n={n}", f"{int(value)}% van n={n} kan niet: geen aantal van de {n} "
                                            f"respondenten geeft afgerond {int(value)}% (half naar boven of naar even)."))
            counted = part[(part["unit"] == "count") & pd.to_numeric(part["value_pct"], errors="coerce").notna()]
            counts = pd.to_numeric(counted["value"], errors="coerce")
            total = counts.sum()
            if len(counted) >= 2 and total > 0:
                for (_, cell), count in zip(counted.iterrows(), counts):
                    share = float(cell["value_pct"])
                    expected = int(round_half_up(100 * count / total))
                    # half to even too, as the base check above accepts it (12% for 1 of 8; review h91)
                    if share.is_integer() and int(share) not in {expected, round(100 * count / total)}:
                        out.append(_finding(spec.number, column, cell["row"], "onmogelijk_aandeel", f"{int(share)}%",
                                            f"{expected}%", f"{int(count)} van de {int(total)} in deze kolom is "
                                            f"{expected}%, niet {int(share)}%."))
    return out


def audit(layout: ReportLayout, codebook: Codebook, computed: dict[str, pd.DataFrame], cells: pd.DataFrame,
          meta: pd.DataFrame, significant: dict[str, bool], report_text: str | None = None) -> pd.DataFrame:
    """Every finding of every class (prose classes only when the report text is at hand)."""
    rows = caption_findings(layout, meta, computed) + nps_findings(layout, cells) + share_findings(layout, cells, meta)
    if report_text:
        rows += prose_findings(report_text, cells, layout) + significance_findings(report_text, layout, significant)
    if getattr(layout, "numbers_are_own", True):  # a year derived from a later report has no wording of its own
        rows += wording_findings(layout, cells, meta, codebook)
    return pd.DataFrame(rows, columns=AUDIT_COLUMNS)
