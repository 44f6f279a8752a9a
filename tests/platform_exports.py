"""The 2026 demo respondents as survey platforms export them (test fixtures, generated).

The questionnaire is built on each platform as Bijlage 4 prints it: choice texts as printed
(prefix "Zorgkantoor ...", routing hints "(Ga door naar vraag 13)", trailing dots, the
footnote marker), a text box on every choice that has one, the number asked inside an option
("namelijk ...%") as that choice's text box where the platform allows it, comment boxes as
questions of their own. Each writer puts the demo respondents in the platform's own shape --
header rows, metadata columns, value conventions, multi-select conventions, "other" text
columns, how unfinished responses appear -- and adds the rows a real export holds besides
the respondents (previews, test responses, an abandoned start, a double submission).

:func:`write_export` returns a :class:`PlatformExport`: the file, and for every row its
export id, the demo respondent it stands for and the reason it is to be excluded (or none).
What each platform writes (as far as its documentation and exports we know show it):

- Qualtrics (CSV / XLSX, 3 header rows: column ids, question texts, ``{"ImportId": ...}``;
  ``StartDate, EndDate, Status, IPAddress, Progress, Duration (in seconds), Finished,
  RecordedDate, ResponseId, RecipientLastName, RecipientFirstName, RecipientEmail,
  ExternalReference, LocationLatitude, LocationLongitude, DistributionChannel, UserLanguage``,
  then ``Q1 .. Qn``, ``Qn_k`` (matrix items, split multi-select), ``Qn_k_TEXT`` (a choice's
  text box), ``Qn_NPS_GROUP``, embedded data last; Status 0 = IP Address, 1 = Survey Preview,
  2 = Survey Test; Finished True/False (choice text) or 1/0 (numeric); a multi-select one
  comma-joined column (choice text) or one column per choice (numeric, "split multi-value
  fields"); SPSS: numeric values with value labels, split multi-select 1 / missing);
- SurveyMonkey (CSV, 2 header rows: question, then "Response" / "Open-Ended Response" / the
  option / "Other (please specify)"; ``Respondent ID, Collector ID, Start Date, End Date,
  IP Address, Email Address, First Name, Last Name, Custom Data 1``; a multi-select one column
  per option holding its label when chosen; no completion column: a partial response holds
  the pages submitted before the respondent left);
- LimeSurvey (CSV, headings "question code & question text", full answers: ``id, submitdate,
  lastpage, startlanguage, seed, startdate, datestamp, ipaddr`` and participant fields
  ``token, email``; ``Q2[SQ001]`` subquestions, multi-select "Ja" / empty, ``[other]`` text
  columns without an option column, ``[comment]`` columns; an incomplete response has an empty
  ``submitdate``; SPSS: codes with value labels, brackets in names as ``_``);
- Google Forms (CSV, "Tijdstempel", "E-mailadres", numbered question titles, a multi-select
  joined with ", ", grids as "question [row]", only submitted responses);
- Microsoft Forms (XLSX, "Id, Begintijd, Tijd van voltooien, E-mail, Naam, Tijdstip van laatste
  wijziging", a multi-select joined with ";" and a trailing ";", Likert rows as
  "question.statement", only submitted responses).
"""

from __future__ import annotations

import csv
import json
import random
import string
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from wlzmonitor.spec.codebook import Codebook, Question

#: the platforms and file kinds a fixture exists for
PLATFORMS = ("qualtrics_text.csv", "qualtrics_numeric.xlsx", "qualtrics.sav", "surveymonkey.csv",
             "limesurvey.csv", "limesurvey.sav", "google_forms.csv", "ms_forms.xlsx")

#: numeric questions asked inside an option: (question, option) whose text box holds them
INSIDE_OPTION = {"tariefpercentage_hoger": ("tariefpercentage", 3),
                 "tariefpercentage_lager": ("tariefpercentage", 4), "pgb_aantal": ("pgb", 1)}

