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
  4. opens a player card from Home ("Open this step", "Read the 3 cards":
     "Step 1 of 3"), goes to the next card through Action, and back;
  5. activates the "Journal" tab, then "New entry", types into "Your words"
     through EditableText and reads it back through Text (a field that is
     not secret does expose its words, caret included) and where each
     character is drawn (extents inside the field, advancing along the
     line, GetOffsetAtPoint finding it again), picks a mood chip,
     saves, and sees the "Saved" toast come as an alert/notification;
  6. opens Together, names the partners, starts the daily check-in, and
     answers as Sam behind the hand-off card; from then on, on the hand-off
     card and on all of Alex's screens, Sam's sealed answers are in no
     name, description or text of the tree -- and they are at the reveal
     (so the sweep can see them when they are there).

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


SEALED = []  # texts that must be nowhere in the tree now (beside PASS)


def sweep(app, words):
    """The nodes whose name, description or text holds one of words."""
    hits = []
    for n, _ in walk(app):
        try:
            for s in (n.name or "", n.description or "", text_of(n) or ""):
                if any(w in s for w in words):
                    hits.append("%s %r" % (n.getRoleName(), n.name))
                    break
        except Exception:
            continue
    return hits


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
                if PASS in s or PASS[:12] in s or any(w in s for w in SEALED):
                    leaks.append("%s %r" % (n.getRoleName(), n.name))
        except Exception:
            continue
    check(interactive > 0, "%s: %d nodes, %d interactive" % (screen, len(nodes), interactive))
    check(not missing, "%s: every interactive node has a role and a name%s" %
          (screen, "" if not missing else " -- missing: " + "; ".join(missing)))
    what = "the passphrase" + (" and the sealed answers" if SEALED else "")
    check(not leaks, "%s: %s: in no name, description or text%s" %
          (screen, what, "" if not leaks else " -- found in: " + "; ".join(leaks)))


def activate(n, what):
    try:
        a = n.queryAction()
        names = [a.getName(i) for i in range(a.nActions)]
        ok = a.nActions > 0 and a.doAction(0)
        return check(bool(ok), "%s: action %s done" % (what, names[0] if names else "(none)"))
    except NotImplementedError:
        return check(False, "%s: has the Action interface" % what)


def find_any(app, name, contains=False):
    """Like find, shown or scrolled out of sight."""
    for n, _ in walk(app):
        try:
            if (name in (n.name or "")) if contains else (n.name == name):
                return n
        except Exception:
            continue
    return None


def wait_any(app, timeout, name, contains=False):
    end = time.time() + timeout
    while time.time() < end:
        n = find_any(app, name, contains)
        if n is not None:
            return n
        time.sleep(0.2)
    return None


def set_text(n, text, what):
    try:
        n.queryEditableText().setTextContents(text)
    except NotImplementedError:
        return check(False, "%s: has EditableText" % what)
    end = time.time() + 5
    while time.time() < end and text_of(n) != text:
        time.sleep(0.1)
    return check(text_of(n) == text, "%s: set to %r through EditableText" % (what, text))


COORDS = ((pyatspi.DESKTOP_COORDS, "screen"), (pyatspi.WINDOW_COORDS, "window"))


def char_boxes(t, n, coords):
    return [tuple(t.getCharacterExtents(i, coords)) for i in range(n)]


