// The encoding API exists in every runtime common code runs in (Node, Chromium, Electron) but is not part
// of the ES lib. Declared here for the common-only type-check; the Node and DOM builds use their own lib.
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean });
  decode(input?: Uint8Array): string;
}
