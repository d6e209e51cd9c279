/**
 * Loading the lessons (resources/lessons/README.md): every `NN-slug.md` file of the folder, in file-name
 * order, parsed by the common lesson parser. A malformed lesson is an error naming its file and line, not a
 * lesson silently left out: the shipped ones are all run by the honesty test.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WorkbenchError } from '../common/protocol/errors.ts';
import { parseLesson, type Lesson } from '../common/lesson/lesson.ts';

export const SHIPPED_LESSONS_DIR = fileURLToPath(new URL('../../resources/lessons/', import.meta.url));
/** A lesson file: a number, a dash, a slug. Other Markdown (the README) is documentation. */
const LESSON_FILE = /^\d+-[a-z0-9-]+\.md$/;
const MAX_LESSONS = 200;
const MAX_LESSON_BYTES = 256 * 1024;

export function loadLessons(dir: string = SHIPPED_LESSONS_DIR): Lesson[] {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new Error('not a folder');
    names = readdirSync(dir).filter((n) => LESSON_FILE.test(n));
  } catch {
    throw new WorkbenchError('bad-argument', `lesson folder not found: ${dir}`);
  }
  const lessons: Lesson[] = [];
  const ids = new Map<string, string>();
  for (const name of names.sort().slice(0, MAX_LESSONS)) {
    const path = join(dir, name);
    if (statSync(path).size > MAX_LESSON_BYTES) {
      throw new WorkbenchError('bad-argument', `${name}: larger than ${MAX_LESSON_BYTES} bytes`);
    }
    const lesson = parseLesson(readFileSync(path, 'utf8'), name);
    const twin = ids.get(lesson.id);
    if (twin) throw new WorkbenchError('bad-argument', `${name}: id "${lesson.id}" is already used by ${twin}`);
    ids.set(lesson.id, name);
    lessons.push(lesson);
  }
  return lessons;
}
