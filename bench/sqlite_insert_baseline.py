#!/usr/bin/env python3
"""The baseline of bench/import: reads a recipients CSV with Python's csv module and inserts
every row into the `recipients` table of an existing, empty Draftbox database with sqlite3's
executemany in ONE transaction (synchronous=NORMAL, as Draftbox sets it). No validation beyond
what the table's CHECK constraints do. The clock covers reading the file through the commit.

Prints one JSON line: {"rows": N, "seconds": S, "insert_seconds": S2}. Exits 1 on failure.
"""
import argparse
import csv
import json
import sqlite3
import sys
import time

TEXT_COLUMNS = ["first_name", "last_name", "role", "company", "company_domain", "country",
                "language", "account_state", "plan"]


def rows(reader, now):
    for record in reader:
        tags = [t.strip() for t in record.get("tags", "").replace(",", ";").split(";") if t.strip()]
        consent = {"email": record["consent"]} if record.get("consent") else {}
        yield ([record["email"].strip().lower()] + [record.get(c, "") for c in TEXT_COLUMNS] +
               [json.dumps(tags), json.dumps(consent), now, now])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True, help="an empty Draftbox database file")
    parser.add_argument("--csv", required=True, help="recipients CSV")
    args = parser.parse_args()

    db = sqlite3.connect(args.db, isolation_level=None)
    db.execute("PRAGMA synchronous = NORMAL")
    columns = ["email"] + TEXT_COLUMNS + ["tags", "consent", "created_at", "updated_at"]
    sql = (f"INSERT INTO recipients ({', '.join(columns)}) "
           f"VALUES ({', '.join('?' for _ in columns)})")
    now = int(time.time())

    start = time.perf_counter()
    with open(args.csv, newline="", encoding="utf-8") as f:
        records = list(rows(csv.DictReader(f), now))
    inserting = time.perf_counter()
    db.execute("BEGIN")
    db.executemany(sql, records)
    db.execute("COMMIT")
    end = time.perf_counter()

    count = db.execute("SELECT count(*) FROM recipients").fetchone()[0]
    db.close()
    print(json.dumps({"rows": count, "seconds": end - start, "insert_seconds": end - inserting}))


if __name__ == "__main__":
    try:
        main()
    except (sqlite3.Error, OSError, KeyError) as e:
        sys.exit(f"sqlite_insert_baseline: {type(e).__name__}: {e}")
