"""The second reading of a workbook (the values its formulas computed and stored): a stored number in a cell
formatted as a date that no date can be is read as that number with a warning, as in the first reading; openpyxl
said it only in a UserWarning on stderr and read "#VALUE!" (left open by review h120)."""

from __future__ import annotations

import re
import warnings
import zipfile

from test_hostile_exports import mini_workbook
from wlzmonitor.inputs.reading import read_export


def test_a_formulas_stored_number_formatted_as_a_date_is_read_as_the_number(tmp_path):
    wb, header = mini_workbook()
    ws = wb.active
    column = header.index("nps") + 1
    cell = ws.cell(3, column)
    cell.value = "=7447000*1"
    cell.number_format = "d-m-yyyy"
    made = tmp_path / "made.xlsx"
    wb.save(made)
    path = tmp_path / "export.xlsx"
    ref = cell.coordinate
    with zipfile.ZipFile(made) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":  # the value a spreadsheet program would store
                text, count = re.subn(rf'(<c r="{ref}"[^>]*>\s*<f>[^<]*</f>)\s*(?:<v\s*/>|<v>[^<]*</v>)?',
                                      r"\1<v>7447000</v>", data.decode())
                assert count == 1
                data = text.encode()
            zout.writestr(item, data)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nothing of openpyxl's reaches the run's output
        frame = read_export(path)
    assert frame.loc[frame["__row__"] == 3, "nps"].item() == "7447000"
    assert [(f.row, f.severity) for f in frame.attrs["findings"] if "formatted as a date" in f.issue] == [(3, "warning")]
