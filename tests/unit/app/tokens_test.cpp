// Tokens in a real workspace and the permission guard: TTL parsing, issue/verify/revoke, the
// validation context (token keys only, unknown jti refused), and refusals that are audited and
// change nothing else.
#include "app/tokens.hpp"

#include <gtest/gtest.h>

#include "../testing/temp_dir.hpp"
#include "app/guard.hpp"
#include "app/keys.hpp"
#include "app/workspace.hpp"

namespace novacrm::app {
namespace {

using std::chrono::seconds;

class TokensTest : public ::testing::Test {
 protected:
  void SetUp() override {
    paths_ = core::workspace_at(dir_.path() / "ws");
    auto report = init_workspace(paths_);
    ASSERT_TRUE(report) << report.error().describe();
    ASSERT_TRUE(report->admin_token.has_value());
    admin_token_ = *report->admin_token;
    auto ws = Workspace::open(paths_);
    ASSERT_TRUE(ws) << ws.error().describe();
    ws_ = std::move(ws).value();
  }

  std::string issue(auth::Role role) {
    TokenRequest r;
    r.sub = "someone";
    r.role = role;
    auto t = issue_workspace_token(*ws_, r, local_actor());
    EXPECT_TRUE(t) << t.error().describe();
    return t ? t->token : std::string();
  }

  int64_t records() {
    auto n = ws_->audit().size();
    return n ? *n : -1;
  }

  testing::TempDir dir_;
  core::WorkspacePaths paths_;
  std::string admin_token_;
  std::unique_ptr<Workspace> ws_;
};

TEST(ParseTtl, AcceptsANumberAndAUnitAndRefusesTheRest) {
  EXPECT_EQ(parse_ttl("90s").value(), seconds(90));
  EXPECT_EQ(parse_ttl("30m").value(), seconds(1800));
  EXPECT_EQ(parse_ttl("8h").value(), seconds(8 * 3600));
  EXPECT_EQ(parse_ttl("2w").value(), seconds(14 * 86400));
  for (const char* bad : {"", "8", "h", "0h", "-1h", "8x", "1.5h", "367d", "99999999999999999w"}) {
    auto r = parse_ttl(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, core::ErrorCode::kBadInput);
    EXPECT_EQ(r.error().input, "--ttl");
  }
}

TEST_F(TokensTest, BootstrapTokenIsAValidAdminTokenAndANewTrailStartsEmpty) {
  auto claims = verify_workspace_token(*ws_, admin_token_);
  ASSERT_TRUE(claims) << claims.error().describe();
  EXPECT_EQ(claims->role, auth::Role::kAdmin);
  EXPECT_EQ(records(), 0);
  auto again = init_workspace(paths_);
  ASSERT_TRUE(again);
  EXPECT_FALSE(again->admin_token.has_value());
}

TEST_F(TokensTest, RevokedAndUnknownTokensAreRefused) {
  const std::string token = issue(auth::Role::kAnalyst);
  auto claims = verify_workspace_token(*ws_, token);
  ASSERT_TRUE(claims);
  ASSERT_TRUE(revoke_token(*ws_, claims->jti, local_actor()));
  auto refused = verify_workspace_token(*ws_, token);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, core::ErrorCode::kPermissionDenied);
  EXPECT_NE(refused.error().message.find("revoked"), std::string::npos);
  EXPECT_FALSE(revoke_token(*ws_, claims->jti, local_actor()));  // twice: refused
  EXPECT_FALSE(revoke_token(*ws_, "feedfeed", local_actor()));
  EXPECT_EQ(records(), 2);  // token.issue, token.revoke
}

TEST_F(TokensTest, AnAuditKeyNeverSignsAValidToken) {
  auto audit_key = active_key(ws_->database(), paths_.home, "audit");
  ASSERT_TRUE(audit_key);
  auto good = verify_workspace_token(*ws_, admin_token_);
  ASSERT_TRUE(good);
  auto forged = auth::issue_token(*good, audit_key->second);
  ASSERT_TRUE(forged);
  auto r = verify_workspace_token(*ws_, *forged);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("unknown key"), std::string::npos);
  EXPECT_EQ(r.error().message.find(*forged), std::string::npos);
}

TEST_F(TokensTest, GuardRefusesARoleTheMatrixDoesNotAllowAndAuditsOnlyTheRefusal) {
  AccessRequest request;
  request.command = "contacts delete";
  request.token = issue(auth::Role::kViewer);
  const int64_t before = records();
  auto r = guard_command(paths_, request);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::ErrorCode::kPermissionDenied);
  EXPECT_EQ(r.error().describe(), "role viewer may not run contacts delete (manager or admin may)");
  EXPECT_EQ(records(), before + 1);
  request.command = "contacts list";
  request.reveal = true;
  EXPECT_FALSE(guard_command(paths_, request));
  request.reveal = false;
  auto ok = guard_command(paths_, request);
  ASSERT_TRUE(ok) << ok.error().describe();
  ASSERT_TRUE(ok->has_value());
  EXPECT_EQ((*ok)->actor().role, "viewer");
}

TEST_F(TokensTest, GuardLetsTokenlessCommandsThroughAndReadsTheTokenFile) {
  AccessRequest request;
  request.command = "check";
  request.no_audit = true;
  auto r = guard_command(paths_, request);
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->has_value());
  request.no_audit = false;  // audited check: the token file's admin token
  r = guard_command(paths_, request);
  ASSERT_TRUE(r) << r.error().describe();
  ASSERT_TRUE(r->has_value());
  request.role_flag = "viewer";  // flags may not change the token's role
  EXPECT_FALSE(guard_command(paths_, request));
}

}  // namespace
}  // namespace novacrm::app
