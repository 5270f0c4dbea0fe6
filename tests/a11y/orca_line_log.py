#!/usr/bin/env python3
"""orca_line_log.py ORCA ARGS... -- runs Orca (the script at ORCA, e.g.
/usr/bin/orca) with its --debug-file written line by line.  Orca opens
that file block-buffered, so what it said reaches the file kilobytes
late; test_orca_journey.py decides each key from the last words said, so
it needs them at once.

Orca also refuses to start while any other Orca of the same user runs
anywhere on the machine (it asks `pgrep -u UID -x orca`): a second test run
at the same time (another build tree on a shared machine) made this one
fail with "Another screen reader process is already running for this
session."  This Orca has an X display and an AT-SPI bus of its own, where
no other can be, so that one question is answered "none" (and --replace,
which would kill the other run's Orca, is never passed).  Nothing else of
Orca is changed."""
import builtins
import runpy
import subprocess
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
real_popen = subprocess.Popen


def own_session_popen(cmd, *a, **k):
    if isinstance(cmd, str) and cmd.startswith("pgrep -u ") and cmd.endswith(" -x orca"):
        cmd = "true"  # no other Orca on this display and bus (see above)
    return real_popen(cmd, *a, **k)


subprocess.Popen = own_session_popen
sys.argv = [orca] + args
runpy.run_path(orca, run_name="__main__")
