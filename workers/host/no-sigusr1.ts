/**
 * Imported first by the host: a SIGUSR1 listener, so that on a Node release without `--disable-sigusr1`
 * (before 22.14.0 and 23.7.0, node-features.ts) a guest that signals its host cannot open an inspector in it
 * (measured on Node 20.20 and 24.21: with a listener, SIGUSR1 starts no inspector). Harmless where the flag
 * is given too. A window remains between process start and this module, before any guest exists.
 */
process.on('SIGUSR1', () => undefined);
