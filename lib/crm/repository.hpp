// Storage interfaces for the CRM. Commands and services see only these, so a PostgreSQL backend
// can be added beside the SQLite one without touching them. Implementations never validate:
// the service hands them normalised records.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "crm/model.hpp"

namespace novacrm::crm {

class ClientRepository {
 public:
  virtual ~ClientRepository() = default;

  virtual core::Result<Client> insert(const Client& client) = 0;
  virtual core::Result<std::optional<Client>> find(const std::string& org, int64_t id) = 0;
  virtual core::Result<std::optional<Client>> find_by_name(const std::string& org,
                                                           const std::string& name) = 0;
  virtual core::Result<Page<Client>> list(const ClientQuery& query) = 0;
  virtual core::Result<Client> update(const Client& client) = 0;
  // Deletes the client; with `cascade`, deletes its contacts in the same transaction first.
  // Returns the number of contacts deleted.
  virtual core::Result<int64_t> remove(const std::string& org, int64_t id, bool cascade) = 0;
};

class ContactRepository {
 public:
  virtual ~ContactRepository() = default;

  virtual core::Result<Contact> insert(const Contact& contact) = 0;
  // All or nothing: one transaction for the whole batch.
  virtual core::Status insert_all(const std::vector<Contact>& contacts) = 0;
  // Erased tombstones are found too (their PII fields are empty).
  virtual core::Result<std::optional<Contact>> find(const std::string& org, int64_t id) = 0;
  // Which of `emails` a live contact of `org` already holds (for duplicate checks).
  virtual core::Result<std::vector<std::string>> existing_emails(
      const std::string& org, const std::vector<std::string>& emails) = 0;
  virtual core::Result<Page<Contact>> list(const ContactQuery& query) = 0;
  // Every live contact of `org` in id order, one at a time (exports stream, they do not page).
  virtual core::Status for_each(const std::string& org,
                                const std::function<void(const Contact&)>& visit) = 0;
  virtual core::Result<Contact> update(const Contact& contact) = 0;
  virtual core::Status remove(const std::string& org, int64_t id) = 0;
  // GDPR erasure: clears every PII field and the tags, keeps the row as a tombstone, and purges
  // the erased values from every index and from the file's free pages and write-ahead log.
  virtual core::Status erase(const std::string& org, int64_t id, const std::string& erased_at) = 0;
};

}  // namespace novacrm::crm
