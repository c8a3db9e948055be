// The workspace's signing keys: created by init, listed, rotated (audited), and a secret key file
// that others may read refused.
#include "app/keys.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>

#include "../testing/temp_dir.hpp"
#include "app/workspace.hpp"

namespace novacrm::app {
namespace {

namespace fs = std::filesystem;

class KeysTest : public ::testing::Test {
 protected:
  void SetUp() override {
    paths_ = core::workspace_at(dir_.path() / "ws");
    auto report = init_workspace(paths_);
    ASSERT_TRUE(report) << report.error().describe();
    additions_ = report->additions;
    auto ws = Workspace::open(paths_);
    ASSERT_TRUE(ws) << ws.error().describe();
    ws_ = std::move(ws).value();
  }

  testing::TempDir dir_;
  core::WorkspacePaths paths_;
  std::vector<std::string> additions_;
  std::unique_ptr<Workspace> ws_;
};

TEST_F(KeysTest, InitCreatesOneActiveKeyPerPurposeWithOwnerOnlySecretFiles) {
  auto keys = list_keys(*ws_);
  ASSERT_TRUE(keys);
  ASSERT_EQ(keys->size(), 2U);
  EXPECT_EQ((*keys)[0].purpose, "audit");
  EXPECT_EQ((*keys)[1].purpose, "token");
  for (const KeyInfo& k : *keys) {
    EXPECT_TRUE(auth::is_paserk_pid(k.id));
    EXPECT_FALSE(k.retired_at);
    EXPECT_TRUE(k.public_key.starts_with("k4.public."));
    struct stat st {};
    ASSERT_EQ(::stat((keys_dir(paths_.home) / (k.id + ".secret")).c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600U);
    EXPECT_TRUE(fs::exists(keys_dir(paths_.home) / (k.id + ".pub")));
  }
  EXPECT_EQ(std::count_if(additions_.begin(), additions_.end(),
                          [](const std::string& a) { return a.find("signing key") != a.npos; }),
            2);
}

TEST_F(KeysTest, InitAgainAddsNothingAndReaddsAMissingPurpose) {
  auto again = init_workspace(paths_);
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->additions.empty());
}

TEST_F(KeysTest, RotationRetiresTheOldKeyKeepsItsPublicFileAndIsAudited) {
  auto before = active_key(ws_->database(), paths_.home, "audit");
  ASSERT_TRUE(before);
  auto rotated = rotate_key(*ws_, "audit", audit::Actor{"local:test", "admin", "default"});
  ASSERT_TRUE(rotated) << rotated.error().describe();
  EXPECT_NE(rotated->id, before->first);
  auto after = active_key(ws_->database(), paths_.home, "audit");
  ASSERT_TRUE(after);
  EXPECT_EQ(after->first, rotated->id);
  EXPECT_TRUE(known_public_key(ws_->database(), paths_.home, "audit", before->first));
  auto page = ws_->audit().list([] {
    audit::AuditQuery q;
    q.action = "keys.rotate";
    return q;
  }());
  ASSERT_TRUE(page);
  ASSERT_EQ(page->total, 1);
  EXPECT_NE(page->items[0].details.find(rotated->id), std::string::npos);
  EXPECT_EQ(page->items[0].details.find("k4.secret"), std::string::npos);
}

TEST_F(KeysTest, AWorldReadableSecretKeyIsRefusedByName) {
  auto active = active_key(ws_->database(), paths_.home, "audit");
  ASSERT_TRUE(active);
  const fs::path secret = keys_dir(paths_.home) / (active->first + ".secret");
  ::chmod(secret.c_str(), 0644);
  auto refused = active_key(ws_->database(), paths_.home, "audit");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, core::ErrorCode::kBadInput);
  EXPECT_NE(refused.error().describe().find("readable by other users"), std::string::npos);
}

TEST_F(KeysTest, AnUnknownKeyIdIsAnIntegrityFailure) {
  auto token = active_key(ws_->database(), paths_.home, "token");
  ASSERT_TRUE(token);
  auto r = known_public_key(ws_->database(), paths_.home, "audit", token->first);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::ErrorCode::kIntegrity);
}

}  // namespace
}  // namespace novacrm::app
