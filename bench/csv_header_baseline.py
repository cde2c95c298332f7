#!/usr/bin/env python3
"""The baseline of bench/import's wide-header case: reads a CSV file's header line with
Python's csv module, strips and lower-cases each column name and checks for a duplicate with a
set, the least work the importer's header check does. The clock covers reading the file through
the check.

Prints one JSON line: {"columns": N, "seconds": S}. Exits 1 on failure or on a duplicate.
"""
import argparse
import csv
import json
import sys
import time


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--csv", required=True, help="the CSV file")
    args = parser.parse_args()
    csv.field_size_limit(sys.maxsize)
    start = time.perf_counter()
    with open(args.csv, newline="", encoding="utf-8") as f:
        header = next(csv.reader(f))
    seen = set()
    for name in header:
        key = name.strip().lower()
        if key in seen:
            print(f"csv_header_baseline: column {key!r} appears twice", file=sys.stderr)
            return 1
        seen.add(key)
    seconds = time.perf_counter() - start
    print(json.dumps({"columns": len(header), "seconds": seconds}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