#: choice texts as Bijlage 4 prints them, where they differ from the codebook's labels
_PRINTED = {
    ("zorgtype", 1): "Op intramurale zorg (verblijf met of zonder behandeling) en zorg aan "
                     "zelfstandig wonende cliënten met een Wlz-indicatie (VPT en "
                     "MPT/overbruggingszorg¹).",
    ("zorgtype", 2): "Op alleen intramurale zorg (verblijf met of zonder behandeling). De vragen "
                     "31, 35 en 36 zijn niet van toepassing.",
    ("zorgtype", 3): "Op alleen zorg aan zelfstandig wonende cliënten met een Wlz-indicatie (VPT "
                     "en MPT/overbruggingszorg). De vragen 20, 21, 33 en 34 zijn niet van "
                     "toepassing.",
    ("innovatie_afspraken", 1): "Ja, geheel, betreffende de volgende innovaties:...",
    ("innovatie_afspraken", 2): "In grote mate, betreffende de volgende innovaties:...",
    ("innovatie_afspraken", 3): "In beperkte mate, betreffende de volgende innovaties:...",
    ("tariefpercentage", 3): "Een hoger tariefpercentage dan het in het regionaal inkoopbeleid "
                             "beschreven richttariefpercentage, namelijk ...% van het NZa "
                             "maximumtarief.",
    ("tariefpercentage", 4): "Een lager tariefpercentage dan het in het regionaal inkoopbeleid "
                             "beschreven richttariefpercentage, namelijk ...% van het NZa "
                             "maximumtarief.",
    ("maatwerk", 1): "Ja, met de volgende reden(en) (meerdere antwoorden mogelijk):",
    ("maatwerk", 2): "Nee (Ga door naar vraag 13)",
    ("maatwerk_gehonoreerd", 1): "Ja, want....", ("maatwerk_gehonoreerd", 2): "Ten dele, want.....",
    ("maatwerk_gehonoreerd", 3): "Nee, want....",
    ("tevredenheid_tarief", 2): "Ten dele, want....", ("tevredenheid_tarief", 3): "Nee, want....",
    ("hardheidsclausule", 1): "Ja, want....",
    ("transitie_afspraken", 4): "Niet van toepassing (ga door naar vraag 17)",
    ("eisen_zorgkantoor", 2): "Het zorgkantoor hanteert onredelijke eisen, namelijk:.....",
    ("behandeling_externe_clienten", 5): "Nee, maar we zouden dit wel willen doen, omdat.....",
    ("hlo_honorering", 1): "Ja, de volledige 0,9% opslag.",
    ("hlo_honorering", 3): "Nee, onze aanvraag en budgettoekenning zijn afgewezen, omdat....",
    ("leveringsvormen", 6): "Anders, namelijk: ...",
    ("herschikking_intramuraal", 1): "Ja, geheel (Ga -indien ook extramuraal- verder naar vraag "
                                     "35 of naar vraag 38)",
    ("herschikking_intramuraal", 4): "Niet van toepassing: herschikking was niet nodig omdat de "
                                     "productieafspraken 2025 toereikend waren voor de cliënten "
                                     "in zorg.",
    ("overproductie_intramuraal", 2): "Nee (Ga - indien alleen intramuraal - naar vraag 38)",
    ("herschikking_thuis", 1): "Ja, geheel (Ga naar vraag 38)",
    ("herschikking_thuis", 4): "Niet van toepassing: herschikking was niet nodig, omdat de "
                               "productieafspraken 2025 toereikend waren voor de cliënten in "
                               "zorg.",
    ("overproductie_thuis", 2): "Nee (naar vraag 38 indien geen 'ja' bij vraag 35 op basis van "
                                "intramurale én zelfstandige route)",
    ("contact", 1): "Ja, met:",
    ("nps", 0): "0 (zeer waarschijnlijk niet)", ("nps", 10): "10 (zeer waarschijnlijk wel)",
    ("geldstromen_belasting", 1): "1 zeer laag", ("geldstromen_belasting", 5): "5 zeer hoog",
}
COMMENT_TEXT = "Eventuele toelichting:"
TEST_EMAIL = "test@actiz.example"


def printed(q: Question, code: int) -> str:
    """The choice text of option ``code`` of ``q`` as Bijlage 4 prints it."""
    if (q.key, code) in _PRINTED:
        return _PRINTED[(q.key, code)]
    if q.key in ("zorgkantoren", "hoofdzorgkantoor"):
        return "Zorgkantoor " + q.option(code).label
    if q.type in ("scale", "nps"):
        return str(code)
    if q.type == "contact":
        return q.fields[0].options[code - 1].label
    return q.option(code).label


def choices(q: Question) -> list[int]:
    if q.type in ("scale", "nps"):
        lo, hi = q.range  # type: ignore[misc]
        return list(range(int(lo), int(hi) + 1))
    if q.type == "contact":
        return [o.code for o in q.fields[0].options]
    return list(q.codes)


# --------------------------------------------------------------------------------------------
# the rows an export holds


