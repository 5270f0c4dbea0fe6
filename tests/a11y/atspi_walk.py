#!/usr/bin/env python3
"""atspi_walk.py -- Innermost as a screen reader sees it, through AT-SPI.

Run by check_atspi.sh inside a private D-Bus session with the
accessibility bus up, the app (pid argv[1]) started on a data folder whose
vault is locked by IM_PASS.  With pyatspi, the library Orca is built on, it:

  1. finds the app in the AT-SPI registry (the desktop's children);
  2. on every screen it reaches walks the whole tree and checks each
     interactive node (focusable, or offering an action) has a known role
     and a name, and no name, description or readable text anywhere holds
     the passphrase (the canary);
  3. on the unlock screen finds the passphrase field (role password text),
     types the passphrase through EditableText, checks the field's Text
     gives bullets, never the passphrase, and activates "Unlock" through
     the Action interface; Home must come;
  4. activates the "Journal" tab, then "New entry", types into "Your words"
     through EditableText and reads it back through Text (a field that is
     not secret does expose its words, caret included), picks a mood chip,
     saves, and sees the "Saved" toast come as an alert/notification.

Prints one line per check and a closing "N passed, N failed" line; exits 1
on any failure.
"""
import os
import sys
import time

import pyatspi

APP_PID = int(sys.argv[1])
PASS = os.environ["IM_PASS"]
passed = 0
failed = 0

INTERACTIVE_ROLES = {
    pyatspi.ROLE_PUSH_BUTTON, pyatspi.ROLE_TOGGLE_BUTTON, pyatspi.ROLE_CHECK_BOX,
    pyatspi.ROLE_RADIO_BUTTON, pyatspi.ROLE_ENTRY, pyatspi.ROLE_PASSWORD_TEXT,
    pyatspi.ROLE_SLIDER, pyatspi.ROLE_LIST_ITEM, pyatspi.ROLE_PAGE_TAB, pyatspi.ROLE_TEXT,
    pyatspi.ROLE_LINK,
}


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
        print("ok   " + what, flush=True)
    else:
        failed += 1
        print("FAIL " + what, flush=True)
    return ok


def finish():
    print("%d passed, %d failed" % (passed, failed), flush=True)
    sys.exit(1 if failed else 0)


def find_app(timeout):
    end = time.time() + timeout
    while time.time() < end:
        desktop = pyatspi.Registry.getDesktop(0)
        for i in range(desktop.childCount):
            try:
                a = desktop.getChildAtIndex(i)
                if a is not None and a.get_process_id() == APP_PID:
                    return a
            except Exception:
                pass
        time.sleep(0.25)
    return None


def walk(root):
    """Every node under root (root first), as (node, depth)."""
    out = []
    stack = [(root, 0)]
    while stack and len(out) < 5000:
        n, d = stack.pop()
        if n is None:
            continue
        out.append((n, d))
        try:
            kids = [n.getChildAtIndex(i) for i in range(n.childCount)]
        except Exception:
            kids = []
        for k in reversed(kids):
            stack.append((k, d + 1))
    return out


def has_action(n):
    try:
        return n.queryAction().nActions > 0
    except NotImplementedError:
        return False


def text_of(n):
    try:
        t = n.queryText()
        return t.getText(0, -1)
    except NotImplementedError:
        return None


def states(n):
    return n.getState()


def find(app, name=None, role=None, contains=False):
    for n, _ in walk(app):
        try:
            if role is not None and n.getRole() != role:
                continue
            if name is not None:
                if contains and name not in (n.name or ""):
                    continue
                if not contains and n.name != name:
                    continue
            if not states(n).contains(pyatspi.STATE_SHOWING):
                continue
            return n
        except Exception:
            continue
    return None


def wait_for(app, timeout, **kw):
    end = time.time() + timeout
    while time.time() < end:
        n = find(app, **kw)
        if n is not None:
            return n
        time.sleep(0.2)
    return None


def dump(app, title):
    print("--- tree: " + title)
    for n, d in walk(app):
        try:
            print("  " * d + "%s %r" % (n.getRoleName(), n.name))
        except Exception as e:
            print("  " * d + "(gone: %s)" % e)


def audit(app, screen):
    """Roles and names of the interactive nodes; the canary nowhere."""
    nodes = walk(app)
    missing = []
    leaks = []
    interactive = 0
    for n, _ in nodes:
        try:
            role = n.getRole()
            st = states(n)
            is_int = role in INTERACTIVE_ROLES or st.contains(pyatspi.STATE_FOCUSABLE) or has_action(n)
            if is_int:
                interactive += 1
                if role in (pyatspi.ROLE_UNKNOWN, pyatspi.ROLE_INVALID) or not (n.name or "").strip():
                    missing.append("%s %r" % (n.getRoleName(), n.name))
            for s in (n.name or "", n.description or "", text_of(n) or ""):
                if PASS in s or PASS[:12] in s:
                    leaks.append("%s %r" % (n.getRoleName(), n.name))
        except Exception:
            continue
    check(interactive > 0, "%s: %d nodes, %d interactive" % (screen, len(nodes), interactive))
    check(not missing, "%s: every interactive node has a role and a name%s" %
          (screen, "" if not missing else " -- missing: " + "; ".join(missing)))
    check(not leaks, "%s: the passphrase is in no name, description or text%s" %
          (screen, "" if not leaks else " -- found in: " + "; ".join(leaks)))


