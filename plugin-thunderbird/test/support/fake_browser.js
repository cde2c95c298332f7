// A stand-in for Thunderbird's `browser` global with just the surface background.js uses.
// Events record their listeners so tests can fire them as Thunderbird would; the APIs are
// plain functions the test supplies. Nothing else of the world is imitated.

function createEvent() {
  const listeners = [];
  return {
    listeners,
    addListener(fn) {
      listeners.push(fn);
    },
    hasListener: (fn) => listeners.includes(fn),
    // Calls every listener like Thunderbird does and resolves to their results.
    fire: (...args) => Promise.all(listeners.map((fn) => fn(...args))),
  };
}

/**
 * @param {object} apis
 * @param {object} apis.local storage area for browser.storage.local
 * @param {object} apis.session storage area for browser.storage.session
 * @param {(tabId: number) => Promise<object>} apis.getComposeDetails
 * @param {(messageId: number) => Promise<object>} apis.getFull
 * @param {(tabId: number, details: object) => Promise<void>} [apis.setComposeDetails]
 */
export function createFakeBrowser({ local, session, getComposeDetails, getFull,
  setComposeDetails = async () => {}, composeAction = { enable: async () => {}, disable: async () => {} },
  messageDisplayAction = { enable: async () => {}, disable: async () => {} } }) {
  return {
    composeAction,
    messageDisplayAction,
    action: { onClicked: createEvent() },
    alarms: { onAlarm: createEvent(), create: async () => {}, clear: async () => {} },
    storage: { local, session },
    runtime: { id: "draftbox@draftbox.invalid", onMessage: createEvent(), getURL: (path) => path },
    tabs: { onCreated: createEvent(), onRemoved: createEvent(), remove: async () => {}, create: async () => {},
      query: async () => [] },
    compose: {
      getComposeDetails,
      setComposeDetails,
      onBeforeSend: createEvent(),
      onAfterSend: createEvent(),
      onAfterSave: createEvent(),
      beginNew: async () => ({ id: 900 }),
    },
    windows: { update: async () => {} },
    messages: { getFull, delete: async () => {}, query: async () => ({ messages: [] }), continueList: async () => ({ messages: [] }) },
    messageDisplay: { onMessagesDisplayed: createEvent(), open: async () => {} },
  };
}

// Every call returns a promise that never settles: code that awaits one of these before
// registering its listeners never gets to register them.
export function createStalledBrowser() {
  const never = () => new Promise(() => {});
  const stalledArea = { get: never, set: never, remove: never };
  return createFakeBrowser({
    local: stalledArea, session: stalledArea, getComposeDetails: never, getFull: never,
    composeAction: { enable: never, disable: never },
    messageDisplayAction: { enable: never, disable: never },
  });
}
