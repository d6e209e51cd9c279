/**
 * A guest that is deep in garbage collection when it is stopped: a large live heap of small objects and
 * allocation that never pauses, so major collections over the whole heap run back to back (1.3–1.5 GB here
 * after 4 s). V8 cannot interrupt a collection: `worker.terminate()` waits for it (43–161 ms measured here),
 * which is the case the `terminate` group's "worker · in GC" row measures.
 */
export const GC_HEAVY_GUEST = `const keep = [];
for (;;) {
  for (let i = 0; i < 1e5; i++) keep.push({ i, next: [i] });
  if (keep.length > 1.2e7) keep.splice(0, 2e6);
}`;

/** How long the guest grows its heap before it is stopped (the product's timeout, the floor's wait). */
export const GC_FIRST_MS = 4000;
