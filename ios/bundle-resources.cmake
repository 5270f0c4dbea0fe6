# bundle-resources.cmake -- im_ios_bundle_resources(TARGET ROOT): add the
# fonts and content of ROOT to TARGET as bundle resources.
#
# The target `innermost` is created in ROOT/app, a directory other than the
# one calling this.  Source-file properties are per directory: set from here
# without TARGET_DIRECTORY, MACOSX_PACKAGE_LOCATION lands in the caller's
# scope and CMake ignores it for the target, so no font is copied into the
# bundle (reproduced with CMake 3.25).  TARGET_DIRECTORY (CMake
# 3.18) puts the property where the target reads it.
#
# On iOS a bundle is flat: SDL_GetBasePath() is the bundle folder, and
# "Resources/..." maps to the bundle root, so the app finds <bundle>/fonts.
# Checked by tests/platform/ios_resources (a CMake configure on Linux that
# reads the property back through the target's directory).
function(im_ios_bundle_resources target root)
  file(GLOB fonts ${root}/fonts/*.ttf ${root}/fonts/OFL.txt)
  file(GLOB_RECURSE content ${root}/content/*)
  target_sources(${target} PRIVATE ${fonts} ${content})
  set_source_files_properties(${fonts} TARGET_DIRECTORY ${target}
    PROPERTIES MACOSX_PACKAGE_LOCATION Resources/fonts)
  foreach(f ${content})
    file(RELATIVE_PATH rel ${root}/content ${f})
    get_filename_component(sub ${rel} DIRECTORY)
    set_source_files_properties(${f} TARGET_DIRECTORY ${target}
      PROPERTIES MACOSX_PACKAGE_LOCATION Resources/content/${sub})
  endforeach()
endfunction()
