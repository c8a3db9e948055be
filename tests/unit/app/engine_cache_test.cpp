// The engine cache of serve: one engine per org and marker setting, reused until the org's
// contacts or the active policy change.
#include <gtest/gtest.h>

#include "../testing/workspace_fixture.hpp"
#include "app/engine.hpp"

namespace novacrm::app {
namespace {

class EngineCacheTest : public testing::WorkspaceFixture {};

TEST_F(EngineCacheTest, ReusesAnEngineUntilTheOrgsContactsChange) {
  EngineCache cache;
  auto first = cache.get(*ws_, "default", true);
  ASSERT_TRUE(first) << first.error().describe();
  auto again = cache.get(*ws_, "default", true);
  ASSERT_TRUE(again);
  EXPECT_EQ(first->get(), again->get());

  const compliance::ScanContext context;
  auto before = (*again)->analyze("Please call Grace Hopper tomorrow.", context);
  ASSERT_TRUE(before);
  EXPECT_TRUE(before->findings.empty());

  crm::ContactDraft d;
  d.first_name = "Grace";
  d.last_name = "Hopper";
  ASSERT_TRUE(ws_->crm().add_contact("default", d));
  auto rebuilt = cache.get(*ws_, "default", true);
  ASSERT_TRUE(rebuilt);
  EXPECT_NE(rebuilt->get(), first->get());
  auto after = (*rebuilt)->analyze("Please call Grace Hopper tomorrow.", context);
  ASSERT_TRUE(after);
  ASSERT_EQ(after->findings.size(), 1U);
  EXPECT_EQ(after->findings[0].rule, "no_crm_contact_data");
}

TEST_F(EngineCacheTest, KeepsSeparateEnginesPerOrgAndMarkerSetting) {
  EngineCache cache;
  auto checks = cache.get(*ws_, "default", true);
  auto redactions = cache.get(*ws_, "default", false);
  auto other = cache.get(*ws_, "acme", true);
  ASSERT_TRUE(checks && redactions && other);
  EXPECT_NE(checks->get(), redactions->get());
  EXPECT_NE(checks->get(), other->get());
  const compliance::ScanContext context;
  const std::string text = "write to jane@example.com novacrm:allow";
  auto marked = (*checks)->analyze(text, context);
  auto unmarked = (*redactions)->analyze(text, context);
  ASSERT_TRUE(marked && unmarked);
  EXPECT_TRUE(marked->findings.empty());     // the marker silences it for check
  EXPECT_EQ(unmarked->findings.size(), 1U);  // never for redact
}

}  // namespace
}  // namespace novacrm::app
