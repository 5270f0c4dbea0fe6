# Cross-compiling Innermost's core for 64-bit ARM Linux (arm64 / aarch64),
# with Debian's cross compiler and multiarch arm64 libraries, run under qemu.
# Install the pieces with `scripts/setup-arm.sh arm64`.  Used by
# `make test-arm64`; by hand:
#   cmake -S . -B build-arm64 -G Ninja -DINNERMOST_BUILD_APP=OFF \
#         -DCMAKE_TOOLCHAIN_FILE=cmake/toolchain-aarch64-linux-gnu.cmake
#   cmake --build build-arm64 && ctest --test-dir build-arm64
# CTest runs each test through CMAKE_CROSSCOMPILING_EMULATOR (binfmt_misc is
# not assumed: qemu is called explicitly).
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(IM_TRIPLE aarch64-linux-gnu)

set(CMAKE_C_COMPILER ${IM_TRIPLE}-gcc)
set(CMAKE_LIBRARY_ARCHITECTURE ${IM_TRIPLE})

# Multiarch: arm64 libraries are in /usr/lib/aarch64-linux-gnu, their headers
# in /usr/include (shared with the host).  The cross libc is in
# /usr/aarch64-linux-gnu.
set(CMAKE_FIND_ROOT_PATH /usr/${IM_TRIPLE} /)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE BOTH)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# pkg-config (libsodium) must read the arm64 .pc files, never the host's.
set(ENV{PKG_CONFIG_LIBDIR} /usr/lib/${IM_TRIPLE}/pkgconfig:/usr/share/pkgconfig)
set(ENV{PKG_CONFIG_PATH} "")

# The run-time loader and libc must come from ONE glibc build: ld.so and
# libc.so share the private layout of _rtld_global.  Two arm64 glibcs are
# installed: the cross one (libc6-arm64-cross, /usr/aarch64-linux-gnu, what
# the compiler links against) and the multiarch one (libc6:arm64,
# /usr/lib/aarch64-linux-gnu, pulled in by libsqlite3-dev:arm64 and
# libsodium-dev:arm64), and their Debian revisions differ (2.36-8cross1 vs
# 2.36-9+deb12u14 here).  With `-L /usr/aarch64-linux-gnu` qemu loaded the
# cross ld.so, which then found the multiarch libc.so.6 through the host's
# ld.so.cache: a mixed pair.  Its visible symptom: fork()'s child spun for
# ever in glibc's reclaim_stacks, walking _rtld_global's stack list at the
# wrong offset, so every forking test (vault canary, kill, draft kill) hung
# or never wrote.  `-L /` runs the binaries as on a real arm64 Debian: the
# multiarch /lib/ld-linux-aarch64.so.1 with the multiarch libc beside it,
# one consistent glibc (newer than, and ABI-compatible with, the cross one
# we link against).
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-aarch64-static -L /)
