# Finds the libraries Innermost links against, as imported targets:
#   SQLite::SQLite3, PkgConfig::SODIUM, SDL2::SDL2, SDL2_ttf::SDL2_ttf.
# On Android/iOS the platform build provides these targets itself before
# including this tree (see docs/platforms.md), so each lookup is skipped
# when its target already exists.
if(NOT TARGET SQLite::SQLite3)
  find_package(SQLite3 REQUIRED)
endif()
if(NOT TARGET PkgConfig::SODIUM)
  find_package(PkgConfig REQUIRED)
  pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
endif()
if(INNERMOST_BUILD_APP)
  if(NOT TARGET SDL2::SDL2)
    find_package(SDL2 REQUIRED CONFIG)
  endif()
  if(NOT TARGET SDL2_ttf::SDL2_ttf)
    find_package(SDL2_ttf REQUIRED CONFIG)
  endif()
endif()
