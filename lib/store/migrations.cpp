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

// The audit trail (issue 4): append-only. The triggers make the database itself refuse UPDATE
// and DELETE, so no code path of novacrm (nor a careless sqlite3 session) can rewrite history;
// someone who edits the file by other means is caught by `audit verify` (hash chain, signed
// Merkle checkpoints).
constexpr std::string_view kAuditSchema = R"sql(
CREATE TABLE audit_records (
  seq       INTEGER PRIMARY KEY,    -- 1, 2, 3 ... without gaps
  id        TEXT NOT NULL UNIQUE,   -- random, for people and URLs
  time      TEXT NOT NULL,          -- RFC 3339 UTC
  action    TEXT NOT NULL,
  subject   TEXT NOT NULL,
  org       TEXT NOT NULL,
  decision  TEXT,                   -- allow|warn|block|escalate, for checks and redactions
  record    TEXT NOT NULL,          -- the canonical JSON the hash covers (lib/audit/record.hpp)
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL UNIQUE
);
CREATE INDEX audit_records_time ON audit_records(time);
CREATE INDEX audit_records_action ON audit_records(action, seq);
CREATE TRIGGER audit_records_no_update BEFORE UPDATE ON audit_records
BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;
CREATE TRIGGER audit_records_no_delete BEFORE DELETE ON audit_records
BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;

-- Signed checkpoints (docs/adr/0008): the tree head of the first `size` records, signed by the
-- workspace's audit key. `compact` caches the compact range of those leaves (hex hashes joined by
-- ','), so the next checkpoint only reads the records appended since; `audit verify` never
-- trusts it and rebuilds every root from the records.
CREATE TABLE audit_checkpoints (
  size    INTEGER PRIMARY KEY,  -- records covered: seq 1..size
  root    TEXT NOT NULL,        -- hex Merkle root (RFC 6962) over the records' hashes
  time    TEXT NOT NULL,
  key_id  TEXT NOT NULL,        -- PASERK k4.pid of the audit key that signed it
  note    TEXT NOT NULL,        -- the C2SP signed note (tlog-checkpoint body)
  compact TEXT NOT NULL         -- compact range of the first `size` leaves
);
CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE ON audit_checkpoints
BEGIN SELECT RAISE(ABORT, 'audit checkpoints are append-only'); END;
CREATE TRIGGER audit_checkpoints_no_delete BEFORE DELETE ON audit_checkpoints
BEGIN SELECT RAISE(ABORT, 'audit checkpoints are append-only'); END;

-- The workspace's identity: `id` names the log in checkpoints (origin "novacrm/<id>").
CREATE TABLE workspace_meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
INSERT INTO workspace_meta (key, value) VALUES ('id', lower(hex(randomblob(8))));

-- Ed25519 signing keys by purpose (audit checkpoints, tokens). The key material lives in files
-- (keys/<id>.pub, keys/<id>.secret 0600); a retired key keeps its public file so what it signed
-- still verifies. At most one active key per purpose.
CREATE TABLE signing_keys (
  id         TEXT PRIMARY KEY,  -- PASERK k4.pid
  purpose    TEXT NOT NULL CHECK (purpose IN ('audit', 'token')),
  created_at TEXT NOT NULL,
  retired_at TEXT
);
CREATE UNIQUE INDEX signing_keys_active ON signing_keys(purpose) WHERE retired_at IS NULL;
)sql";

// Every policy `policy apply` made active, with its text and hash; the latest row is the active
// one. Append-only, like the audit trail that records each change.
constexpr std::string_view kPolicySchema = R"sql(
CREATE TABLE policy_versions (
  version    INTEGER PRIMARY KEY,  -- 1, 2, 3 ...
  policy_id  TEXT NOT NULL,
  sha256     TEXT NOT NULL,        -- hex SHA-256 of text
  text       TEXT NOT NULL,        -- the YAML as applied
  checkpoint_interval INTEGER NOT NULL,  -- its audit.checkpoint_interval, read on every open
  applied_at TEXT NOT NULL,        -- RFC 3339 UTC
  applied_by TEXT NOT NULL         -- the actor's subject
);
CREATE TRIGGER policy_versions_no_update BEFORE UPDATE ON policy_versions
BEGIN SELECT RAISE(ABORT, 'policy versions are append-only'); END;
CREATE TRIGGER policy_versions_no_delete BEFORE DELETE ON policy_versions
BEGIN SELECT RAISE(ABORT, 'policy versions are append-only'); END;
)sql";

// Tokens issued by the workspace (issue 5): their metadata only, never the token string, so the
// database holds no credential. A jti absent from this table is refused ("unknown token").
constexpr std::string_view kTokenSchema = R"sql(
CREATE TABLE tokens (
  jti        TEXT PRIMARY KEY,  -- 32 hex digits, the token's id
  sub        TEXT NOT NULL,
  role       TEXT NOT NULL CHECK (role IN ('admin', 'manager', 'analyst', 'viewer')),
  org        TEXT NOT NULL,
  scopes     TEXT NOT NULL DEFAULT '[]',  -- JSON array of strings
  issued_at  TEXT NOT NULL,  -- RFC 3339 UTC
  expires_at TEXT NOT NULL,
  key_id     TEXT NOT NULL,  -- PASERK k4.pid of the token key that signed it
  revoked_at TEXT,
  revoked_by TEXT            -- the revoking actor's subject
);
)sql";

}  // namespace

const std::vector<Migration>& migrations() {
  static const std::vector<Migration> kAll = {
      {1, "initial schema: orgs, clients, contacts, tags, full-text index", kInitialSchema},
      {2, "audit trail: append-only records, checkpoints, workspace id, signing keys",
       kAuditSchema},
      {3, "policy versions: every applied policy with its hash", kPolicySchema},
      {4, "tokens: metadata of issued tokens, for listing and revocation", kTokenSchema},
  };
  return kAll;
}

}  // namespace novacrm::store
