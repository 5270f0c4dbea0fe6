# Finds the libraries Innermost links against, as imported targets:
#   SQLite::SQLite3, PkgConfig::SODIUM, PkgConfig::UTF8PROC (core: search
#   folding and normalisation), SDL2::SDL2, SDL2_ttf::SDL2_ttf, and for the
#   app's text (shaping, direction, breaks, fallback fonts):
#   PkgConfig::HARFBUZZ, PkgConfig::FRIBIDI, PkgConfig::UNIBREAK,
#   PkgConfig::FREETYPE, and on Linux desktops PkgConfig::FONTCONFIG and
#   X11::X11 (optional).
# On Android/iOS the platform build provides these targets itself before
# including this tree (cmake/deps-from-source.cmake, docs/platforms.md), so
# each lookup is skipped when its target already exists.
find_package(PkgConfig REQUIRED)
if(NOT TARGET SQLite::SQLite3)
  find_package(SQLite3 REQUIRED)
endif()
if(NOT TARGET PkgConfig::SODIUM)
  pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
endif()
if(NOT TARGET PkgConfig::UTF8PROC)
  pkg_check_modules(UTF8PROC REQUIRED IMPORTED_TARGET libutf8proc)
endif()
if(INNERMOST_BUILD_APP)
  if(NOT TARGET SDL2::SDL2)
    find_package(SDL2 REQUIRED CONFIG)
  endif()
  if(NOT TARGET SDL2_ttf::SDL2_ttf)
    find_package(SDL2_ttf REQUIRED CONFIG)
  endif()
  if(NOT TARGET PkgConfig::HARFBUZZ)
    pkg_check_modules(HARFBUZZ REQUIRED IMPORTED_TARGET harfbuzz)
  endif()
  if(NOT TARGET PkgConfig::FRIBIDI)
    pkg_check_modules(FRIBIDI REQUIRED IMPORTED_TARGET fribidi)
  endif()
  if(NOT TARGET PkgConfig::UNIBREAK)
    pkg_check_modules(UNIBREAK REQUIRED IMPORTED_TARGET libunibreak)
  endif()
  if(NOT TARGET PkgConfig::FREETYPE)
    pkg_check_modules(FREETYPE REQUIRED IMPORTED_TARGET freetype2)
  endif()
  # System fallback fonts: fontconfig on Linux desktops only (phones look
  # in their system font folder instead: app/src/render/fontchain.c).
  if(NOT ANDROID AND NOT APPLE AND NOT TARGET PkgConfig::FONTCONFIG)
    pkg_check_modules(FONTCONFIG IMPORTED_TARGET fontconfig)
  endif()
  # The desktop's scale on X11 (Xft.dpi, app/src/platform/window.c): Xlib,
  # which SDL's X11 driver loads anyway.  Optional: without it the app falls
  # back to GDK_SCALE / QT_SCALE_FACTOR.
  if(NOT ANDROID AND NOT APPLE AND NOT WIN32 AND NOT TARGET X11::X11)
    find_package(X11)
  endif()
  # The desktop's accessibility settings (text size, animations, high
  # contrast) through GSettings (app/src/platform/system_prefs.c): GIO,
  # optional; without it the app follows only its own Settings.
  option(INNERMOST_WITH_GIO "read the desktop's text size, motion and contrast settings through GSettings" ON)
  if(INNERMOST_WITH_GIO AND NOT ANDROID AND NOT APPLE AND NOT WIN32 AND NOT TARGET PkgConfig::GIO)
    pkg_check_modules(GIO IMPORTED_TARGET gio-2.0)
  endif()
  # The desktop's own file chooser (the XDG desktop portal over D-Bus,
  # app/src/platform/file_portal.c).  Optional: without it the in-app
  # chooser of places is the only one.
  if(NOT ANDROID AND NOT APPLE AND NOT WIN32 AND NOT TARGET PkgConfig::DBUS)
    pkg_check_modules(DBUS IMPORTED_TARGET dbus-1)
  endif()
  # Screen readers on Linux desktops: the accessibility tree over AT-SPI
  # through ATK and atk-bridge (app/src/a11y/atspi.c).  INNERMOST_ATSPI is
  # AUTO by default: on when both are found; ON demands them; OFF (and
  # every phone and cross build) leaves the bridge out.
  set(INNERMOST_ATSPI AUTO CACHE STRING "AT-SPI accessibility bridge on Linux desktops: AUTO, ON or OFF")
  set(IM_HAVE_ATSPI OFF)
  if(NOT ANDROID AND NOT APPLE AND NOT WIN32 AND NOT CMAKE_CROSSCOMPILING AND NOT INNERMOST_ATSPI STREQUAL "OFF")
    if(INNERMOST_ATSPI STREQUAL "ON")
      pkg_check_modules(ATSPI REQUIRED IMPORTED_TARGET atk-bridge-2.0 atk)
    else()
      pkg_check_modules(ATSPI IMPORTED_TARGET atk-bridge-2.0 atk)
    endif()
    if(TARGET PkgConfig::ATSPI)
      set(IM_HAVE_ATSPI ON)
    endif()
  endif()
  message(STATUS "Innermost: AT-SPI accessibility bridge: ${IM_HAVE_ATSPI}")
endif()
