#include "store/migrations.h"

#include <array>

#include "store/database.h"

namespace draftbox {
namespace {

// Conventions for every table (store/README.md):
// - times are unix seconds (INTEGER); calendar dates from imported data are 'YYYY-MM-DD' text;
// - optional text is NOT NULL DEFAULT '' (empty means unknown), so readers need no NULL case;
//   NULL is kept for ids and times that do not exist yet (placed_at, imap_uid, ...);
// - JSON columns carry a CHECK that they hold the JSON type readers expect.

// Who we write to and what we know about them (DESIGN.md "Recipients"), and who we must not
// write to (DESIGN.md "Campaign", step 1).
constexpr std::string_view kRecipientsSql = R"sql(
CREATE TABLE recipients (
  id             INTEGER PRIMARY KEY,
  -- Normalised by the importer (trimmed, lower-case) so that re-import matches by email.
  email          TEXT NOT NULL UNIQUE
                 CHECK (email = lower(trim(email)) AND email LIKE '%_@_%'),
  name           TEXT NOT NULL DEFAULT '',
  first_name     TEXT NOT NULL DEFAULT '',
  last_name      TEXT NOT NULL DEFAULT '',
  role           TEXT NOT NULL DEFAULT '',
  company        TEXT NOT NULL DEFAULT '',
  company_domain TEXT NOT NULL DEFAULT '',
  country        TEXT NOT NULL DEFAULT '',
  language       TEXT NOT NULL DEFAULT '',
  timezone       TEXT NOT NULL DEFAULT '',
  tags           TEXT NOT NULL DEFAULT '[]'
                 CHECK (json_valid(tags) AND json_type(tags) = 'array'),
  account_state  TEXT NOT NULL DEFAULT '',  -- prospect | customer | churned | ... (open set)
  plan           TEXT NOT NULL DEFAULT '',
  renewal_date   TEXT NOT NULL DEFAULT ''
                 CHECK (renewal_date = '' OR date(renewal_date) IS renewal_date),
  health         TEXT NOT NULL DEFAULT '',
  owner          TEXT NOT NULL DEFAULT '',
  consent        TEXT NOT NULL DEFAULT '{}'
                 CHECK (json_valid(consent) AND json_type(consent) = 'object'),
  custom         TEXT NOT NULL DEFAULT '{}'  -- unknown import columns, by header name
                 CHECK (json_valid(custom) AND json_type(custom) = 'object'),
  created_at     INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL
);
CREATE INDEX recipients_company_domain ON recipients (company_domain);
CREATE INDEX recipients_account_state ON recipients (account_state);

-- Facts about a recipient. Re-import adds new rows and ignores ones already known (the UNIQUE
-- key), so history is kept and never doubled.
CREATE TABLE activities (
  id           INTEGER PRIMARY KEY,
  recipient_id INTEGER NOT NULL REFERENCES recipients (id) ON DELETE CASCADE,
  type         TEXT NOT NULL CHECK (type <> ''),  -- job_change | funding | ... (open set)
  date         TEXT NOT NULL DEFAULT '' CHECK (date = '' OR date(date) IS date),
  summary      TEXT NOT NULL DEFAULT '',
  source       TEXT NOT NULL DEFAULT '',
  imported_at  INTEGER NOT NULL,
  UNIQUE (recipient_id, type, date, summary)
);
-- Targeting by activity_types and activity_within_days.
CREATE INDEX activities_type_date ON activities (type, date);

-- value: an address, a domain (no '@'), or a recipient id in decimal, always lower-case so a
-- lookup is one equality test.
CREATE TABLE suppressions (
  id         INTEGER PRIMARY KEY,
  kind       TEXT NOT NULL CHECK (kind IN ('address', 'domain', 'recipient')),
  value      TEXT NOT NULL CHECK (value <> '' AND value = lower(trim(value))),
  reason     TEXT NOT NULL DEFAULT '',
  source     TEXT NOT NULL DEFAULT '',  -- manual | import | bounce | unsubscribe | reject ...
  created_at INTEGER NOT NULL,
  UNIQUE (kind, value)
);
)sql";

// What the sender wants (DESIGN.md "Campaign") and what came of it ("Draft states").
constexpr std::string_view kCampaignsSql = R"sql(
CREATE TABLE campaigns (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL CHECK (name <> ''),
  kind       TEXT NOT NULL CHECK (kind IN ('outreach', 'check_in', 'milestone')),
  spec       TEXT NOT NULL  -- the validated campaign TOML, as a JSON object
             CHECK (json_valid(spec) AND json_type(spec) = 'object'),
  created_at INTEGER NOT NULL
);

CREATE TABLE campaign_runs (
  id          INTEGER PRIMARY KEY,
  campaign_id INTEGER NOT NULL REFERENCES campaigns (id),
  started_at  INTEGER NOT NULL,
  finished_at INTEGER,  -- NULL while running, or if the daemon died mid-run
  dry_run     INTEGER NOT NULL DEFAULT 0 CHECK (dry_run IN (0, 1)),
  counts      TEXT NOT NULL DEFAULT '{}'  -- {"placed": n, "skipped": n, ...}
              CHECK (json_valid(counts) AND json_type(counts) = 'object')
);
CREATE INDEX campaign_runs_campaign ON campaign_runs (campaign_id, id);

CREATE TABLE drafts (
  id                INTEGER PRIMARY KEY,
  campaign_id       INTEGER NOT NULL REFERENCES campaigns (id),
  recipient_id      INTEGER NOT NULL REFERENCES recipients (id),
  run_id            INTEGER REFERENCES campaign_runs (id),  -- NULL for a regenerated draft
  state             TEXT NOT NULL CHECK (state IN (
                      'generated', 'placed', 'sent', 'replied', 'bounced', 'unsubscribed',
                      'no_reply', 'regenerated', 'rejected', 'vanished', 'skipped',
                      'needs_attention')),
  reason            TEXT NOT NULL DEFAULT '',  -- why skipped / rejected / needs_attention
  subject           TEXT NOT NULL DEFAULT '',
  body              TEXT NOT NULL DEFAULT '',
  facts_used        TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(facts_used)),
  message_id        TEXT,  -- the Message-ID we gave the draft in Drafts
  sent_message_id   TEXT,  -- the Message-ID of the sent copy; replies refer to this one
  imap_folder       TEXT,
  imap_uid          INTEGER,
  imap_uid_validity INTEGER,
  supersedes        INTEGER REFERENCES drafts (id),  -- the draft this one regenerated
  created_at        INTEGER NOT NULL,
  updated_at        INTEGER NOT NULL,
  placed_at         INTEGER,
  sent_at           INTEGER
);
-- One email at a time per recipient, across campaigns: at most one draft that is still open
-- (composed or waiting in Drafts). A second run, a crash and retry, or two campaigns racing
-- cannot make a second one; regenerating must close the old draft before inserting the new.
CREATE UNIQUE INDEX drafts_one_open_per_recipient ON drafts (recipient_id)
  WHERE state IN ('generated', 'placed');
