// SQLite client repository. Names are unique per org, case-insensitively (COLLATE NOCASE).
#include <SQLiteCpp/SQLiteCpp.h>

#include "crm/sqlite_repository.hpp"
#include "crm/sqlite_util.hpp"

namespace novacrm::crm {

using core::Result;
using core::Status;

namespace {

constexpr const char* kSelect =
    "SELECT cl.id, cl.org, cl.name, cl.domain, cl.created_at, cl.updated_at,"
    " (SELECT COUNT(*) FROM contacts c WHERE c.client_id = cl.id AND c.erased_at IS NULL)"
    " FROM clients cl";

Client read_client(SQLite::Statement& q) {
  Client c;
  c.id = q.getColumn(0).getInt64();
  c.org = q.getColumn(1).getString();
  c.name = q.getColumn(2).getString();
  c.domain = optional_text(q.getColumn(3));
  c.created_at = q.getColumn(4).getString();
  c.updated_at = q.getColumn(5).getString();
  c.contact_count = q.getColumn(6).getInt64();
  return c;
}

Result<std::optional<Client>> find_where(store::Database& db, const std::string& clause,
                                         const std::string& org,
                                         const std::function<void(SQLite::Statement&)>& bind) {
  return guarded<std::optional<Client>>(
      db, "reading a client", [&]() -> Result<std::optional<Client>> {
        SQLite::Statement q(db.handle(), std::string(kSelect) + " WHERE cl.org = ? AND " + clause);
        q.bind(1, org);
        bind(q);
        if (!q.executeStep()) return std::optional<Client>{};
        return std::optional<Client>{read_client(q)};
      });
}

}  // namespace

Result<Client> SqliteClientRepository::insert(const Client& client) {
  Client out = client;
  Status s = db_.write_transaction([&]() -> Status {
    SQLite::Statement q(
        db_.handle(),
        "INSERT INTO clients (org, name, domain, created_at, updated_at) VALUES (?, ?, ?, ?, ?)");
    q.bind(1, client.org);
    q.bind(2, client.name);
    bind_optional(q, 3, client.domain);
    q.bind(4, client.created_at);
    q.bind(5, client.updated_at);
    q.exec();
    out.id = db_.handle().getLastInsertRowid();
    return {};
  });
  if (!s) return s.error();
  return out;
}

Result<std::optional<Client>> SqliteClientRepository::find(const std::string& org, int64_t id) {
  return find_where(db_, "cl.id = ?", org, [&](SQLite::Statement& q) { q.bind(2, id); });
}

Result<std::optional<Client>> SqliteClientRepository::find_by_name(const std::string& org,
                                                                   const std::string& name) {
  return find_where(db_, "cl.name = ?", org, [&](SQLite::Statement& q) { q.bind(2, name); });
}

Result<Page<Client>> SqliteClientRepository::list(const ClientQuery& query) {
  return guarded<Page<Client>>(db_, "listing clients", [&]() -> Result<Page<Client>> {
    std::string where = " WHERE cl.org = ?";
    if (query.search)
      where += " AND (instr(lower(cl.name), lower(?2)) > 0 OR instr(cl.domain, lower(?2)) > 0)";
    Page<Client> page{{}, 0, query.limit, query.offset};
    SQLite::Statement count(db_.handle(), "SELECT COUNT(*) FROM clients cl" + where);
    count.bind(1, query.org);
    if (query.search) count.bind(2, *query.search);
    count.executeStep();
    page.total = count.getColumn(0).getInt64();
    SQLite::Statement q(
        db_.handle(), std::string(kSelect) + where + " ORDER BY cl.name, cl.id LIMIT ?3 OFFSET ?4");
    q.bind(1, query.org);
    if (query.search) q.bind(2, *query.search);
    q.bind(3, query.limit);
    q.bind(4, query.offset);
    while (q.executeStep()) page.items.push_back(read_client(q));
    return page;
  });
}

Result<Client> SqliteClientRepository::update(const Client& client) {
  Status s = db_.write_transaction([&]() -> Status {
    SQLite::Statement q(
        db_.handle(),
        "UPDATE clients SET name = ?, domain = ?, updated_at = ? WHERE org = ? AND id = ?");
    q.bind(1, client.name);
    bind_optional(q, 2, client.domain);
    q.bind(3, client.updated_at);
    q.bind(4, client.org);
    q.bind(5, client.id);
    q.exec();
    return {};
  });
  if (!s) return s.error();
  return client;
}

Result<int64_t> SqliteClientRepository::remove(const std::string& org, int64_t id, bool cascade) {
  int64_t deleted = 0;
  Status s = db_.write_transaction([&]() -> Status {
    if (cascade) {
      SQLite::Statement del(db_.handle(), "DELETE FROM contacts WHERE org = ? AND client_id = ?");
      del.bind(1, org);
      del.bind(2, id);
      deleted = del.exec();
    }
    SQLite::Statement q(db_.handle(), "DELETE FROM clients WHERE org = ? AND id = ?");
    q.bind(1, org);
    q.bind(2, id);
    q.exec();
    return {};
  });
  if (!s) return s.error();
  return deleted;
}

}  // namespace novacrm::crm
