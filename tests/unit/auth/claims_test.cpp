// Token claims and validation: JSON and RFC 3339 round trips, issuing with the key id in the
// footer, and the hostile tokens of issue 5 (flipped byte, wrong key, expired, not yet valid,
// revoked, other workspace, v4.local and v3 headers, unknown key, truncated, garbage, 1 MB), each
// refused with its own message, which never contains the token or the secret key.
#include "auth/claims.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "auth/paseto.hpp"

namespace novacrm::auth {
namespace {

using core::ErrorCode;
using std::chrono::hours;
using std::chrono::seconds;

Seconds at(std::string_view rfc3339) { return parse_rfc3339(rfc3339).value(); }

const Seconds kNow = at("2026-11-25T12:00:00Z");

Claims sample_claims() {
  Claims c;
  c.sub = "alice";
  c.role = Role::kAnalyst;
  c.org = "default";
  c.scopes = {"contacts:read"};
  c.iss = "ws-1";
  c.iat = kNow - hours(1);
  c.nbf = kNow - hours(1);
  c.exp = kNow + hours(7);
  c.jti = "0123456789abcdef0123456789abcdef";
  return c;
}

// --- times and JSON ---

TEST(Rfc3339, ParsesUtcOffsetsAndFractionsAndFormatsUtc) {
  EXPECT_EQ(format_rfc3339(at("2026-11-25T12:00:00Z")), "2026-11-25T12:00:00Z");
  EXPECT_EQ(at("2026-11-25T13:30:00+01:30"), at("2026-11-25T12:00:00Z"));
  EXPECT_EQ(at("2026-11-25T10:00:00-02:00"), at("2026-11-25T12:00:00Z"));
  EXPECT_EQ(at("2026-11-25t12:00:00.999z"), at("2026-11-25T12:00:00Z"));
  EXPECT_EQ(at("2022-01-01T00:00:00+00:00"), Seconds{seconds{1640995200}});
  EXPECT_EQ(format_rfc3339(at("2024-02-29T23:59:59Z")), "2024-02-29T23:59:59Z");
}

TEST(Rfc3339, RefusesMalformedTimes) {
  for (const char* bad :
       {"", "2026-11-25", "2026-11-25 12:00:00Z", "2026-11-25T12:00:00", "2026-13-01T00:00:00Z",
        "2026-02-30T00:00:00Z", "2026-11-25T24:00:00Z", "2026-11-25T12:00:00.Z",
        "2026-11-25T12:00:00+0100", "2026-1a-25T12:00:00Z", "2026-11-25T12:00:00Z ",
        "+026-11-25T12:00:00Z"}) {
    EXPECT_FALSE(parse_rfc3339(bad).has_value()) << bad;
  }
}

TEST(ClaimsJson, RoundTrips) {
  const Claims c = sample_claims();
  const auto parsed = claims_from_json(claims_to_json(c));
  ASSERT_TRUE(parsed.ok()) << parsed.error().describe();
  EXPECT_EQ(*parsed, c);
  EXPECT_NE(claims_to_json(c).find(R"("exp":"2026-11-25T19:00:00Z")"), std::string::npos);
}

TEST(ClaimsJson, ScopesAreOptionalAndUnknownClaimsIgnored) {
  auto j = nlohmann::json::parse(claims_to_json(sample_claims()));
  j.erase("scopes");
  j["custom"] = 42;
  const auto parsed = claims_from_json(j.dump());
  ASSERT_TRUE(parsed.ok()) << parsed.error().describe();
  EXPECT_TRUE(parsed->scopes.empty());
}

TEST(ClaimsJson, RefusesMissingMistypedOrUnknownValuesNamingTheClaim) {
  const auto base = nlohmann::json::parse(claims_to_json(sample_claims()));
  struct Case {
    const char* claim;
    nlohmann::json value;  // null: remove the claim
    const char* message;
  };
  const std::vector<Case> cases = {
      {"sub", nullptr, "has no \"sub\" claim"},
      {"sub", "", "\"sub\" claim that is not a non-empty string"},
      {"iss", 7, "\"iss\" claim that is not a non-empty string"},
      {"jti", nullptr, "has no \"jti\" claim"},
      {"org", nullptr, "has no \"org\" claim"},
      {"role", "root", "\"role\" claim that is not a role"},
      {"exp", "tomorrow", "\"exp\" claim that is not an RFC 3339 time"},
      {"nbf", 1700000000, "\"nbf\" claim that is not a non-empty string"},
      {"iat", nullptr, "has no \"iat\" claim"},
      {"scopes", "all", "\"scopes\" claim that is not a list of strings"},
      {"scopes", nlohmann::json::array({1}), "\"scopes\" claim that is not a list of strings"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.claim);
    auto j = base;
    if (c.value.is_null()) {
      j.erase(c.claim);
    } else {
      j[c.claim] = c.value;
    }
    const auto parsed = claims_from_json(j.dump());
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.error().code, ErrorCode::kPermissionDenied);
    EXPECT_NE(parsed.error().message.find(c.message), std::string::npos) << parsed.error().message;
  }
  EXPECT_FALSE(claims_from_json("[1,2]").ok());
  EXPECT_FALSE(claims_from_json("{").ok());
}

// --- issuing and validating ---

class TokenValidation : public ::testing::Test {
 protected:
  void SetUp() override {
    key_ = generate_key_pair().value();
    context_.workspace_id = "ws-1";
    context_.find_key = lookup_in({key_.public_key});
    context_.is_revoked = [this](std::string_view jti) -> core::Result<bool> {
      return std::find(revoked_.begin(), revoked_.end(), jti) != revoked_.end();
    };
    context_.now = kNow;
    token_ = issue_token(sample_claims(), key_).value();
  }

