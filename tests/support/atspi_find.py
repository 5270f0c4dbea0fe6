"""atspi_find.py PID [NAME] -- an AT-SPI client finds the app whose process
is PID in the registry (up to 20 s) and walks its whole tree, so the app's
bridge is connected and every object made; with NAME, some node's name must
hold it.  Prints "client: N nodes walked"; exits 1 ("FAIL: ...") when the
app is not in the registry or NAME is not in its tree.  Run with Debian's
python3 (python3-pyatspi) by tests/a11y/check_idle.sh and
tests/platform/check_loaded.sh (tests/support/xbus.sh finds it)."""
import sys
import time

import pyatspi

pid = int(sys.argv[1])
want = sys.argv[2] if len(sys.argv) > 2 else None
for _ in range(80):
    d = pyatspi.Registry.getDesktop(0)
    apps = [d.getChildAtIndex(i) for i in range(d.childCount)]
    a = [x for x in apps if x is not None and x.get_process_id() == pid]
    if a:
        break
    time.sleep(0.25)
else:
    print("FAIL: the app is not in the AT-SPI registry")
    sys.exit(1)


def walk(x):
    yield x
    for i in range(x.childCount):
        yield from walk(x.getChildAtIndex(i))


names = [x.name for x in walk(a[0])]
if want is not None and want not in " ".join(n or "" for n in names):
    print("FAIL: the tree has no %r: %r" % (want, names[:20]))
    sys.exit(1)
print("client: %d nodes walked" % len(names))
