/**
 * The Markdown the lessons are written in, as a small tree the renderer turns into React elements — never
 * into an HTML string. Blocks: headings, paragraphs, lists (bulleted and numbered), fenced code, tables and
 * block quotes. Inline: code spans, strong, emphasis, and links; a link becomes a link only for an http(s)
 * URL, anything else (a relative path, `javascript:`) stays its text. Raw HTML is text. Pure, no DOM.
 */

export type Inline =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'code'; readonly text: string }
  | { readonly kind: 'strong'; readonly children: readonly Inline[] }
  | { readonly kind: 'em'; readonly children: readonly Inline[] }
  | { readonly kind: 'link'; readonly href: string; readonly children: readonly Inline[] };

export type Align = 'left' | 'center' | 'right' | undefined;

export type Block =
  | { readonly kind: 'heading'; readonly level: number; readonly children: readonly Inline[] }
  | { readonly kind: 'paragraph'; readonly children: readonly Inline[] }
  | {
      readonly kind: 'list';
      readonly ordered: boolean;
      /** The first number of an ordered list. */
      readonly start: number;
      readonly items: readonly (readonly Inline[])[];
    }
  | { readonly kind: 'code'; readonly language: string; readonly text: string }
  | {
      readonly kind: 'table';
      readonly align: readonly Align[];
      readonly head: readonly (readonly Inline[])[];
      readonly rows: readonly (readonly (readonly Inline[])[])[];
    }
  | { readonly kind: 'quote'; readonly children: readonly Block[] };

