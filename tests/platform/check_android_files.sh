#!/bin/sh
# check_android_files.sh -- the Android project's privacy settings, checked
# as text (nothing Android can be built on the machine that runs this):
# no permissions at all (so no INTERNET), backup off and every domain
# excluded from cloud backup and device transfer, FLAG_SECURE set, private
# keyboard flags set, SDL's Java not copied into the repository.
# It proves the files say what docs/platforms.md claims; not that a device
# honours them (that is unverified, see docs/platforms.md).
# Usage: check_android_files.sh SOURCE_DIR
set -u
root=$1/android
passed=0
failed=0
check() { # check DESCRIPTION COMMAND...
    what=$1; shift
    if "$@" >/dev/null 2>&1; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $what"; fi
}
# XML with comments removed, so a comment cannot satisfy or fail a check.
strip() { perl -0pe 's/<!--.*?-->//gs' "$1"; }

manifest=$root/app/src/main/AndroidManifest.xml
rules=$root/app/src/main/res/xml/data_extraction_rules.xml
legacy=$root/app/src/main/res/xml/backup_rules.xml
activity=$root/app/src/main/java/org/innermost/app/InnermostActivity.java
textinput=$root/app/src/main/java/org/libsdl/app/InnermostTextInput.java
m=$(strip "$manifest")

check "manifest exists" test -s "$manifest"
check "no uses-permission at all (so no INTERNET)" sh -c "! printf '%s' \"\$1\" | grep -q 'uses-permission'" _ "$m"
check "no INTERNET anywhere outside comments" sh -c "! printf '%s' \"\$1\" | grep -q 'INTERNET'" _ "$m"
check "allowBackup is false" sh -c "printf '%s' \"\$1\" | grep -q 'android:allowBackup=\"false\"'" _ "$m"
check "dataExtractionRules points at the rules" sh -c "printf '%s' \"\$1\" | grep -q 'android:dataExtractionRules=\"@xml/data_extraction_rules\"'" _ "$m"
check "fullBackupContent points at the legacy rules" sh -c "printf '%s' \"\$1\" | grep -q 'android:fullBackupContent=\"@xml/backup_rules\"'" _ "$m"
check "the launcher activity is ours" sh -c "printf '%s' \"\$1\" | grep -q 'android:name=\"org.innermost.app.InnermostActivity\"'" _ "$m"

r=$(strip "$rules")
for section in cloud-backup device-transfer; do
    body=$(printf '%s' "$r" | perl -0ne "print \$1 if /<$section>(.*?)<\\/$section>/s")
    for domain in root file database sharedpref external device_root device_file device_database device_sharedpref; do
        check "$section excludes domain $domain" sh -c "printf '%s' \"\$1\" | grep -q '<exclude domain=\"$domain\" path=\".\" */>'" _ "$body"
    done
    check "$section includes nothing" sh -c "! printf '%s' \"\$1\" | grep -q '<include'" _ "$body"
done
l=$(strip "$legacy")
for domain in root file database sharedpref external; do
    check "legacy backup excludes $domain" sh -c "printf '%s' \"\$1\" | grep -q '<exclude domain=\"$domain\" path=\".\" */>'" _ "$l"
done

check "activity sets FLAG_SECURE" grep -q 'setFlags(WindowManager.LayoutParams.FLAG_SECURE' "$activity"
check "activity loads SDL2, SDL2_ttf, main (main last)" grep -q '"SDL2", "SDL2_ttf", "main"' "$activity"
check "activity installs the private text input" grep -q 'InnermostTextInput.install(this)' "$activity"
check "text input: no personalised learning" grep -q 'IME_FLAG_NO_PERSONALIZED_LEARNING' "$textinput"
check "text input: no suggestions" grep -q 'TYPE_TEXT_FLAG_NO_SUGGESTIONS' "$textinput"
check "SDL's Java is not copied in" test ! -e "$root/app/src/main/java/org/libsdl/app/SDLActivity.java"
check "SDL's Java comes from the SDL tree" grep -q 'android-project/app/src/main/java' "$root/app/build.gradle"
check "Gradle builds jni/CMakeLists.txt" grep -q "path 'jni/CMakeLists.txt'" "$root/app/build.gradle"

# Reproducible from the tree (issue 18): the wrapper committed and usable
# (its classes, incl. the cli parser it needs, and its version receipt),
# source paths checked only when a build task runs, the sources pinned.
jar=$root/gradle/wrapper/gradle-wrapper.jar
check "gradlew is committed and executable" test -x "$root/gradlew"
check "gradle-wrapper.jar is committed" test -s "$jar"
if command -v unzip >/dev/null 2>&1; then
    check "wrapper jar has GradleWrapperMain" sh -c "unzip -l '$jar' | grep -q 'org/gradle/wrapper/GradleWrapperMain.class'"
    check "wrapper jar has the cli parser it loads" sh -c "unzip -l '$jar' | grep -q 'org/gradle/cli/CommandLineParser.class'"
    check "wrapper jar has its build receipt" sh -c "unzip -l '$jar' | grep -q 'build-receipt.properties'"
fi
check "wrapper asks for Gradle 7.5+" grep -q 'gradle-7\.[5-9].*-bin.zip' "$root/gradle/wrapper/gradle-wrapper.properties"
check "source paths are not checked at configuration time" sh -c "! grep -q '^ *throw' '$root/app/build.gradle' || grep -q 'doFirst' '$root/app/build.gradle'"
check "no top-level throw in sourceDir" sh -c "! awk '/^def sourceDir/,/^}/' '$root/app/build.gradle' | grep -q throw"
check "dependency sources pinned with versions and sha256" sh -c "test \$(grep -Ec '^[a-z0-9_]+ +[^ ]+ +https://[^ ]+ +[0-9a-f]{64} *\$' '$root/../cmake/deps.lock') -ge 7"
check "build.gradle passes all seven sources" sh -c "test \$(grep -c '\"-DIM_[A-Z0-9_]*_SOURCE=' '$root/app/build.gradle') -eq 7"
for d in mdpi hdpi xhdpi xxhdpi xxxhdpi; do
    check "launcher icon mipmap-$d" test -s "$root/app/src/main/res/mipmap-$d/ic_launcher.png"
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
