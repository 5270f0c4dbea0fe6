#!/bin/sh
# check_platform_syntax.sh -- every C file of core/ and app/ through clang's
# syntax check (-fsyntax-only, -Wall -Wextra -Werror) as an Android and as an
# Apple (iOS) build would see it, on Linux.
#
#   __ANDROID__  with SDL's own headers (they declare SDL_AndroidBackButton,
#                SDL_AndroidGetJNIEnv ...) and the JDK's jni.h standing in
#                for the NDK's (same JNI interface).
#   __APPLE__    with SDL's headers, stub AvailabilityMacros.h and
#                TargetConditionals.h (iOS device values), and apple_libc.h
#                forced in: memset_pattern4, and sprintf/vsprintf marked
#                deprecated as Apple's SDK marks them.
# What this proves: the platform branches (#ifdef __ANDROID__/__APPLE__) parse
# and type-check against these headers.  Not proven: the NDK's or Apple's own
# libc headers, Objective-C files (ios/*.m), linking, running.
# Usage: check_platform_syntax.sh SOURCE_DIR "SDL_CFLAGS" JDK_INCLUDE_DIR [android|apple]
# (without the last argument both; CTest runs them as two tests so they can
# run side by side)
set -u
src=$1
sdl=$2
jdk=$3
only=${4:-both}
cc=${CLANG:-clang}
stubs=$src/tests/platform/stubs/apple
files=$(ls "$src"/core/src/*.c "$src"/app/src/*.c "$src"/app/src/*/*.c)
common="-std=c11 -Wall -Wextra -Werror -fsyntax-only -I$src/app/src -I$src/core/src -I$src/core/include"
failed=0
# shellcheck disable=SC2086
if [ "$only" != apple ] && ! $cc $common -D__ANDROID__ $sdl -I"$jdk" -I"$jdk/linux" $files; then
    echo "FAIL: the __ANDROID__ syntax check"; failed=1
fi
# shellcheck disable=SC2086
if [ "$only" != android ] && ! $cc $common -D__APPLE__ -DIM_HAVE_APPLE_BACKUP_EXCLUSION=1 -include "$stubs/apple_libc.h" \
        -I"$stubs" -I"$src/ios" $sdl $files; then
    echo "FAIL: the __APPLE__ syntax check"; failed=1
fi
n=$(echo "$files" | wc -w)
[ "$failed" -eq 0 ] && echo "$n files pass clang -fsyntax-only ($only of __ANDROID__, __APPLE__)"
exit "$failed"
