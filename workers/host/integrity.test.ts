import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareIntrinsics, snapshotIntrinsics } from './integrity.ts';

/** Change something in this realm for the length of `fn`, then put it back exactly. */
function withChange(
  target: object,
  key: PropertyKey,
  descriptor: PropertyDescriptor | undefined,
  fn: () => void,
): void {
  const old = Object.getOwnPropertyDescriptor(target, key);
  if (descriptor) Object.defineProperty(target, key, descriptor);
  else Reflect.deleteProperty(target, key);
  try {
    fn();
  } finally {
    if (old) Object.defineProperty(target, key, old);
    else Reflect.deleteProperty(target, key);
  }
}

test('an untouched realm reports nothing', () => {
  const before = snapshotIntrinsics();
  void [1, 2].includes(2);
  void JSON.stringify({ a: 1 });
  assert.equal(compareIntrinsics(before), undefined);
});

const cases: Array<[string, object, PropertyKey, PropertyDescriptor | undefined, string]> = [
  ['an added property', Object.prototype, 'x', { value: 1, writable: true, configurable: true }, 'Object.prototype.x added'],
  ['a replaced method', Array.prototype, 'includes', { value: () => true, writable: true, configurable: true }, 'Array.prototype.includes replaced'],
  ['a deleted static', Math, 'max', undefined, 'Math.max deleted'],
  ['a replaced getter', Map.prototype, 'size', { get: () => 0, configurable: true }, 'Map.prototype.size accessor replaced'],
  ['a flag changed', JSON, 'parse', { value: JSON.parse, writable: false, configurable: true }, 'JSON.parse flags changed'],
  ['a replaced global', globalThis, 'Promise', { value: class {}, writable: true, configurable: true }, 'globalThis.Promise replaced'],
  ['a symbol-keyed method', Array.prototype, Symbol.iterator, { value: function* () {}, writable: true, configurable: true }, 'Array.prototype.[Symbol(Symbol.iterator)] replaced'],
  ['a Node method', Buffer.prototype, 'toString', { value: () => '', writable: true, configurable: true }, 'Buffer.prototype.toString replaced'],
]; // prettier-ignore

for (const [name, target, key, descriptor, expected] of cases) {
  test(`${name} is named: ${expected}`, () => {
    const before = snapshotIntrinsics();
    let report: ReturnType<typeof compareIntrinsics>;
    withChange(target, key, descriptor, () => (report = compareIntrinsics(before)));
    assert.deepEqual(report!, { changes: [expected], total: 1 });
    assert.equal(compareIntrinsics(before), undefined, 'put back: nothing left');
  });
}

test("a replaced prototype is named, and the checker does not use the guest's Reflect or Map", () => {
  const before = snapshotIntrinsics();
  const ownKeys = Reflect.ownKeys;
  const mapGet = Map.prototype.get;
  const proto = Object.getPrototypeOf(Function.prototype) as object;
  let report: ReturnType<typeof compareIntrinsics>;
  try {
    Reflect.ownKeys = () => [];
    Map.prototype.get = () => undefined;
    Object.setPrototypeOf(RegExp.prototype, null);
    report = compareIntrinsics(before);
  } finally {
    Object.setPrototypeOf(RegExp.prototype, proto);
    Map.prototype.get = mapGet;
    Reflect.ownKeys = ownKeys;
  }
  assert.deepEqual(report?.changes.toSorted(), [
    'Map.prototype.get replaced',
    'Reflect.ownKeys replaced',
    'RegExp.prototype prototype replaced',
  ]);
});

test('the run globals the host installs, new guest globals and process counters are not changes', () => {
  const before = snapshotIntrinsics();
  const g = globalThis as Record<string, unknown>;
  const console0 = g.console;
  try {
    g.console = {};
    g.__hostSecret = 'x';
    g.someGuestVar = 1;
    process.exitCode = 0;
    assert.equal(compareIntrinsics(before), undefined);
  } finally {
    g.console = console0;
    delete g.__hostSecret;
    delete g.someGuestVar;
    process.exitCode = undefined;
  }
});

test('a report names at most 20 changes and counts them all', () => {
  const before = snapshotIntrinsics();
  const keys = Array.from({ length: 30 }, (_, i) => `k${i}`);
  try {
    for (const k of keys) Object.defineProperty(Object.prototype, k, { value: 1, configurable: true });
    const report = compareIntrinsics(before);
    assert.equal(report?.total, 30);
    assert.equal(report?.changes.length, 20);
  } finally {
    for (const k of keys) Reflect.deleteProperty(Object.prototype, k);
  }
});
