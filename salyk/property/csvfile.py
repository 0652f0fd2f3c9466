"""Reading a registry file (CSV with a header row): the whole file is refused, before anything is
imported, when it is not UTF-8 text, has no header of the record's fields, or names unknown
columns; each row is then checked alone by the feed."""

from __future__ import annotations

import csv
import io

from salyk.property.records import FIELDS, OPTIONAL


class FileRefused(ValueError):
    """The file as a whole cannot be read (the message says why, in English for the CLI; the
    web page shows its own words by ``reason``)."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason


def read_rows(kind: str, data: bytes) -> list[dict[str, str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileRefused("not_utf8", "the file is not UTF-8 text") from None
    if "\x00" in text:
        raise FileRefused("not_csv", "the file contains NUL characters")
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        header = [c.strip() for c in (reader.fieldnames or [])]
        fields = FIELDS[kind]
        missing = [c for c in fields if c not in header and c not in OPTIONAL[kind]]
        unknown = [c for c in header if c not in fields]
        if missing or unknown:
            raise FileRefused("bad_header", f"the header must name the fields {','.join(fields)}"
                              + (f"; missing {','.join(missing)}" if missing else "")
                              + (f"; unknown {','.join(unknown)}" if unknown else ""))
        reader.fieldnames = header
        rows = []
        for row in reader:
            if None in row:  # more cells than the header names
                rows.append({"registry_id": row.get("registry_id") or "", "__extra__": "1"})
                continue
            rows.append({c: (row.get(c) or "").strip() for c in header if (row.get(c) or "").strip() or c not in OPTIONAL[kind]})
        return rows
    except csv.Error as exc:
        raise FileRefused("not_csv", f"not a CSV file: {exc}") from None