@dataclass
class Row:
    """One row of an export: the canonical answers (codebook column -> text) it carries."""

    export_id: str
    demo_id: str | None          # the demo respondent (None: a preview, test or abandoned row)
    answers: dict[str, str]
    complete: bool
    reason: str | None = None    # the exclusion reason expected (None: included)
    status: str = "respondent"   # respondent | preview | test
    organisation: str = ""
    email: str = ""
    when: int = 0                # minutes after the start of the fieldwork


@dataclass
class PlatformExport:
    name: str
    path: Path
    rows: list[Row] = field(default_factory=list)

    def expected_exclusions(self) -> list[tuple[str, str]]:
        """(demo respondent or row kind, reason) of every row to be excluded, sorted."""
        return sorted((label_of(r), r.reason) for r in self.rows if r.reason is not None)

    def label(self, export_id: str) -> str:
        return next(label_of(r) for r in self.rows if r.export_id == export_id)

    def id_map(self) -> dict[str, str]:
        return {r.export_id: r.demo_id for r in self.rows if r.demo_id is not None}


def _ids(kind: str, n: int, rng: random.Random) -> list[str]:
    if kind == "qualtrics":
        alphabet = string.ascii_letters + string.digits
        return ["R_" + "".join(rng.choice(alphabet) for _ in range(15)) for _ in range(n)]
    if kind == "surveymonkey":
        return [str(114_803_000_000 + 7919 * (i + 1)) for i in range(n)]
    return [str(i + 1) for i in range(n)]


def export_rows(demo: pd.DataFrame, platform: str, *, partial_pages: bool = False) -> list[Row]:
    """The demo respondents as rows of ``platform``'s export, plus the rows that are no
    respondents; in the order responses came in (not the demo's order)."""
    rng = random.Random(f"wlz-{platform}")
    forms = platform in ("google_forms", "ms_forms")
    rows: list[Row] = []
    for i, r in enumerate(demo.to_dict("records")):
        complete = r["voltooid"] == "1"
        if forms and not complete:
            continue  # a form keeps submitted responses only
        answers = {k: v for k, v in r.items() if k not in ("respondent_id", "voltooid")}
        if partial_pages and not complete:
            answers = _drop_last_page(answers)
        reason = None if complete else "incomplete response (voltooid = 0)"
        if partial_pages and not complete:
            reason = "incomplete (required answer missing)"
        rows.append(Row("", r["respondent_id"], answers, complete, reason,
                        organisation=f"Zorgorganisatie {r['respondent_id'][1:]}",
                        email=f"bestuur@lid{r['respondent_id'][1:]}.example", when=37 * i + 11))
    seen: set[str] = set()
    for row in rows:  # the second copy of a double submission is excluded
        if row.demo_id in seen:
            row.reason = "duplicate of an earlier row"
        seen.add(row.demo_id)  # type: ignore[arg-type]
    first = next(r for r in rows if r.complete)
    extra = [Row("", None, dict(first.answers), True, "test response", "test", "ActiZ (test)",
                 TEST_EMAIL, when=-600)]
    if platform == "qualtrics":
        extra.append(Row("", None, dict(first.answers), True, "survey preview", "preview",
                         "", "", when=-900))
    if not forms:  # an organisation that opened the survey and left after question 1
        extra.append(Row("", None, {"omzet": first.answers["omzet"]}, False,
                         "incomplete (required answer missing)" if partial_pages
                         else "incomplete response (voltooid = 0)",
                         organisation="Zorgorganisatie 900", email="info@lid900.example",
                         when=5000))
    rows = extra + rows
    rng.shuffle(rows)  # the order responses came in, not the demo's
    for row, rid in zip(rows, _ids(platform, len(rows), rng)):
        row.export_id = rid
    rows.sort(key=lambda r: r.when)
    return rows


def _drop_last_page(answers: dict[str, str]) -> dict[str, str]:
    """A partial response keeps the pages submitted: the last page (questions 38 to 40 and
    the contact question) was not."""
    last = ("suggesties_inkoopbeleid", "actiz_diensten", "nps", "contact")
    return {k: ("" if k.startswith(last) else v) for k, v in answers.items()}


def _timestamp(minutes: int, style: str) -> str:
    t = pd.Timestamp("2025-11-19 09:00:00") + pd.Timedelta(minutes=minutes)
    return {"iso": t.strftime("%Y-%m-%d %H:%M:%S"), "us": t.strftime("%m/%d/%Y %I:%M:%S %p"),
            "nl": f"{t.day}-{t.month}-{t.year} {t.strftime('%H:%M:%S')}"}[style]


def number_text(value: str, q: Question) -> str:
    """A number as a Dutch respondent types it (decimal comma)."""
    return value.replace(".", ",") if value and q.unit == "percent" else value


