"""Writers of the platform fixtures (see platform_exports.py for what each platform writes)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pandas as pd

from wlzmonitor.spec.codebook import Codebook

from platform_exports import (COMMENT_TEXT, PQ, PlatformExport, Row, _timestamp, box_text, choices,
                              chosen, design, export_rows, json_import_id, percent_columns,
                              printed, selected, write_csv_grid, write_xlsx_grid)

CONTACT_FORM_TEXT = "Contactgegevens"


@dataclass
class Col:
    """One column of an export: its header rows, how a row fills it, SPSS value labels."""

    name: str
    text: str
    cell: Callable[[Row], str]
    labels: dict[int, str] | None = None
    sub: str = ""          # a second header row's cell (SurveyMonkey)
    import_id: str = ""


def _n(row: Row) -> str:
    return "".join(ch for ch in (row.demo_id or "900") if ch.isdigit()).lstrip("0") or "0"


# --------------------------------------------------------------------------------------------
# Qualtrics


def _qualtrics_meta(numeric: bool) -> list[Col]:
    status = {"respondent": (0, "IP Address"), "preview": (1, "Survey Preview"),
              "test": (2, "Survey Test")}

    def progress(r: Row) -> str:
        return "100" if r.complete else str(min(99, 3 + 100 * len(
            [v for v in r.answers.values() if v]) // 140))

    def ip(r: Row) -> str:
        return "" if r.status == "preview" else f"192.0.2.{int(_n(r)) % 250 + 1}"
    recipient = {"respondent": True, "preview": False, "test": True}
    cols = [
        Col("StartDate", "Start Date", lambda r: _timestamp(r.when, "iso"),
            import_id=json_import_id("startDate", timeZone="Europe/Amsterdam")),
        Col("EndDate", "End Date", lambda r: _timestamp(r.when + (24 if r.complete else 3), "iso"),
            import_id=json_import_id("endDate", timeZone="Europe/Amsterdam")),
        Col("Status", "Response Type",
            lambda r: str(status[r.status][0]) if numeric else status[r.status][1],
            labels={v: k for v, k in status.values()}, import_id=json_import_id("status")),
        Col("IPAddress", "IP Address", ip, import_id=json_import_id("ipAddress")),
        Col("Progress", "Progress", progress, import_id=json_import_id("progress")),
        Col("Duration (in seconds)", "Duration (in seconds)",
            lambda r: str(1440 + 7 * int(_n(r))) if r.complete else "180",
            import_id=json_import_id("duration")),
        Col("Finished", "Finished",
            lambda r: ("1" if r.complete else "0") if numeric else str(r.complete),
            labels={0: "False", 1: "True"}, import_id=json_import_id("finished")),
        Col("RecordedDate", "Recorded Date",
            lambda r: _timestamp(r.when + (24 if r.complete else 10080), "iso"),
            import_id=json_import_id("recordedDate", timeZone="Europe/Amsterdam")),
        Col("ResponseId", "Response ID", lambda r: r.export_id, import_id=json_import_id("_recordId")),
        Col("RecipientLastName", "Recipient Last Name",
            lambda r: f"Bestuurder{_n(r)}" if recipient[r.status] else "",
            import_id=json_import_id("recipientLastName")),
        Col("RecipientFirstName", "Recipient First Name",
            lambda r: "Anne" if recipient[r.status] else "",
            import_id=json_import_id("recipientFirstName")),
        Col("RecipientEmail", "Recipient Email", lambda r: r.email,
            import_id=json_import_id("recipientEmail")),
        Col("ExternalReference", "External Data Reference",
            lambda r: f"LID-{int(_n(r)):04d}" if r.status == "respondent" else "",
            import_id=json_import_id("externalDataReference")),
        Col("LocationLatitude", "Location Latitude",
            lambda r: "" if r.status == "preview" else "52.0907",
            import_id=json_import_id("locationLatitude")),
        Col("LocationLongitude", "Location Longitude",
            lambda r: "" if r.status == "preview" else "5.1214",
            import_id=json_import_id("locationLongitude")),
        Col("DistributionChannel", "Distribution Channel",
            lambda r: {"respondent": "email", "preview": "preview", "test": "test"}[r.status],
            import_id=json_import_id("distributionChannel")),
        Col("UserLanguage", "User Language", lambda r: "NL",
            import_id=json_import_id("userLanguage")),
    ]
    return cols


def _qualtrics_question(n: int, pq: PQ, numeric: bool, split: bool, pct: set[str]) -> list[Col]:
    q, tag, qid = pq.q, f"Q{n}", f"QID{n}"

    def choice(code: int | None) -> str:
        if code is None:
            return ""
        return str(code) if numeric else printed(q, code)
    labels = {c: printed(q, c) for c in choices(q)} if pq.kind != "form" else None
    if pq.kind in ("single", "contact"):
        cols = [Col(tag, q.text, lambda r: choice(chosen(pq, r.answers)), labels,
                    import_id=json_import_id(qid))]
    elif pq.kind == "multi" and not split:
        cols = [Col(tag, q.text, lambda r: ",".join(choice(c) for c in selected(pq, r.answers) or []),
                    import_id=json_import_id(qid))]
    elif pq.kind == "multi":
        cols = [Col(f"{tag}_{c}", f"{q.text} - {printed(q, c)}",
                    lambda r, c=c: "" if c not in (selected(pq, r.answers) or [])
                    else ("1" if numeric else printed(q, c)), {1: printed(q, c)},
                    import_id=json_import_id(f"{qid}_{c}")) for c in q.codes]
    elif pq.kind in ("matrix", "scale"):
        cols = [Col(f"{tag}_{k}", f"{q.text} - {it.label}",
                    lambda r, col=f"{q.key}__{it.code}": choice(int(r.answers[col])
                                                                 if r.answers.get(col) else None),
                    labels, import_id=json_import_id(f"{qid}_{k}"))
                for k, it in enumerate(q.items, start=1)]
    elif pq.kind == "nps":
        group = {**{v: ("Detractor", 1) for v in range(7)}, 7: ("Passive", 2), 8: ("Passive", 2),
                 9: ("Promoter", 3), 10: ("Promoter", 3)}
        cols = [Col(tag, q.text, lambda r: r.answers.get("nps", ""), labels,
                    import_id=json_import_id(qid)),
                Col(f"{tag}_NPS_GROUP", f"{q.text} - Group",
                    lambda r: "" if not r.answers.get("nps") else (
                        str(group[int(r.answers["nps"])][1]) if numeric
                        else group[int(r.answers["nps"])][0]),
                    {1: "Detractor", 2: "Passive", 3: "Promoter"},
                    import_id=json_import_id(f"{qid}_NPS_GROUP"))]
    elif pq.kind == "form":
        cols = [Col(f"{tag}_{k}", f"{q.text if q.type == 'open' else CONTACT_FORM_TEXT} - {label}",
                    lambda r, col=col: r.answers.get(col, ""),
                    import_id=json_import_id(f"{qid}_{k}"))
                for k, (_, label, col) in enumerate(pq.fields, start=1)]
    elif pq.kind == "comment":
        cols = [Col(tag, COMMENT_TEXT, lambda r: r.answers.get(q.comment_column, ""),
                    import_id=json_import_id(qid))]
    else:  # number, text
        col = q.key if pq.kind == "number" else q.answer_columns()[0]
        cols = [Col(tag, q.text, lambda r, col=col: r.answers.get(col, "").replace(".", ",")
                    if col in pct else r.answers.get(col, ""), import_id=json_import_id(qid))]
    for code in pq.boxes:
        cols.append(Col(f"{tag}_{code}_TEXT", f"{q.text} - {printed(q, code)} - Tekst",
                        lambda r, code=code: box_text(pq, r.answers, code, pct),
                        import_id=json_import_id(f"{qid}_{code}_TEXT")))
    return cols


def qualtrics_columns(cb: Codebook, *, numeric: bool, split: bool) -> list[Col]:
    pct = percent_columns(cb)
    cols = _qualtrics_meta(numeric)
    for n, pq in enumerate(design(cb), start=1):
        cols += _qualtrics_question(n, pq, numeric, split, pct)
    cols.append(Col("Organisatie", "Organisatie", lambda r: r.organisation,
                    import_id=json_import_id("Organisatie")))
    return cols


def write_qualtrics(cb: Codebook, demo: pd.DataFrame, path: Path, kind: str) -> PlatformExport:
    rows = export_rows(demo, "qualtrics")
    numeric = kind != "text"
    cols = qualtrics_columns(cb, numeric=numeric, split=numeric)
    body = [[c.cell(r) for c in cols] for r in rows]
    if kind == "sav":
        _write_sav(path, cols, body)
    else:
        header = [[c.name for c in cols], [c.text for c in cols], [c.import_id for c in cols]]
        if path.suffix == ".xlsx":
            write_xlsx_grid(path, header, body, sheet=path.stem, numeric=True)
        else:
            write_csv_grid(path, header, body)
    return PlatformExport(path.name, path, rows)


def _sav_name(name: str) -> str:
    """An SPSS variable name: "Q2[SQ001]" -> "Q2_SQ001", "Duration (in seconds)" ->
    "Duration__in_seconds_" (as Qualtrics writes it)."""
    out = "".join(ch if ch.isalnum() else "_" for ch in name)
    if "[" in name:
        out = out.rstrip("_")
    return out if out[0].isalpha() else "V" + out


def _write_sav(path: Path, cols: list[Col], body: list[list[str]]) -> None:
    import pyreadstat

    data: dict[str, list] = {}
    names: list[str] = []
    for k, c in enumerate(cols):
        values = [r[k] for r in body]
        name = _sav_name(c.name)
        names.append(name)
        if c.labels is not None and all(v == "" or v.lstrip("-").isdigit() for v in values):
            data[name] = [float(v) if v != "" else float("nan") for v in values]
        else:
            data[name] = values
    df = pd.DataFrame(data)
    value_labels = {n: {float(k): v for k, v in c.labels.items()} for n, c in zip(names, cols)
                    if c.labels is not None and df[n].dtype != object}
    pyreadstat.write_sav(df, str(path), column_labels=[c.text for c in cols],
                         variable_value_labels=value_labels)


# --------------------------------------------------------------------------------------------
# SurveyMonkey


def surveymonkey_columns(cb: Codebook) -> list[Col]:
    pct = percent_columns(cb)
    meta = [("Respondent ID", lambda r: r.export_id),
            ("Collector ID", lambda r: "431906712" if r.status == "test" else "431906655"),
            ("Start Date", lambda r: _timestamp(r.when, "us")),
            ("End Date", lambda r: _timestamp(r.when + (24 if r.complete else 3), "us")),
            ("IP Address", lambda r: f"192.0.2.{int(_n(r)) % 250 + 1}"),
            ("Email Address", lambda r: r.email), ("First Name", lambda r: "Anne"),
            ("Last Name", lambda r: f"Bestuurder{_n(r)}"), ("Custom Data 1", lambda r: "")]
    cols = [Col(name, name, fn) for name, fn in meta]
    for pq in design(cb, inside_options=False):
        cols += _surveymonkey_question(pq, pct)
    return cols


def _surveymonkey_question(pq: PQ, pct: set[str]) -> list[Col]:
    q = pq.q
    other = "Other (please specify)"
    if pq.kind in ("single", "contact", "nps"):
        cols = [Col(q.text, q.text, lambda r: printed(q, chosen(pq, r.answers))
                    if chosen(pq, r.answers) is not None else "", sub="Response")]
        if pq.kind == "nps":
            cols[0].cell = lambda r: r.answers.get("nps", "")
    elif pq.kind == "multi":
        cols = [Col(q.text, q.text, lambda r, c=c: printed(q, c)
                    if c in (selected(pq, r.answers) or []) else "", sub=printed(q, c))
                for c in q.codes]
    elif pq.kind in ("matrix", "scale"):
        cols = [Col(q.text, q.text, lambda r, col=f"{q.key}__{it.code}": printed(
                    q, int(r.answers[col])) if r.answers.get(col) else "", sub=it.label)
                for it in q.items]
    elif pq.kind == "form":
        head = q.text if q.type == "open" else CONTACT_FORM_TEXT
        cols = [Col(head, head, lambda r, col=col: r.answers.get(col, ""), sub=label)
                for _, label, col in pq.fields]
    elif pq.kind == "comment":
        return [Col("", "", lambda r: r.answers.get(q.comment_column, ""), sub=other)]
    else:
        col = q.key if pq.kind == "number" else q.answer_columns()[0]
        cols = [Col(q.text, q.text, lambda r, col=col: r.answers.get(col, "").replace(".", ",")
                    if col in pct else r.answers.get(col, ""), sub="Open-Ended Response")]
    if pq.boxes:  # one comment box for the question ("Other (please specify)")
        cols.append(Col("", "", lambda r: next((box_text(pq, r.answers, c, pct) for c in pq.boxes
                                                if box_text(pq, r.answers, c, pct)), ""), sub=other))
    for c in cols[1:]:
        if c.sub != other:
            c.name = ""  # the question text stands above its first column only (merged cell)
    return cols


def write_surveymonkey(cb: Codebook, demo: pd.DataFrame, path: Path) -> PlatformExport:
    rows = export_rows(demo, "surveymonkey", partial_pages=True)
    cols = surveymonkey_columns(cb)
    header = [[c.name for c in cols], [c.sub for c in cols]]
    write_csv_grid(path, header, [[c.cell(r) for c in cols] for r in rows])
    return PlatformExport(path.name, path, rows)


# --------------------------------------------------------------------------------------------
# LimeSurvey


def _sq(k: int) -> str:
    return f"SQ{k:03d}"


def limesurvey_columns(cb: Codebook, *, codes: bool) -> list[Col]:
    """Headings "question code & question text"; ``codes``: answer codes (the SPSS export)
    instead of full answers."""
    pct = percent_columns(cb)

    def meta(code: str, text: str, fn) -> Col:
        return Col(code, f"{code}. {text}", fn)
    cols = [meta("id", "Antwoord ID", lambda r: r.export_id),
            meta("submitdate", "Datum verstuurd",
                 lambda r: _timestamp(r.when + 24, "iso") if r.complete else ""),
            meta("lastpage", "Laatste pagina", lambda r: "7" if r.complete else "2"),
            meta("startlanguage", "Starttaal", lambda r: "nl"),
            meta("seed", "Seed", lambda r: str(1_000_003 * (int(_n(r)) + 7) % 99_991_111)),
            meta("startdate", "Startdatum", lambda r: _timestamp(r.when, "iso")),
            meta("datestamp", "Datum laatste actie",
                 lambda r: _timestamp(r.when + (24 if r.complete else 3), "iso")),
            meta("ipaddr", "IP-adres", lambda r: f"192.0.2.{int(_n(r)) % 250 + 1}"),
            meta("token", "Toegangscode", lambda r: "TEST" if r.status == "test" else
                 f"tk{int(_n(r)) * 7919 % 100000:05d}"),
            meta("email", "E-mailadres", lambda r: r.email)]
    for n, pq in enumerate(design(cb, inside_options=False), start=1):
        cols += _limesurvey_question(f"Q{n}", pq, codes, pct)
    return cols


def _limesurvey_question(code: str, pq: PQ, codes: bool, pct: set[str]) -> list[Col]:
    q = pq.q
    other = pq.kind == "single" and pq.boxes == {max(q.codes): q.text_column} \
        and q.option(max(q.codes)).label.startswith("Anders")
    labels = {c: ("Anders" if other and c == max(q.codes) else printed(q, c)) for c in choices(q)}

    def answer(c: int | None) -> str:
        if c is None:
            return ""
        if other and c == max(q.codes) and not codes:
            return "Anders"  # LimeSurvey's own label of the 'other' option
        return str(c) if codes else printed(q, c)
    if pq.kind in ("single", "contact", "nps"):
        cols = [Col(code, f"{code}. {q.text}", lambda r: answer(chosen(pq, r.answers)) if pq.kind
                    != "nps" else answer(int(r.answers["nps"]) if r.answers.get("nps") else None),
                    labels)]
    elif pq.kind == "multi":
        cols = [Col(f"{code}[{_sq(k)}]", f"{code}[{_sq(k)}]. {q.text} [{printed(q, c)}]",
                    lambda r, c=c: ("1" if codes else "Ja") if c in (selected(pq, r.answers) or [])
                    else "", {1: "Ja"}) for k, c in enumerate(q.codes, start=1)]
        cols += [Col(f"{code}[{_sq(q.codes.index(c) + 1)}comment]",
                     f"{code}[{_sq(q.codes.index(c) + 1)}comment]. {q.text} [{printed(q, c)} "
                     "(opmerking)]", lambda r, c=c: box_text(pq, r.answers, c, pct))
                 for c in pq.boxes]
        return cols
    elif pq.kind in ("matrix", "scale"):
        return [Col(f"{code}[{_sq(k)}]", f"{code}[{_sq(k)}]. {q.text} [{it.label}]",
                    lambda r, col=f"{q.key}__{it.code}": answer(int(r.answers[col]))
                    if r.answers.get(col) else "", labels if pq.kind == "matrix" else None)
                for k, it in enumerate(q.items, start=1)]
    elif pq.kind == "form":
        head = q.text if q.type == "open" else CONTACT_FORM_TEXT
        return [Col(f"{code}[{_sq(k)}]", f"{code}[{_sq(k)}]. {head} [{label}]",
                    lambda r, col=col: r.answers.get(col, ""))
                for k, (_, label, col) in enumerate(pq.fields, start=1)]
    elif pq.kind == "comment":
        return [Col(code, f"{code}. {COMMENT_TEXT}", lambda r: r.answers.get(q.comment_column, ""))]
    else:
        col = q.key if pq.kind == "number" else q.answer_columns()[0]
        return [Col(code, f"{code}. {q.text}", lambda r, col=col: r.answers.get(col, "").replace(
            ".", ",") if col in pct and not codes else r.answers.get(col, ""))]
    if pq.boxes:
        kind = "other" if other else "comment"
        label = "Anders" if other else "Opmerking"
        cols.append(Col(f"{code}[{kind}]", f"{code}[{kind}]. {q.text} [{label}]",
                        lambda r: next((box_text(pq, r.answers, c, pct) for c in pq.boxes
                                        if box_text(pq, r.answers, c, pct)), "")))
    return cols


def write_limesurvey(cb: Codebook, demo: pd.DataFrame, path: Path) -> PlatformExport:
    rows = export_rows(demo, "limesurvey")
    sav = path.suffix == ".sav"
    cols = limesurvey_columns(cb, codes=sav)
    body = [[c.cell(r) for c in cols] for r in rows]
    if sav:
        _write_sav(path, cols, body)
    else:
        write_csv_grid(path, [[c.text for c in cols]], body, delimiter=";", encoding="utf-8")
    return PlatformExport(path.name, path, rows)


# --------------------------------------------------------------------------------------------
# Google Forms, Microsoft Forms


def forms_columns(cb: Codebook, *, google: bool) -> list[Col]:
    pct = percent_columns(cb)
    if google:
        cols = [Col("Tijdstempel", "", lambda r: _timestamp(r.when + 24, "nl")),
                Col("E-mailadres", "", lambda r: r.email)]
    else:
        cols = [Col("Id", "", lambda r: r.export_id),
                Col("Begintijd", "", lambda r: _timestamp(r.when, "nl")),
                Col("Tijd van voltooien", "", lambda r: _timestamp(r.when + 24, "nl")),
                Col("E-mail", "", lambda r: r.email),
                Col("Naam", "", lambda r: "Test Account" if r.status == "test"
                    else f"Anne Bestuurder{_n(r)}"),
                Col("Tijdstip van laatste wijziging", "", lambda r: "")]
    for pq in design(cb, inside_options=False):
        cols += _forms_question(pq, google, pct)
    return cols


def _forms_question(pq: PQ, google: bool, pct: set[str]) -> list[Col]:
    q = pq.q
    num = q.number if q.number[0].isdigit() else q.number
    title = f"{num}. {q.text}"
    if pq.kind in ("single", "contact"):
        cols = [Col(title, "", lambda r: printed(q, chosen(pq, r.answers))
                    if chosen(pq, r.answers) is not None else "")]
    elif pq.kind == "nps":
        cols = [Col(title, "", lambda r: r.answers.get("nps", ""))]
    elif pq.kind == "multi":
        sep, end = (", ", "") if google else (";", ";")
        cols = [Col(title, "", lambda r: (sep.join(printed(q, c) for c in selected(pq, r.answers))
                                          + end) if selected(pq, r.answers) else "")]
    elif pq.kind in ("matrix", "scale"):
        return [Col(f"{title} [{it.label}]" if google else f"{title}.{it.label}", "",
                    lambda r, col=f"{q.key}__{it.code}": printed(q, int(r.answers[col]))
                    if r.answers.get(col) else "") for it in q.items]
    elif pq.kind == "form":
        head = f"{num}. {q.text}" if q.type == "open" else f"{num}. {CONTACT_FORM_TEXT}"
        return [Col(f"{head} - {label}", "", lambda r, col=col: r.answers.get(col, ""))
                for _, label, col in pq.fields]
    elif pq.kind == "comment":
        return [Col(f"{num}. {COMMENT_TEXT}", "", lambda r: r.answers.get(q.comment_column, ""))]
    else:
        col = q.key if pq.kind == "number" else q.answer_columns()[0]
        return [Col(title, "", lambda r, col=col: r.answers.get(col, "").replace(".", ",")
                    if col in pct else r.answers.get(col, ""))]
    if pq.boxes:
        cols.append(Col(f"{num}. Toelichting" if google else f"Toelichting bij vraag {num}", "",
                        lambda r: next((box_text(pq, r.answers, c, pct) for c in pq.boxes
                                        if box_text(pq, r.answers, c, pct)), "")))
    return cols


def write_forms(cb: Codebook, demo: pd.DataFrame, path: Path) -> PlatformExport:
    google = path.suffix == ".csv"
    rows = export_rows(demo, "google_forms" if google else "ms_forms")
    cols = forms_columns(cb, google=google)
    body = [[c.cell(r) for c in cols] for r in rows]
    if google:
        write_csv_grid(path, [[c.name for c in cols]], body, encoding="utf-8")
        for r in rows:  # Google Forms has no response id: the timestamp is the row's key
            r.export_id = _timestamp(r.when + 24, "nl")
    else:
        write_xlsx_grid(path, [[c.name for c in cols]], body, sheet="Form1")
    return PlatformExport(path.name, path, rows)


def write_export(name: str, folder: Path, cb: Codebook, demo: pd.DataFrame) -> PlatformExport:
    """The fixture ``name`` (one of platform_exports.PLATFORMS) written into ``folder``."""
    path = folder / name
    if name.startswith("qualtrics"):
        kind = "text" if name == "qualtrics_text.csv" else "sav" if name.endswith(".sav") \
            else "numeric"
        return write_qualtrics(cb, demo, path, kind)
    if name.startswith("surveymonkey"):
        return write_surveymonkey(cb, demo, path)
    if name.startswith("limesurvey"):
        return write_limesurvey(cb, demo, path)
    return write_forms(cb, demo, path)


def example_name(name: str) -> str:
    """``qualtrics_text.csv`` -> ``qualtrics_text_csv.yml`` (data/mappings/examples/)."""
    return name.replace(".", "_") + ".yml"


def draft_examples(folder: Path, cb: Codebook, demo: pd.DataFrame) -> dict[str, str]:
    """Every platform fixture written to ``folder/exports/`` and its mapping drafted as an
    analyst would (``draft-mapping --year 2026 exports/<file>`` run in ``folder``):
    example file name -> the draft."""
    import os

    from wlzmonitor.inputs.draft_mapping import draft_mapping
    from platform_exports import PLATFORMS

    (folder / "exports").mkdir(parents=True, exist_ok=True)
    before = os.getcwd()
    os.chdir(folder)
    try:
        return {example_name(n): draft_mapping(write_export(n, Path("exports"), cb, demo).path,
                                               cb).text for n in PLATFORMS}
    finally:
        os.chdir(before)


if __name__ == "__main__":  # python tests/platform_writers.py: rewrite data/mappings/examples/
    import sys
    import tempfile

    from wlzmonitor.spec.codebook_parse import codebook_for_year

    root = Path(__file__).resolve().parents[1]
    target = root / "data" / "mappings" / "examples"
    target.mkdir(parents=True, exist_ok=True)
    demo_frame = pd.read_csv(root / "data" / "raw" / "2026" / "respondenten.csv", dtype=str,
                             keep_default_na=False)
    with tempfile.TemporaryDirectory() as tmp:
        for file_name, text in draft_examples(Path(tmp), codebook_for_year(2026),
                                              demo_frame).items():
            (target / file_name).write_text(text, encoding="utf-8")
            print(target / file_name, file=sys.stderr)
