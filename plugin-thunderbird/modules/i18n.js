// Fills in UI strings from _locales: an element with data-i18n="key" gets that message as
// its text, one with data-i18n-placeholder="key" that message as its placeholder.
// (Thunderbird substitutes __MSG_key__ only in the manifest and CSS, not in HTML.)

/**
 * @param {ParentNode} root document or element to localize
 * @param {(key: string) => string} getMessage e.g. browser.i18n.getMessage
 */
export function localizePage(root, getMessage) {
  for (const element of root.querySelectorAll("[data-i18n]")) {
    const text = getMessage(element.dataset.i18n);
    if (text) element.textContent = text;
  }
  for (const element of root.querySelectorAll("[data-i18n-placeholder]")) {
    const text = getMessage(element.dataset.i18nPlaceholder);
    if (text) element.placeholder = text;
  }
}