def label_of(row: Row) -> str:
    """What an export row stands for: its demo respondent, else its status."""
    if row.demo_id is not None:
        return row.demo_id
    return row.status if row.status != "respondent" else "abandoned"


# --------------------------------------------------------------------------------------------
# the questionnaire as a platform's question list


@dataclass
class PQ:
    """One question as built on a platform."""

    kind: str            # single multi matrix scale number text form nps comment contact
    q: Question
    #: option code -> codebook column its text box feeds (single, multi)
    boxes: dict[int, str] = field(default_factory=dict)
    fields: list[tuple[str, str, str]] = field(default_factory=list)  # (code, label, column)


def design(cb: Codebook, *, inside_options: bool = True) -> list[PQ]:
    """The platform questions in order. ``inside_options``: a number asked inside an option
    is that choice's text box (else a question of its own after it)."""
    out: list[PQ] = []
    for q in cb.questions:
        if q.key in INSIDE_OPTION and inside_options:
            continue
        if q.type == "single":
            boxes = {c: q.text_column for c in q.text_field_options}
            if inside_options:
                boxes.update({code: key for key, (owner, code) in INSIDE_OPTION.items()
                              if owner == q.key})
            out.append(PQ("single", q, boxes))
        elif q.type == "multi":
            out.append(PQ("multi", q, {c: q.text_column for c in q.text_field_options}))
        elif q.type in ("matrix", "scale"):
            out.append(PQ(q.type, q))
        elif q.type == "numeric":
            out.append(PQ("number", q))
        elif q.type == "nps":
            out.append(PQ("nps", q))
        elif q.type == "open":
            cols = q.field_columns()
            out.append(PQ("form" if len(q.fields) > 1 else "text", q,
                          fields=[(f.code, f.label or f.code, cols[f.code]) for f in q.fields]))
        elif q.type == "contact":
            cols = q.field_columns()
            out.append(PQ("contact", q))
            out.append(PQ("form", q, fields=[(f.code, f.label, cols[f.code])
                                              for f in q.fields[1:]]))
        if q.comment:
            out.append(PQ("comment", q))
    return out


def chosen(pq: PQ, answers: dict[str, str]) -> int | None:
    """The option of a single (or contact) question a row chose."""
    col = pq.q.field_columns()["toestemming"] if pq.kind == "contact" else pq.q.key
    v = answers.get(col, "")
    return int(v) if v else None


def selected(pq: PQ, answers: dict[str, str]) -> list[int] | None:
    """The options of a multi question a row selected (None: not answered)."""
    cols = pq.q.option_columns()
    if all(answers.get(c, "") == "" for c in cols.values()):
        return None
    return [code for code, c in cols.items() if answers.get(c) == "1"]


def box_text(pq: PQ, answers: dict[str, str], code: int, percent: set[str]) -> str:
    """What the text box of option ``code`` holds for this row (``percent``: the columns of
    percent questions, typed with a decimal comma)."""
    col = pq.boxes.get(code)
    if col is None:
        return ""
    if pq.kind == "single" and chosen(pq, answers) != code:
        return ""
    if pq.kind == "multi" and code not in (selected(pq, answers) or []):
        return ""
    value = answers.get(col, "")
    return value.replace(".", ",") if col in percent else value


def percent_columns(cb: Codebook) -> set[str]:
    return {q.key for q in cb.questions if q.type == "numeric" and q.unit == "percent"}


# --------------------------------------------------------------------------------------------
# writing files


def write_csv_grid(path: Path, header: list[list[str]], body: list[list[str]], *,
                   delimiter: str = ",", encoding: str = "utf-8-sig") -> Path:
    with open(path, "w", encoding=encoding, newline="") as f:
        w = csv.writer(f, delimiter=delimiter)
        for h in header:
            w.writerow(h)
        for r in body:
            w.writerow(r)
    return path


def write_xlsx_grid(path: Path, header: list[list[str]], body: list[list[str]],
                    sheet: str = "Sheet1", numeric: bool = False) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for h in header:
        ws.append(h)
    for r in body:
        ws.append([_xlsx_value(v, numeric) for v in r])
    wb.save(path)
    return path


def _xlsx_value(v: str, numeric: bool):
    if v == "":
        return None
    if numeric and v.lstrip("-").isdigit() and len(v) < 12:
        return int(v)
    return v


def json_import_id(s: str, **extra: str) -> str:
    return json.dumps({"ImportId": s, **extra}, separators=(",", ":"))
