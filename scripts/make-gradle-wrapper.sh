#!/bin/sh
# make-gradle-wrapper.sh -- rebuild android/gradle/wrapper/gradle-wrapper.jar
# from Debian's libgradle-core-java (Apache-2.0): the 4.4.1 wrapper and cli
# jars merged, as upstream's wrapper jar bundles both, plus the build receipt
# the wrapper reads its version from.  Needs apt-get download (or the .deb in
# the current folder), dpkg, unzip and the JDK's jar.
set -eu
out=${1:-$(dirname "$0")/../android/gradle/wrapper/gradle-wrapper.jar}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && apt-get download libgradle-core-java >/dev/null)
dpkg -x "$tmp"/libgradle-core-java_*.deb "$tmp/x"
mkdir "$tmp/m"
(cd "$tmp/m" && unzip -qo "$tmp/x/usr/share/java/gradle-wrapper-4.4.1.jar" &&
 unzip -qo "$tmp/x/usr/share/java/gradle-cli-4.4.1.jar" && rm -f META-INF/MANIFEST.MF &&
 mkdir -p org/gradle &&
 printf 'versionNumber=4.4.1\nversionBase=4.4.1\nbuildTimestamp=20230122000500+0000\ncommitId=debian-4.4.1-18\nisSnapshot=false\n' \
     > build-receipt.properties && cp build-receipt.properties org/gradle/)
printf 'Manifest-Version: 1.0\nImplementation-Title: Gradle Wrapper\nImplementation-Version: 4.4.1\nMain-Class: org.gradle.wrapper.GradleWrapperMain\n' > "$tmp/MANIFEST.MF"
jar cfm "$out" "$tmp/MANIFEST.MF" -C "$tmp/m" .
echo "wrote $out"