  std::string issue(const Claims& c) { return issue_token(c, key_).value(); }

  // Refused with permission denied and `expected` in the message; neither the token nor the
  // secret key appear in it.
  void expect_refused(const std::string& token, const std::string& expected) {
    const auto result = validate_token(token, context_);
    ASSERT_FALSE(result.ok()) << "accepted";
    const core::Error& e = result.error();
    EXPECT_EQ(e.code, ErrorCode::kPermissionDenied);
    EXPECT_EQ(e.input, "token");
    EXPECT_NE(e.message.find(expected), std::string::npos) << e.message;
    if (token.size() > 20) {
      EXPECT_EQ(e.describe().find(token.substr(10, 20)), std::string::npos);
    }
    const std::string secret = paserk_secret(key_.secret_key);
    EXPECT_EQ(e.describe().find(secret.substr(10, 20)), std::string::npos);
  }

  KeyPair key_;
  ValidationContext context_;
  std::vector<std::string> revoked_;
  std::string token_;
};

TEST_F(TokenValidation, IssuedTokenValidatesToItsClaims) {
  const auto claims = validate_token(token_, context_);
  ASSERT_TRUE(claims.ok()) << claims.error().describe();
  EXPECT_EQ(*claims, sample_claims());
}

TEST_F(TokenValidation, FooterNamesTheSigningKeyByItsPid) {
  EXPECT_EQ(untrusted_footer(token_).value(),
            R"({"kid":")" + paserk_pid(key_.public_key) + R"("})");
  EXPECT_EQ(token_key_id(token_).value(), paserk_pid(key_.public_key));
}

TEST_F(TokenValidation, TokenOfARotatedOutKeyStaysValidWhileItsKeyIsKnown) {
  const KeyPair next = generate_key_pair().value();
  context_.find_key = lookup_in({next.public_key, key_.public_key});
  EXPECT_TRUE(validate_token(token_, context_).ok());
  EXPECT_TRUE(validate_token(issue_token(sample_claims(), next).value(), context_).ok());
}

TEST_F(TokenValidation, ClockSkewIsAllowedOnBothEnds) {
  Claims c = sample_claims();
  c.exp = kNow - seconds(59);
  EXPECT_TRUE(validate_token(issue(c), context_).ok());
  c.exp = kNow - seconds(60);
  expect_refused(issue(c), "expired at");
  c = sample_claims();
  c.nbf = kNow + seconds(60);
  EXPECT_TRUE(validate_token(issue(c), context_).ok());
  c.nbf = kNow + seconds(61);
  expect_refused(issue(c), "not valid before");
  context_.skew = seconds(0);
  c.nbf = kNow + seconds(1);
  expect_refused(issue(c), "not valid before");
}

TEST_F(TokenValidation, EveryHostileTokenIsRefusedWithItsOwnMessage) {
  Claims expired = sample_claims();
  expired.iat = expired.nbf = at("2026-11-25T02:00:00Z");
  expired.exp = at("2026-11-25T10:00:00Z");
  Claims early = sample_claims();
  early.nbf = at("2026-11-26T00:00:00Z");
  early.exp = at("2026-11-26T08:00:00Z");
  Claims other_ws = sample_claims();
  other_ws.iss = "ws-2";
  Claims revoked = sample_claims();
  revoked.jti = "feedfeedfeedfeedfeedfeedfeedfeed";
  revoked_.push_back(revoked.jti);
  const KeyPair stranger = generate_key_pair().value();
  // A stranger's token that claims, in its footer, to be signed by our key.
  const std::string forged_kid =
      sign_v4_public(stranger.secret_key, claims_to_json(sample_claims()),
                     R"({"kid":")" + paserk_pid(key_.public_key) + R"("})");
  std::string flipped = token_;
  flipped[20] = flipped[20] == 'A' ? 'B' : 'A';
  const std::string body = token_.substr(10, token_.find('.', 10) - 10);

  struct Case {
    std::string name;
    std::string token;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"flipped payload byte", flipped, "invalid signature"},
      {"wrong key", forged_kid, "invalid signature"},
      {"expired", issue(expired), "expired at 2026-11-25T10:00:00Z"},
      {"not yet valid", issue(early), "not valid before 2026-11-26T00:00:00Z"},
      {"revoked", issue(revoked), "revoked (jti feedfeedfeedfeedfeedfeedfeedfeed)"},
      {"other workspace", issue(other_ws), "issued by another workspace (ws-2, expected ws-1)"},
      {"v4.local header", "v4.local." + body, "is a PASETO v4.local (encrypted) token"},
      {"v3 header", "v3.public." + body, "is a PASETO v3.public token"},
      {"unknown key", issue_token(sample_claims(), stranger).value(),
       "signed by unknown key " + paserk_pid(stranger.public_key)},
      {"no footer", "v4.public." + body, "has no footer naming its signing key"},
      {"footer not JSON", sign_v4_public(key_.secret_key, "{}", "kid"), "without a \"kid\""},
      {"kid not a pid", sign_v4_public(key_.secret_key, "{}", R"({"kid":"../../etc/passwd"})"),
       "not a k4.pid key id"},
      {"truncated", token_.substr(0, 50), "is truncated"},
      {"garbage", "Bearer hello", "is not a PASETO v4.public token"},
      {"1 MB", std::string(1 << 20, 'v'), "tokens over 8192 bytes are refused"},
      {"payload not claims",
       sign_v4_public(key_.secret_key, "[]", R"({"kid":")" + paserk_pid(key_.public_key) + R"("})"),
       "not a JSON object of claims"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    expect_refused(c.token, c.message);
  }
}

TEST_F(TokenValidation, DeeplyNestedSignedPayloadIsRefusedWithoutHarm) {
  // What a holder of a token key could sign: thousands of nested arrays within the size cap.
  const std::string footer = R"({"kid":")" + paserk_pid(key_.public_key) + R"("})";
  const std::string nested = std::string(3000, '[') + std::string(3000, ']');
  expect_refused(sign_v4_public(key_.secret_key, nested, footer), "not a JSON object of claims");
  const std::string open = std::string(6000, '{');
  expect_refused(sign_v4_public(key_.secret_key, open, footer), "not a JSON object of claims");
}

TEST_F(TokenValidation, TokenCutBeforeItsFooterNamesNoKey) {
  expect_refused(token_.substr(0, token_.rfind('.')), "has no footer naming its signing key");
}

TEST_F(TokenValidation, RevocationCheckFailureRefusesTheToken) {
  context_.is_revoked = [](std::string_view) -> core::Result<bool> {
    return core::workspace_unavailable("database", "is locked");
  };
  const auto result = validate_token(token_, context_);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kWorkspaceUnavailable);
}

