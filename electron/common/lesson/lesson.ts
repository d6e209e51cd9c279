/**
 * Lessons (resources/lessons/README.md): a Markdown page that reads well anywhere, with a front-matter
 * comment and code fences whose info strings carry run settings. Parsed into steps whose requests the
 * engine accepts and whose expectations the app can judge. Pure: takes the text, returns the lesson or
 * throws a {@link LessonFormatError} naming the file and line.
 */
import { WorkbenchError } from '../protocol/errors.ts';
import { parseRunExpectation, type RunExpectation } from './lesson-check.ts';
import { stepRequest, tokenizeInfo, type InfoToken } from './lesson-settings.ts';
import { experimentExpectation, experimentSettings, type LessonExperiment } from './lesson-experiment.ts';
import type { RunInput } from '../run/run-request.ts';
import type { Language } from '../run/run-spec.ts';

export interface LessonReference {
  readonly title: string;
  readonly url: string;
}

export interface LessonStep {
  /** 1, 2, 3… in the order of the page. */
  readonly n: number;
  /** The step's `##` heading. */
  readonly title: string;
  /** Markdown before the code: what the step does and why. */
  readonly prose: string;
  readonly code: string;
  readonly language: Language;
  /** What to send as startRun arguments (checked by the engine's own normalizeRunRequest). */
  readonly request: RunInput;
  /** What the app will show for this run. */
  readonly expect: RunExpectation;
  /** Markdown after the code: what to watch in the app. */
  readonly watch: string;
  /** Line of the step's code fence in the file. */
  readonly line: number;
}

/** The lesson's closing check: a claim about one step's run that the app evaluates. */
export interface LessonCheck {
  readonly step: number;
  readonly title: string;
  /** The question or task, in Markdown. */
  readonly prose: string;
  readonly expect: RunExpectation;
  readonly line: number;
}

export interface Lesson {
  /** Kebab-case, from the front matter. */
  readonly id: string;
  /** The page's `#` heading. */
  readonly title: string;
  /** One sentence for lists, from the front matter. */
  readonly summary: string;
  /** Markdown between the title and the first step. */
  readonly intro: string;
  /** File name the lesson was read from. */
  readonly file: string;
  readonly references: readonly LessonReference[];
  readonly steps: readonly LessonStep[];
  /** Blast-radius experiments between the steps (lesson-experiment.ts). */
  readonly experiments: readonly LessonExperiment[];
  readonly check: LessonCheck;
}

/** A lesson file that does not follow the format; the message starts with `file:line:`. */
export class LessonFormatError extends WorkbenchError {
  readonly file: string;
  readonly line: number;
  constructor(file: string, line: number, problem: string) {
    super('bad-argument', `${file}:${line}: ${problem}`);
    this.name = 'LessonFormatError';
    this.file = file;
    this.line = line;
  }
}

export const LESSON_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const FRONT_KEYS = ['id', 'summary'] as const;
const STEP_LANGUAGES = new Set(['js', 'ts']);

/** A line of the page outside the front matter, or a whole fenced block. */
type Block =
  | { readonly kind: 'text'; readonly line: number; readonly text: string }
  | { readonly kind: 'heading'; readonly line: number; readonly level: number; readonly text: string }
  | {
      readonly kind: 'fence';
      readonly line: number;
      readonly language: string;
      readonly tokens: readonly InfoToken[];
      readonly body: string;
      /** The fence as written, for prose that quotes ordinary code. */
      readonly raw: string;
    };

interface Section {
  readonly heading: Extract<Block, { kind: 'heading' }>;
  readonly blocks: readonly Block[];
}

