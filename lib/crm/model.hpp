// The CRM's records as the rest of the tool sees them. Plain data: validation lives in
// validation.hpp, persistence behind repository.hpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace novacrm::crm {

inline constexpr const char* kDefaultOrg = "default";

struct Client {
  int64_t id = 0;
  std::string org = kDefaultOrg;
  std::string name;
  std::optional<std::string> domain;
  std::string created_at;
  std::string updated_at;
  int64_t contact_count = 0;  // filled by reads, ignored by writes
};

struct Contact {
  int64_t id = 0;
  std::string org = kDefaultOrg;
  std::optional<std::string> first_name;  // empty optionals only once erased
  std::optional<std::string> last_name;
  std::optional<std::string> email;  // lower-cased, validated
  std::optional<std::string> phone;  // E.164
  std::optional<int64_t> client_id;
  std::optional<std::string> client_name;  // filled by reads
  std::vector<std::string> tags;           // sorted, unique
  std::optional<std::string> notes;
  std::optional<std::string> legal_basis;  // one of legal_bases()
  std::string created_at;
  std::string updated_at;
  std::optional<std::string> erased_at;  // set on a GDPR erase tombstone
};

// What a user supplies to create a contact, before validation and normalisation.
struct ContactDraft {
  std::string first_name;
  std::string last_name;
  std::optional<std::string> email;
  std::optional<std::string> phone;
  std::optional<std::string> client;  // a client's name or numeric id
  std::vector<std::string> tags;
  std::optional<std::string> notes;
  std::optional<std::string> legal_basis;
};

// A partial update: an unset field is left alone; a field set to "" is cleared (where optional).
struct ContactPatch {
  std::optional<std::string> first_name;
  std::optional<std::string> last_name;
  std::optional<std::string> email;
  std::optional<std::string> phone;
  std::optional<std::string> client;
  std::optional<std::vector<std::string>> tags;  // replaces the whole set
  std::vector<std::string> add_tags;
  std::vector<std::string> remove_tags;
  std::optional<std::string> notes;
  std::optional<std::string> legal_basis;
};

enum class ContactSort { kId, kFirstName, kLastName, kEmail, kCreatedAt, kUpdatedAt };

struct ContactQuery {
  std::string org = kDefaultOrg;
  std::optional<std::string> search;  // free text over names, email, phone and notes
  std::optional<int64_t> client_id;
  std::optional<std::string> tag;
  ContactSort sort = ContactSort::kLastName;
  bool descending = false;
  int64_t limit = 50;
  int64_t offset = 0;
};

struct ClientQuery {
  std::string org = kDefaultOrg;
  std::optional<std::string> search;  // substring of name or domain
  int64_t limit = 50;
  int64_t offset = 0;
};

template <typename T>
struct Page {
  std::vector<T> items;
  int64_t total = 0;
  int64_t limit = 0;
  int64_t offset = 0;
};

}  // namespace novacrm::crm
