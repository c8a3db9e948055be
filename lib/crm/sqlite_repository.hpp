// The SQLite implementations of the CRM repositories (the embedded default backend).
#pragma once

#include "crm/repository.hpp"
#include "store/database.hpp"

namespace novacrm::crm {

class SqliteClientRepository final : public ClientRepository {
 public:
  explicit SqliteClientRepository(store::Database& db) : db_(db) {}

  core::Result<Client> insert(const Client& client) override;
  core::Result<std::optional<Client>> find(const std::string& org, int64_t id) override;
  core::Result<std::optional<Client>> find_by_name(const std::string& org,
                                                   const std::string& name) override;
  core::Result<Page<Client>> list(const ClientQuery& query) override;
  core::Result<Client> update(const Client& client) override;
  core::Result<int64_t> remove(const std::string& org, int64_t id, bool cascade) override;

 private:
  store::Database& db_;
};

class SqliteContactRepository final : public ContactRepository {
 public:
  explicit SqliteContactRepository(store::Database& db) : db_(db) {}

  core::Result<Contact> insert(const Contact& contact) override;
  core::Status insert_all(const std::vector<Contact>& contacts) override;
  core::Result<std::optional<Contact>> find(const std::string& org, int64_t id) override;
  core::Result<std::vector<std::string>> existing_emails(
      const std::string& org, const std::vector<std::string>& emails) override;
  core::Result<Page<Contact>> list(const ContactQuery& query) override;
  core::Status for_each(const std::string& org,
                        const std::function<void(const Contact&)>& visit) override;
  core::Result<Contact> update(const Contact& contact) override;
  core::Status remove(const std::string& org, int64_t id) override;
  core::Status erase(const std::string& org, int64_t id, const std::string& erased_at) override;

 private:
  store::Database& db_;
};

}  // namespace novacrm::crm
