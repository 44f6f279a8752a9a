"""Privacy review h165 of the messages merged in session h162-h163: an SPSS date's stored number."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from wlzmonitor.inputs.quality_log import ExportError
from wlzmonitor.inputs.survey import load_survey
from wlzmonitor.spec.codebook_parse import load_codebook

from mini_export import MINI_CODEBOOK, base_rows

MINI = load_codebook(MINI_CODEBOOK)


def test_an_spss_date_error_does_not_quote_the_stored_seconds_of_a_date_of_birth(tmp_path: Path):
    # before: "... so its stored number 12543120000 is read as a date or time": the seconds since 1582-10-14
    # of 1980-04-05, a date of birth the quality log's scrubber does not recognise in 11 digits
    import pandas as pd
    import pyreadstat

    from test_spss_labels_h150 import _TEXT

    seconds = int((dt.datetime(1980, 4, 5) - dt.datetime(1582, 10, 14)).total_seconds())
    rows = base_rows()
    rows[0]["tarief_pct"] = str(seconds)
    data = {c: [r.get(c, "") if c in _TEXT else (float(r[c]) if r.get(c) else float("nan")) for r in rows]
            for c in MINI.columns()}
    path = tmp_path / "export.sav"
    pyreadstat.write_sav(pd.DataFrame(data), str(path), variable_format={"tarief_pct": "DATE11"})
    with pytest.raises(ExportError) as err:
        load_survey(path, MINI, mapping=None)
    issues = [f.issue for f in err.value.findings if f.row == 2 and f.column == "tarief_pct"]
    assert issues == ["got [geboortedatum]: the SPSS variable has the date or time format DATE11, so its stored number "
                      "(a number of 11 digits) is read as a date or time"]
    assert str(seconds) not in str(err.value)