TEST_F(TokenValidation, NoKeyLookupMeansNoKeyIsKnown) {
  context_.find_key = nullptr;
  expect_refused(token_, "signed by unknown key");
}

TEST_F(TokenValidation, AVerifiedTokenSkipsTheSignatureButNotTheTimeOrRevocation) {
  VerifiedTokens verified;
  context_.verified = &verified;
  int lookups = 0;
  context_.find_key = [&, keys = lookup_in({key_.public_key})](std::string_view pid) {
    ++lookups;
    return keys(pid);
  };
  ASSERT_TRUE(validate_token(token_, context_).ok());
  ASSERT_TRUE(validate_token(token_, context_).ok());
  EXPECT_EQ(lookups, 1);  // the second use found it verified
  ASSERT_NE(verified.find(token_), nullptr);
  EXPECT_EQ(*verified.find(token_), sample_claims());

  // Only the exact bytes are trusted: a flipped byte misses and fails its own verification.
  std::string flipped = token_;
  flipped[30] = flipped[30] == 'A' ? 'B' : 'A';
  expect_refused(flipped, "");
  EXPECT_EQ(lookups, 2);

  revoked_.push_back(sample_claims().jti);
  expect_refused(token_, "revoked");
  revoked_.clear();
  context_.now = sample_claims().exp + seconds(61);
  expect_refused(token_, "expired at");
  context_.now = sample_claims().nbf - seconds(61);
  expect_refused(token_, "not valid before");
  EXPECT_EQ(lookups, 2);
}

