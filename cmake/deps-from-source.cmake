# Builds Innermost's seven dependencies from their source trees and provides
# the imported target names cmake/dependencies.cmake expects:
#
#   im_dep_sqlite(<dir>)     SQLite amalgamation (sqlite3.c, sqlite3.h)  -> SQLite::SQLite3
#   im_dep_libsodium(<dir>)  a libsodium release tree (configure.ac,
#                            src/libsodium/...), no autotools needed       -> PkgConfig::SODIUM
#   im_dep_sdl2(<dir>)       SDL 2.26.x source tree                       -> SDL2::SDL2
#   im_dep_sdl2_ttf(<dir>)   SDL_ttf 2.20.x with its external/freetype
#                            and external/harfbuzz submodules present     -> SDL2_ttf::SDL2_ttf
#
#   im_dep_text(<fribidi> <unibreak> <utf8proc>)
#                            the text libraries (below): FriBiDi 1.0.13,
#                            libunibreak 5.1, utf8proc 2.8.0 -> PkgConfig::FRIBIDI,
#                            PkgConfig::UNIBREAK, PkgConfig::UTF8PROC; and
#                            PkgConfig::FREETYPE / PkgConfig::HARFBUZZ as
#                            aliases of SDL_ttf's vendored FreeType and
#                            HarfBuzz (call after im_dep_sdl2_ttf)
#
#   im_deps_from_source(<platform> [STATIC])   all of them, from IM_*_SOURCE
#
#   im_deps_fetch_missing(<lock>)   every source of the lock file that no
#                            IM_*_SOURCE names, downloaded by FetchContent
#                            with URL_HASH SHA256 (im_deps_from_source calls
#                            it when IM_FETCH_DEPS is ON)
#
# The versions, URLs and sha256 sums of every source are in cmake/deps.lock
# (with where each sum was read); scripts/fetch-android-deps.sh fetches and
# checks the same list.  None of the text recipes has been built: not here
# (Debian packages are used on Linux), not with the NDK or Xcode.
#
# Used by the Android entry (android/app/jni/CMakeLists.txt) and the iOS
# entry (ios/CMakeLists.txt) -- platforms with no system packages.  Call
# these BEFORE add_subdirectory() of the Innermost root:
# cmake/dependencies.cmake skips each lookup whose target already exists.
#
# Status (docs/platforms.md): on Linux x86-64 here, the libsodium recipe was
# built from the 1.0.18 release and the core tests passed against it, and
# the SDL2 2.26.5 / SDL_ttf 2.20.2 recipes were built and the app linked
# against them.  The SQLite recipe was not built here (no amalgamation
# available).  Nothing was built with the Android NDK or Xcode.
include_guard(GLOBAL)
set(IM_DEPS_LOCK ${CMAKE_CURRENT_LIST_DIR}/deps.lock)
option(IM_FETCH_DEPS "Download (and check the sha256 of) each source in cmake/deps.lock that no IM_*_SOURCE names" OFF)
include(CheckCSourceCompiles)
include(CheckIncludeFile)
include(CheckSymbolExists)

function(im_dep_require_dir what dir probe)
  if(NOT dir OR NOT EXISTS "${dir}/${probe}")
    message(FATAL_ERROR
      "${what}: '${dir}' does not look like its source tree (no ${probe}). "
      "See docs/platforms.md for the versions and where to get them.")
  endif()
endfunction()

