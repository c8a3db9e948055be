// The CRM service over the real SQLite repositories, in a temporary workspace.
#include "crm/service.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include "../testing/temp_dir.hpp"
#include "app/workspace.hpp"
#include "crm/json.hpp"

#include <nlohmann/json.hpp>

namespace novacrm::crm {
namespace {

class CrmServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    paths_ = core::workspace_at(dir_.path() / "ws");
    ASSERT_TRUE(app::init_workspace(paths_).ok());
    auto ws = app::Workspace::open(paths_);
    ASSERT_TRUE(ws.ok()) << ws.error().describe();
    ws_ = std::move(ws).value();
  }
  CrmService& crm() { return ws_->crm(); }
  int64_t count(const char* table) {
    return ws_->database()
        .handle()
        .execAndGet(std::string("SELECT COUNT(*) FROM ") + table)
        .getInt64();
  }
  static ContactDraft draft(std::string first, std::string last,
                            std::optional<std::string> email = std::nullopt) {
    ContactDraft d;
    d.first_name = std::move(first);
    d.last_name = std::move(last);
    d.email = std::move(email);
    return d;
  }

  testing::TempDir dir_;
  core::WorkspacePaths paths_;
  std::unique_ptr<app::Workspace> ws_;
};

TEST_F(CrmServiceTest, AddContactNormalisesAndLinksClient) {
  ASSERT_TRUE(crm().add_client(kDefaultOrg, {"Acme", "acme.com"}).ok());
  ContactDraft d = draft("Ada", "Lovelace", "ADA@Example.com");
  d.phone = "06 12 34 56 78";
  d.client = "acme";
  d.tags = {"VIP", "vip", "b2b"};
  d.legal_basis = "Contract";
  auto c = crm().add_contact(kDefaultOrg, d);
  ASSERT_TRUE(c.ok()) << c.error().describe();
  auto stored = crm().get_contact(kDefaultOrg, c->id);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->email, "ada@example.com");
  EXPECT_EQ(stored->phone, "+33612345678");
  EXPECT_EQ(stored->client_name, "Acme");
  EXPECT_EQ(stored->tags, (std::vector<std::string>{"b2b", "vip"}));
  EXPECT_EQ(stored->legal_basis, "contract");
}

TEST_F(CrmServiceTest, SameEmailTwiceInOneOrgIsRefusedAndNothingIsWritten) {
  ASSERT_TRUE(crm().add_contact(kDefaultOrg, draft("A", "One", "dup@example.com")).ok());
  auto second = crm().add_contact(kDefaultOrg, draft("B", "Two", "DUP@example.com"));
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code, core::ErrorCode::kBadInput);
  EXPECT_EQ(second.error().message.find("dup@example.com"), std::string::npos);
  EXPECT_EQ(count("contacts"), 1);
}

TEST_F(CrmServiceTest, UnknownClientOrIdIsBadInput) {
  ContactDraft d = draft("A", "B");
  d.client = "Nobody Inc";
  EXPECT_EQ(crm().add_contact(kDefaultOrg, d).error().code, core::ErrorCode::kBadInput);
  EXPECT_EQ(crm().get_contact(kDefaultOrg, 42).error().code, core::ErrorCode::kBadInput);
  EXPECT_EQ(crm().get_client(kDefaultOrg, 42).error().code, core::ErrorCode::kBadInput);
}

TEST_F(CrmServiceTest, ListFiltersBySearchTagAndClientAndPages) {
  auto acme = crm().add_client(kDefaultOrg, {"Acme", std::nullopt});
  ASSERT_TRUE(acme.ok());
  for (int i = 0; i < 5; ++i) {
    ContactDraft d =
        draft("Person" + std::to_string(i), "Zed", "p" + std::to_string(i) + "@example.com");
    if (i % 2 == 0) d.tags = {"even"};
    if (i < 2) d.client = "Acme";
    ASSERT_TRUE(crm().add_contact(kDefaultOrg, d).ok());
  }
  ContactDraft accented = draft(
      "H\xC3\xA9lo\xC3\xAF"
      "se",
      "Dupr\xC3\xA9");
  ASSERT_TRUE(crm().add_contact(kDefaultOrg, accented).ok());

  ContactQuery q;
  q.tag = "even";
  EXPECT_EQ(crm().list_contacts(q)->total, 3);
  q = {};
  q.client_id = acme->id;
  EXPECT_EQ(crm().list_contacts(q)->total, 2);
  q = {};
  q.search = "heloise";  // accent-insensitive
  EXPECT_EQ(crm().list_contacts(q)->total, 1);
  q.search = "Pers";  // word prefix
  EXPECT_EQ(crm().list_contacts(q)->total, 5);
  q.search = "!!!";
  EXPECT_EQ(crm().list_contacts(q)->total, 0);
  q = {};
  q.sort = ContactSort::kFirstName;
  q.limit = 2;
  q.offset = 2;
  auto page = crm().list_contacts(q);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->total, 6);
  ASSERT_EQ(page->items.size(), 2U);
  EXPECT_EQ(page->items[0].first_name, "Person1");
}

TEST_F(CrmServiceTest, UpdateIsPartialAndClearsWithEmptyString) {
  ContactDraft d = draft("Ada", "Lovelace", "ada@example.com");
  d.notes = "keep me";
  d.tags = {"a", "b"};
  auto c = crm().add_contact(kDefaultOrg, d);
  ContactPatch p;
  p.last_name = "King";
  p.email = "";
  p.add_tags = {"c"};
  p.remove_tags = {"a"};
  auto u = crm().update_contact(kDefaultOrg, c->id, p);
  ASSERT_TRUE(u.ok()) << u.error().describe();
  auto stored = crm().get_contact(kDefaultOrg, c->id);
  EXPECT_EQ(stored->first_name, "Ada");
  EXPECT_EQ(stored->last_name, "King");
  EXPECT_FALSE(stored->email.has_value());
  EXPECT_EQ(stored->notes, "keep me");
  EXPECT_EQ(stored->tags, (std::vector<std::string>{"b", "c"}));
  ContactPatch bad;
  bad.phone = "not a phone";
  EXPECT_FALSE(crm().update_contact(kDefaultOrg, c->id, bad).ok());
  EXPECT_EQ(crm().get_contact(kDefaultOrg, c->id)->updated_at, stored->updated_at);
}

