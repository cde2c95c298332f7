#!/usr/bin/env python3
"""The baseline of bench/place: appends every message file of a directory to a fresh IMAP
folder over ONE connection with Python's imaplib, timing only the APPEND loop (login, CREATE and
reading the files are outside the clock). Flags \\Draft \\Seen, as Draftbox's placer sets them.

Reads IMAP_HOST, IMAP_PORT, IMAPS_PORT, IMAP_USER, IMAP_PASSWORD and CA_FILE from the
environment (the env file of tests/support/throwaway-dovecot). Prints one JSON line:
{"messages": N, "seconds": S}. Exits 1 on any failure, with the reason on stderr.
"""
import argparse
import imaplib
import json
import os
import pathlib
import ssl
import sys
import time


# A loop at a long round trip takes minutes: say how far it got this often (seconds).
PROGRESS_EVERY = 10


def connect(security, port):
    host = os.environ["IMAP_HOST"]
    if security == "tls":
        context = ssl.create_default_context(cafile=os.environ["CA_FILE"])
        return imaplib.IMAP4_SSL(host, port or int(os.environ["IMAPS_PORT"]), ssl_context=context)
    return imaplib.IMAP4(host, port or int(os.environ["IMAP_PORT"]))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dir", required=True, help="directory of .eml files, appended in name order")
    parser.add_argument("--folder", required=True, help="folder to create and append to")
    parser.add_argument("--security", choices=["tls", "none"], default="tls")
    parser.add_argument("--port", type=int, default=0,
                        help="connect to this port of IMAP_HOST (bench/place's delay proxy) "
                             "instead of IMAPS_PORT / IMAP_PORT")
    parser.add_argument("--create-only", action="store_true",
                        help="only create the folder (for another client to append to)")
    args = parser.parse_args()

    messages = [p.read_bytes() for p in sorted(pathlib.Path(args.dir).glob("*.eml"))]
    if not messages:
        sys.exit(f"imap_append_baseline: no .eml files in {args.dir}")
    imap = connect(args.security, args.port)
    imap.login(os.environ["IMAP_USER"], os.environ["IMAP_PASSWORD"])
    status, answer = imap.create(args.folder)
    if status != "OK":
        sys.exit(f"imap_append_baseline: CREATE {args.folder}: {answer}")
    if args.create_only:
        imap.logout()
        print(json.dumps({"created": args.folder}))
        return

    start = time.perf_counter()
    said = start
    for done, raw in enumerate(messages, 1):
        status, answer = imap.append(args.folder, r"(\Draft \Seen)", None, raw)
        if status != "OK":
            sys.exit(f"imap_append_baseline: APPEND: {answer}")
        now = time.perf_counter()
        if now - said >= PROGRESS_EVERY:
            print(f"imap_append_baseline: {done} of {len(messages)} appended, "
                  f"{now - start:.0f} s", file=sys.stderr, flush=True)
            said = now
    seconds = time.perf_counter() - start

    imap.logout()
    print(json.dumps({"messages": len(messages), "seconds": seconds}))


if __name__ == "__main__":
    try:
        main()
    except (imaplib.IMAP4.error, OSError, KeyError) as e:
        sys.exit(f"imap_append_baseline: {type(e).__name__}: {e}")