export function parseLesson(source: string, file: string): Lesson {
  const fail = (line: number, problem: string): never => {
    throw new LessonFormatError(file, line, problem);
  };
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const { fields, next } = readFrontMatter(lines, fail);
  const blocks = readBlocks(lines, next, fail);

  const titleAt = blocks.findIndex((b) => b.kind === 'heading');
  const titleBlock = blocks[titleAt];
  if (!titleBlock || titleBlock.kind !== 'heading' || titleBlock.level !== 1) {
    return fail(titleBlock?.line ?? lines.length, 'the first heading must be the lesson title ("# Title")');
  }
  const sections: Section[] = [];
  const introBlocks: Block[] = [];
  for (const b of blocks.slice(titleAt + 1)) {
    if (b.kind === 'heading' && b.level === 1) fail(b.line, 'only one "#" title per lesson; steps are "##" sections');
    if (b.kind === 'heading' && b.level === 2) sections.push({ heading: b, blocks: [] });
    else if (sections.length) (sections.at(-1)!.blocks as Block[]).push(b);
    else introBlocks.push(b);
  }
  for (const b of blocks.slice(0, titleAt)) {
    if (b.kind !== 'text' || b.text.trim()) fail(b.line, 'nothing may come between the front matter and the title');
  }

  for (const b of introBlocks) {
    if (b.kind !== 'fence') continue;
    if (isStep(b) || b.language === 'blast' || b.tokens.some((t) => t.name === 'check'))
      fail(b.line, 'steps, experiments and the check live in "##" sections');
    checkStray(b, fail);
  }
  const steps: LessonStep[] = [];
  const experiments: LessonExperiment[] = [];
  let check: LessonCheck | undefined;
  let references: LessonReference[] | undefined;
  for (const section of sections) {
    const { heading } = section;
    if (references) fail(heading.line, '"## References" must be the last section');
    if (heading.text === 'References') {
      references = readReferences(section, fail);
      continue;
    }
    const blastFences = section.blocks.filter((b) => b.kind === 'fence' && b.language === 'blast');
    if (blastFences.length > 0) {
      if (check) fail(heading.line, 'experiments come before the check');
      experiments.push(readExperiment(section, steps.length, fail));
      continue;
    }
    const stepFences = section.blocks.filter((b) => b.kind === 'fence' && isStep(b));
    const checkFences = section.blocks.filter((b) => b.kind === 'fence' && b.tokens.some((t) => t.name === 'check'));
    if (stepFences.length > 0 && checkFences.length > 0)
      fail(heading.line, 'a section holds a step or the check, not both');
    if (stepFences.length > 1) fail(stepFences[1]!.line, 'one step per "##" section');
    if (checkFences.length > 1) fail(checkFences[1]!.line, 'one check per lesson');
    if (stepFences.length === 1) {
      if (check) fail(heading.line, 'steps come before the check');
      const step = readStep(section, steps.length + 1, fail);
      steps.push(step);
    } else if (checkFences.length === 1) {
      if (check) fail(checkFences[0]!.line, 'one check per lesson');
      check = readCheck(section, steps, fail);
    } else {
      fail(
        heading.line,
        `section "${heading.text}" has no step, check or references (a lesson is an intro, steps, one check and references)`,
      );
    }
  }
  if (steps.length === 0) fail(lines.length, 'a lesson needs at least one step (```js step=1 driver=…```)');
  if (!check) return fail(lines.length, 'a lesson ends with a check (```json check step=N```)');
  if (!references || references.length === 0) {
    return fail(lines.length, 'a lesson needs a "## References" section with at least one link');
  }
  return {
    id: fields.get('id')!,
    title: titleBlock.text,
    summary: fields.get('summary')!,
    intro: markdown(introBlocks),
    file,
    references,
    steps,
    experiments,
    check,
  };
}

type Fail = (line: number, problem: string) => never;

function readFrontMatter(lines: readonly string[], fail: Fail): { fields: Map<string, string>; next: number } {
  let at = 0;
  while (at < lines.length && lines[at]!.trim() === '') at++;
  if (lines[at]?.trim() !== '<!--lesson') fail(at + 1, 'a lesson starts with a front-matter comment "<!--lesson"');
  const fields = new Map<string, string>();
  for (at++; at < lines.length; at++) {
    const line = lines[at]!;
    if (line.trim() === '-->') break;
    if (!line.trim()) continue;
    const colon = line.indexOf(':');
    const key = colon > 0 ? line.slice(0, colon).trim() : '';
    if (!(FRONT_KEYS as readonly string[]).includes(key)) {
      fail(at + 1, `unknown front-matter line "${line.trim().slice(0, 60)}" (keys: ${FRONT_KEYS.join(', ')})`);
    }
    if (fields.has(key)) fail(at + 1, `"${key}" is given twice`);
    fields.set(key, line.slice(colon + 1).trim());
  }
  if (at >= lines.length) fail(lines.length, 'the front-matter comment is never closed with "-->"');
  for (const key of FRONT_KEYS) {
    if (!fields.get(key)) fail(at + 1, `the front matter needs "${key}: …"`);
  }
  if (!LESSON_ID.test(fields.get('id')!)) fail(at + 1, `id "${fields.get('id')}" must be kebab-case (a-z, 0-9, -)`);
  return { fields, next: at + 1 };
}

