# Desktop install layout (Linux and other Unix desktops), standard paths from
# GNUInstallDirs under CMAKE_INSTALL_PREFIX:
#
#   bin/innermost
#   share/innermost/fonts/*.ttf, OFL.txt     the bundled fonts and licence
#   share/applications/<id>.desktop
#   share/icons/hicolor/scalable/apps/<id>.svg, .../NxN/apps/<id>.png for
#     N = 16 24 32 48 64 128 256 512
#   share/metainfo/<id>.metainfo.xml         AppStream
#   share/man/man1/innermost.1               the manual page
#
# The app finds its fonts RELATIVE TO ITS EXECUTABLE: app/src/platform/paths.c
# (ui-core) tries SDL_GetBasePath() + "../share/innermost/fonts" among its
# candidates, so an install under any prefix, or a relocated tree, works
# without a compiled-in absolute path.  Keep DATADIR = BINDIR/../share.
# User data never goes here: it lives only under SDL_GetPrefPath.
# Tested by tests/platform/test_install.sh (cmake --install into a temp dir).
include(GNUInstallDirs)

set(INNERMOST_APP_ID "org.innermost.Innermost" CACHE STRING
    "Reverse-DNS application id (desktop file, icon, AppStream, Android, iOS)")
set(IM_PACKAGING_DIR ${PROJECT_SOURCE_DIR}/packaging/linux)
set(IM_INSTALL_DATADIR ${CMAKE_INSTALL_DATADIR}/innermost)

if(TARGET innermost)
  install(TARGETS innermost RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
  # the GLib / libdbus features, opened when used (app/src/platform/module.h):
  # found from the binary at ../lib/innermost
  get_property(im_modules GLOBAL PROPERTY IM_UI_MODULES)
  foreach(m ${im_modules})
    install(TARGETS ${m} LIBRARY DESTINATION lib/innermost)
  endforeach()

  install(FILES ${IM_PACKAGING_DIR}/${INNERMOST_APP_ID}.desktop
          DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
  install(FILES ${IM_PACKAGING_DIR}/${INNERMOST_APP_ID}.svg
          DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
  # Every hicolor size, rendered from the SVG by packaging/make-icons.sh.
  foreach(s 16 24 32 48 64 128 256 512)
    install(FILES ${IM_PACKAGING_DIR}/icons/${s}x${s}/${INNERMOST_APP_ID}.png
            DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/${s}x${s}/apps)
  endforeach()
  install(FILES ${IM_PACKAGING_DIR}/${INNERMOST_APP_ID}.metainfo.xml
          DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
  install(FILES ${IM_PACKAGING_DIR}/innermost.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
endif()

# Fonts are data the app reads; installed even without the binary so a
# packager can split them.
# A distribution package turns the copies off and depends on its Noto package
# (Debian: fonts-noto-core; the app then reads /usr/share/fonts/truetype/noto).
option(INNERMOST_INSTALL_FONTS "Install the bundled fonts (OFF: use the system's Noto)" ON)
file(GLOB IM_FONT_FILES ${PROJECT_SOURCE_DIR}/fonts/*.ttf ${PROJECT_SOURCE_DIR}/fonts/*.otf)
if(INNERMOST_INSTALL_FONTS)
  install(FILES ${IM_FONT_FILES} ${PROJECT_SOURCE_DIR}/fonts/OFL.txt
          DESTINATION ${IM_INSTALL_DATADIR}/fonts)
endif()
# content/ is NOT installed: the programmes are built into the binary
# (cmake/embed_content.cmake) and nothing reads share/innermost/content
# (--content DIR reads a folder the person names).
