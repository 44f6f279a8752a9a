"""wlz-monitor: the analysis library behind the ActiZ Wlz-zorgcontractering survey report."""

import os

__version__ = "0.1.0"

# openpyxl writes (and reads) through lxml when lxml is installed, and then writes other bytes (a
# "\r" in a cell kept instead of becoming "\n"). lxml comes with pikepdf (the PDF's join), so the
# workbooks' bytes would depend on an unrelated package: openpyxl is kept to its own XML writer.
# openpyxl reads this once, when it is first imported; present.table_files.save_workbook refuses
# to write with lxml on (openpyxl imported before this package).
os.environ["OPENPYXL_LXML"] = "False"
