// Every default the add-on uses, in one place, so IT and tests see them at a glance.
// Values here are fallbacks: what a user saves on the settings page wins.

export const DEFAULTS = Object.freeze({
  // Matches `[daemon] listen` in the daemon's config. Loopback only, by design.
  daemonUrl: "http://127.0.0.1:7411",
  // A local daemon answers in milliseconds; 5 s covers a busy machine without leaving
  // a send report hanging for long.
  requestTimeoutMs: 5000,
  // The settings page's "Test connection" should answer quickly either way.
  healthTimeoutMs: 2000,
  // A send report the daemon could not take is tried again this often while any is kept:
  // often enough that a restarted daemon hears of a send within a minute, rare enough to
  // cost nothing while it stays down.
  reportRetryMinutes: 0.5,
  reportRetryAlarm: "draftbox-send-reports",
  // Regenerate and Reject run as daemon operations: the client long-polls in steps of this
  // many seconds (the daemon's limit is 30), and gives up after two minutes (a local model
  // may take a while to write a new text, but a rep should not wait longer).
  operationPollSeconds: 25,
  operationMaxWaitMs: 120000,
  // Drafts the review queue lists at once (the daemon's page limit is larger).
  queuePageSize: 200,
  // The native messaging host that pairs the add-on with the daemon (`draftbox native-host`,
  // manifest draftbox.json; docs/addon.md).
  nativeHostName: "draftbox",
  // After the host failed (not installed, daemon not set up), ask again only this much later:
  // each ask starts a process, and the settings page's values serve meanwhile.
  nativeRetryMs: 60000,
  logPrefix: "Draftbox",
  debug: false,
});

// Keys in browser.storage.local: the settings page's, and the send reports kept for later.
export const STORAGE_KEYS = Object.freeze({
  daemonUrl: "daemonUrl",
  token: "token",
  pendingReports: "pendingSendReports",
  // Prefix of the text a draft had before the panel's Regenerate, per draft id.
  previousText: "previousText:",
});

// Hosts the add-on may talk to; each needs a matching entry in manifest host_permissions.
export const LOOPBACK_HOSTS = Object.freeze(["127.0.0.1", "localhost"]);

// Header the daemon puts on every draft it appends (DESIGN.md, "Running a campaign").
export const DRAFT_ID_HEADER = "x-draftbox-id";
// The same header as the add-on writes it back into a compose window.
export const DRAFT_ID_HEADER_NAME = "X-Draftbox-Id";
// Every header with this prefix is the add-on's business and must never reach a recipient.
export const DRAFTBOX_HEADER_PREFIX = "x-draftbox-";