function readBlocks(lines: readonly string[], from: number, fail: Fail): Block[] {
  const blocks: Block[] = [];
  for (let at = from; at < lines.length; at++) {
    const line = lines[at]!;
    const open = /^( {0,3})(`{3,}|~{3,})(.*)$/.exec(line);
    if (open && !(open[2]![0] === '`' && open[3]!.includes('`'))) {
      const [, indent, marker, info] = open as unknown as [string, string, string, string];
      const start = at;
      const body: string[] = [];
      const close = new RegExp(`^ {0,3}${marker[0] === '`' ? '`' : '~'}{${marker.length},}\\s*$`);
      for (at++; at < lines.length && !close.test(lines[at]!); at++) {
        body.push(lines[at]!.startsWith(indent) ? lines[at]!.slice(indent.length) : lines[at]!.trimStart());
      }
      if (at >= lines.length) fail(start + 1, 'this code fence is never closed');
      let parsed: ReturnType<typeof tokenizeInfo>;
      try {
        parsed = tokenizeInfo(info);
      } catch (error) {
        return fail(start + 1, (error as Error).message);
      }
      if (parsed.language.includes('=')) {
        fail(start + 1, `a fence's first word is its language (js, ts, json…), not "${parsed.language}"`);
      }
      blocks.push({
        kind: 'fence',
        line: start + 1,
        language: parsed.language,
        tokens: parsed.tokens,
        body: body.join('\n'),
        raw: lines.slice(start, at + 1).join('\n'),
      });
      continue;
    }
    const heading = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) blocks.push({ kind: 'heading', line: at + 1, level: heading[1]!.length, text: heading[2]! });
    else blocks.push({ kind: 'text', line: at + 1, text: line });
  }
  return blocks;
}

function isStep(b: Extract<Block, { kind: 'fence' }>): boolean {
  return STEP_LANGUAGES.has(b.language) && b.tokens.length > 0;
}

/** The blocks without one of them, and without one of the blank lines around it (no double gaps). */
function without(blocks: readonly Block[], left: Block): Block[] {
  const at = blocks.indexOf(left);
  const blank = (b: Block | undefined): boolean => b?.kind === 'text' && !b.text.trim();
  const drop = blank(blocks[at - 1]) && blank(blocks[at + 1]) ? 2 : 1;
  return [...blocks.slice(0, at), ...blocks.slice(at + drop)];
}

/** Blocks back to Markdown, without the blank lines around them. */
function markdown(blocks: readonly Block[]): string {
  const text = blocks
    .map((b) => (b.kind === 'fence' ? b.raw : b.kind === 'heading' ? `${'#'.repeat(b.level)} ${b.text}` : b.text))
    .join('\n');
  return text.replace(/^\s*\n/, '').trimEnd();
}

function expectation(fence: Extract<Block, { kind: 'fence' }>, what: string, fail: Fail): RunExpectation {
  let value: unknown;
  try {
    value = JSON.parse(fence.body);
  } catch (error) {
    return fail(fence.line, `${what} is not JSON (${(error as Error).message})`);
  }
  const parsed = parseRunExpectation(value);
  if (!parsed.ok) return fail(fence.line, `${what}: ${parsed.reason}`);
  return parsed.value;
}

/** Fences that look like lesson fences but are not quite: better an error than a silently ignored step. */
function checkStray(b: Extract<Block, { kind: 'fence' }>, fail: Fail): void {
  if (b.language !== 'json' || b.tokens.length === 0) return;
  const words = b.tokens.map((t) => (t.value === undefined ? t.name : `${t.name}=${t.value}`)).join(' ');
  if (words === 'expect') fail(b.line, 'a "json expect" fence belongs in a step section, after the step\'s code');
  fail(b.line, `a json fence with settings must be "json expect" or "json check step=N", not "json ${words}"`);
}