def text_geometry(field, what):
    """Where the field's characters are (GetCharacterExtents,
    GetRangeExtents, GetOffsetAtPoint), in screen and window coordinates:
    each inside the field's own extents, advancing along the line (down to
    the next line where it wraps), the character at each one's centre that
    character, and the range's extents around them all."""
    try:
        t = field.queryText()
        comp = field.queryComponent()
    except NotImplementedError:
        return check(False, "%s: has Text and Component" % what)
    n = t.characterCount
    text = t.getText(0, -1)
    seen = {}
    for coords, cname in COORDS:
        e = comp.getExtents(coords)
        fx, fy, fw, fh = e.x, e.y, e.width, e.height
        boxes = char_boxes(t, n, coords)
        seen[cname] = (boxes, (fx, fy))
        outside = [i for i, (x, y, w, h) in enumerate(boxes)
                   if not (w >= 0 and h > 0 and x >= fx and y >= fy and x + w <= fx + fw and y + h <= fy + fh)]
        check(n > 0 and not outside,
              "%s: %d characters' %s extents inside the field's %r%s" %
              (what, n, cname, (fx, fy, fw, fh), "" if not outside else
               " -- not: " + ", ".join("%d %r" % (i, boxes[i]) for i in outside[:5])))
        back = []
        for i in range(n - 1):
            (x, y, w, h), (x2, y2, w2, h2) = boxes[i], boxes[i + 1]
            if y2 == y:
                ok = x2 >= x + w and x2 > x
            else:
                ok = y2 >= y + h and x2 < x
            if not ok:
                back.append(i)
        check(not back and len({b[0] for b in boxes}) > n // 2,
              "%s: %s extents advance along the line%s" %
              (what, cname, "" if not back else " -- not after %s: %s" %
               (", ".join("%d %r" % (i, text[i:i + 2]) for i in back[:5]), boxes[back[0]:back[0] + 2])))
        wrong = []
        for i, (x, y, w, h) in enumerate(boxes):
            if w < 2 or text[i].isspace():
                continue
            at = t.getOffsetAtPoint(x + w // 2, y + h // 2, coords)
            if at != i:
                wrong.append("%d %r -> %d" % (i, text[i], at))
        check(not wrong, "%s: %s GetOffsetAtPoint at each character's centre gives that character%s" %
              (what, cname, "" if not wrong else " -- " + "; ".join(wrong[:5])))
        rx, ry, rw, rh = t.getRangeExtents(0, n, coords)
        check(all(rx <= x and ry <= y and x + w <= rx + rw and y + h <= ry + rh for x, y, w, h in boxes) and
              rx == min(b[0] for b in boxes) and rw > 0,
              "%s: %s GetRangeExtents of the whole text holds every character: %r" % (what, cname, (rx, ry, rw, rh)))
    (sb, (sx, sy)), (wb, (wx, wy)) = seen["screen"], seen["window"]
    check(all(s[0] - w[0] == sx - wx and s[1] - w[1] == sy - wy for s, w in zip(sb, wb)),
          "%s: screen and window extents differ by where the window is (%d, %d)" % (what, sx - wx, sy - wy))
    return t


def text_pieces(field, body, what):
    """The pieces a reader moves by (GetTextAtOffset, -Before-, -After-,
    which Orca 43 calls for its flat review, braille and echo): a
    character (an emoji ZWJ family at once), words, and lines as drawn
    (where the editor wraps) -- on a text set for it, then body again."""
    t = field.queryText()
    B = pyatspi
    got = [t.getTextAtOffset(0, B.TEXT_BOUNDARY_CHAR), t.getTextAtOffset(5, B.TEXT_BOUNDARY_WORD_START),
           t.getTextBeforeOffset(4, B.TEXT_BOUNDARY_WORD_START), t.getTextAfterOffset(4, B.TEXT_BOUNDARY_WORD_START),
           t.getTextAtOffset(3, B.TEXT_BOUNDARY_LINE_START)]
    want = [(body[0], 0, 1), ("lantern ", 4, 12), ("The ", 0, 4), ("was ", 12, 16), (body, 0, len(body))]
    check([tuple(g) for g in got] == want, "%s: characters, words and its line by offset: %r" % (what, got))
    family = "\U0001F469\u200D\U0001F469\u200D\U0001F467"
    long_text = "a" + family + "b " + " ".join(["the reeds were still and the boats drawn up"] * 4)
    if not set_text(field, long_text, what + " (a family, four wrapped sentences)"):
        return
    fam = [tuple(t.getTextAtOffset(i, B.TEXT_BOUNDARY_CHAR)) for i in (1, 3, 5)]
    check(all(f == (family, 1, 6) for f in fam) and tuple(t.getTextAtOffset(6, B.TEXT_BOUNDARY_CHAR)) == ("b", 6, 7),
          "%s: the ZWJ family is one character: %r" % (what, fam))
    line, s0, e0 = t.getTextAtOffset(0, B.TEXT_BOUNDARY_LINE_START)
    nxt, s1, e1 = t.getTextAfterOffset(0, B.TEXT_BOUNDARY_LINE_START)
    ys0 = {t.getCharacterExtents(i, B.WINDOW_COORDS)[1] for i in range(s0, e0)}
    ys1 = {t.getCharacterExtents(i, B.WINDOW_COORDS)[1] for i in range(s1, e1)}
    check(s0 == 0 and 0 < e0 < len(long_text) and s1 == e0 and e1 > s1 and len(ys0) == 1 and len(ys1) == 1 and
          min(ys1) > min(ys0),
          "%s: a line is the line drawn: %r then %r" % (what, line, nxt))
    set_text(field, body, what + " (back)")


def step(app, name, what, timeout=15, contains=False):
    """Waits for a node named name and activates it; stops the walk if absent."""
    n = wait_any(app, timeout, name, contains)
    if not check(n is not None, "%s: %r is there" % (what, name)):
        dump(app, what)
        finish()
    activate(n, name)
    return n


def player(app):
    step(app, "Open this step", "home")
    step(app, "Read the 3 cards", "path step")
    card = wait_for(app, 15, name="Step 1 of 3")
    if not check(card is not None, "player: the card says \"Step 1 of 3\""):
        dump(app, "player")
        finish()
    dump(app, "player card")
    audit(app, "player card")
    step(app, "Next", "player card 1")
    check(wait_for(app, 10, name="Step 2 of 3") is not None, "player: Next through Action shows \"Step 2 of 3\"")
    audit(app, "player card 2")


def together(app):
    step(app, "Home", "journal")
    step(app, "Together", "home")
    a = wait_any(app, 15, "First partner's name")
    b = find_any(app, "Second partner's name")
    if not check(a is not None and b is not None, "together: the partners' name fields"):
        dump(app, "together names")
        finish()
    set_text(a, "Alex", "First partner's name")
    set_text(b, "Sam", "Second partner's name")
    audit(app, "together, names")
    step(app, "Partner 2 starts", "together names")
    step(app, "Daily check-in", "together")
    step(app, "Begin", "check-in intro")
    hand = wait_any(app, 15, "Pass the device to Sam", contains=True)
    if not check(hand is not None, "together: the hand-off card \"Pass the device to Sam\""):
        dump(app, "hand-off")
        finish()
    dump(app, "hand-off to Sam")
    audit(app, "hand-off to Sam")
    step(app, "I'm Sam", "hand-off to Sam")
    f1 = wait_any(app, 15, "Something small is perfect.")
    if not check(f1 is not None, "together: Sam's first answer field"):
        dump(app, "Sam")
        finish()
    dump(app, "Sam's answers")
    set_text(f1, "SAMTHANKSFORDINNER", "Sam's appreciation")
    step(app, "Next", "Sam's first answer")
    f2 = wait_any(app, 15, "a quiet evening", contains=True)
    if not check(f2 is not None, "together: Sam's second answer field"):
        dump(app, "Sam 2")
        finish()
    set_text(f2, "SAMNEEDSAWALK", "Sam's need")
    step(app, "Next", "Sam's second answer")
    # Sam is done: the sealed answers may be nowhere until the reveal
    SEALED.extend(["SAMTHANKSFORDINNER", "SAMNEEDSAWALK"])
    hand = wait_any(app, 15, "Pass the device to Alex", contains=True)
    if not check(hand is not None, "together: the hand-off card \"Pass the device to Alex\""):
        dump(app, "hand-off 2")
        finish()
    dump(app, "hand-off to Alex")
    audit(app, "hand-off to Alex")
    step(app, "I'm Alex", "hand-off to Alex")
    g1 = wait_any(app, 15, "Something small is perfect.")
    if not check(g1 is not None, "together: Alex's first answer field"):
        dump(app, "Alex")
        finish()
    audit(app, "Alex's answers")
    set_text(g1, "ALEXAPPRECIATESTEA", "Alex's appreciation")
    step(app, "Next", "Alex's first answer")
    g2 = wait_any(app, 15, "a quiet evening", contains=True)
    if g2 is not None:
        set_text(g2, "quiet evening", "Alex's need")
    audit(app, "Alex's second answer")
    del SEALED[:]
    step(app, "Next", "Alex's second answer")
    rev = wait_any(app, 15, "Your answers, side by side", contains=True)
    check(rev is not None, "together: the reveal \"Your answers, side by side\"")
    dump(app, "reveal")
    hits = sweep(app, ["SAMNEEDSAWALK"])
    check(bool(hits), "together: at the reveal Sam's answer is in the tree (%s)" % "; ".join(hits))
    audit(app, "reveal")


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
    head = find(app, role=pyatspi.ROLE_HEADING)
    check(head is not None and text_of(head) == head.name,
          "unlock: the heading's words read through Text: %r" % (text_of(head) if head else None))
    if head is not None:
        text_geometry(head, "unlock: the heading %r" % head.name)
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
    if t is not None:
        boxes = char_boxes(t, t.characterCount, pyatspi.WINDOW_COORDS)
        widths = {b[2] for b in boxes}
        check(len(widths) == 1 and min(widths) > 0 and
              all(boxes[i + 1][0] == boxes[i][0] + boxes[i][2] for i in range(len(boxes) - 1)),
              "unlock: the passphrase's character extents are its bullets', one after another (all %r wide)" %
              sorted(widths))
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
    player(app)
    journal = None
    for _ in range(4):  # out of the player and the path step by their Back buttons
        journal = wait_for(app, 2, name="Journal", role=pyatspi.ROLE_PAGE_TAB)
        if journal is not None:
            break
        back = find(app, name="Back", role=pyatspi.ROLE_PUSH_BUTTON) or find(app, name="Not now")
        if back is None:
            break
        activate(back, back.name)
    if not check(journal is not None, "player: the tabs are there"):
        dump(app, "player")
        finish()
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
    text_geometry(words, "editor: \"Your words\"")
    text_pieces(words, body, "editor: \"Your words\"")
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
    together(app)
    finish()


main()