CREATE UNIQUE INDEX drafts_message_id ON drafts (message_id) WHERE message_id IS NOT NULL;
CREATE INDEX drafts_sent_message_id ON drafts (sent_message_id)
  WHERE sent_message_id IS NOT NULL;
CREATE INDEX drafts_campaign_state ON drafts (campaign_id, state);
CREATE INDEX drafts_recipient ON drafts (recipient_id, sent_at);  -- cool-down after a send
CREATE INDEX drafts_state ON drafts (state);
CREATE INDEX drafts_imap ON drafts (imap_folder, imap_uid_validity, imap_uid)
  WHERE imap_uid IS NOT NULL;
)sql";

// The signals (DESIGN.md "Signals") and where the mailbox watcher left off.
constexpr std::string_view kEventsSql = R"sql(
-- AUTOINCREMENT: ids are never reused, even if the newest rows are removed by hand, so a
-- reader's "since N" cursor never skips or repeats an event.
CREATE TABLE events (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  time         INTEGER NOT NULL,
  type         TEXT NOT NULL CHECK (type <> ''),
  -- No foreign keys: the log outlives and must not block changes to the rows it names.
  draft_id     INTEGER,
  recipient_id INTEGER,
  campaign_id  INTEGER,
  payload      TEXT NOT NULL DEFAULT '{}'
               CHECK (json_valid(payload) AND json_type(payload) = 'object')
);
CREATE INDEX events_type ON events (type, id);
CREATE INDEX events_draft ON events (draft_id) WHERE draft_id IS NOT NULL;
CREATE INDEX events_recipient ON events (recipient_id) WHERE recipient_id IS NOT NULL;
CREATE INDEX events_campaign ON events (campaign_id) WHERE campaign_id IS NOT NULL;

CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN
  SELECT RAISE(ABORT, 'events are append-only: UPDATE refused');
END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN
  SELECT RAISE(ABORT, 'events are append-only: DELETE refused');
END;

-- Per watched folder: what the watcher has already seen, so a restart resumes without losing
-- or doubling events; a changed uid_validity means start the folder over.
CREATE TABLE mailbox_state (
  folder         TEXT PRIMARY KEY,
  uid_validity   INTEGER NOT NULL,
  last_uid       INTEGER NOT NULL DEFAULT 0,
  highest_modseq INTEGER NOT NULL DEFAULT 0,
  updated_at     INTEGER NOT NULL
);
)sql";

// What the campaign runner, regenerate and reject need beyond migration 2: a run's outcome and
// what started it, and per draft the address it was written to, the language, when it left the
// Drafts folder, and which trigger event it answers (so a trigger fires once per event).
constexpr std::string_view kRunnerSql = R"sql(
ALTER TABLE campaign_runs ADD COLUMN state TEXT NOT NULL DEFAULT 'running'
  CHECK (state IN ('running', 'finished', 'failed', 'interrupted'));
ALTER TABLE campaign_runs ADD COLUMN error TEXT NOT NULL DEFAULT '';
-- Runs from before this migration that did finish are not "running".
UPDATE campaign_runs SET state = 'finished' WHERE finished_at IS NOT NULL;
-- '' for a run a person started; 'import' or 'schedule' for a trigger evaluation.
ALTER TABLE campaign_runs ADD COLUMN started_by TEXT NOT NULL DEFAULT '';

