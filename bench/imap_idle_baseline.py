#!/usr/bin/env python3
"""Baseline for bench/watch: the least a mailbox watcher can do, with python3's imaplib.

  latency --messages N   One connection IDLEs on a folder of its own; a second one APPENDs a
                         small message N times, one after the other. Each time, measures from
                         the moment the APPEND completed to the moment the IDLE connection reads
                         the server's `* n EXISTS`: the floor that the server's own IDLE
                         notification sets for any watcher.
  idle --seconds S       One connection per folder (Sent and INBOX) sits in IDLE for S seconds;
                         reports this process's CPU time in that window and its resident memory.

The server comes from the environment (IMAP_HOST, IMAPS_PORT, IMAP_USER, IMAP_PASSWORD,
CA_FILE: the env file of tests/support/throwaway-dovecot). Prints one JSON line on stdout.
"""

import argparse
import imaplib
import json
import os
import resource
import ssl
import statistics
import sys
import time

BASELINE_FOLDER = "BenchIdleBaseline"


def connect():
    context = ssl.create_default_context(cafile=os.environ["CA_FILE"])
    conn = imaplib.IMAP4_SSL(os.environ["IMAP_HOST"], int(os.environ["IMAPS_PORT"]),
                             ssl_context=context)
    conn.login(os.environ["IMAP_USER"], os.environ["IMAP_PASSWORD"])
    return conn


def start_idle(conn, folder):
    typ, _ = conn.select(folder, readonly=True)
    if typ != "OK":
        raise RuntimeError("cannot EXAMINE " + folder)
    tag = conn._new_tag()
    conn.send(tag + b" IDLE\r\n")
    line = conn.readline()
    if not line.startswith(b"+"):
        raise RuntimeError("IDLE refused: " + line.decode(errors="replace"))
    return tag


def stop_idle(conn, tag):
    conn.send(b"DONE\r\n")
    while True:
        line = conn.readline()
        if not line:
            raise RuntimeError("connection closed while ending IDLE")
        if line.startswith(tag):
            return


def message(i):
    return ("From: Bench <bench@example.com>\r\nTo: dana@example.com\r\n"
            "Subject: baseline %d\r\nMessage-ID: <baseline-%d-%d@bench.example>\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n\r\nbaseline message %d\r\n"
            % (i, os.getpid(), i, i)).encode()


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def latency(messages):
    watcher = connect()
    writer = connect()
    writer.create(BASELINE_FOLDER)  # NO if it exists: fine
    tag = start_idle(watcher, BASELINE_FOLDER)
    seconds = []
    for i in range(messages):
        typ, _ = writer.append(BASELINE_FOLDER, None, None, message(i))
        if typ != "OK":
            raise RuntimeError("APPEND failed")
        landed = time.monotonic()
        while True:
            line = watcher.readline()
            if not line:
                raise RuntimeError("IDLE connection closed")
            if line.rstrip().endswith(b"EXISTS"):
                break
        seconds.append(time.monotonic() - landed)
    stop_idle(watcher, tag)
    watcher.logout()
    writer.logout()
    return {"messages": len(seconds), "median": statistics.median(seconds),
            "p95": percentile(seconds, 0.95), "max": max(seconds)}


def resident_mb():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return 0.0


def idle(seconds, folders):
    conns = []
    for folder in folders:
        conn = connect()
        conns.append((conn, start_idle(conn, folder)))
    before = resource.getrusage(resource.RUSAGE_SELF)
    time.sleep(seconds)
    after = resource.getrusage(resource.RUSAGE_SELF)
    rss = resident_mb()
    for conn, tag in conns:
        stop_idle(conn, tag)
        conn.logout()
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"seconds": seconds, "cpu_seconds": cpu, "rss_mb": rss}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="mode", required=True)
    lat = sub.add_parser("latency")
    lat.add_argument("--messages", type=int, default=200)
    idl = sub.add_parser("idle")
    idl.add_argument("--seconds", type=float, default=60)
    idl.add_argument("--folders", default="Sent,INBOX")
    args = parser.parse_args()
    try:
        if args.mode == "latency":
            result = latency(args.messages)
        else:
            result = idle(args.seconds, args.folders.split(","))
    except (OSError, KeyError, RuntimeError, imaplib.IMAP4.error) as e:
        print("imap_idle_baseline: %s" % e, file=sys.stderr)
        return 1
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
