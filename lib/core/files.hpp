// File helpers. write_file_atomically never leaves a partial file at `path`: it writes a
// temporary file beside it, fsyncs it, renames it over `path` and fsyncs the directory.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace novacrm::core {

// `mode` applies to the new file (e.g. 0600 for secrets).
Status write_file_atomically(const std::filesystem::path& path, std::string_view content,
                             unsigned mode = 0644);

// Whole file, or kBadInput naming the path when it cannot be read.
Result<std::string> read_file(const std::filesystem::path& path);

}  // namespace novacrm::core
