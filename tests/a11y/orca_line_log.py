#!/usr/bin/env python3
"""orca_line_log.py ORCA ARGS... -- runs Orca (the script at ORCA, e.g.
/usr/bin/orca) with its --debug-file written line by line.  Orca opens
that file block-buffered, so what it said reaches the file kilobytes
late; test_orca_journey.py decides each key from the last words said, so
it needs them at once.  Nothing else of Orca is changed."""
import builtins
import runpy
import sys

orca = sys.argv[1]
args = sys.argv[2:]
log = next((a.split("=", 1)[1] for a in args if a.startswith("--debug-file=")), None)
real_open = builtins.open


def line_open(file, mode="r", *a, **k):
    if log is not None and file == log and "w" in mode:
        k["buffering"] = 1
    return real_open(file, mode, *a, **k)


builtins.open = line_open
sys.argv = [orca] + args
runpy.run_path(orca, run_name="__main__")
