# Cross-compiling Innermost's core for 32-bit ARM Linux (armhf), run under
# qemu.  32-bit ARM is where size_t, long and pointers are 4 bytes while
# time_t and uint64_t are 8, and where 64-bit loads want 8-byte alignment, so
# it catches size assumptions that arm64 and x86-64 hide.
#
# Debian's armhf *multiarch* broke `apt-get update` on the mirror this was
# written on, so the target libraries (SQLite, libsodium) come from a
# separate sysroot that `scripts/setup-arm.sh armhf` unpacks from the Debian
# packages: $IM_ARMHF_SYSROOT, default /opt/innermost-sysroot-armhf.  The
# C library is the cross one in /usr/arm-linux-gnueabihf.  Used by
# `make test-arm`; by hand:
#   cmake -S . -B build-armhf -G Ninja -DINNERMOST_BUILD_APP=OFF \
#         -DCMAKE_TOOLCHAIN_FILE=cmake/toolchain-arm-linux-gnueabihf.cmake
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR armv7l)
set(IM_TRIPLE arm-linux-gnueabihf)

if(DEFINED ENV{IM_ARMHF_SYSROOT})
  set(IM_ARMHF_SYSROOT $ENV{IM_ARMHF_SYSROOT})
elseif(NOT IM_ARMHF_SYSROOT)
  set(IM_ARMHF_SYSROOT /opt/innermost-sysroot-armhf)
endif()
# Try-compile projects re-read this file; hand them the value.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES IM_ARMHF_SYSROOT)

set(CMAKE_C_COMPILER ${IM_TRIPLE}-gcc)
set(CMAKE_LIBRARY_ARCHITECTURE ${IM_TRIPLE})

set(CMAKE_FIND_ROOT_PATH ${IM_ARMHF_SYSROOT} /usr/${IM_TRIPLE})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

set(ENV{PKG_CONFIG_LIBDIR} ${IM_ARMHF_SYSROOT}/usr/lib/${IM_TRIPLE}/pkgconfig)
set(ENV{PKG_CONFIG_SYSROOT_DIR} ${IM_ARMHF_SYSROOT})
set(ENV{PKG_CONFIG_PATH} "")

# The sysroot's libraries are found at run time through LD_LIBRARY_PATH,
# which qemu's -E sets in the emulated program's environment only.  They are
# linked by full path, so the linker needs -rpath-link for their own
# dependencies (none today, but libsqlite3 could grow some).
set(CMAKE_EXE_LINKER_FLAGS_INIT
    "-Wl,-rpath-link,${IM_ARMHF_SYSROOT}/usr/lib/${IM_TRIPLE}")
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-arm-static -L /usr/${IM_TRIPLE}
    -E LD_LIBRARY_PATH=${IM_ARMHF_SYSROOT}/usr/lib/${IM_TRIPLE})

# Debian 12's armhf glibc has a 32-bit time_t unless asked: dates after
# 2038-01-19 would wrap wherever core hands a time to the C library
# (localtime_r in clock.c).  glibc >= 2.34 gives a 64-bit time_t with
# _TIME_BITS=64, which needs _FILE_OFFSET_BITS=64.  SQLite's and libsodium's
# APIs pass no time_t or off_t, so mixing with the distro builds is safe.
# (Android's 32-bit ARM has a 32-bit time_t with no such switch: see
# docs/platforms.md.)
set(CMAKE_C_FLAGS_INIT "-D_FILE_OFFSET_BITS=64 -D_TIME_BITS=64")