# SQLite from the amalgamation, compiled with the settings the vault relies
# on anyway (it also sets them by PRAGMA), and without the extension loader.
function(im_dep_sqlite dir)
  im_dep_require_dir("SQLite amalgamation" "${dir}" sqlite3.c)
  add_library(im_sqlite3 STATIC ${dir}/sqlite3.c)
  target_include_directories(im_sqlite3 SYSTEM PUBLIC ${dir})
  target_compile_definitions(im_sqlite3 PRIVATE
    SQLITE_THREADSAFE=1
    SQLITE_DQS=0
    SQLITE_DEFAULT_MEMSTATUS=0
    SQLITE_OMIT_LOAD_EXTENSION
    SQLITE_SECURE_DELETE
    SQLITE_TEMP_STORE=3
    SQLITE_DEFAULT_WAL_SYNCHRONOUS=2)
  set_target_properties(im_sqlite3 PROPERTIES POSITION_INDEPENDENT_CODE ON)
  find_package(Threads REQUIRED)
  target_link_libraries(im_sqlite3 PUBLIC Threads::Threads)
  if(UNIX AND NOT APPLE)
    target_link_libraries(im_sqlite3 PUBLIC m)
  endif()
  add_library(SQLite::SQLite3 ALIAS im_sqlite3)
endfunction()

