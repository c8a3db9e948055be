# Writes OUTPUT, a C++ file defining
#   std::span<const novacrm::embedded::File> novacrm::embedded::FUNCTION()
# with the name and bytes of every regular file directly in DIR (sorted by name). Run as
# `cmake -DDIR=... -DOUTPUT=... -DFUNCTION=... -P embed_dir.cmake`. The File type is declared in
# lib/http/dashboard.hpp.
file(GLOB files LIST_DIRECTORIES false RELATIVE "${DIR}" "${DIR}/*")
list(SORT files)
set(arrays "")
set(entries "")
set(index 0)
foreach(name ${files})
  file(READ "${DIR}/${name}" hex HEX)
  string(LENGTH "${hex}" hex_length)
  math(EXPR size "${hex_length} / 2")
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${hex}")
  string(APPEND arrays "constexpr char kFile${index}[] = {${bytes}'\\0'};\n")
  string(APPEND entries "    File{\"${name}\", {kFile${index}, ${size}}},\n")
  math(EXPR index "${index} + 1")
endforeach()
file(WRITE "${OUTPUT}.tmp" "// Generated from ${DIR} by cmake/embed_dir.cmake. Do not edit.
#include \"http/dashboard.hpp\"

namespace novacrm::embedded {

namespace {
${arrays}
constexpr File kFiles[] = {
${entries}};
}  // namespace

std::span<const File> ${FUNCTION}() { return kFiles; }

}  // namespace novacrm::embedded
")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
