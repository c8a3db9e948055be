# Writes OUTPUT, a C++ file defining `std::string_view novacrm::embedded::FUNCTION()` that
# returns the bytes of INPUT. Run as `cmake -DINPUT=... -DOUTPUT=... -DFUNCTION=... -P embed.cmake`.
file(READ "${INPUT}" hex HEX)
string(LENGTH "${hex}" hex_length)
math(EXPR size "${hex_length} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${hex}")
file(WRITE "${OUTPUT}.tmp" "// Generated from ${INPUT} by cmake/embed.cmake. Do not edit.
#include <string_view>

namespace novacrm::embedded {

namespace {
constexpr char kBytes[] = {
    ${bytes}'\\0'};
}  // namespace

std::string_view ${FUNCTION}() { return {kBytes, ${size}}; }

}  // namespace novacrm::embedded
")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
