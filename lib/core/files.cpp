#include "core/files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace novacrm::core {

namespace {

Error io_error(const std::filesystem::path& path, const char* what) {
  return Error{ErrorCode::kBadInput, std::string(what) + ": " + std::strerror(errno),
               path.string()};
}

bool write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

}  // namespace

Status write_file_atomically(const std::filesystem::path& path, std::string_view content,
                             unsigned mode) {
  const std::filesystem::path dir = path.has_parent_path() ? path.parent_path() : ".";
  std::string name = ".";  // built step by step: g++ 12 -O2 warns (-Wrestrict) on "." + string
  name += path.filename().string();
  name += ".tmp-XXXXXX";
  std::string tmpl = (dir / name).string();
  const int fd = ::mkstemp(tmpl.data());
  if (fd < 0) return io_error(path, "cannot create a temporary file beside it");
  const bool written = ::fchmod(fd, mode) == 0 && write_all(fd, content) && ::fsync(fd) == 0;
  const int saved = errno;
  ::close(fd);
  if (!written || ::rename(tmpl.c_str(), path.c_str()) != 0) {
    errno = written ? errno : saved;
    Error e = io_error(path, "cannot write");
    ::unlink(tmpl.c_str());
    return e;
  }
  const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return {};
}

Result<std::string> read_file(const std::filesystem::path& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return Error{ErrorCode::kBadInput, "is a directory, not a file", path.string()};
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return io_error(path, "cannot read");
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return io_error(path, "cannot read");
  return ss.str();
}

}  // namespace novacrm::core
