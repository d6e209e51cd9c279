import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  MAX_NOTE_CHARS,
  MAX_NOTES_PER_RUN,
  MAX_WORKER_FRAMES_PER_RUN,
  MAX_WORKERS_PER_RUN,
  RunIntake,
  boundedNotes,
  guardListener,
} from './run-intake.ts';
import { Ring } from './metrics.ts';

test('distinct workers past the bound are refused; updates of known ones are not', () => {
  const intake = new RunIntake();
  const known = new Map<string, unknown>();
  for (let i = 0; i < MAX_WORKERS_PER_RUN; i++) {
    assert.equal(intake.worker(known, `w${i}`), undefined);
    known.set(`w${i}`, {});
  }
  assert.equal(intake.worker(known, 'w0'), undefined, 'an update of a known worker');
  assert.match(intake.worker(known, 'one-more') ?? '', /MAX_WORKERS_PER_RUN/);
});

test('worker frames past the bound are refused, even for one known worker', () => {
  const intake = new RunIntake();
  const known = new Map([['host', {}]]);
  for (let i = 0; i < MAX_WORKER_FRAMES_PER_RUN; i++) assert.equal(intake.worker(known, 'host'), undefined);
  assert.match(intake.worker(known, 'host') ?? '', /MAX_WORKER_FRAMES_PER_RUN/);
});

test('notes: capped in number and length, counted past the cap, each seen whole, still a plain array', () => {
  const seen: string[] = [];
  const notes = boundedNotes((n) => seen.push(n));
  const long = 'x'.repeat(MAX_NOTE_CHARS * 3);
  notes.push(long);
  assert.ok(notes[0]!.length < long.length && notes[0]!.startsWith('x'.repeat(MAX_NOTE_CHARS)));
  for (let i = 0; i < MAX_NOTES_PER_RUN * 2; i++) notes.push(`note ${i}`);
  assert.equal(notes.length, MAX_NOTES_PER_RUN);
  assert.match(notes.at(-1)!, new RegExp(`^${MAX_NOTES_PER_RUN + 2} more note\\(s\\) not kept`));
  assert.equal(seen.length, 1 + MAX_NOTES_PER_RUN * 2);
  assert.equal(seen[0], long);
  assert.deepEqual(JSON.parse(JSON.stringify(notes)), [...notes]);
  assert.deepEqual(structuredClone(notes), [...notes]);
  assert.equal(Object.getPrototypeOf(notes), Array.prototype);
});

test('a throwing onNote does not stop the note being kept', () => {
  const notes = boundedNotes(() => {
    throw new Error('scan failed');
  });
  notes.push('kept');
  assert.deepEqual([...notes], ['kept']);
});

test('a listener that throws reports to onError instead of throwing', () => {
  const errors: unknown[] = [];
  const listener = guardListener(
    {
      onOutput: () => {
        throw new Error('ui gone');
      },
    },
    (e) => errors.push(e),
  );
  assert.doesNotThrow(() => listener.onOutput?.({ level: 'log', text: 'x', atMs: 0, worker: 'host' }));
  assert.equal(errors.length, 1);
  assert.equal(listener.onSamples, undefined);
  assert.deepEqual(
    guardListener(undefined, () => undefined),
    {},
  );
});

test('the sample ring keeps the most recent items, oldest first', () => {
  const ring = new Ring<number>(3);
  assert.deepEqual(ring.toArray(), []);
  for (let i = 1; i <= 2; i++) ring.add(i);
  assert.deepEqual(ring.toArray(), [1, 2]);
  for (let i = 3; i <= 7; i++) ring.add(i);
  assert.deepEqual(ring.toArray(), [5, 6, 7]);
  assert.equal(ring.size, 3);
});
