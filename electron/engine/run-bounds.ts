/**
 * A run's time bounds — how long a host has to connect and to start its guest, how long a stop may take before
 * the host is killed — and the notes of frames only the host's own code could have sent.
 */

/** After asking the host to stop a guest, how long before the supervisor kills the host instead. */
// 1 s, not 250 ms: a contained host on a loaded 2-core machine can take longer than 250 ms to act on `stop`, and
// killing it then blames the host for a stop its driver would have made (the bench measures stop times).
export const STOP_GRACE_MS = 1000;
/** How long a host may take from spawn to an authenticated connection, at most. */
export const HOST_HANDSHAKE_TIMEOUT_MS = 15_000;
/**
 * The least time a host gets to connect, however short the run's deadline (that of a default run): start-up
 * takes ~0.2 s here, but seconds when many hosts start at once on a loaded machine (2 s was too little for
 * 20 hosts starting at once here), and a slow start must not fail a run with a short deadline.
 */
export const MIN_HOST_HANDSHAKE_MS = 10_000;
/**
 * Once its host is in, how long a run waits for the host's pid to appear in the process trace (strace's output
 * is read from a pipe, and lags behind the host's connection on a loaded machine). Past it the run goes on
 * without sampling the host, and says so.
 */
export const HOST_PID_WAIT_MS = 3000;
/** How long past the deadline an evaluator with its own timeout has before the supervisor stops the run. */
export const EVALUATOR_GRACE_MS = 100;
/** How long before the supervisor's deadline a host's `stopped` still counts (an evaluator's deadline comes first). */
export const STOPPED_EARLY_MS = 5;
/** After the host is gone, how long to wait for its stdout/stderr to drain. */
export const DRAIN_TIMEOUT_MS = 1000;
/**
 * The note of an `end` frame without the run's key: only the host's own code holds that key, so whoever
 * wrote the frame was not the host's code (a guest writing onto the host's connection, most likely).
 */
export const FORGED_END_NOTE =
  "breach of the workbench: a frame claiming to end the run did not carry the host's key (something other than the host's code wrote onto its connection)";

export const FORGED_STOPPED_NOTE =
  "breach of the workbench: a frame claiming the guest had stopped did not carry the host's key (something other than the host's code wrote onto its connection)";

export const FORGED_RUNNING_NOTE =
  "breach of the workbench: a frame claiming the guest had started did not carry the host's key (something other than the host's code wrote onto its connection)";

/**
 * How long a host has, once asked to run, to get its guest going (a thread up, a child connected back):
 * the same bounds as the handshake. Past it the run stops as a timeout, with a note that says why.
 */
export function guestStartBoundMs(timeoutMs: number): number {
  return hostHandshakeMs(timeoutMs);
}

/** How long a run waits for its host to connect: its own deadline, clamped to the two handshake bounds. */
export function hostHandshakeMs(timeoutMs: number): number {
  return Math.min(HOST_HANDSHAKE_TIMEOUT_MS, Math.max(MIN_HOST_HANDSHAKE_MS, timeoutMs));
}
