import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";

import { ErrorCode, errorMessageKey } from "../modules/daemon_client.js";
import { LOOPBACK_HOSTS } from "../modules/defaults.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const read = (path) => readFileSync(join(root, path), "utf8");

// Files that ship in the add-on: everything but tests, tooling and dependencies.
function shippedFiles(dir = root) {
  const skip = new Set(["node_modules", "test", "scripts", "dist", ".git"]);
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (skip.has(entry.name)) return [];
    const path = join(dir, entry.name);
    return entry.isDirectory() ? shippedFiles(path) : [relative(root, path)];
  });
}

const manifest = JSON.parse(read("manifest.json"));
const messages = JSON.parse(read("_locales/en/messages.json"));
const htmlFiles = shippedFiles().filter((f) => f.endsWith(".html"));
const jsFiles = shippedFiles().filter((f) => f.endsWith(".js"));

describe("manifest.json", () => {
  it("is Manifest V3 for Thunderbird 128 ESR and later, with a fixed add-on id", () => {
    assert.equal(manifest.manifest_version, 3);
    assert.equal(manifest.browser_specific_settings?.gecko?.id, "draftbox@draftbox.invalid");
    assert.equal(manifest.browser_specific_settings.gecko.strict_min_version, "128.0");
    assert.equal(manifest.default_locale, "en");
  });

  it("loads background.js as an ES module", () => {
    assert.deepEqual(manifest.background, { scripts: ["background.js"], type: "module" });
  });

  it("names only files that exist", () => {
    const referenced = [
      ...manifest.background.scripts,
      manifest.options_ui.page,
      ...Object.values(manifest.icons),
      manifest.compose_action.default_popup,
      manifest.message_display_action.default_popup.split("?")[0],
      manifest.action.default_icon,
    ];
    for (const path of referenced) assert.ok(existsSync(join(root, path)), `${path} is missing`);
  });

  it("shows the panel in the compose window and, for drafts shown from Drafts, in the message view", () => {
    assert.equal(manifest.compose_action.default_popup, "panel/panel.html");
    assert.equal(manifest.message_display_action.default_popup, "panel/panel.html?context=message");
  });

  it("opens the review queue from a main-window button with no popup", () => {
    assert.equal(manifest.action.default_popup, undefined);
    assert.ok(existsSync(join(root, "queue/queue.html")));
  });

  it("asks for the permissions it uses and no others", () => {
    assert.deepEqual([...manifest.permissions].sort(), ["alarms", "compose", "messagesDelete", "messagesRead", "nativeMessaging", "storage"]);
  });

  it("has a host permission for every loopback name the client accepts, and nothing wider", () => {
    assert.deepEqual([...manifest.host_permissions].sort(), LOOPBACK_HOSTS.map((h) => `http://${h}/*`).sort());
  });
});

describe("_locales/en/messages.json", () => {
  const keys = new Set(Object.keys(messages));

  it("gives every string a message and a description for translators", () => {
    for (const [key, entry] of Object.entries(messages)) {
      assert.equal(typeof entry.message, "string", `${key}.message`);
      assert.ok(entry.message.length > 0, `${key}.message is empty`);
      assert.equal(typeof entry.description, "string", `${key}.description`);
    }
  });

  it("defines every __MSG_x__ used in the manifest and HTML", () => {
    const sources = [["manifest.json", read("manifest.json")], ...htmlFiles.map((f) => [f, read(f)])];
    let seen = 0;
    for (const [file, text] of sources) {
      for (const [, key] of text.matchAll(/__MSG_([A-Za-z0-9_@]+)__/g)) {
        seen += 1;
        assert.ok(keys.has(key), `${file} uses __MSG_${key}__, which _locales/en lacks`);
      }
    }
    assert.ok(seen >= 2, "the manifest's name and description are localized");
  });

  it("defines every data-i18n key used in the HTML", () => {
    let seen = 0;
    for (const file of htmlFiles) {
      for (const [, key] of read(file).matchAll(/data-i18n="([^"]+)"/g)) {
        seen += 1;
        assert.ok(keys.has(key), `${file} uses data-i18n="${key}", which _locales/en lacks`);
      }
    }
    assert.ok(seen > 0, "the settings page is localized");
  });

  it("defines every key the scripts ask for", () => {
    for (const file of jsFiles) {
      for (const [, key] of read(file).matchAll(/\bt\(\s*"([^"]+)"/g)) {
        assert.ok(keys.has(key), `${file} asks for "${key}", which _locales/en lacks`);
      }
    }
    for (const code of [...Object.values(ErrorCode), "forbidden", "conflict"]) {
      const key = errorMessageKey(code);
      assert.ok(keys.has(key), `error code ${code} maps to missing key ${key}`);
    }
  });

  it("has no string that nothing uses", () => {
    const everything = [read("manifest.json"), ...htmlFiles.map(read), ...jsFiles.map(read)].join("\n");
    for (const key of keys) {
      const used = everything.includes(`__MSG_${key}__`) || everything.includes(`"${key}"`);
      assert.ok(used, `_locales/en has "${key}", but nothing uses it`);
    }
  });
});

describe("_locales/de/messages.json", () => {
  const de = JSON.parse(read("_locales/de/messages.json"));

  it("translates exactly the strings of _locales/en, with the same placeholders", () => {
    assert.deepEqual(Object.keys(de).sort(), Object.keys(messages).sort());
    for (const [key, entry] of Object.entries(messages)) {
      assert.ok(de[key].message.length > 0, `de ${key} is empty`);
      assert.deepEqual(de[key].placeholders ?? null, entry.placeholders ?? null, `de ${key} placeholders`);
      for (const name of Object.keys(entry.placeholders ?? {})) {
        assert.ok(de[key].message.includes(`$${name.toUpperCase()}$`), `de ${key} uses $${name.toUpperCase()}$`);
      }
    }
  });
});

describe("compose_action", () => {
  it("opens the panel page from the compose window", () => {
    assert.equal(manifest.compose_action.default_popup, "panel/panel.html");
    assert.ok(existsSync(join(root, manifest.compose_action.default_popup)));
  });
});
