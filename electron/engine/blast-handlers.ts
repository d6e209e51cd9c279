/**
 * The UI contract's blast-radius methods: start an experiment (electron/engine/blast.ts) and stream its state,
 * stop one. A page that goes away stops what it started.
 */
import { randomUUID } from 'node:crypto';
import type { ApiServer, Handlers } from '../common/api/server.ts';
import { runBlast } from './blast.ts';
import type { Supervisor } from './supervisor.ts';

/** Experiments one client may run at once (a side-by-side pair, with room for one more). */
const MAX_LIVE = 3;

export function createBlastHandlers(
  supervisor: Supervisor,
  events: () => Pick<ApiServer, 'emit'> | undefined,
): Pick<Handlers, 'startBlast' | 'stopBlast'> & { stopAll(): void } {
  const live = new Map<string, AbortController>();
  return {
    startBlast: (args) => {
      if (live.size >= MAX_LIVE) throw new Error(`at most ${MAX_LIVE} experiments at once`);
      const id = randomUUID();
      const abort = new AbortController();
      live.set(id, abort);
      void runBlast(
        {
          boundary: args.boundary,
          misbehaviour: args.misbehaviour,
          neighbours: args.neighbours,
          ...(args.code !== undefined ? { code: args.code } : {}),
          runtime: supervisor.runtime,
          signal: abort.signal,
        },
        {
          onUpdate: (result) => events()?.emit('blastUpdate', { blastId: id, result }),
          onOutput: (text) => events()?.emit('blastOutput', { blastId: id, text }),
          onSamples: (samples) => events()?.emit('blastSamples', { blastId: id, samples }),
        },
      ).then((result) => {
        live.delete(id);
        events()?.emit('blastEnd', { blastId: id, result });
      });
      return { id };
    },
    stopBlast: ({ id }) => {
      const abort = live.get(id);
      abort?.abort();
      return { stopped: abort !== undefined };
    },
    stopAll: () => {
      for (const abort of live.values()) abort.abort();
    },
  };
}
