// Inclusion proofs and export bundles end to end through the library: what prove and export
// write verifies offline with the public key alone, and an edit is caught.
#include <gtest/gtest.h>

#include <fstream>

#include "../testing/workspace_fixture.hpp"
#include "app/keys.hpp"
#include "app/workspace.hpp"
#include "audit/bundle.hpp"
#include "audit/export.hpp"
#include "audit/proof.hpp"
#include "core/files.hpp"

namespace novacrm::audit {
namespace {

class ProofBundleTest : public testing::WorkspaceFixture {
 protected:
  void SetUp() override {
    WorkspaceFixture::SetUp();
    if (HasFatalFailure()) return;
    std::vector<Event> events(11);
    for (Event& e : events) e = Event{Actor{"local:t", "admin", "default"}, "test", "", {}, {}, {}};
    ASSERT_TRUE(ws_->audit().append(events));
    auto key = app::active_key(ws_->database(), paths_.home, "audit");
    ASSERT_TRUE(key);
    public_key_ = key->second.public_key;
  }

  std::string export_text(ExportFormat format, const std::optional<std::string>& cursor) {
    ExportOptions o;
    o.out = dir_.path() / "export";
    o.format = format;
    if (cursor) {
      o.cursor_file = dir_.path() / "cursor";
      EXPECT_TRUE(core::write_file_atomically(*o.cursor_file, *cursor));
    }
    auto s = export_trail(ws_->audit(), o);
    EXPECT_TRUE(s) << s.error().describe();
    return core::read_file(o.out).value();
  }

  std::array<uint8_t, 32> public_key_{};
};

TEST_F(ProofBundleTest, EveryRecordsProofVerifiesAndAnEditedOneDoesNot) {
  for (int seq = 1; seq <= 11; ++seq) {
    auto p = prove(ws_->audit(), std::to_string(seq));
    ASSERT_TRUE(p) << p.error().describe();
    auto round = parse_proof(proof_json(*p), "proof");
    ASSERT_TRUE(round);
    EXPECT_TRUE(verify_proof(*round, public_key_)) << seq;
  }
  auto p = prove(ws_->audit(), "4");
  ASSERT_TRUE(p);
  p->leaf_index = 4;
  EXPECT_EQ(verify_proof(*p, public_key_).error().code, core::ErrorCode::kIntegrity);
  p->leaf_index = 3;
  p->audit_path.pop_back();
  EXPECT_FALSE(verify_proof(*p, public_key_));
  EXPECT_EQ(parse_proof("{}", "x.json").error().code, core::ErrorCode::kBadInput);
}

TEST_F(ProofBundleTest, PartialBundlesVerifyWithTheirCompactRangeInBothFormats) {
  for (ExportFormat f : {ExportFormat::kJson, ExportFormat::kNdjson}) {
    for (const char* cursor : {"0", "3", "7", "10", "11"}) {
      const std::string text = export_text(f, std::string(cursor));
      auto r = verify_bundle(text, "bundle", public_key_);
      ASSERT_TRUE(r) << r.error().describe();
      EXPECT_TRUE(r->report.failures.empty()) << cursor << ": " << r->report.failures[0].what;
      EXPECT_EQ(r->report.records, 11 - std::stoi(cursor));
    }
  }
}

TEST_F(ProofBundleTest, AnEditedBundleIsCaughtAndACsvIsNotABundle) {
  std::string text = export_text(ExportFormat::kJson, std::nullopt);
  const size_t at = text.find("\"action\":\"test\"");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 15, "\"action\":\"tost\"");
  auto r = verify_bundle(text, "bundle", public_key_);
  ASSERT_TRUE(r);
  ASSERT_FALSE(r->report.failures.empty());
  EXPECT_EQ(r->report.failures[0].seq, 1);
  EXPECT_NE(r->report.failures[0].what.find("hash mismatch"), std::string::npos);
  const std::string csv = export_text(ExportFormat::kCsv, std::nullopt);
  EXPECT_EQ(verify_bundle(csv, "e.csv", public_key_).error().code, core::ErrorCode::kBadInput);
}

TEST_F(ProofBundleTest, CursorFilesHoldOneSequenceNumber) {
  const auto path = dir_.path() / "c";
  EXPECT_EQ(read_cursor(path).value(), 0);
  ASSERT_TRUE(core::write_file_atomically(path, "42\n"));
  EXPECT_EQ(read_cursor(path).value(), 42);
  ASSERT_TRUE(core::write_file_atomically(path, "-1\n"));
  EXPECT_EQ(read_cursor(path).error().code, core::ErrorCode::kBadInput);
  ASSERT_TRUE(core::write_file_atomically(path, ""));
  EXPECT_FALSE(read_cursor(path));
}

}  // namespace
}  // namespace novacrm::audit
