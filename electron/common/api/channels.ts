/**
 * The two Electron IPC channels the UI contract travels on (electron/main, electron/preload): calls from the
 * renderer, results and events to it. One place for the names, so the two ends cannot drift apart.
 */
export const CALL_CHANNEL = 'workbench:call';
export const EVENT_CHANNEL = 'workbench:event';