const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([^`\s]*)[^`]*$/;
const HEADING = /^ {0,3}(#{1,6})(?:\s+(.*?))?\s*#*\s*$/;
const BULLET = /^ {0,3}[-*+]\s+(.*)$/;
const NUMBERED = /^ {0,3}(\d{1,9})[.)]\s+(.*)$/;
const QUOTE = /^ {0,3}>\s?(.*)$/;
const TABLE_SEPARATOR = /^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/;
const RULE = /^ {0,3}([-*_])(\s*\1){2,}\s*$/;

/** Is `url` one a lesson may link to (opened outside the app)? */
export function isWebUrl(url: string): boolean {
  return /^https?:\/\/[^\s<>"]+$/i.test(url);
}

const isTableRow = (line: string | undefined): boolean => line !== undefined && line.trim().startsWith('|');

/** Parse Markdown text into blocks. */
export function parseMarkdown(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let at = 0;
  const startsBlock = (line: string, next: string | undefined): boolean =>
    FENCE.test(line) ||
    HEADING.test(line) ||
    BULLET.test(line) ||
    NUMBERED.test(line) ||
    QUOTE.test(line) ||
    (isTableRow(line) && next !== undefined && TABLE_SEPARATOR.test(next));

  while (at < lines.length) {
    const line = lines[at]!;
    if (!line.trim() || RULE.test(line)) {
      at++;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      const marker = fence[1]!;
      const close = new RegExp(`^ {0,3}${marker[0] === '`' ? '`' : '~'}{${marker.length},}\\s*$`);
      const body: string[] = [];
      for (at++; at < lines.length && !close.test(lines[at]!); at++) body.push(lines[at]!);
      at++; // the closing fence (or the end of the text)
      blocks.push({ kind: 'code', language: fence[2] ?? '', text: body.join('\n') });
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      blocks.push({ kind: 'heading', level: heading[1]!.length, children: parseInline(heading[2] ?? '') });
      at++;
      continue;
    }
    if (isTableRow(line) && TABLE_SEPARATOR.test(lines[at + 1] ?? '')) {
      const head = splitRow(line);
      const align = splitRow(lines[at + 1]!).map((cell): Align => {
        const left = cell.startsWith(':');
        const right = cell.endsWith(':');
        return left && right ? 'center' : right ? 'right' : left ? 'left' : undefined;
      });
      const rows: Inline[][][] = [];
      for (at += 2; isTableRow(lines[at]); at++) {
        const cells = splitRow(lines[at]!);
        rows.push(head.map((_, i) => parseInline(cells[i] ?? '')));
      }
      blocks.push({ kind: 'table', align, head: head.map((c) => parseInline(c)), rows });
      continue;
    }
    if (QUOTE.test(line)) {
      const inner: string[] = [];
      for (; at < lines.length && QUOTE.test(lines[at]!); at++) inner.push(QUOTE.exec(lines[at]!)![1]!);
      blocks.push({ kind: 'quote', children: parseMarkdown(inner.join('\n')) });
      continue;
    }
    const bullet = BULLET.test(line);
    if (bullet || NUMBERED.test(line)) {
      const item = bullet ? BULLET : NUMBERED;
      const start = bullet ? 1 : Number(NUMBERED.exec(line)![1]);
      const items: string[] = [];
      while (at < lines.length) {
        const m = item.exec(lines[at]!);
        if (m) {
          items.push(bullet ? m[1]! : m[2]!);
          at++;
          continue;
        }
        const current = lines[at]!;
        // An indented line continues the item; a blank line between two items keeps the list going.
        if (current.trim() && /^\s{2,}/.test(current) && !startsBlock(current.trim(), lines[at + 1])) {
          items[items.length - 1] += ` ${current.trim()}`;
          at++;
        } else if (!current.trim() && item.test(lines[at + 1] ?? '')) {
          at++;
        } else break;
      }
      blocks.push({ kind: 'list', ordered: !bullet, start, items: items.map((text) => parseInline(text)) });
      continue;
    }
    const paragraph: string[] = [line.trim()];
    for (at++; at < lines.length; at++) {
      const next = lines[at]!;
      if (!next.trim() || RULE.test(next) || startsBlock(next, lines[at + 1])) break;
      paragraph.push(next.trim());
    }
    blocks.push({ kind: 'paragraph', children: parseInline(paragraph.join(' ')) });
  }
  return blocks;
}

/** The cells of a table row: split on `|` outside code spans, `\|` kept as a pipe. */
function splitRow(line: string): string[] {
  let text = line.trim();
  if (text.startsWith('|')) text = text.slice(1);
  if (text.endsWith('|') && !text.endsWith('\\|')) text = text.slice(0, -1);
  const cells: string[] = [];
  let cell = '';
  let inCode = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && text[i + 1] === '|') {
      cell += '|';
      i++;
    } else if (c === '`') {
      inCode = !inCode;
      cell += c;
    } else if (c === '|' && !inCode) {
      cells.push(cell.trim());
      cell = '';
    } else cell += c;
  }
  cells.push(cell.trim());
  return cells;
}