function readStep(section: Section, n: number, fail: Fail): LessonStep {
  const at = section.blocks.findIndex((b) => b.kind === 'fence' && isStep(b));
  const fence = section.blocks[at] as Extract<Block, { kind: 'fence' }>;
  const expects = section.blocks.filter((b) => b.kind === 'fence' && b.tokens.some((t) => t.name === 'expect'));
  const expectFence = expects[0] as Extract<Block, { kind: 'fence' }> | undefined;
  if (!expectFence) return fail(fence.line, `step ${n} needs a "json expect" fence after its code`);
  if (expects.length > 1) fail(expects[1]!.line, `step ${n} has more than one "json expect" fence`);
  if (section.blocks.indexOf(expectFence) < at)
    fail(expectFence.line, `step ${n}'s "json expect" comes after its code`);
  if (expectFence.language !== 'json' || expectFence.tokens.length !== 1) {
    fail(expectFence.line, 'an expectation fence is exactly "json expect"');
  }
  for (const b of section.blocks) {
    if (b.kind === 'fence' && b !== expectFence && b !== fence) checkStray(b, fail);
  }
  let settings: ReturnType<typeof stepRequest>;
  try {
    settings = stepRequest(fence.tokens, fence.body, fence.language as Language);
  } catch (error) {
    return fail(fence.line, (error as Error).message);
  }
  if (settings.n !== n) fail(fence.line, `steps are numbered in order: expected step=${n}, got step=${settings.n}`);
  if (!fence.body.trim()) fail(fence.line, `step ${n} has no code`);
  return {
    n,
    title: section.heading.text,
    prose: markdown(section.blocks.slice(0, at)),
    code: fence.body,
    language: fence.language as Language,
    request: settings.request,
    expect: expectation(expectFence, `step ${n}'s expectation`, fail),
    watch: markdown(without(section.blocks.slice(at + 1), expectFence)),
    line: fence.line,
  };
}

function readCheck(section: Section, steps: readonly LessonStep[], fail: Fail): LessonCheck {
  const fence = section.blocks.find((b) => b.kind === 'fence' && b.tokens.some((t) => t.name === 'check')) as Extract<
    Block,
    { kind: 'fence' }
  >;
  const names = fence.tokens.map((t) => t.name);
  const stepToken = fence.tokens.find((t) => t.name === 'step');
  if (fence.language !== 'json' || names.length !== 2 || !stepToken || !/^[0-9]+$/.test(stepToken.value ?? '')) {
    fail(fence.line, 'the check fence is exactly "json check step=N"');
  }
  const step = Number(stepToken!.value);
  if (!steps.some((s) => s.n === step)) fail(fence.line, `the check refers to step ${step}, which does not exist`);
  for (const b of section.blocks) {
    if (b.kind === 'fence' && b !== fence) checkStray(b, fail);
  }
  return {
    step,
    title: section.heading.text,
    prose: markdown(without(section.blocks, fence)),
    expect: expectation(fence, 'the check', fail),
    line: fence.line,
  };
}

function readReferences(section: Section, fail: Fail): LessonReference[] {
  const out: LessonReference[] = [];
  for (const b of section.blocks) {
    if (b.kind === 'text' && !b.text.trim()) continue;
    const link = b.kind === 'text' ? /^\s*[-*]\s+\[([^\]]+)\]\((https?:\/\/[^\s)]+)\)(.*)$/.exec(b.text) : null;
    if (!link) return fail(b.line, 'references are list items "- [Title](https://…)"');
    const note = link[3]!.replace(/^\s*[—–:-]?\s*/, '').trim();
    out.push({ title: note ? `${link[1]} — ${note}` : link[1]!, url: link[2]! });
  }
  return out;
}

function readExperiment(section: Section, afterStep: number, fail: Fail): LessonExperiment {
  const fences = section.blocks.filter((b) => b.kind === 'fence') as Array<Extract<Block, { kind: 'fence' }>>;
  const fence = fences.find((b) => b.language === 'blast')!;
  const expectFence = fences.find(
    (b) => b.language === 'json' && b.tokens.length === 1 && b.tokens[0]!.name === 'expect',
  );
  for (const b of fences)
    if (b !== fence && b !== expectFence && (b.language === 'blast' || isStep(b) || b.tokens.length > 0))
      fail(b.line, 'an experiment section holds one blast fence and its "json expect", nothing else with settings');
  if (fence.body.trim()) fail(fence.line, 'a blast fence has no code: its settings say what misbehaves');
  const settings = experimentSettings(fence.tokens);
  if (typeof settings === 'string') return fail(fence.line, settings);
  if (!expectFence || section.blocks.indexOf(expectFence) < section.blocks.indexOf(fence))
    return fail(fence.line, 'an experiment needs a "json expect" fence after its blast fence');
  let value: unknown;
  try {
    value = JSON.parse(expectFence.body);
  } catch (error) {
    return fail(expectFence.line, `the expectation is not JSON (${(error as Error).message})`);
  }
  const expect = experimentExpectation(value, settings);
  if (typeof expect === 'string') return fail(expectFence.line, expect);
  const at = section.blocks.indexOf(fence);
  return {
    title: section.heading.text,
    prose: markdown(section.blocks.slice(0, at)),
    ...settings,
    expect,
    watch: markdown(without(section.blocks.slice(at + 1), expectFence)),
    afterStep,
    line: fence.line,
  };
}
