"""CSV answers a spreadsheet opens safely: a header row, cells never run as formulas."""
import csv
import io
import re

from flask import Response

# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """Return a value as a CSV cell a spreadsheet shows as text, never runs as a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def safe_filename(*parts):
    """Return a file name of the parts joined by '-', with only safe characters."""
    return re.sub(r"[^A-Za-z0-9_.-]", "_", "-".join(str(p) for p in parts)) + ".csv"


def csv_response(columns, rows, filename):
    """Answer `rows` (sequences in the order of `columns`) as a CSV attachment."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    writer.writerows([safe_cell(v) for v in row] for row in rows)
    return Response(out.getvalue(), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"})