const PUNCTUATION = /[!-/:-@[-`{-~]/;
const WORD = /[\p{L}\p{N}]/u;

/** Parse one line (or a joined paragraph) of inline Markdown. */
export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  let plain = '';
  const flush = (): void => {
    if (plain) out.push({ kind: 'text', text: plain });
    plain = '';
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\\' && PUNCTUATION.test(text[i + 1] ?? '')) {
      plain += text[i + 1];
      i += 2;
      continue;
    }
    if (c === '`') {
      const run = /^`+/.exec(text.slice(i))![0];
      const end = findRun(text, run, i + run.length);
      if (end < 0) {
        plain += run;
        i += run.length;
        continue;
      }
      let code = text.slice(i + run.length, end);
      if (code.length > 1 && code.startsWith(' ') && code.endsWith(' ') && code.trim()) code = code.slice(1, -1);
      flush();
      out.push({ kind: 'code', text: code });
      i = end + run.length;
      continue;
    }
    if (c === '<') {
      const auto = /^<(https?:\/\/[^\s<>]+)>/i.exec(text.slice(i));
      if (auto) {
        flush();
        out.push({ kind: 'link', href: auto[1]!, children: [{ kind: 'text', text: auto[1]! }] });
        i += auto[0].length;
        continue;
      }
    }
    if (c === '[') {
      const link = readLink(text, i);
      if (link) {
        flush();
        const children = parseInline(link.label);
        if (isWebUrl(link.href)) out.push({ kind: 'link', href: link.href, children });
        else out.push(...children);
        i = link.end;
        continue;
      }
    }
    if ((c === '*' || c === '_') && text[i + 1] === c) {
      const end = findDelimiter(text, c + c, i + 2);
      if (end > i + 2 && canOpen(text, i, 2) && canClose(text, end, 2)) {
        flush();
        out.push({ kind: 'strong', children: parseInline(text.slice(i + 2, end)) });
        i = end + 2;
        continue;
      }
    }
    if ((c === '*' || c === '_') && text[i + 1] !== c) {
      const end = findDelimiter(text, c, i + 1);
      if (end > i + 1 && canOpen(text, i, 1) && canClose(text, end, 1)) {
        flush();
        out.push({ kind: 'em', children: parseInline(text.slice(i + 1, end)) });
        i = end + 1;
        continue;
      }
    }
    plain += c;
    i++;
  }
  flush();
  return out;
}

/** A delimiter opens when followed by a non-space; `_` also only at the start of a word (snake_case stays). */
function canOpen(text: string, at: number, width: number): boolean {
  const next = text[at + width] ?? '';
  if (!next.trim()) return false;
  return text[at] !== '_' || !WORD.test(text[at - 1] ?? '');
}

function canClose(text: string, at: number, width: number): boolean {
  const before = text[at - 1] ?? '';
  if (!before.trim()) return false;
  return text[at] !== '_' || !WORD.test(text[at + width] ?? '');
}

/** Where the same run of backticks closes a code span, or -1. */
function findRun(text: string, run: string, from: number): number {
  for (let i = text.indexOf(run, from); i >= 0; i = text.indexOf(run, i + 1)) {
    if (text[i - 1] !== '`' && text[i + run.length] !== '`') return i;
    while (text[i + 1] === '`') i++;
  }
  return -1;
}

/** The closing delimiter after `from`, skipping code spans; for a single one, not half of a double. */
function findDelimiter(text: string, delimiter: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] === '\\') {
      i++;
      continue;
    }
    if (text[i] === '`') {
      const run = /^`+/.exec(text.slice(i))![0];
      const end = findRun(text, run, i + run.length);
      if (end >= 0) i = end + run.length - 1;
      continue;
    }
    if (!text.startsWith(delimiter, i)) continue;
    // `***` closing a double: the last two close it, the first belongs to an emphasis inside.
    if (delimiter.length === 2 && text[i + 2] === delimiter[0]) continue;
    if (delimiter.length === 1 && (text[i + 1] === delimiter || text[i - 1] === delimiter)) {
      // Skip a double delimiter: it belongs to a strong span inside or around this one.
      if (text[i + 1] === delimiter) i++;
      continue;
    }
    if (canClose(text, i, delimiter.length)) return i;
  }
  return -1;
}

/** `[label](href)` at `at`: the label (brackets may nest), the destination, and where the link ends. */
function readLink(text: string, at: number): { label: string; href: string; end: number } | undefined {
  let depth = 0;
  for (let i = at; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '`') {
      const run = /^`+/.exec(text.slice(i))![0];
      const end = findRun(text, run, i + run.length);
      if (end >= 0) i = end + run.length - 1;
    } else if (c === '[') depth++;
    else if (c === ']' && --depth === 0) {
      const dest = /^\(\s*<?([^\s()<>]*(?:\([^\s()<>]*\)[^\s()<>]*)*)>?(?:\s+"[^"]*")?\s*\)/.exec(text.slice(i + 1));
      if (!dest) return undefined;
      return { label: text.slice(at + 1, i), href: dest[1]!, end: i + 1 + dest[0].length };
    }
  }
  return undefined;
}
