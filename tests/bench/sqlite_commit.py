#!/usr/bin/env python3
"""The floor under [database] synchronous: one-row write transactions (BEGIN IMMEDIATE, INSERT,
COMMIT) on a WAL database in a temp folder, with synchronous NORMAL and FULL in turn, twice.
Prints commits per second; passes or fails nothing. Usage: tests/bench/sqlite_commit.py [N]"""
import os
import shutil
import sqlite3
import sys
import tempfile
import time

N = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
folder = tempfile.mkdtemp(prefix="verrijkt-commit.")
try:
    for repetition in range(2):
        for mode in ("NORMAL", "FULL"):
            db = sqlite3.connect(os.path.join(folder, f"{mode}{repetition}.db"),
                                 isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute(f"PRAGMA synchronous={mode}")
            db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)")
            started = time.monotonic()
            for _ in range(N):
                db.execute("BEGIN IMMEDIATE")
                db.execute("INSERT INTO t (v) VALUES (?)", ("x" * 50,))
                db.execute("COMMIT")
            seconds = time.monotonic() - started
            print(f"{mode:6} {N / seconds:8.0f} commits/s  {seconds / N * 1e6:7.1f} us per commit")
            db.close()
finally:
    shutil.rmtree(folder)
