"""Streamed exports, shared by every export of potentially many rows (the NGO base, a call's offers, scores and
results, the open data of consultations, calls, contracts and the diagnosis).

- CSV (UTF-8 with a BOM, so Excel shows Polish letters) goes out line by line from a database iterator
  (`QuerySet.iterator(chunk_size=...)`: with prefetch_related, one prefetch per chunk), in batches of lines, as a
  `StreamingHttpResponse`. JSON is streamed record by record the same way.
- XLSX is written by XlsxWriter in constant-memory mode (each row goes to the sheet's temporary file as it
  comes) into an anonymous temporary file, which a `FileResponse` then sends in blocks: neither the rows nor
  the file sit in memory, whatever the row count.
- The body of a streamed response is produced after the view has returned, outside the request's
  django-scopes scope and possibly after the language was reset; `keep_context` re-enters both around every
  step, so a lazy query or a translated label in a row behaves as it would in the view.
- A text that a spreadsheet would read as a formula ("=", "+", "-", "@" first) gets a leading apostrophe in
  CSV (`escape_formula`); in XLSX every text is a string cell, never a formula.
"""

from __future__ import annotations

import csv
import json
import tempfile
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from itertools import islice

from django.http import FileResponse, StreamingHttpResponse
from django.utils import translation
from django_scopes.state import state as scope_state

CHUNK = 500  # rows fetched at a time (and prefetched) by an export's database iterator: bounds the memory
LINES_PER_WRITE = 200  # CSV lines joined into one piece of the response body
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
JSON_CONTENT_TYPE = "application/json; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def iterate(rows: Iterable, chunk_size: int = CHUNK) -> Iterator:
    """A queryset through its server-side iterator (constant memory, one prefetch per chunk); anything else
    as it is."""
    iterator = getattr(rows, "iterator", None)
    return iterator(chunk_size=chunk_size) if iterator is not None else iter(rows)


def chunks(rows: Iterable, size: int = CHUNK) -> Iterator[list]:
    """`rows` as lists of up to `size` items: for one query per chunk (related rows) instead of one per row."""
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


def escape_formula(value: str) -> str:
    return f"'{value}" if value.startswith(FORMULA_START) else value


def keep_context(iterable: Iterable) -> Iterator:
    """Iterate `iterable` inside the django-scopes scope and the language that are active now (at the call, in
    the view), also when the iteration happens later, while the server sends the response body."""
    return _in_context(iter(iterable), scope_state.get(), translation.get_language())  # captured now, not lazily


def _in_context(iterator: Iterator, captured_scope, language) -> Iterator:
    # Entered for every item: taking a batch of items at a time saved little time and raised the peak memory
    # (bench/exports.py: +11 MB at 10,000 rows with batches of 100).
    while True:
        token = scope_state.set(captured_scope)
        try:
            with translation.override(language):
                item = next(iterator)
        except StopIteration:
            return
        finally:
            scope_state.reset(token)
        yield item


class _Echo:
    """csv.writer's file: writerow() returns the line instead of storing it."""

    def write(self, value: str) -> str:
        return value


def csv_lines(header: list[str], rows: Iterable[Iterable]) -> Iterator[str]:
    """The BOM and the header, then the rows (already rendered to text), LINES_PER_WRITE lines at a time."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(header)
    batch: list[str] = []
    for row in rows:
        batch.append(writer.writerow(row))
        if len(batch) >= LINES_PER_WRITE:
            yield "".join(batch)
            batch = []
    if batch:
        yield "".join(batch)


def json_records(envelope: dict, records: Iterable[dict]) -> Iterator[str]:
    """{**envelope, "records": [record, …]} written record by record (the records must be JSON-ready)."""
    yield json.dumps({**envelope, "records": []}, ensure_ascii=False)[:-2]  # ends with "records": [
    batch: list[str] = []
    first = True
    for record in records:
        batch.append(("" if first else ",") + json.dumps(record, ensure_ascii=False))
        first = False
        if len(batch) >= LINES_PER_WRITE:
            yield "".join(batch)
            batch = []
    batch.append("]}")
    yield "".join(batch)


def _attachment(response, filename: str, *, private: bool):
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    if private:
        response["Cache-Control"] = "private, no-store"
    return response


def csv_response(header: list[str], rows: Iterable[Iterable], *, filename: str,
                 private: bool = True) -> StreamingHttpResponse:
    """A streamed CSV attachment. `rows` is iterated while the body is sent, in the view's scope and language."""
    response = StreamingHttpResponse(keep_context(csv_lines(header, rows)), content_type=CSV_CONTENT_TYPE)
    return _attachment(response, filename, private=private)


def json_response(envelope: dict, records: Iterable[dict], *, filename: str,
                  private: bool = False) -> StreamingHttpResponse:
    response = StreamingHttpResponse(keep_context(json_records(envelope, records)), content_type=JSON_CONTENT_TYPE)
    return _attachment(response, filename, private=private)


def spreadsheet_value(value):
    """Decimals and integers stay numbers; None is an empty cell; anything else is its text."""
    if value is None:
        return ""
    if isinstance(value, (Decimal, int)) and not isinstance(value, bool):
        return value
    return str(value)


def xlsx_file(header: list[str], rows: Iterable[Iterable], *, title: str,
              value: Callable = spreadsheet_value):
    """An XLSX workbook with one sheet (`title`) in an anonymous temporary file, returned open and rewound.

    XlsxWriter in constant-memory mode writes each row to the sheet's temporary file as it comes and zips the
    parts at the end (openpyxl's write-only mode does the same, 2-3 times slower). `value` turns each raw value
    into a number or a text; texts are always string cells (never formulas, numbers or links), "" is an empty
    cell."""
    import xlsxwriter

    output = tempfile.TemporaryFile()  # noqa: SIM115 - closed by the FileResponse once it is sent
    try:
        workbook = xlsxwriter.Workbook(output, {
            "constant_memory": True, "strings_to_formulas": False, "strings_to_numbers": False,
            "strings_to_urls": False,
        })
        sheet = workbook.add_worksheet(title[:31])
        write_string, write_number = sheet.write_string, sheet.write_number
        for column, text in enumerate(header):
            write_string(0, column, text)
        for index, row in enumerate(rows, start=1):
            for column, raw in enumerate(row):
                item = value(raw)
                if isinstance(item, str):
                    if item:
                        write_string(index, column, item)
                else:
                    write_number(index, column, item)
        workbook.close()
        output.seek(0)
    except BaseException:
        output.close()
        raise
    return output


def xlsx_response(header: list[str], rows: Iterable[Iterable], *, filename: str, title: str,
                  value: Callable = spreadsheet_value, private: bool = True) -> FileResponse:
    """An XLSX attachment sent from a temporary file in blocks (the file is built before the response starts,
    so an error is still a proper error page)."""
    output = xlsx_file(header, rows, title=title, value=value)
    response = FileResponse(output, content_type=XLSX_CONTENT_TYPE)
    return _attachment(response, filename, private=private)
