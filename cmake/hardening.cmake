# hardening.cmake -- compiler and linker hardening for every build that is
# not a sanitizer or fuzzing build (those need their own runtime and would
# clash with FORTIFY's checked calls).  Included from the top CMakeLists.txt.
#
#   -D_FORTIFY_SOURCE=2      checked memcpy/snprintf/read... where the size is
#                            known; only with optimisation (glibc warns, and
#                            -Werror fails, at -O0), so not in Debug
#   -fstack-protector-strong canaries in every function with an array or a
#                            local whose address is taken
#   -fstack-clash-protection probes large stack allocations page by page
#   -fcf-protection          CET (x86); -mbranch-protection=standard (arm64)
#   -Wl,-z,relro,-z,now      GOT read-only after start, all symbols bound
#                            at load (full RELRO, BIND_NOW)
#   PIE                      set explicitly (CMAKE_POSITION_INDEPENDENT_CODE
#                            and check_pie_supported, which adds -pie)
# Each flag is tried first (check_c_compiler_flag): a target or compiler
# without it (Apple's linker has no -z) simply goes without.
# tests/hardening checks the built binary.
include(CheckCCompilerFlag)
include(CheckCSourceCompiles)
include(CheckPIESupported)

set(CMAKE_POSITION_INDEPENDENT_CODE ON)
check_pie_supported(OUTPUT_VARIABLE im_pie_msg LANGUAGES C)
if(NOT CMAKE_C_LINK_PIE_SUPPORTED)
  message(STATUS "hardening: PIE not supported here (${im_pie_msg})")
endif()

set(IM_HARDENING_FLAGS "")
foreach(flag -fstack-protector-strong -fstack-clash-protection -fcf-protection
             -mbranch-protection=standard)
  string(MAKE_C_IDENTIFIER "IM_HAVE${flag}" var)
  check_c_compiler_flag(${flag} ${var})
  if(${var})
    add_compile_options(${flag})
    list(APPEND IM_HARDENING_FLAGS ${flag})
  endif()
endforeach()

# FORTIFY needs the optimiser; -U first so a compiler that already defines
# it (Ubuntu's gcc) does not warn about a redefinition under -Werror.
add_compile_options($<$<NOT:$<CONFIG:Debug>>:-U_FORTIFY_SOURCE>
                    $<$<NOT:$<CONFIG:Debug>>:-D_FORTIFY_SOURCE=2>)
list(APPEND IM_HARDENING_FLAGS "-D_FORTIFY_SOURCE=2 (optimised builds)")

set(CMAKE_REQUIRED_LINK_OPTIONS "-Wl,-z,relro,-z,now")
check_c_source_compiles("int main(void) { return 0; }" IM_HAVE_RELRO_NOW)
unset(CMAKE_REQUIRED_LINK_OPTIONS)
if(IM_HAVE_RELRO_NOW)
  add_link_options(-Wl,-z,relro,-z,now)
  list(APPEND IM_HARDENING_FLAGS "-Wl,-z,relro,-z,now")
endif()
message(STATUS "hardening: ${IM_HARDENING_FLAGS}")
