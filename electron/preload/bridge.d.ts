/**
 * What the preload exposes as `window.workbench` (electron/preload/index.ts): the renderer includes this file
 * (tsconfig.web.json), so both sides are checked against one declaration.
 */
import type { WireMessage } from '../common/api/contract.ts';

export interface PreloadBridge {
  /** Send one contract message (a call) to the main process. */
  call(message: WireMessage): void;
  /** Hear every contract message (results, events) from the main process; returns the unsubscribe. */
  subscribe(listener: (message: WireMessage) => void): () => void;
}

declare global {
  interface Window {
    /** Present in the desktop app only; browser mode talks over a WebSocket instead. */
    workbench?: PreloadBridge;
  }
}