TEST_F(CrmServiceTest, ClientDeleteRefusedWhileReferencedUnlessCascade) {
  auto acme = crm().add_client(kDefaultOrg, {"Acme", std::nullopt});
  ContactDraft d = draft("A", "B");
  d.client = "Acme";
  ASSERT_TRUE(crm().add_contact(kDefaultOrg, d).ok());
  EXPECT_FALSE(crm().delete_client(kDefaultOrg, acme->id, false).ok());
  EXPECT_EQ(count("clients"), 1);
  auto deleted = crm().delete_client(kDefaultOrg, acme->id, true);
  ASSERT_TRUE(deleted.ok());
  EXPECT_EQ(*deleted, 1);
  EXPECT_EQ(count("contacts"), 0);
  EXPECT_EQ(count("clients"), 0);
}

TEST_F(CrmServiceTest, DuplicateClientNameIsRefusedCaseInsensitively) {
  ASSERT_TRUE(crm().add_client(kDefaultOrg, {"Acme", std::nullopt}).ok());
  EXPECT_FALSE(crm().add_client(kDefaultOrg, {"ACME", std::nullopt}).ok());
  auto other = crm().add_client(kDefaultOrg, {"Other", std::nullopt});
  ClientPatch p;
  p.name = "acme";
  EXPECT_FALSE(crm().update_client(kDefaultOrg, other->id, p).ok());
  p.name = "Renamed";
  p.domain = "renamed.io";
  EXPECT_EQ(crm().update_client(kDefaultOrg, other->id, p)->domain, "renamed.io");
}

TEST_F(CrmServiceTest, EraseKeepsTombstoneAndRemovesPiiEverywhere) {
  ContactDraft d = draft("Canaryfirst", "Canarylast", "canary.person@example.org");
  d.notes = "canarynote";
  d.tags = {"canarytag"};
  auto c = crm().add_contact(kDefaultOrg, d);
  ASSERT_TRUE(crm().erase_contact(kDefaultOrg, c->id).ok());
  auto t = crm().get_contact(kDefaultOrg, c->id);
  ASSERT_TRUE(t.ok());
  EXPECT_TRUE(t->erased_at.has_value());
  EXPECT_FALSE(t->first_name.has_value());
  EXPECT_TRUE(t->tags.empty());
  ContactQuery q;
  q.search = "canaryfirst";
  EXPECT_EQ(crm().list_contacts(q)->total, 0);
  EXPECT_EQ(crm().erase_contact(kDefaultOrg, c->id).error().code, core::ErrorCode::kBadInput);
  EXPECT_FALSE(crm().update_contact(kDefaultOrg, c->id, {}).ok());
}

TEST_F(CrmServiceTest, ImportIsAllOrNothing) {
  const std::string good =
      "first_name,last_name,email,phone,tags\n"
      "Ada,Lovelace,ada@example.com,06 12 34 56 78,vip;b2b\n"
      "Alan,Turing,alan@example.com,,\n";
  auto ok = crm().import_csv(good, {kDefaultOrg, "good.csv"});
  ASSERT_TRUE(ok.ok()) << ok.error().describe();
  EXPECT_EQ(ok->contacts, 2);

  const std::string bad_row =
      "first_name,last_name,email\n"
      "Grace,Hopper,grace@example.com\n"
      "Bad,Email,nobody@example\n";
  auto r = crm().import_csv(bad_row, {kDefaultOrg, "bad.csv"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().input, "bad.csv:3");
  EXPECT_EQ(r.error().message, "email \"n***@e******\" is not a valid email address");
  EXPECT_EQ(count("contacts"), 2);

  for (const std::string& csv :
       {std::string("first_name,last_name\nA\n"), std::string("first_name,nope\nA,B\n"),
        std::string("first_name,last_name,email\nA,B,x@example.com\nC,D,X@example.com\n"),
        std::string("first_name,last_name,email\nA,B,ada@example.com\n"), std::string(""),
        std::string("email\nx@example.com\n")}) {
    EXPECT_FALSE(crm().import_csv(csv, {kDefaultOrg, "f.csv"}).ok()) << csv;
  }
  EXPECT_EQ(count("contacts"), 2);
}

TEST_F(CrmServiceTest, JsonShapeMasksUnlessClear) {
  ContactDraft d = draft("Ada", "Lovelace", "ada@example.com");
  d.phone = "+33612345678";
  auto c = crm().add_contact(kDefaultOrg, d);
  auto masked = to_json(*c, Pii::kMasked);
  EXPECT_EQ(masked["email"], "a***@e******.com");
  EXPECT_EQ(masked["phone"], "+33*******78");
  EXPECT_EQ(to_json(*c, Pii::kClear)["email"], "ada@example.com");
  Page<Contact> page{{*c}, 1, 50, 0};
  auto list = to_json(page, Pii::kMasked);
  EXPECT_EQ(list["total"], 1);
  EXPECT_EQ(list["items"][0]["id"], c->id);
  EXPECT_EQ(contact_csv_row(*c, Pii::kMasked).find("ada@"), std::string::npos);
}

}  // namespace
}  // namespace novacrm::crm
