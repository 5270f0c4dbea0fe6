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

set(CMAKE_CROSSCOMPILING_EMULATOR qemu-aarch64-static -L /usr/${IM_TRIPLE})