ALTER TABLE drafts ADD COLUMN to_address TEXT NOT NULL DEFAULT '';
ALTER TABLE drafts ADD COLUMN language TEXT NOT NULL DEFAULT '';
ALTER TABLE drafts ADD COLUMN instruction TEXT NOT NULL DEFAULT '';  -- from Regenerate
-- When the message was removed from Drafts (regenerated, rejected); NULL while it is there.
ALTER TABLE drafts ADD COLUMN removed_at INTEGER;
-- '' for a manual run; 'activity:<id>' or 'cadence:<YYYY-MM-DD>' for a triggered draft.
ALTER TABLE drafts ADD COLUMN trigger_key TEXT NOT NULL DEFAULT '';
CREATE INDEX drafts_campaign_recipient ON drafts (campaign_id, recipient_id);
)sql";

// What the mailbox watcher needs to never double an event: each incoming or sent message it has
// acted on, by a key that survives a UIDVALIDITY change (its Message-ID, else a hash of it).
constexpr std::string_view kWatcherSql = R"sql(
CREATE TABLE processed_messages (
  message_key  TEXT PRIMARY KEY,
  folder       TEXT NOT NULL,
  kind         TEXT NOT NULL DEFAULT '',  -- sent | reply | bounce | auto_reply | ...
  draft_id     INTEGER,
  processed_at INTEGER NOT NULL
);
-- What was actually sent, for the edit measure and as examples of the sender's own wording.
ALTER TABLE drafts ADD COLUMN sent_subject TEXT NOT NULL DEFAULT '';
ALTER TABLE drafts ADD COLUMN sent_body TEXT NOT NULL DEFAULT '';
)sql";

// Replies that may ask to stop (classify/opt_out_detector.h "possible"): held for a person to
// confirm or dismiss; while one is pending no new draft goes to its address. One row per reply
// (message_key as in processed_messages), so reading the reply again never opens a second.
constexpr std::string_view kOptOutReviewsSql = R"sql(
CREATE TABLE opt_out_reviews (
  id             INTEGER PRIMARY KEY,
  email          TEXT NOT NULL CHECK (email <> '' AND email = lower(trim(email))),
  -- No foreign keys, as for events: a review outlives the rows it names.
  recipient_id   INTEGER,
  draft_id       INTEGER,
  message_key    TEXT NOT NULL UNIQUE,
  message_id     TEXT NOT NULL DEFAULT '',
  folder         TEXT NOT NULL DEFAULT '',
  uid            INTEGER NOT NULL DEFAULT 0,
  excerpt        TEXT NOT NULL DEFAULT '',
  phrase         TEXT NOT NULL DEFAULT '',
  state          TEXT NOT NULL DEFAULT 'pending'
                 CHECK (state IN ('pending', 'confirmed', 'dismissed')),
  created_at     INTEGER NOT NULL,
  decided_at     INTEGER,
  suppression_id INTEGER
);
-- The check before composing: is anything pending for this address or recipient?
CREATE INDEX opt_out_reviews_pending_email ON opt_out_reviews (email) WHERE state = 'pending';
CREATE INDEX opt_out_reviews_pending_recipient ON opt_out_reviews (recipient_id)
  WHERE state = 'pending';
)sql";

constexpr char kModelPromptSql[] = R"sql(
-- Exactly what was sent to a model for a draft's text ('' when no model was asked), so the
-- sender can see what left the machine (`draftbox drafts show --prompt`).
ALTER TABLE drafts ADD COLUMN prompt TEXT NOT NULL DEFAULT '';
)sql";

constexpr char kOptOutOpinionSql[] = R"sql(
-- A model's second opinion on a possible opt-out ('' when none was asked or none came): what
-- the rep sees beside the reply. A "yes" never gets here: the sender is suppressed instead.
ALTER TABLE opt_out_reviews ADD COLUMN model_opinion TEXT NOT NULL DEFAULT ''
  CHECK (model_opinion IN ('', 'no', 'unclear'));
ALTER TABLE opt_out_reviews ADD COLUMN model_reason TEXT NOT NULL DEFAULT '';
)sql";

constexpr std::array kMigrations = {
    Migration{1, "recipients, activities and suppressions", kRecipientsSql},
    Migration{2, "campaigns, runs and drafts", kCampaignsSql},
    Migration{3, "event log and mailbox state", kEventsSql},
    Migration{4, "run outcomes and draft placement details", kRunnerSql},
    Migration{5, "messages the watcher has acted on", kWatcherSql},
    Migration{6, "possible opt-outs awaiting review", kOptOutReviewsSql},
    Migration{7, "the prompt sent to a model per draft", kModelPromptSql},
    Migration{8, "a model's second opinion on a possible opt-out", kOptOutOpinionSql},
};

}  // namespace

const int Database::kSchemaVersion = kMigrations.back().version;

std::span<const Migration> SchemaMigrations() { return kMigrations; }

}  // namespace draftbox
