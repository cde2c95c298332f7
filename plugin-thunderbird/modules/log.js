// Prefixed logger, so Draftbox lines stand out in Thunderbird's error console
// (Tools > Developer Tools > Error Console). Never log the bearer token.

import { DEFAULTS } from "./defaults.js";

/**
 * @param {string} scope short name of the module that logs, e.g. "background"
 * @param {{sink?: Console, debug?: boolean}} [options] sink defaults to console
 * @returns {{debug: Function, info: Function, warn: Function, error: Function}}
 */
export function createLogger(scope, { sink = console, debug = DEFAULTS.debug } = {}) {
  const prefix = scope ? `[${DEFAULTS.logPrefix}:${scope}]` : `[${DEFAULTS.logPrefix}]`;
  return {
    debug: (...args) => {
      if (debug) sink.debug(prefix, ...args);
    },
    info: (...args) => sink.info(prefix, ...args),
    warn: (...args) => sink.warn(prefix, ...args),
    error: (...args) => sink.error(prefix, ...args),
  };
}
