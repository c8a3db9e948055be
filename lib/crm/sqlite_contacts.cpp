// SQLite contact repository. Tags live in contact_tags; free-text search uses the contacts_fts
// FTS5 index that triggers keep in step with the contacts table.
#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <cctype>

#include "core/text.hpp"
#include "crm/sqlite_repository.hpp"
#include "crm/sqlite_util.hpp"

namespace novacrm::crm {

using core::Result;
using core::Status;

namespace {

constexpr char kTagSeparator = '\x1f';

constexpr const char* kSelect =
    "SELECT c.id, c.org, c.first_name, c.last_name, c.email, c.phone, c.client_id, cl.name, "
    "c.notes,"
    " c.legal_basis, c.created_at, c.updated_at, c.erased_at,"
    " (SELECT group_concat(t.tag, char(31)) FROM contact_tags t WHERE t.contact_id = c.id)"
    " FROM contacts c LEFT JOIN clients cl ON cl.id = c.client_id";

Contact read_contact(SQLite::Statement& q) {
  Contact c;
  c.id = q.getColumn(0).getInt64();
  c.org = q.getColumn(1).getString();
  c.first_name = optional_text(q.getColumn(2));
  c.last_name = optional_text(q.getColumn(3));
  c.email = optional_text(q.getColumn(4));
  c.phone = optional_text(q.getColumn(5));
  if (!q.getColumn(6).isNull()) c.client_id = q.getColumn(6).getInt64();
  c.client_name = optional_text(q.getColumn(7));
  c.notes = optional_text(q.getColumn(8));
  c.legal_basis = optional_text(q.getColumn(9));
  c.created_at = q.getColumn(10).getString();
  c.updated_at = q.getColumn(11).getString();
  c.erased_at = optional_text(q.getColumn(12));
  if (!q.getColumn(13).isNull()) {
    c.tags = core::split(q.getColumn(13).getString(), kTagSeparator);
    std::sort(c.tags.begin(), c.tags.end());
  }
  return c;
}

void bind_fields(SQLite::Statement& q, const Contact& c) {
  bind_optional(q, 1, c.first_name);
  bind_optional(q, 2, c.last_name);
  bind_optional(q, 3, c.email);
  bind_optional(q, 4, c.phone);
  if (c.client_id) {
    q.bind(5, *c.client_id);
  } else {
    q.bind(5);
  }
  bind_optional(q, 6, c.notes);
  bind_optional(q, 7, c.legal_basis);
  q.bind(8, c.updated_at);
}

void insert_tags(SQLite::Statement& ins, int64_t id, const std::vector<std::string>& tags) {
  for (const std::string& tag : tags) {
    ins.bind(1, id);
    ins.bind(2, tag);
    ins.exec();
    ins.reset();
  }
}

constexpr const char* kInsertTag =
    "INSERT OR IGNORE INTO contact_tags (contact_id, tag) VALUES (?, ?)";

void replace_tags(SQLite::Database& db, int64_t id, const std::vector<std::string>& tags) {
  SQLite::Statement del(db, "DELETE FROM contact_tags WHERE contact_id = ?");
  del.bind(1, id);
  del.exec();
  SQLite::Statement ins(db, kInsertTag);
  insert_tags(ins, id, tags);
}

// Adds contacts with ids >= first_id to the full-text index in one statement (see migrations.cpp
// for why there is no per-row trigger).
void index_new_contacts(SQLite::Database& db, int64_t first_id) {
  SQLite::Statement q(
      db,
      "INSERT INTO contacts_fts(rowid, first_name, last_name, email, phone, notes)"
      " SELECT id, first_name, last_name, email, phone, notes FROM contacts WHERE id >= ?");
  q.bind(1, first_id);
  q.exec();
}

constexpr const char* kInsert =
    "INSERT INTO contacts (first_name, last_name, email, phone, client_id, notes, legal_basis, "
    "updated_at, org,"
    " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

// Inserts every contact with its tags and indexes them; returns the new ids in order. Runs
// inside the caller's transaction.
std::vector<int64_t> insert_contacts(SQLite::Database& db, const std::vector<Contact>& contacts) {
  SQLite::Statement ins(db, kInsert);
  SQLite::Statement tag(db, kInsertTag);
  std::vector<int64_t> ids;
  ids.reserve(contacts.size());
  for (const Contact& c : contacts) {
    bind_fields(ins, c);
    ins.bind(9, c.org);
    ins.bind(10, c.created_at);
    ins.exec();
    ins.reset();
    ids.push_back(db.getLastInsertRowid());
    insert_tags(tag, ids.back(), c.tags);
  }
  if (!ids.empty()) index_new_contacts(db, ids.front());
  return ids;
}

// Free text to an FTS5 query: each word becomes a quoted prefix term, all of them required.
// Words are cut at anything that is not a letter or digit, as the index's tokenizer does.
std::string fts_query(std::string_view text) {
  std::string query;
  std::string word;
  const auto flush = [&] {
    if (word.empty()) return;
    query += (query.empty() ? "\"" : " \"") + word + "\"*";
    word.clear();
  };
  for (char ch : text) {
    const auto u = static_cast<unsigned char>(ch);
    if (u >= 0x80 || std::isalnum(u) != 0) {
      word += ch;
    } else {
      flush();
    }
  }
  flush();
  return query;
}

// ORDER BY terms for a sort; every term gets the direction, and id breaks ties.
std::string order_by(ContactSort s, bool descending) {
  std::vector<const char*> terms;
  switch (s) {
    case ContactSort::kId:
      break;
    case ContactSort::kFirstName:
      terms = {"c.first_name COLLATE NOCASE"};
      break;
    case ContactSort::kEmail:
      terms = {"c.email"};
      break;
    case ContactSort::kCreatedAt:
      terms = {"c.created_at"};
      break;
    case ContactSort::kUpdatedAt:
      terms = {"c.updated_at"};
      break;
    case ContactSort::kLastName:
      terms = {"c.last_name COLLATE NOCASE", "c.first_name COLLATE NOCASE"};
      break;
  }
  terms.push_back("c.id");
  std::string out = " ORDER BY ";
  for (size_t i = 0; i < terms.size(); ++i)
    out += std::string(i ? ", " : "") + terms[i] + (descending ? " DESC" : "");
  return out;
}

}  // namespace

Result<Contact> SqliteContactRepository::insert(const Contact& contact) {
  Contact out = contact;
  Status s = db_.write_transaction([&]() -> Status {
    out.id = insert_contacts(db_.handle(), {contact}).front();
    return {};
  });
  if (!s) return s.error();
  return out;
}

Status SqliteContactRepository::insert_all(const std::vector<Contact>& contacts) {
  return db_.write_transaction([&]() -> Status {
    insert_contacts(db_.handle(), contacts);
    return {};
  });
}

Result<std::optional<Contact>> SqliteContactRepository::find(const std::string& org, int64_t id) {
  return guarded<std::optional<Contact>>(
      db_, "reading a contact", [&]() -> Result<std::optional<Contact>> {
        SQLite::Statement q(db_.handle(), std::string(kSelect) + " WHERE c.org = ? AND c.id = ?");
        q.bind(1, org);
        q.bind(2, id);
        if (!q.executeStep()) return std::optional<Contact>{};
        return std::optional<Contact>{read_contact(q)};
      });
}

Result<std::vector<std::string>> SqliteContactRepository::existing_emails(
    const std::string& org, const std::vector<std::string>& emails) {
  return guarded<std::vector<std::string>>(
      db_, "checking emails", [&]() -> Result<std::vector<std::string>> {
        std::vector<std::string> found;
        SQLite::Statement q(db_.handle(), "SELECT 1 FROM contacts WHERE org = ? AND email = ?");
        for (const std::string& e : emails) {
          q.bind(1, org);
          q.bind(2, e);
          if (q.executeStep()) found.push_back(e);
          q.reset();
        }
        return found;
      });
}

Result<Page<Contact>> SqliteContactRepository::list(const ContactQuery& query) {
  return guarded<Page<Contact>>(db_, "listing contacts", [&]() -> Result<Page<Contact>> {
    Page<Contact> page{{}, 0, query.limit, query.offset};
    std::string where = " WHERE c.org = ?1 AND c.erased_at IS NULL";
    std::string match;
    if (query.search) {
      match = fts_query(*query.search);
      if (match.empty()) return page;  // nothing searchable in the text: nothing matches
      where += " AND c.id IN (SELECT rowid FROM contacts_fts WHERE contacts_fts MATCH ?2)";
    }
    if (query.client_id) where += " AND c.client_id = ?3";
    if (query.tag)
      where += " AND c.id IN (SELECT t.contact_id FROM contact_tags t WHERE t.tag = ?4)";
    const auto bind = [&](SQLite::Statement& q) {
      q.bind(1, query.org);
      if (query.search) q.bind(2, match);
      if (query.client_id) q.bind(3, *query.client_id);
      if (query.tag) q.bind(4, *query.tag);
    };
    SQLite::Statement count(db_.handle(), "SELECT COUNT(*) FROM contacts c" + where);
    bind(count);
    count.executeStep();
    page.total = count.getColumn(0).getInt64();
    SQLite::Statement q(db_.handle(), std::string(kSelect) + where +
                                          order_by(query.sort, query.descending) +
                                          " LIMIT ?5 OFFSET ?6");
    bind(q);
    q.bind(5, query.limit);
    q.bind(6, query.offset);
    while (q.executeStep()) page.items.push_back(read_contact(q));
    return page;
  });
}

Status SqliteContactRepository::for_each(const std::string& org,
                                         const std::function<void(const Contact&)>& visit) {
  auto done = guarded<bool>(db_, "reading contacts", [&]() -> Result<bool> {
    SQLite::Statement q(db_.handle(), std::string(kSelect) +
                                          " WHERE c.org = ? AND c.erased_at IS NULL ORDER BY c.id");
    q.bind(1, org);
    while (q.executeStep()) visit(read_contact(q));
    return true;
  });
  if (!done) return done.error();
  return {};
}

Result<Contact> SqliteContactRepository::update(const Contact& contact) {
  Status s = db_.write_transaction([&]() -> Status {
    SQLite::Statement q(
        db_.handle(),
        "UPDATE contacts SET first_name = ?, last_name = ?, email = ?, phone = ?, client_id = ?,"
        " notes = ?, legal_basis = ?, updated_at = ? WHERE org = ?9 AND id = ?10");
    bind_fields(q, contact);
    q.bind(9, contact.org);
    q.bind(10, contact.id);
    q.exec();
    replace_tags(db_.handle(), contact.id, contact.tags);
    return {};
  });
  if (!s) return s.error();
  return contact;
}

Status SqliteContactRepository::remove(const std::string& org, int64_t id) {
  return db_.write_transaction([&]() -> Status {
    SQLite::Statement q(db_.handle(), "DELETE FROM contacts WHERE org = ? AND id = ?");
    q.bind(1, org);
    q.bind(2, id);
    q.exec();
    return {};
  });
}

Status SqliteContactRepository::erase(const std::string& org, int64_t id,
                                      const std::string& erased_at) {
  Status s = db_.write_transaction([&]() -> Status {
    SQLite::Statement q(
        db_.handle(),
        "UPDATE contacts SET first_name = NULL, last_name = NULL, email = NULL, phone = NULL,"
        " client_id = NULL, notes = NULL, legal_basis = NULL, updated_at = ?1, erased_at = ?1"
        " WHERE org = ?2 AND id = ?3");
    q.bind(1, erased_at);
    q.bind(2, org);
    q.bind(3, id);
    q.exec();
    replace_tags(db_.handle(), id, {});
    // FTS5 (SQLite 3.40) keeps deleted tokens in older segments until they are merged away.
    db_.handle().exec("INSERT INTO contacts_fts(contacts_fts) VALUES ('optimize')");
    return {};
  });
  if (!s) return s;
  // secure_delete zeroed the freed bytes in the database pages; the WAL still holds old page
  // images until it is checkpointed and truncated.
  return db_.checkpoint_truncate();
}

}  // namespace novacrm::crm
