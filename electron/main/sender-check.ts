/**
 * The one check every IPC message from a renderer passes before the contract sees it: it must come from
 * the main window's own top frame, showing the app's own page. Pure, so it is tested without Electron.
 */

export interface SenderFacts {
  /** The id of the webContents that sent the message. */
  readonly senderId: number;
  /** The URL of the frame that sent it (undefined when the frame is gone). */
  readonly frameUrl: string | undefined;
  /** Whether that frame is the top frame (not an iframe). */
  readonly isMainFrame: boolean;
}

export function isTrustedSender(facts: SenderFacts, mainWindowId: number | undefined, appUrlPrefix: string): boolean {
  if (mainWindowId === undefined || facts.senderId !== mainWindowId) return false;
  if (!facts.isMainFrame || facts.frameUrl === undefined) return false;
  return (
    facts.frameUrl === appUrlPrefix ||
    facts.frameUrl.startsWith(appUrlPrefix.endsWith('/') ? appUrlPrefix : `${appUrlPrefix}/`) ||
    facts.frameUrl.startsWith(`${appUrlPrefix}?`) ||
    facts.frameUrl.startsWith(`${appUrlPrefix}#`)
  );
}