# libsodium without its autotools: every C file, the portable code paths,
# and the platform features its configure script would have found, found
# here with CMake checks instead.  The x86 assembly and SIMD variants stay
# off (they are guarded by HAVE_*INTRIN_H / HAVE_AMD64_ASM, which are never
# defined), so every target gets the reference implementations.  What matters
# for Innermost is that sodium_malloc keeps its guard pages and mlock:
# HAVE_MMAP, HAVE_MPROTECT, HAVE_MLOCK, HAVE_MADVISE are checked for.
function(im_dep_libsodium dir)
  im_dep_require_dir("libsodium" "${dir}" src/libsodium/include/sodium.h)
  file(READ ${dir}/configure.ac ac)
  string(REGEX MATCH "AC_INIT\\(\\[libsodium\\],[ ]*\\[([0-9.]+)\\]" _ "${ac}")
  set(VERSION ${CMAKE_MATCH_1})
  string(REGEX MATCH "SODIUM_LIBRARY_VERSION_MAJOR=([0-9]+)" _ "${ac}")
  set(SODIUM_LIBRARY_VERSION_MAJOR ${CMAKE_MATCH_1})
  string(REGEX MATCH "SODIUM_LIBRARY_VERSION_MINOR=([0-9]+)" _ "${ac}")
  set(SODIUM_LIBRARY_VERSION_MINOR ${CMAKE_MATCH_1})
  if(NOT VERSION OR NOT SODIUM_LIBRARY_VERSION_MAJOR)
    message(FATAL_ERROR "libsodium: cannot read its version from ${dir}/configure.ac")
  endif()
  set(SODIUM_LIBRARY_MINIMAL_DEF "")
  # A copy of the public headers with the generated version.h beside
  # export.h (which it includes by a relative name).
  set(gen ${CMAKE_CURRENT_BINARY_DIR}/im_sodium_include)
  file(COPY ${dir}/src/libsodium/include/ DESTINATION ${gen}
       FILES_MATCHING PATTERN "*.h")
  configure_file(${dir}/src/libsodium/include/sodium/version.h.in
                 ${gen}/sodium/version.h @ONLY)

  file(GLOB_RECURSE srcs ${dir}/src/libsodium/*.c)
  add_library(im_sodium STATIC ${srcs})
  target_include_directories(im_sodium SYSTEM PUBLIC ${gen})
  target_include_directories(im_sodium PRIVATE ${gen}/sodium)
  set_target_properties(im_sodium PROPERTIES POSITION_INDEPENDENT_CODE ON C_STANDARD 99
                                             C_EXTENSIONS ON)
  target_compile_definitions(im_sodium PUBLIC SODIUM_STATIC=1)
  target_compile_definitions(im_sodium PRIVATE CONFIGURED=1 _GNU_SOURCE=1
                                               HAVE_STDINT_H=1 HAVE_INTTYPES_H=1)

  include(TestBigEndian)
  test_big_endian(big)
  if(big)
    target_compile_definitions(im_sodium PRIVATE NATIVE_BIG_ENDIAN=1)
  else()
    target_compile_definitions(im_sodium PRIVATE NATIVE_LITTLE_ENDIAN=1)
  endif()

  set(CMAKE_REQUIRED_DEFINITIONS -D_GNU_SOURCE=1)
  check_include_file(sys/mman.h HAVE_SYS_MMAN_H)
  check_include_file(sys/random.h HAVE_SYS_RANDOM_H)
  check_include_file(sys/param.h HAVE_SYS_PARAM_H)
  check_include_file(alloca.h HAVE_ALLOCA_H)
  foreach(fn mmap mprotect mlock madvise posix_memalign getpid nanosleep
             clock_gettime sysconf raise explicit_bzero arc4random_buf)
    string(TOUPPER ${fn} FN)
    check_symbol_exists(${fn} "stdlib.h;string.h;unistd.h;time.h;signal.h;sys/mman.h"
                        HAVE_${FN})
  endforeach()
  check_symbol_exists(memset_s "string.h" HAVE_MEMSET_S)
  check_c_source_compiles("
    #include <pthread.h>
    int main(void) { pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
                     return pthread_mutex_lock(&m); }" HAVE_PTHREAD)
  check_c_source_compiles("
    int main(void) { static volatile int x; __sync_fetch_and_add(&x, 1);
                     __atomic_store_n(&x, 0, __ATOMIC_SEQ_CST); return x; }" HAVE_ATOMIC_OPS)
  check_c_source_compiles("
    #if !defined(__SIZEOF_INT128__)
    #error no int128
    #endif
    typedef unsigned __int128 u128;
    int main(void) { u128 a = 1; a <<= 70; return (int)(a >> 70) - 1; }" HAVE_TI_MODE)
  check_c_source_compiles("
    __attribute__((weak)) void im_weak_probe(void);
    int main(void) { return im_weak_probe != 0; }" HAVE_WEAK_SYMBOLS)
  # getrandom() via <sys/random.h>; Android declares it only from API 28;
  # below that libsodium uses the raw syscall, or /dev/urandom.
  check_c_source_compiles("
    #include <sys/random.h>
    int main(void) { unsigned char b[16]; return (int)getrandom(b, sizeof b, 0) != 16; }"
    HAVE_GETRANDOM_PROBE)

  set(defs)
  foreach(v HAVE_SYS_MMAN_H HAVE_SYS_PARAM_H HAVE_ALLOCA_H HAVE_MMAP HAVE_MPROTECT
            HAVE_MLOCK HAVE_MADVISE HAVE_POSIX_MEMALIGN HAVE_GETPID HAVE_NANOSLEEP
            HAVE_CLOCK_GETTIME HAVE_SYSCONF HAVE_RAISE HAVE_EXPLICIT_BZERO
            HAVE_MEMSET_S HAVE_PTHREAD HAVE_ATOMIC_OPS HAVE_TI_MODE HAVE_WEAK_SYMBOLS)
    if(${v})
      list(APPEND defs ${v}=1)
    endif()
  endforeach()
  # randombytes_sysrandom.c derives the rest itself: getrandom() (or the raw
  # syscall) on Linux/Android, arc4random_buf on Apple, else /dev/urandom.
  if(HAVE_SYS_RANDOM_H AND HAVE_GETRANDOM_PROBE)
    list(APPEND defs HAVE_SYS_RANDOM_H=1 HAVE_GETRANDOM=1)
  endif()
  if(CMAKE_C_COMPILER_ID MATCHES "GNU|Clang")
    list(APPEND defs "TLS=_Thread_local")
  endif()
  target_compile_definitions(im_sodium PRIVATE ${defs})
  find_package(Threads REQUIRED)
  target_link_libraries(im_sodium PUBLIC Threads::Threads)
  add_library(PkgConfig::SODIUM ALIAS im_sodium)
  message(STATUS "libsodium ${VERSION} from source: ${defs}")
endfunction()

# SDL2.  Shared by default: SDL's Java glue on Android loads libSDL2.so by
# name (see InnermostActivity.getLibraries).  im_dep_sdl2(<dir> STATIC) for
# iOS, where an app links SDL statically (SDL2::SDL2 is then SDL's alias
# for SDL2-static, and SDL2::SDL2main provides the UIKit entry point).
function(im_dep_sdl2 dir)
  cmake_parse_arguments(D "STATIC" "" "" ${ARGN})
  im_dep_require_dir("SDL2" "${dir}" include/SDL_version.h)
  if(D_STATIC)
    set(SDL_SHARED OFF CACHE BOOL "" FORCE)
    set(SDL_STATIC ON CACHE BOOL "" FORCE)
  else()
    set(SDL_SHARED ON CACHE BOOL "" FORCE)
    set(SDL_STATIC OFF CACHE BOOL "" FORCE)
  endif()
  set(SDL_TEST OFF CACHE BOOL "" FORCE)
  set(SDL2_DISABLE_INSTALL ON CACHE BOOL "" FORCE)
  add_subdirectory(${dir} ${CMAKE_BINARY_DIR}/deps/SDL2)
  if(NOT TARGET SDL2::SDL2)
    message(FATAL_ERROR "SDL2 from ${dir} did not define SDL2::SDL2 (SDL 2.26.x expected)")
  endif()
endfunction()

# SDL_ttf with its vendored FreeType and HarfBuzz (git submodules, or
# external/download.sh in the SDL_ttf tree).  Shared like SDL2 by default,
# so its own alias is SDL2_ttf::SDL2_ttf; with STATIC (iOS) SDL_ttf calls it
# SDL2_ttf::SDL2_ttf-static and the name Innermost uses is added here.
# HarfBuzz is C++: the Android build links the C++ runtime statically
# (ANDROID_STL=c++_static, set in android/app/build.gradle).
function(im_dep_sdl2_ttf dir)
  cmake_parse_arguments(D "STATIC" "" "" ${ARGN})
  im_dep_require_dir("SDL2_ttf" "${dir}" SDL_ttf.h)
  im_dep_require_dir("SDL2_ttf's vendored FreeType" "${dir}" external/freetype/CMakeLists.txt)
  im_dep_require_dir("SDL2_ttf's vendored HarfBuzz" "${dir}" external/harfbuzz/CMakeLists.txt)
  if(D_STATIC)
    set(BUILD_SHARED_LIBS OFF)
  else()
    set(BUILD_SHARED_LIBS ON)
  endif()
  set(SDL2TTF_VENDORED ON CACHE BOOL "" FORCE)
  set(SDL2TTF_HARFBUZZ ON CACHE BOOL "" FORCE)
  set(SDL2TTF_SAMPLES OFF CACHE BOOL "" FORCE)
  set(SDL2TTF_INSTALL OFF CACHE BOOL "" FORCE)
  add_subdirectory(${dir} ${CMAKE_BINARY_DIR}/deps/SDL2_ttf)
  if(D_STATIC AND TARGET SDL2_ttf AND NOT TARGET SDL2_ttf::SDL2_ttf)
    add_library(SDL2_ttf::SDL2_ttf ALIAS SDL2_ttf)
  endif()
  if(NOT TARGET SDL2_ttf::SDL2_ttf)
    message(FATAL_ERROR "SDL2_ttf from ${dir} did not define SDL2_ttf::SDL2_ttf (2.20.x expected)")
  endif()
endfunction()

# The text libraries (app/src/render/text.c, core/src/utf8_text.c):
#  - utf8proc: one file (utf8proc.c includes utf8proc_data.c), static.
#  - libunibreak: its src/*.c, static (line breaks, UAX #14).
#  - FriBiDi: lib/*.c with the tables its release tarball ships
#    pre-generated (lib/*.i); fribidi-config.h and
#    fribidi-unicode-version.h are made here from what the tarball has
#    (FRIBIDI_UNICODE_VERSION is the tarball's).
#  - FreeType and HarfBuzz: the copies SDL_ttf vendors and builds (targets
#    freetype and harfbuzz), so the app and SDL_ttf share one of each.
function(im_dep_text fribidi unibreak utf8proc)
  im_dep_require_dir("utf8proc" "${utf8proc}" utf8proc.c)
  add_library(im_utf8proc STATIC ${utf8proc}/utf8proc.c)
  target_include_directories(im_utf8proc SYSTEM PUBLIC ${utf8proc})
  target_compile_definitions(im_utf8proc PUBLIC UTF8PROC_STATIC)
  set_target_properties(im_utf8proc PROPERTIES POSITION_INDEPENDENT_CODE ON)
  add_library(PkgConfig::UTF8PROC ALIAS im_utf8proc)

  im_dep_require_dir("libunibreak" "${unibreak}" src/linebreak.c)
  file(GLOB ub_srcs ${unibreak}/src/*.c)
  list(FILTER ub_srcs EXCLUDE REGEX "(filter_dup|test)")
  add_library(im_unibreak STATIC ${ub_srcs})
  target_include_directories(im_unibreak SYSTEM PUBLIC ${unibreak}/src)
  set_target_properties(im_unibreak PROPERTIES POSITION_INDEPENDENT_CODE ON)
  add_library(PkgConfig::UNIBREAK ALIAS im_unibreak)

  im_dep_require_dir("FriBiDi" "${fribidi}" lib/fribidi.c)
  file(GLOB fb_srcs ${fribidi}/lib/*.c)
  set(fb_gen ${CMAKE_BINARY_DIR}/deps/fribidi)
  file(MAKE_DIRECTORY ${fb_gen})
  file(WRITE ${fb_gen}/fribidi-config.h
    "#ifndef FRIBIDI_CONFIG_H\n#define FRIBIDI_CONFIG_H\n#define FRIBIDI \"fribidi\"\n"
    "#define FRIBIDI_NAME \"GNU FriBidi\"\n#define FRIBIDI_BUGREPORT \"https://github.com/fribidi/fribidi/issues\"\n"
    "#define FRIBIDI_VERSION \"1.0.13\"\n#define FRIBIDI_MAJOR_VERSION 1\n#define FRIBIDI_MINOR_VERSION 0\n"
    "#define FRIBIDI_MICRO_VERSION 13\n#define FRIBIDI_INTERFACE_VERSION 4\n#define FRIBIDI_INTERFACE_VERSION_STRING \"4\"\n"
    "#define FRIBIDI_SIZEOF_INT 4\n#endif\n")
  if(NOT EXISTS ${fribidi}/lib/fribidi-unicode-version.h AND NOT EXISTS ${fribidi}/gen.tab/fribidi-unicode-version.h)
    message(FATAL_ERROR "FriBiDi: ${fribidi} has no pre-generated tables (use the release tarball, not a git checkout)")
  endif()
  add_library(im_fribidi STATIC ${fb_srcs})
  target_include_directories(im_fribidi SYSTEM PUBLIC ${fribidi}/lib ${fb_gen} PRIVATE ${fribidi}/gen.tab)
  target_compile_definitions(im_fribidi PUBLIC FRIBIDI_LIB_STATIC PRIVATE HAVE_STDLIB_H HAVE_STRING_H HAVE_STRINGIZE)
  set_target_properties(im_fribidi PROPERTIES POSITION_INDEPENDENT_CODE ON)
  add_library(PkgConfig::FRIBIDI ALIAS im_fribidi)

  foreach(lib freetype harfbuzz)
    if(NOT TARGET ${lib})
      message(FATAL_ERROR "im_dep_text: SDL_ttf's vendored ${lib} target is missing (call im_dep_sdl2_ttf first)")
    endif()
  endforeach()
  add_library(PkgConfig::FREETYPE ALIAS freetype)
  add_library(PkgConfig::HARFBUZZ ALIAS harfbuzz)
endfunction()

# The lock's entries: "name version URL sha256", one a line, # comments.
# For each entry whose IM_<NAME>_SOURCE (name upper-cased: IM_SDL2_TTF_SOURCE)
# is empty, FetchContent downloads the URL, refuses it unless its SHA256 is
# the lock's, unpacks it under the build tree and sets IM_<NAME>_SOURCE in
# the caller's scope.  An entry without a 64-hex-digit sum is an error.
function(im_deps_fetch_missing lock)
  include(FetchContent)
  if(POLICY CMP0135)
    cmake_policy(SET CMP0135 NEW) # unpacked files get the extraction time
  endif()
  file(STRINGS ${lock} lines REGEX "^[^#]")
  foreach(l IN LISTS lines)
    if(NOT l MATCHES "^([a-z0-9_]+)[ \t]+([^ \t]+)[ \t]+([^ \t]+)[ \t]+([0-9a-f]+)[ \t]*$")
      message(FATAL_ERROR "${lock}: not 'name version URL sha256': ${l}")
    endif()
    set(name ${CMAKE_MATCH_1})
    set(url ${CMAKE_MATCH_3})
    set(sum ${CMAKE_MATCH_4})
    string(LENGTH "${sum}" n)
    if(NOT n EQUAL 64)
      message(FATAL_ERROR "${lock}: ${name} has no sha256 (64 hex digits): refusing to fetch ${url} unverified")
    endif()
    string(TOUPPER "IM_${name}_SOURCE" var)
    if(NOT ${var})
      FetchContent_Declare(im_src_${name} URL ${url} URL_HASH SHA256=${sum})
      FetchContent_GetProperties(im_src_${name})
      if(NOT im_src_${name}_POPULATED)
        message(STATUS "Fetching ${name} ${CMAKE_MATCH_2} (sha256 ${sum})")
        FetchContent_Populate(im_src_${name})
      endif()
      set(${var} ${im_src_${name}_SOURCE_DIR} PARENT_SCOPE)
    endif()
  endforeach()
endfunction()

# All of them, from the cache variables IM_SDL2_SOURCE, IM_SDL2_TTF_SOURCE,
# IM_SQLITE_SOURCE, IM_SODIUM_SOURCE, IM_FRIBIDI_SOURCE, IM_UNIBREAK_SOURCE,
# IM_UTF8PROC_SOURCE (each a source tree, see above).
# <platform> names the docs/platforms.md section for the error message;
# STATIC builds SDL2 and SDL2_ttf static (iOS) instead of shared (Android).
# With IM_FETCH_DEPS=ON, the ones not given are fetched first (above).
function(im_deps_from_source platform)
  cmake_parse_arguments(D "STATIC" "" "" ${ARGN})
  if(IM_FETCH_DEPS)
    im_deps_fetch_missing(${IM_DEPS_LOCK})
  endif()
  foreach(v IM_SDL2_SOURCE IM_SDL2_TTF_SOURCE IM_SQLITE_SOURCE IM_SODIUM_SOURCE
            IM_FRIBIDI_SOURCE IM_UNIBREAK_SOURCE IM_UTF8PROC_SOURCE)
    if(NOT ${v})
      message(FATAL_ERROR "${v} is not set: pass -D${v}=<path> (docs/platforms.md, ${platform})")
    endif()
  endforeach()
  set(kind)
  if(D_STATIC)
    set(kind STATIC)
  endif()
  im_dep_sdl2(${IM_SDL2_SOURCE} ${kind})
  im_dep_sdl2_ttf(${IM_SDL2_TTF_SOURCE} ${kind})
  im_dep_sqlite(${IM_SQLITE_SOURCE})
  im_dep_libsodium(${IM_SODIUM_SOURCE})
  im_dep_text(${IM_FRIBIDI_SOURCE} ${IM_UNIBREAK_SOURCE} ${IM_UTF8PROC_SOURCE})
endfunction()
