# startup-link.cmake -- im_startup_link_order(TARGET): the order in which
# the dynamic loader searches the program's libraries, chosen for start-up.
#
# With BIND_NOW (cmake/hardening.cmake) the loader resolves every symbol of
# every library before main, and each lookup walks the global search list
# from the front: the program, then its own libraries in link order, then
# theirs.  libc comes last among the program's own libraries by default, so
# each of the ~2,200 lookups of a libc function (from every library SDL
# loads too) first misses a dozen libraries; and libsqlite3 binds ~1,500 of
# its own exported functions through the same list (its extension API
# table).  Naming libc, libsqlite3 and SDL2 first makes those walks short:
# callgrind counts 15.3 M instructions in the loader before, 13.4 M after
# (docs/performance.md).  Which definition wins does not change for
# anything this program uses: none of the three is interposed here.
#
# Only for glibc targets linked with GNU ld options, and not for sanitizer
# builds (their runtime must stay first in the list).
function(im_startup_link_order target)
  if(NOT CMAKE_SYSTEM_NAME STREQUAL "Linux" OR ANDROID OR INNERMOST_SANITIZE OR INNERMOST_FUZZ)
    return()
  endif()
  if(NOT SQLite3_LIBRARY OR NOT SQLite3_LIBRARY MATCHES "\\.so")
    return() # SQLite built in (cmake/deps-from-source.cmake): nothing to order
  endif()
  # SDL2 next: the ~2,500 lookups of the libraries it loads (ALSA, PulseAudio,
  # D-Bus, X11...) in their own symbols then start nearer the front too.
  set(sdl "")
  if(TARGET SDL2::SDL2)
    set(sdl "$<TARGET_LINKER_FILE:SDL2::SDL2>")
  endif()
  # One SHELL: option, so CMake neither reorders nor de-duplicates the parts.
  target_link_options(${target} PRIVATE
    "SHELL:-Wl,--push-state,--no-as-needed -lc ${SQLite3_LIBRARY} ${sdl} -Wl,--pop-state")
endfunction()
