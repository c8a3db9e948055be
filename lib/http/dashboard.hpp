// The dashboard's static files (lib/http/dashboard/), compiled into the binary by
// cmake/embed_dir.cmake so the server works offline and needs no files beside it.
#pragma once

#include <span>
#include <string_view>

namespace novacrm::embedded {

struct File {
  std::string_view name;  // "index.html", "app.js"
  std::string_view bytes;
};

std::span<const File> dashboard_files();

}  // namespace novacrm::embedded
