// The meeting.json part of `psm meeting check`: syntax, keys given twice, the schema, the rules
// loadMeeting applies after it, and every "TODO" left by `psm meeting new` — all of them, each at
// its line and column, instead of the first one as a character offset or a bare JSON path.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { meetingProblems, meetingSchema, type MeetingFile } from '../packs/meeting.ts';
import { nearestLoc, parseJsonSource, type JsonPath, type Loc } from './json-source.ts';
import type { Problems } from './problems.ts';
import { didYouMean } from './suggest.ts';

export interface ParsedMeetingJson {
  /** The validated meeting, when the schema passed. */
  meeting: MeetingFile | null;
  /** The file as parsed, valid or not (later checks judge what they can of it), or undefined. */
  raw: unknown;
  /** Where a path of the file is (its value, else the nearest enclosing one). */
  at(path: JsonPath): Loc;
  /** The key of a property, for problems about the property rather than its value. */
  keyAt(path: JsonPath): Loc;
  /** Whether the file itself spells out this path (a default filled in by the schema does not). */
  has(path: JsonPath): boolean;
}

/** The schema at a path, through defaults, optionals and lists (for the keys a typo could have meant). */
function schemaAt(schema: z.ZodType, path: readonly PropertyKey[]): z.ZodType | undefined {
  let s: z.ZodType | undefined = schema;
  for (const step of [...path, null]) {
    while (s instanceof z.ZodDefault || s instanceof z.ZodOptional) s = s.unwrap() as z.ZodType;
    if (step === null) return s;
    if (s instanceof z.ZodObject && typeof step === 'string') s = s.shape[step] as z.ZodType | undefined;
    else if (s instanceof z.ZodArray && typeof step === 'number') s = s.element as z.ZodType;
    else if (s instanceof z.ZodRecord) s = s.valueType as z.ZodType;
    else return undefined;
  }
  return s;
}

const get = (v: unknown, k: PropertyKey): unknown => (v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined);
const idOf = (v: unknown): string | undefined => (typeof get(v, 'id') === 'string' ? (get(v, 'id') as string) : undefined);

/** A path as the analyst knows the file: `section "rasso", table "outcomes": periods[1]`, not sections.1.tables.0.periods.1. */
export function describePath(raw: unknown, path: readonly PropertyKey[]): string {
  const words: string[] = [];
  let v = raw;
  let rest = '';
  for (let i = 0; i < path.length; i++) {
    const [k, next] = [path[i]!, path[i + 1]];
    const item = get(get(v, k), next as PropertyKey);
    const named = typeof next === 'number' && (k === 'sections' || k === 'tables' || k === 'charts' || k === 'agenda');
    if (named) {
      const label = k === 'sections' ? 'section' : k === 'tables' ? 'table' : k === 'charts' ? 'chart' : 'agenda item';
      words.push(idOf(item) ? `${label} "${idOf(item)}"` : `${label} ${next + 1}`);
      v = item;
      i++;
      rest = '';
      continue;
    }
    rest += typeof k === 'number' ? `[${k}]` : `${rest ? '.' : ''}${String(k)}`;
    v = get(v, k);
  }
  if (rest) words.push(rest);
  return words.length ? words.join(', ') : 'the top level';
}

function issueMessage(issue: z.core.$ZodIssue, raw: unknown, areaHint?: (area: string) => string): string {
  const where = (path: readonly PropertyKey[]) => describePath(raw, path);
  const value = issue.path.reduce<unknown>(get, raw);
  if (issue.path.at(-1) === 'area' && typeof value === 'string' && areaHint)
    return `${where(issue.path)}: unknown area "${value}"${areaHint(value)}`;
  if (issue.code === 'invalid_type' && value === undefined)
    return `${where(issue.path.slice(0, -1))}: "${String(issue.path.at(-1))}" is missing (${issue.message.replace(/^Invalid input: /, '').replace(/, received undefined$/, '')})`;
  if (issue.code === 'invalid_value' && typeof value === 'string') {
    const options = issue.values.filter((v): v is string => typeof v === 'string');
    return `${where(issue.path)}: "${value}" is not one of ${options.map((o) => `"${o}"`).join(', ')}${didYouMean(value, options)}`;
  }
  return `${where(issue.path)}: ${issue.message}`;
}

function schemaProblems(raw: unknown, p: Problems, at: ParsedMeetingJson, areaHint?: (area: string) => string): MeetingFile | null {
  const where = (path: readonly PropertyKey[]) => describePath(raw, path);
  const parsed = meetingSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      const known = Object.keys((schemaAt(meetingSchema, issue.path) as z.ZodObject | undefined)?.shape ?? {});
      for (const key of issue.keys) {
        p.error(at.keyAt([...issue.path, key] as JsonPath), `${where(issue.path)}: unknown key "${key}"${didYouMean(key, known)}`);
      }
      continue;
    }
    p.error(at.at(issue.path as JsonPath), issueMessage(issue, raw, areaHint));
  }
  return null;
}

/** Every string the analyst still has to replace: `psm meeting new` writes them as "TODO: …". */
function todoProblems(raw: unknown, value: unknown, path: JsonPath, p: Problems, at: ParsedMeetingJson): void {
  if (typeof value === 'string') {
    if (/^\s*TODO\b/i.test(value)) p.error(at.at(path), `still to do (${describePath(raw, path)}): ${value.replace(/^\s*TODO:?\s*/i, '')}`);
  } else if (Array.isArray(value)) value.forEach((v, i) => todoProblems(raw, v, [...path, i], p, at));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) todoProblems(raw, v, [...path, k], p, at);
}

/** Reads and judges meeting.json, adding every problem to `p`; `areaHint` words an unknown area's "did you mean". */
export function checkMeetingJson(
  id: string,
  dir: string,
  file: string,
  p: Problems,
  areaHint?: (area: string) => string,
): ParsedMeetingJson {
  const fallback: ParsedMeetingJson = {
    meeting: null,
    raw: undefined,
    at: () => ({ line: 1, column: 1 }),
    keyAt: () => ({ line: 1, column: 1 }),
    has: () => false,
  };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    p.error({ line: 1, column: 1 }, `cannot be read: ${(err as Error).message}`);
    return fallback;
  }
  const src = parseJsonSource(text);
  if (!src.ok) {
    p.error(src.error, `not valid JSON: ${src.error.message}`);
    return fallback;
  }
  const at: ParsedMeetingJson = {
    meeting: null,
    raw: src.value,
    at: (path) => nearestLoc(src, path),
    keyAt: (path) => src.keyAt(path) ?? nearestLoc(src, path),
    has: (path) => src.valueAt(path) !== undefined,
  };
  for (const d of src.duplicates)
    p.error(
      d.loc,
      `"${String(d.path.at(-1))}" is given twice in ${describePath(src.value, d.path.slice(0, -1))}: only the last one counts`,
    );
  todoProblems(src.value, src.value, [], p, at);
  const meeting = schemaProblems(src.value, p, at, areaHint);
  if (!meeting) return at;
  for (const problem of meetingProblems(id, dir, meeting)) p.error(at.at(problem.path), problem.message);
  return { ...at, meeting };
}
