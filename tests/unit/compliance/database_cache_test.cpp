// The cache of compiled Hyperscan databases: a second start loads instead of compiling; a
// corrupt, truncated or foreign file is ignored and replaced; an unwritable directory only
// means compiling every time. In every case the prefilter's hits are the same.
#include "compliance/prefilter/database_cache.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "../testing/temp_dir.hpp"
#include "core/files.hpp"

namespace novacrm::compliance {
namespace {

namespace fs = std::filesystem;

const std::vector<std::string> kPatterns = {R"((?<![A-Za-z0-9_-])ghp_[A-Za-z0-9]{36})",
                                            R"([a-z]+@[a-z]+\.com)"};
const std::string kText = "mail ada@example.com with ghp_" + std::string(36, 'x');

std::vector<std::vector<size_t>> hits(const Prefilter& p) {
  std::vector<PatternHits> hits;
  EXPECT_TRUE(p.scan(kText, hits));
  std::vector<std::vector<size_t>> ends;
  for (const PatternHits& h : hits) ends.push_back(h.ends);
  return ends;
}

const std::vector<std::vector<size_t>>& expected_hits() {
  static const auto kHits = hits(*Prefilter::build(kPatterns, std::nullopt));
  return kHits;
}

std::vector<fs::path> files_in(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path());
  return out;
}

TEST(DatabaseCache, SecondBuildLoadsTheCompiledDatabase) {
  testing::TempDir dir;
  const auto first = Prefilter::build(kPatterns, dir.path() / "cache");
  EXPECT_FALSE(first->from_cache());
  ASSERT_EQ(files_in(dir.path() / "cache").size(), 1U);
  const auto second = Prefilter::build(kPatterns, dir.path() / "cache");
  EXPECT_TRUE(second->from_cache());
  EXPECT_TRUE(second->facts(0).scanned);
  EXPECT_EQ(second->facts(0).max_width, first->facts(0).max_width);
  EXPECT_EQ(hits(*second), expected_hits());
}

TEST(DatabaseCache, OtherPatternsGetTheirOwnFile) {
  testing::TempDir dir;
  Prefilter::build(kPatterns, dir.path());
  Prefilter::build(std::vector<std::string>{"other\\d+"}, dir.path());
  EXPECT_EQ(files_in(dir.path()).size(), 2U);
}

class CorruptFile : public ::testing::TestWithParam<std::string> {};

TEST_P(CorruptFile, IsIgnoredAndReplaced) {
  testing::TempDir dir;
  Prefilter::build(kPatterns, dir.path());
  const fs::path file = files_in(dir.path()).at(0);
  std::string bytes = core::read_file(file).value();
  if (GetParam() == "garbage") bytes = "not a database at all";
  if (GetParam() == "truncated") bytes.resize(bytes.size() / 2);
  if (GetParam() == "header") bytes[80] ^= 0x01;                  // a pattern fact: checksum fails
  if (GetParam() == "database") bytes[bytes.size() / 2] ^= 0x5a;  // Hyperscan's CRC fails
  if (GetParam() == "empty") bytes.clear();
  ASSERT_TRUE(core::write_file_atomically(file, bytes).ok());

  const auto rebuilt = Prefilter::build(kPatterns, dir.path());
  EXPECT_FALSE(rebuilt->from_cache());
  EXPECT_EQ(hits(*rebuilt), expected_hits());
  EXPECT_TRUE(Prefilter::build(kPatterns, dir.path())->from_cache());  // replaced
  EXPECT_EQ(files_in(dir.path()).size(), 1U);                          // no temporary left
}

INSTANTIATE_TEST_SUITE_P(Damage, CorruptFile,
                         ::testing::Values("garbage", "truncated", "header", "database", "empty"));

TEST(DatabaseCache, FileOfAnotherKeyIsIgnored) {
  testing::TempDir dir;
  const std::vector<std::string> other = {"other\\d+"};
  Prefilter::build(other, dir.path() / "a");
  Prefilter::build(kPatterns, dir.path() / "b");
  // A foreign database under our file's name (copied from elsewhere, another version...).
  const fs::path ours = files_in(dir.path() / "b").at(0);
  fs::copy_file(files_in(dir.path() / "a").at(0), ours, fs::copy_options::overwrite_existing);
  const auto p = Prefilter::build(kPatterns, dir.path() / "b");
  EXPECT_FALSE(p->from_cache());
  EXPECT_EQ(hits(*p), expected_hits());
}

TEST(DatabaseCache, UnwritableDirectoryOnlyMeansCompilingEachTime) {
  testing::TempDir dir;
  // A directory cannot be created under a regular file, even by root.
  ASSERT_TRUE(core::write_file_atomically(dir.path() / "file", "x").ok());
  const fs::path cache = dir.path() / "file" / "cache";
  const auto first = Prefilter::build(kPatterns, cache);
  const auto second = Prefilter::build(kPatterns, cache);
  EXPECT_FALSE(first->from_cache());
  EXPECT_FALSE(second->from_cache());
  EXPECT_EQ(hits(*second), expected_hits());
}

TEST(DatabaseCache, LoadRejectsAFileForAnotherKey) {
  testing::TempDir dir;
  const std::string key = database_cache_key("a");
  const fs::path file = database_cache_file(dir.path(), key);
  ASSERT_TRUE(store_cached_database(
      file, key,
      CachedDatabase{
          {PatternFacts{.scanned = true, .expression_length = 3, .max_width = 7}}, "db", nullptr}));
  const auto loaded = load_cached_database(file, key);
  ASSERT_TRUE(loaded.has_value());
  EXPECT_EQ(loaded->serialized, "db");
  EXPECT_EQ(loaded->facts.at(0).max_width, 7U);
  EXPECT_EQ(loaded->facts.at(0).expression_length, 3U);
  EXPECT_FALSE(load_cached_database(file, database_cache_key("b")).has_value());
}

}  // namespace
}  // namespace novacrm::compliance
