# content.cmake -- the library target `innermost_content`: every file under
# content/ embedded into the binary at build time (so a phone needs no file
# access), exposing im_content_load_embedded() (innermost/content.h).
# Included from the top CMakeLists.txt (content/ itself holds only content,
# since the loader reads every *.txt file there).
set(IM_CONTENT_DIR ${PROJECT_SOURCE_DIR}/content)
set(IM_CONTENT_GEN ${PROJECT_BINARY_DIR}/content/embedded_content.c)
file(GLOB_RECURSE IM_CONTENT_TXT CONFIGURE_DEPENDS ${IM_CONTENT_DIR}/*.txt)
add_custom_command(
  OUTPUT ${IM_CONTENT_GEN}
  COMMAND ${CMAKE_COMMAND} -DSRC_DIR=${IM_CONTENT_DIR} -DOUT=${IM_CONTENT_GEN}
          -P ${PROJECT_SOURCE_DIR}/cmake/embed_content.cmake
  DEPENDS ${IM_CONTENT_TXT} ${PROJECT_SOURCE_DIR}/cmake/embed_content.cmake
  COMMENT "Embedding content/ (${PROJECT_SOURCE_DIR}/content)"
  VERBATIM)
add_library(innermost_content STATIC ${IM_CONTENT_GEN})
target_link_libraries(innermost_content PUBLIC innermost_core)