TEST_F(TokenValidation, RefusedTokensAreNotRememberedAndTheCacheIsBounded) {
  VerifiedTokens verified(2);
  context_.verified = &verified;
  Claims other_ws = sample_claims();
  other_ws.iss = "ws-2";
  expect_refused(issue(other_ws), "issued by another workspace");
  EXPECT_EQ(verified.find(issue(other_ws)), nullptr);
  std::vector<std::string> tokens;
  for (int i = 0; i < 3; ++i) {
    Claims c = sample_claims();
    c.jti = std::string(31, 'a') + std::to_string(i);
    tokens.push_back(issue(c));
    ASSERT_TRUE(validate_token(tokens.back(), context_).ok());
  }
  // Full at two: the third started the cache over.
  EXPECT_EQ(verified.find(tokens[0]), nullptr);
  EXPECT_EQ(verified.find(tokens[1]), nullptr);
  EXPECT_NE(verified.find(tokens[2]), nullptr);
}

TEST(TokenIssue, RefusesClaimsThatCouldNeverValidate) {
  const KeyPair key = generate_key_pair().value();
  Claims c = sample_claims();
  c.exp = c.nbf;
  EXPECT_EQ(issue_token(c, key).error().code, ErrorCode::kBadInput);
  c = sample_claims();
  c.sub.clear();
  EXPECT_EQ(issue_token(c, key).error().code, ErrorCode::kBadInput);
}

TEST(TokenIssue, TokenIdsAreFreshHex) {
  const std::string a = new_token_id();
  EXPECT_EQ(a.size(), 32U);
  EXPECT_EQ(a.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_NE(a, new_token_id());
}

}  // namespace
}  // namespace novacrm::auth
