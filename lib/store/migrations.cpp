// Schema history. Every row carries an org from the first migration (DESIGN.md, Clarifications).
#include "store/migrations.hpp"

namespace novacrm::store {

namespace {

constexpr std::string_view kInitialSchema = R"sql(
CREATE TABLE orgs (
  id         TEXT PRIMARY KEY,
  created_at TEXT NOT NULL
);
INSERT INTO orgs (id, created_at) VALUES ('default', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));

-- AUTOINCREMENT: ids are never reused, so an id named in an audit record or a tombstone always
-- means the same record.
CREATE TABLE clients (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  org        TEXT NOT NULL REFERENCES orgs(id),
  name       TEXT NOT NULL COLLATE NOCASE,
  domain     TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (org, name)
);

CREATE TABLE contacts (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  org         TEXT NOT NULL REFERENCES orgs(id),
  first_name  TEXT,
  last_name   TEXT,
  email       TEXT,
  phone       TEXT,
  client_id   INTEGER REFERENCES clients(id),
  notes       TEXT,
  legal_basis TEXT,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  erased_at   TEXT
);
CREATE UNIQUE INDEX contacts_org_email ON contacts(org, email) WHERE email IS NOT NULL;
CREATE INDEX contacts_org_client ON contacts(org, client_id);
CREATE INDEX contacts_org_name ON contacts(org, last_name COLLATE NOCASE, first_name COLLATE NOCASE, id);

CREATE TABLE contact_tags (
  contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
  tag        TEXT NOT NULL,
  PRIMARY KEY (contact_id, tag)
) WITHOUT ROWID;
CREATE INDEX contact_tags_tag ON contact_tags(tag, contact_id);

-- Full-text index over the searchable fields (external content: the text lives in contacts).
-- GDPR erase must run FTS5 'optimize' afterwards: older segments keep erased tokens otherwise.
CREATE VIRTUAL TABLE contacts_fts USING fts5(
  first_name, last_name, email, phone, notes,
  content='contacts', content_rowid='id', tokenize="unicode61 remove_diacritics 2",
  prefix='2 3'
);
-- No AFTER INSERT trigger: FTS5 flushes its pending terms at every statement savepoint, so a
-- per-row trigger makes a 100,000-row import ~10x slower. Repositories index new rows with one
-- INSERT ... SELECT per transaction instead (crm/sqlite_contacts.cpp, index_new_contacts).
CREATE TRIGGER contacts_fts_ad AFTER DELETE ON contacts BEGIN
  INSERT INTO contacts_fts(contacts_fts, rowid, first_name, last_name, email, phone, notes)
  VALUES ('delete', old.id, old.first_name, old.last_name, old.email, old.phone, old.notes);
END;
CREATE TRIGGER contacts_fts_au AFTER UPDATE ON contacts BEGIN
  INSERT INTO contacts_fts(contacts_fts, rowid, first_name, last_name, email, phone, notes)
  VALUES ('delete', old.id, old.first_name, old.last_name, old.email, old.phone, old.notes);
  INSERT INTO contacts_fts(rowid, first_name, last_name, email, phone, notes)
  VALUES (new.id, new.first_name, new.last_name, new.email, new.phone, new.notes);
END;
)sql";

}  // namespace

const std::vector<Migration>& migrations() {
  static const std::vector<Migration> kAll = {
      {1, "initial schema: orgs, clients, contacts, tags, full-text index", kInitialSchema},
  };
  return kAll;
}

}  // namespace novacrm::store
