#!/bin/sh
# check_java_layer.sh -- compiles the Android Java layer (InnermostActivity,
# InnermostTextInput) with javac -Xlint:all -Werror against stand-ins
# (tests/platform/java_stubs): the members of Android's API and of SDL
# 2.26.5's SDLActivity.java that it uses, with their signatures and
# modifiers.  Debian 12 has no android.jar (docs/platforms.md, "android.jar"),
# so this checks the Java's syntax, types and access against what the
# stand-ins declare -- not against the real classes.  Auxiliary-class lint
# is off: DummyEdit lives in SDLActivity.java upstream too, and Gradle
# compiles both in one pass.  Exit 77 (skipped) without javac.
# Usage: check_java_layer.sh SOURCE_ROOT
set -u
root=$1
command -v javac >/dev/null 2>&1 || { echo "skipped: no javac"; exit 77; }
d=$(mktemp -d "${TMPDIR:-/tmp}/im-java-XXXXXX")
trap 'rm -rf "$d"' EXIT
stubs=$root/tests/platform/java_stubs
java=$root/android/app/src/main/java
if javac -Xlint:all,-auxiliaryclass -Werror --release 11 -d "$d" -sourcepath "$stubs" \
        "$stubs/org/libsdl/app/SDLActivity.java" \
        "$java/org/innermost/app/InnermostActivity.java" \
        "$java/org/innermost/app/InnermostSystemPrefs.java" \
        "$java/org/libsdl/app/InnermostTextInput.java"; then
    echo "java layer: compiled against the stand-ins ($(ls "$d/org/innermost/app" "$d/org/libsdl/app" | grep -c class) classes)"
else
    echo "FAIL: the Java layer does not compile against the stand-ins"
    exit 1
fi
