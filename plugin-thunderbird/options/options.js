// Settings page: daemon address and token, the fallback for when the token is not
// supplied automatically (by IT policy or the native host; modules/settings.js), and a line
// saying which source is in use. "Test connection" checks the values in the form, saved or not.

import { createDaemonClient, errorMessageKey, hostPermissionFor, validateDaemonUrl } from "../modules/daemon_client.js";
import { createLogger } from "../modules/log.js";
import { localizePage } from "../modules/i18n.js";
import { createSettingsStore } from "../modules/settings.js";

const t = (key, ...subs) => browser.i18n.getMessage(key, subs);
const log = createLogger("options");
const settings = createSettingsStore(browser.storage.local);
const form = document.getElementById("settings");
const urlInput = document.getElementById("daemonUrl");
const tokenInput = document.getElementById("token");
const status = document.getElementById("status");
const source = document.getElementById("source");
const SOURCE_MESSAGES = {
  managed: "optionsSourceManaged",
  native: "optionsSourceNative",
  local: "optionsSourceLocal",
  none: "optionsSourceNone",
};

function showStatus(text, kind = "") {
  status.textContent = text;
  status.className = kind;
}

function describeError(error) {
  const key = errorMessageKey(error.code);
  return key === "errorDaemon" ? t(key, error.message) : t(key);
}

function formValues() {
  return { daemonUrl: urlInput.value.trim(), token: tokenInput.value.trim() };
}

// Asks for the host permission of the daemon address. Thunderbird only shows the prompt
// from a user action, so this must be the first call in a click/submit handler.
function requestHostPermission(daemonUrl) {
  const origin = hostPermissionFor(daemonUrl);
  if (!origin) return Promise.resolve(true); // invalid address: validation reports it
  return browser.permissions.request({ origins: [origin] }).catch((e) => {
    log.warn("permission request failed:", e?.message ?? e);
    return false;
  });
}

async function save(event) {
  event.preventDefault();
  const values = formValues();
  const permitted = requestHostPermission(values.daemonUrl);
  const valid = validateDaemonUrl(values.daemonUrl);
  if (!valid.ok) {
    showStatus(describeError(valid.error), "error");
    return;
  }
  try {
    await settings.save({ daemonUrl: valid.data, token: values.token });
  } catch (e) {
    log.error("saving settings failed:", e?.message ?? e);
    showStatus(t("optionsSaveFailed"), "error");
    return;
  }
  urlInput.value = valid.data;
  if (await permitted) {
    showStatus(t("optionsSaved"), "ok");
  } else {
    showStatus(t("optionsPermissionDenied"), "error");
  }
}

async function testConnection() {
  const values = formValues();
  const permitted = requestHostPermission(values.daemonUrl);
  showStatus(t("optionsTesting"));
  if (!(await permitted)) {
    showStatus(t("optionsPermissionDenied"), "error");
    return;
  }
  const client = createDaemonClient({
    fetch: (...args) => globalThis.fetch(...args),
    loadSettings: async () => values,
  });
  const result = await client.health();
  if (result.ok) {
    showStatus(t("optionsTestOk"), "ok");
  } else {
    log.info("connection test failed:", result.error.code, result.error.message);
    showStatus(describeError(result.error), "error");
  }
}

form.addEventListener("submit", save);
document.getElementById("test").addEventListener("click", testConnection);
localizePage(document, (key) => t(key));
settings.loadSaved().then(
  (saved) => {
    urlInput.value = saved.daemonUrl;
    tokenInput.value = saved.token;
  },
  (e) => log.error("loading settings failed:", e?.message ?? e),
);
settings.load().then(
  (active) => {
    source.textContent = t(SOURCE_MESSAGES[active.source] ?? "optionsSourceNone");
  },
  (e) => log.error("loading settings failed:", e?.message ?? e),
);
