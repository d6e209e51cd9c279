/**
 * A lesson step's settings: the info string of its code fence (```js step=2 driver=process memory=64```),
 * turned into a run-request input. The setting names are the `workbench run` flags without their dashes,
 * so a step can be replayed on the command line word for word. Pure; runs anywhere.
 */
import { normalizeRunRequest, type RunInput } from '../run/run-request.ts';
import type { Language } from '../run/run-spec.ts';

/** One word of an info string: `name`, `name=value` or `name="value with spaces"`. */
export interface InfoToken {
  readonly name: string;
  readonly value?: string;
}

/** Split an info string into its language (first word) and tokens; throws on an unclosed quote. */
export function tokenizeInfo(info: string): { language: string; tokens: InfoToken[] } {
  const words: string[] = [];
  const re = /\s*([^\s="]+)(?:=("([^"]*)"|[^\s"]*))?/y;
  let at = 0;
  const text = info.trim();
  while (at < text.length) {
    re.lastIndex = at;
    const m = re.exec(text);
    if (!m || m[0].trim() === '') throw new Error(`cannot read the fence settings at "${text.slice(at, at + 20)}"`);
    words.push(m[0].trim());
    at = re.lastIndex;
  }
  const [language = '', ...rest] = words;
  const tokens = rest.map((word): InfoToken => {
    const eq = word.indexOf('=');
    if (eq < 0) return { name: word };
    const raw = word.slice(eq + 1);
    return { name: word.slice(0, eq), value: raw.startsWith('"') ? raw.slice(1, -1) : raw };
  });
  return { language, tokens };
}

type Kind = 'int' | 'text' | 'list' | 'flag';

/** Every setting a step may carry, and where it goes in the run request. */
export const STEP_SETTINGS: Readonly<Record<string, Kind>> = {
  step: 'int',
  driver: 'text',
  timeout: 'int',
  memory: 'int',
  'max-output': 'int',
  'sample-hz': 'int',
  'allow-fs-read': 'list',
  'allow-fs-write': 'list',
  'env-allow': 'list',
  'allow-child-process': 'flag',
  'allow-worker': 'flag',
  'allow-addons': 'flag',
  'allow-wasi': 'flag',
  'allow-network': 'flag',
  permission: 'flag',
};

export interface StepSettings {
  readonly n: number;
  readonly request: RunInput;
}

/**
 * The run request of a step from its fence tokens and code. Throws an Error whose message names the
 * setting at fault; the request is checked by the same normalizeRunRequest every run goes through.
 */
export function stepRequest(tokens: readonly InfoToken[], code: string, language: Language): StepSettings {
  const single = new Map<string, string>();
  const lists = new Map<string, string[]>();
  const flags = new Set<string>();
  for (const { name, value } of tokens) {
    const kind = STEP_SETTINGS[name];
    if (!Object.hasOwn(STEP_SETTINGS, name) || kind === undefined) {
      throw new Error(`unknown setting "${name}" (known: ${Object.keys(STEP_SETTINGS).join(', ')})`);
    }
    if (kind === 'flag') {
      if (value !== undefined) throw new Error(`"${name}" is a flag and takes no value`);
      flags.add(name);
      continue;
    }
    if (value === undefined || value === '') throw new Error(`"${name}" needs a value (${name}=…)`);
    if (kind === 'list') {
      lists.set(name, [...(lists.get(name) ?? []), value]);
      continue;
    }
    if (single.has(name)) throw new Error(`"${name}" is given twice`);
    if (kind === 'int' && !/^[0-9]+$/.test(value)) throw new Error(`"${name}" must be a whole number, not "${value}"`);
    single.set(name, value);
  }
  const int = (name: string): number | undefined => (single.has(name) ? Number(single.get(name)) : undefined);
  const n = int('step');
  if (n === undefined) throw new Error('a step fence needs step=N');
  const driver = single.get('driver');
  if (driver === undefined) throw new Error(`step ${n} needs driver=ID`);

  const limits = {
    ...(int('timeout') !== undefined ? { timeoutMs: int('timeout') } : {}),
    ...(int('memory') !== undefined ? { memoryMb: int('memory') } : {}),
    ...(int('max-output') !== undefined ? { maxOutputBytes: int('max-output') } : {}),
  };
  const policy = {
    ...(flags.has('permission') ? { permission: true } : {}),
    ...(lists.has('allow-fs-read') ? { fsRead: lists.get('allow-fs-read') } : {}),
    ...(lists.has('allow-fs-write') ? { fsWrite: lists.get('allow-fs-write') } : {}),
    ...(flags.has('allow-child-process') ? { childProcess: true } : {}),
    ...(flags.has('allow-worker') ? { worker: true } : {}),
    ...(flags.has('allow-addons') ? { addons: true } : {}),
    ...(flags.has('allow-wasi') ? { wasi: true } : {}),
    ...(lists.has('env-allow') ? { envAllow: lists.get('env-allow') } : {}),
    ...(flags.has('allow-network') ? { network: true } : {}),
  };
  const request = {
    code,
    language,
    driver,
    ...(Object.keys(limits).length ? { limits } : {}),
    ...(Object.keys(policy).length ? { policy } : {}),
    ...(int('sample-hz') !== undefined ? { sampleHz: int('sample-hz') } : {}),
  } as RunInput;
  // The engine's own check: a step can only say what a run request can.
  normalizeRunRequest(request);
  return { n, request };
}
