# check_deps_pinned.cmake -- every dependency download of the phone builds
# has a version and a sha256 (cmake -P, from ctest as test_deps_pinned):
#  1. every entry of cmake/deps.lock is "name version URL sha256" with a
#     64-hex-digit sum, names unique;
#  2. every source im_deps_from_source needs (each IM_<NAME>_SOURCE named in
#     cmake/deps-from-source.cmake) has an entry;
#  3. every archive URL (.tar.gz .tar.xz .tar.bz2 .tgz .zip) in the files
#     that build or fetch those sources is an entry of the lock (so it has
#     a sum), and the Gradle wrapper's distribution has distributionSha256Sum;
#  4. the two readers of the lock check the sum: FetchContent with
#     URL_HASH SHA256 in deps-from-source.cmake, sha256sum in the fetch
#     script (that they really refuse a wrong sum: test_deps_fetch_verify).
# Usage: cmake -DIM_ROOT=<source tree> -P check_deps_pinned.cmake
cmake_minimum_required(VERSION 3.16)
if(NOT IM_ROOT)
  message(FATAL_ERROR "pass -DIM_ROOT=<source tree>")
endif()
set(failed 0)
macro(fail msg)
  message(SEND_ERROR "FAIL: ${msg}")
  set(failed 1)
endmacro()

set(lock ${IM_ROOT}/cmake/deps.lock)
file(STRINGS ${lock} lines REGEX "^[^#]")
set(names "")
set(urls "")
foreach(l IN LISTS lines)
  if(l MATCHES "^[ \t]*$")
    continue()
  endif()
  if(NOT l MATCHES "^([a-z0-9_]+)[ \t]+([0-9][0-9A-Za-z._-]*)[ \t]+(https://[^ \t]+)[ \t]+([0-9a-f]+)[ \t]*$")
    fail("deps.lock: not 'name version https-URL sha256': ${l}")
    continue()
  endif()
  set(name ${CMAKE_MATCH_1})
  set(url ${CMAKE_MATCH_3})
  string(LENGTH "${CMAKE_MATCH_4}" n)
  if(NOT n EQUAL 64)
    fail("deps.lock: ${name}: the sha256 is not 64 hex digits")
  endif()
  if(name IN_LIST names)
    fail("deps.lock: ${name} twice")
  endif()
  list(APPEND names ${name})
  list(APPEND urls ${url})
  message(STATUS "pinned: ${name} ${CMAKE_MATCH_2} ${url}")
endforeach()
list(LENGTH names count)
if(count EQUAL 0)
  fail("deps.lock has no entries")
endif()

# 2. what im_deps_from_source needs
file(READ ${IM_ROOT}/cmake/deps-from-source.cmake dfs)
string(REGEX MATCHALL "IM_[A-Z0-9_]+_SOURCE" needed "${dfs}")
list(REMOVE_DUPLICATES needed)
foreach(v IN LISTS needed)
  string(REGEX REPLACE "^IM_(.*)_SOURCE$" "\\1" n "${v}")
  string(TOLOWER "${n}" n)
  if(NOT n IN_LIST names)
    fail("${v} (cmake/deps-from-source.cmake) has no entry '${n}' in deps.lock")
  endif()
endforeach()

# 3. archive URLs in the files that fetch or build the sources
foreach(f cmake/deps-from-source.cmake scripts/fetch-android-deps.sh android/app/build.gradle
          android/build.gradle android/app/jni/CMakeLists.txt ios/CMakeLists.txt)
  if(NOT EXISTS ${IM_ROOT}/${f})
    fail("${f} is missing")
    continue()
  endif()
  file(READ ${IM_ROOT}/${f} text)
  string(REGEX MATCHALL "https?://[^ \t\r\n\"'<>)]+\\.(tar\\.gz|tar\\.xz|tar\\.bz2|tgz|zip)" found "${text}")
  foreach(u IN LISTS found)
    if(NOT u IN_LIST urls)
      fail("${f}: ${u} is not pinned in deps.lock (no sha256)")
    endif()
  endforeach()
endforeach()
set(wrapper ${IM_ROOT}/android/gradle/wrapper/gradle-wrapper.properties)
file(READ ${wrapper} text)
if(NOT text MATCHES "distributionUrl=" OR NOT text MATCHES "\ndistributionSha256Sum=[0-9a-f]+")
  fail("gradle-wrapper.properties: distributionUrl without distributionSha256Sum")
else()
  string(REGEX MATCH "\ndistributionSha256Sum=([0-9a-f]+)" _ "${text}")
  string(LENGTH "${CMAKE_MATCH_1}" n)
  if(NOT n EQUAL 64)
    fail("gradle-wrapper.properties: distributionSha256Sum is not 64 hex digits")
  endif()
endif()

# 4. the readers check
if(NOT dfs MATCHES "URL_HASH SHA256=")
  fail("cmake/deps-from-source.cmake does not fetch with URL_HASH SHA256")
endif()
file(READ ${IM_ROOT}/scripts/fetch-android-deps.sh text)
if(NOT text MATCHES "sha256sum")
  fail("scripts/fetch-android-deps.sh does not check with sha256sum")
endif()

if(failed)
  message(FATAL_ERROR "dependency pins: failures above")
endif()
message(STATUS "dependency pins: ${count} sources, each with a sha256; no unpinned download URL")
