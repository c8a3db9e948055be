#include "core/files.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <string>

#include "../testing/temp_dir.hpp"
#include "core/workspace_paths.hpp"

namespace novacrm::core {
namespace {

TEST(Files, AtomicWriteCreatesFileWithModeAndLeavesNoTemporary) {
  testing::TempDir dir;
  const auto path = dir.path() / "out.csv";
  ASSERT_TRUE(write_file_atomically(path, "hello\n", 0600).ok());
  EXPECT_EQ(read_file(path).value(), "hello\n");
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600U);
  size_t entries = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir.path())) ++entries;
  EXPECT_EQ(entries, 1U);
}

TEST(Files, AtomicWriteIntoMissingDirectoryFailsAsBadInput) {
  testing::TempDir dir;
  auto s = write_file_atomically(dir.path() / "no" / "such" / "f", "x");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kBadInput);
}

TEST(Files, ReadingADirectoryOrMissingFileFails) {
  testing::TempDir dir;
  EXPECT_FALSE(read_file(dir.path()).ok());
  EXPECT_FALSE(read_file(dir.path() / "missing").ok());
}

TEST(WorkspacePaths, FlagWinsThenEnvironment) {
  setenv("NOVACRM_HOME", "/tmp/from-env", 1);
  EXPECT_EQ(resolve_workspace(std::string("/tmp/flag"))->home, "/tmp/flag");
  EXPECT_EQ(resolve_workspace(std::nullopt)->database, "/tmp/from-env/novacrm.db");
  unsetenv("NOVACRM_HOME");
  setenv("XDG_DATA_HOME", "/tmp/xdg", 1);
  EXPECT_EQ(resolve_workspace(std::nullopt)->home, "/tmp/xdg/novacrm");
  unsetenv("XDG_DATA_HOME");
}

TEST(Files, ReadsAFileLargerThanOneBufferWhole) {
  testing::TempDir dir;
  std::string big(300000, 'x');
  big[123456] = 'y';
  ASSERT_TRUE(write_file_atomically(dir.path() / "big", big).ok());
  EXPECT_EQ(read_file(dir.path() / "big").value(), big);
  EXPECT_EQ(read_file("/proc/self/status").value().substr(0, 5), "Name:");  // size 0 in stat
}

TEST(WorkspacePaths, CacheDirFromOverrideThenXdgThenHome) {
  const char* saved = std::getenv("NOVACRM_CACHE_DIR");
  const std::string saved_value = saved != nullptr ? saved : "";
  const std::string saved_home = std::getenv("HOME") != nullptr ? std::getenv("HOME") : "";
  setenv("NOVACRM_CACHE_DIR", "/tmp/override", 1);
  setenv("XDG_CACHE_HOME", "/tmp/xdg-cache", 1);
  EXPECT_EQ(resolve_cache_dir(), std::filesystem::path("/tmp/override"));
  unsetenv("NOVACRM_CACHE_DIR");
  EXPECT_EQ(resolve_cache_dir(), std::filesystem::path("/tmp/xdg-cache/novacrm"));
  unsetenv("XDG_CACHE_HOME");
  setenv("HOME", "/home/ada", 1);
  EXPECT_EQ(resolve_cache_dir(), std::filesystem::path("/home/ada/.cache/novacrm"));
  setenv("HOME", saved_home.c_str(), 1);
  if (saved != nullptr) setenv("NOVACRM_CACHE_DIR", saved_value.c_str(), 1);
}

}  // namespace
}  // namespace novacrm::core
