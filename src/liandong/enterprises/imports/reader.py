"""Read an import file (.xlsx or .csv) into a header list and string rows with their sheet row numbers.

Excel files are read with calamine (fastexcel) into Polars, every cell as text, empty rows kept so
that row numbers match what the user sees (header = row 1). CSV files may be UTF-8 (with or
without BOM) or GB18030, which Excel writes on Chinese Windows.
"""

from __future__ import annotations

import csv
import io
import logging
from dataclasses import dataclass
from pathlib import Path

import fastexcel
import polars as pl
from django.utils.translation import gettext as _

from liandong.core.errors import ApplicationError

SUPPORTED = (".xlsx", ".xlsm", ".csv")
log = logging.getLogger(__name__)


@dataclass
class Table:
    headers: list[str]
    rows: list[tuple[int, list[str | None]]]  # (sheet row number, cells)


def _decode(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ApplicationError(_("The CSV file is neither UTF-8 nor GB18030 text."))


def _clean(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def read_csv(raw: bytes) -> Table:
    reader = csv.reader(io.StringIO(_decode(raw), newline=""))
    try:
        headers = [h.strip() for h in next(reader)]
    except StopIteration:
        raise ApplicationError(_("The file is empty.")) from None
    rows = []
    for number, cells in enumerate(reader, start=2):
        values = [_clean(c) for c in cells]
        if any(values):
            rows.append((number, values + [None] * (len(headers) - len(values))))
    return Table(headers, rows)


def read_xlsx(raw: bytes) -> Table:
    try:
        sheet = fastexcel.read_excel(raw).load_sheet(0, dtypes="string", header_row=0)
    except Exception as err:  # calamine raises its own error types for corrupt files
        # The library's text ("calamine error: Cannot detect file format") means nothing to an official
        # (#13 item 13): say what is wrong and what to do; the detail goes to the log.
        log.info("unreadable workbook: %s", err)
        raise ApplicationError(_("The file is not a readable Excel workbook: open it in Excel or WPS, save it as "
                                 ".xlsx (or .csv) and upload it again.")) from None
    frame: pl.DataFrame = sheet.to_polars()
    headers = ["" if str(h).startswith("__UNNAMED__") else str(h).strip() for h in frame.columns]
    rows = []
    for number, cells in enumerate(frame.iter_rows(), start=2):
        values = [_clean(c) for c in cells]
        if any(values):
            rows.append((number, values))
    return Table(headers, rows)


def read_table(name: str, raw: bytes) -> Table:
    suffix = Path(name).suffix.lower()
    if suffix not in SUPPORTED:
        raise ApplicationError(
            _("Unsupported file type %(suffix)s: upload .xlsx or .csv.") % {"suffix": suffix or "?"}
        )
    return read_csv(raw) if suffix == ".csv" else read_xlsx(raw)