def activate(n, what):
    try:
        a = n.queryAction()
        names = [a.getName(i) for i in range(a.nActions)]
        ok = a.nActions > 0 and a.doAction(0)
        return check(bool(ok), "%s: action %s done" % (what, names[0] if names else "(none)"))
    except NotImplementedError:
        return check(False, "%s: has the Action interface" % what)


def main():
    app = find_app(30)
    if not check(app is not None, "the app (pid %d) is in the AT-SPI registry" % APP_PID):
        finish()
    check(app.getRole() == pyatspi.ROLE_APPLICATION, "its root is an application: %r" % app.name)

    # -- unlock
    pw = wait_for(app, 15, role=pyatspi.ROLE_PASSWORD_TEXT)
    if not check(pw is not None, "unlock: a password-text field is shown"):
        dump(app, "unlock")
        finish()
    dump(app, "unlock")
    audit(app, "unlock")
    check(bool(pw.name), "unlock: the passphrase field is named %r" % pw.name)
    try:
        et = pw.queryEditableText()
        et.insertText(0, PASS, len(PASS.encode()))
        typed = True
    except NotImplementedError:
        typed = False
    check(typed, "unlock: the passphrase typed through EditableText")
    t = None
    end = time.time() + 5
    while time.time() < end:
        t = pw.queryText()
        if t.characterCount == len(PASS):
            break
        time.sleep(0.1)
    got = t.getText(0, -1) if t else ""
    check(t is not None and t.characterCount == len(PASS),
          "unlock: the field holds %d characters" % (t.characterCount if t else -1))
    check(PASS not in got and all(ch == "\u2022" for ch in got),
          "unlock: the field's Text gives bullets, never the passphrase (%d bullets)" % len(got))
    audit(app, "unlock, typed")
    unlock = find(app, name="Unlock", role=pyatspi.ROLE_PUSH_BUTTON)
    if not check(unlock is not None, "unlock: an \"Unlock\" push button"):
        finish()
    activate(unlock, "Unlock")

    # -- home
    journal = wait_for(app, 30, name="Journal", role=pyatspi.ROLE_PAGE_TAB)
    if not check(journal is not None, "home: the screen changed, a \"Journal\" tab is shown"):
        dump(app, "after unlock")
        finish()
    check(find(app, role=pyatspi.ROLE_PASSWORD_TEXT) is None, "home: the passphrase field is gone")
    dump(app, "home")
    audit(app, "home")
    activate(journal, "Journal")

    # -- journal list, then the editor
    new = wait_for(app, 15, name="New entry", role=pyatspi.ROLE_PUSH_BUTTON)
    if not check(new is not None, "journal: the screen changed, \"New entry\" is shown"):
        dump(app, "after Journal")
        finish()
    check(states(journal).contains(pyatspi.STATE_SELECTED) or
          find(app, name="Journal", role=pyatspi.ROLE_PAGE_TAB) is not None,
          "journal: the Journal tab is there")
    audit(app, "journal")
    activate(new, "New entry")
    words = wait_for(app, 15, name="Your words")
    if not check(words is not None, "editor: \"Your words\" is shown"):
        dump(app, "after New entry")
        finish()
    dump(app, "editor")
    audit(app, "editor")
    body = "The lantern was lit at dusk."
    try:
        words.queryEditableText().insertText(0, body, len(body.encode()))
    except NotImplementedError:
        check(False, "editor: \"Your words\" has EditableText")
    end = time.time() + 5
    got = ""
    while time.time() < end:
        got = text_of(words) or ""
        if body in got:
            break
        time.sleep(0.1)
    check(got == body, "editor: \"Your words\" reads back what was typed: %r" % got)
    try:
        caret = words.queryText().caretOffset
    except NotImplementedError:
        caret = -1
    check(caret == len(body), "editor: the caret is after it (%d)" % caret)
    good = find(app, name="Good")
    if check(good is not None, "editor: a \"Good\" mood choice (%s)" % (good.getRoleName() if good else "-")):
        activate(good, "Good")
        end = time.time() + 5
        while time.time() < end and not (states(good).contains(pyatspi.STATE_CHECKED) or
                                         states(good).contains(pyatspi.STATE_SELECTED)):
            time.sleep(0.1)
        check(states(good).contains(pyatspi.STATE_CHECKED) or states(good).contains(pyatspi.STATE_SELECTED),
              "editor: \"Good\" is now checked")
    save = find(app, name="Save", role=pyatspi.ROLE_PUSH_BUTTON)
    if check(save is not None, "editor: a \"Save\" button"):
        activate(save, "Save")
        toast = wait_for(app, 10, name="Saved", contains=True)
        check(toast is not None and toast.getRole() in (pyatspi.ROLE_NOTIFICATION, pyatspi.ROLE_ALERT),
              "journal: the \"Saved\" toast is shown as %s" % (toast.getRoleName() if toast else "nothing"))
    audit(app, "journal, saved")
    finish()


main()
