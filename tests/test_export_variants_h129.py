"""Review h129: exports as they arrive from a Dutch office, after Excel or a platform saved them.

The variants tried (docs in /tmp/h129-FINDINGS.md of the review): Dutch Excel's CSV (``;``,
decimal comma, Windows-1252, CRLF), "Unicode text" (UTF-16 LE, tabs), UTF-8 with BOM, no line
break after the last row, a trailing delimiter, ``d-m-yyyy`` dates, ids as ``1.0``, a header
with a non-breaking or trailing space, everything quoted, Mac CR line endings. Most read as the
canonical export already (tests/test_messy_exports.py, test_file_formats.py cover them); the
tests here are the ones that failed before this review.
"""

from __future__ import annotations

from pathlib import Path

from wlzmonitor.spec.codebook_parse import codebook_for_year
from wlzmonitor.inputs.draft_mapping import draft_mapping
from wlzmonitor.inputs.platforms import QUALTRICS, detect, plain_header
from wlzmonitor.inputs.survey import load_survey

CB = codebook_for_year(2026)
NBSP = "\u00a0"


def _with_header_cell(src: Path, dst: Path, old: str, new: str) -> Path:
    text = src.read_text(encoding="utf-8-sig")
    first, rest = text.split("\n", 1)
    cells = first.split(",")
    assert old in cells
    dst.write_text(",".join(new if c == old else c for c in cells) + "\n" + rest, encoding="utf-8")
    return dst


def test_a_platform_header_with_a_non_breaking_space_is_still_the_platform_s_column():
    """Excel (or a copy from a web page) puts a non-breaking space in "Duration (in seconds)": the
    loader reads the header as "Duration (in seconds)", so the draft must too."""
    assert plain_header(f"Duration{NBSP}(in seconds)") == "Duration (in seconds)"
    assert plain_header(f"id.{NBSP}Antwoord ID") == "id"
    assert detect(["ResponseId", f"Start{NBSP}Date", "StartDate", "Status"]) is QUALTRICS


def test_the_qualtrics_export_with_a_non_breaking_space_in_a_header_drafts_and_loads(platforms, tmp_path):
    export = platforms.export("qualtrics_text.csv")
    path = _with_header_cell(export.path, tmp_path / "qualtrics_nbsp.csv", "Duration (in seconds)",
                             f"Duration{NBSP}(in seconds)")
    draft = draft_mapping(path, CB)
    assert draft.unmatched == [], draft.text
    mapping = tmp_path / "qualtrics_nbsp.yml"
    mapping.write_text(draft.text, encoding="utf-8")
    s = load_survey(path, CB, mapping=mapping)
    original = platforms.survey("qualtrics_text.csv")
    assert (s.n, s.rows_read) == (original.n, original.rows_read) == (122, 135)
    assert s.responses.equals(original.responses)


# --------------------------------------------------------------------------------------------
# a numeric id column written as 1.0 (Excel or pandas read it as a float and saved it again)

def _demo_with_ids(tmp: Path, name: str, id_of) -> Path:
    import pandas as pd
    from wlzmonitor.demo.generator import demo_export_path

    frame = pd.read_csv(demo_export_path(2026), dtype=str, keep_default_na=False)
    frame["respondent_id"] = [id_of(int(r[1:])) for r in frame["respondent_id"]]
    path = tmp / name
    frame.to_csv(path, index=False)
    return path


def test_numeric_ids_written_as_floats_are_read_as_the_tool_wrote_them(tmp_path):
    """The same export with ids 1, 2, ... and with 1.0, 2.0, ...: the same respondents under the same
    ids (the key of the answer ids, the quotes file and the coding corrections), one repaired line."""
    whole = load_survey(_demo_with_ids(tmp_path, "ids.csv", str), CB, mapping=None)
    floats = load_survey(_demo_with_ids(tmp_path, "ids_float.csv", lambda n: f"{n}.0"), CB, mapping=None)
    assert list(floats.responses.index[:3]) == ["1", "2", "3"]
    assert floats.responses.equals(whole.responses)
    assert floats._private.equals(whole._private)
    repaired = [f for f in floats.log.of_severity("repaired") if f.column == "respondent_id"]
    assert len(repaired) == 1 and "'1.0'" in repaired[0].message and "132 respondent ids" in repaired[0].message
    assert not [f for f in whole.log.of_severity("repaired") if f.column == "respondent_id"]


def test_an_id_written_as_a_float_beside_other_ids_is_left_as_it_is(tmp_path):
    path = _demo_with_ids(tmp_path, "mixed.csv", lambda n: f"{n}.0" if n == 1 else f"R{n}")
    s = load_survey(path, CB, mapping=None)
    assert "1.0" in s.responses.index and "R2" in s.responses.index
    assert not [f for f in s.log.of_severity("repaired") if f.column == "respondent_id"]


# --------------------------------------------------------------------------------------------
# the Qualtrics export opened and saved again by Excel in Dutch: ';', Windows-1252, CRLF, WAAR/ONWAAR

def _saved_by_dutch_excel(src: Path, dst: Path) -> Path:
    import csv
    import io

    rows = list(csv.reader(io.StringIO(src.read_text(encoding="utf-8-sig"), newline="")))
    at = rows[0].index("Finished")
    for row in rows[3:]:
        row[at] = {"True": "WAAR", "False": "ONWAAR"}.get(row[at], row[at])
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows)
    dst.write_bytes(out.getvalue().encode("cp1252"))
    return dst


def test_a_qualtrics_export_saved_by_dutch_excel_drafts_a_mapping_that_reads_it(platforms, tmp_path):
    """Finished holds WAAR / ONWAAR: the draft's complete rule lists WAAR (before, it listed only True
    and the loader stopped at 123 rows with 'WAAR'), and the export reads as the original."""
    path = _saved_by_dutch_excel(platforms.export("qualtrics_text.csv").path, tmp_path / "qualtrics_nl.csv")
    draft = draft_mapping(path, CB)
    assert draft.unmatched == [], draft.text
    complete = next(line for line in draft.text.splitlines() if line.startswith("complete:"))
    assert '"WAAR"' in complete and "Excel in Dutch" in complete
    mapping = tmp_path / "qualtrics_nl.yml"
    mapping.write_text(draft.text, encoding="utf-8")
    s = load_survey(path, CB, mapping=mapping)
    original = platforms.survey("qualtrics_text.csv")
    assert (s.n, s.rows_read) == (original.n, original.rows_read)
    assert s.responses.equals(original.responses)
    assert sorted(f.exclusion_reason for f in s.log.exclusions) == \
        sorted(f.exclusion_reason for f in original.log.exclusions)


def test_the_draft_of_an_export_without_waar_keeps_qualtrics_rule(platforms):
    complete = next(line for line in platforms.draft("qualtrics_text.csv").text.splitlines()
                    if line.startswith("complete:"))
    assert 'in: ["True", 1]' in complete and "WAAR" not in complete
