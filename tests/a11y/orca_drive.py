#!/usr/bin/env python3
"""orca_drive.py PID -- moves focus and acts through AT-SPI while Orca
listens (orca_speech.sh): the passphrase field, typing into it, Unlock,
then Home's controls and the Journal tab; pauses let Orca speak."""
import os
import sys
import time

import pyatspi

PID = int(sys.argv[1])
PASS = os.environ["IM_PASS"]


def app():
    d = pyatspi.Registry.getDesktop(0)
    for i in range(d.childCount):
        a = d.getChildAtIndex(i)
        if a is not None and a.get_process_id() == PID:
            return a
    return None


def walk(n):
    yield n
    for i in range(n.childCount):
        yield from walk(n.getChildAtIndex(i))


def find(a, name):
    for n in walk(a):
        if n.name == name:
            return n
    return None


def focus(a, name):
    n = find(a, name)
    if n is not None:
        n.queryComponent().grabFocus()
        time.sleep(1.5)
    return n


a = None
for _ in range(40):
    a = app()
    if a is not None:
        break
    time.sleep(0.25)
focus(a, "Use recovery code")
pw = focus(a, "Passphrase")
pw.queryEditableText().insertText(0, PASS, len(PASS))
time.sleep(1.5)
focus(a, "Unlock").queryAction().doAction(0)
time.sleep(3)
focus(a, "Open this step")
focus(a, "Good")
focus(a, "Journal").queryAction().doAction(0)
time.sleep(2)
focus(a, "New entry")
time.sleep(1)
