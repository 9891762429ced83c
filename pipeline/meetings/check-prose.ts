// The commentary and questions part of `psm meeting check`: every figure reference in every file,
// each at its line and column, with "did you mean" for a metric or area typo and the pack's own
// verdict on its value (outside the data, hidden by the disclosure rules); a commentary file that
// matches no section; a section with nothing written; a question with no answer. The pack stops at
// the first bad reference; this reports them all at once.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalogue } from '../metrics/catalogue.ts';
import { stripNotes } from '../packs/commentary.ts';
import { splitQuestions } from '../packs/markdown.ts';
import { FigureRefError, parseFigureRefs, resolveRef, type FigureRef, type ResolveContext } from '../packs/prose.ts';
import { areaHint, monthGrains } from './check-data.ts';
import { spanText, type DataContext } from './data-context.ts';
import { Problems, startOfFile, type Problem } from './problems.ts';
import { closest, didYouMean } from './suggest.ts';

const refPattern = /\{\{([^{}]*)\}\}/g;
const metrics = new Map(catalogue.map((c) => [c.id, { unit: c.unit, areas: c.areas }]));

/** The message of a FigureRefError without the "file:line: " the pack puts in front. */
const bare = (err: FigureRefError): string => err.message.slice(`${err.file}:${err.line}: `.length);

/** The text with its notes blanked; a note never closed is reported and blanked to the end. */
function readWithoutNotes(path: string, label: string, p: Problems): string {
  const text = readFileSync(path, 'utf8');
  try {
    return stripNotes(text, label);
  } catch (err) {
    if (!(err instanceof FigureRefError)) throw err;
    const open = text.indexOf('<!--');
    const lines = text.slice(0, open).split('\n');
    p.error({ line: err.line, column: lines.at(-1)!.length + 1 }, bare(err));
    return stripNotes(text.slice(0, open), label) + text.slice(open).replace(/[^\n]/g, ' ');
  }
}

/** Every reference of one line, parsed one by one so a bad one does not hide the next. */
function lineRefs(lineText: string, line: number, label: string, data: DataContext | null, p: Problems): FigureRef[] {
  const refs: FigureRef[] = [];
  for (const m of lineText.matchAll(refPattern)) {
    const column = m.index + 1;
    try {
      refs.push({ ...parseFigureRefs(m[0], label)[0]!, line, column });
    } catch (err) {
      if (!(err instanceof FigureRefError)) throw err;
      const area = /^"([^"]+)" is not an area code/.exec(bare(err))?.[1];
      p.error({ line, column }, bare(err) + (area && data ? areaHint(area, data.areas) : ''));
    }
  }
  const rest = lineText.replace(refPattern, (s) => ' '.repeat(s.length));
  const stray = rest.search(/\{\{|\}\}/);
  if (stray >= 0) p.error({ line, column: stray + 1 }, 'unbalanced "{{" or "}}" (a figure reference must sit on one line)');
  const todo = rest.search(/\bTODO\b/);
  if (todo >= 0) p.error({ line, column: todo + 1 }, `still to do: ${rest.slice(todo).trim()}`);
  return refs;
}

/** One reference against the catalogue, the areas and (with data) the value the pack would print. */
function checkRef(ref: FigureRef, data: DataContext | null, dataTo: string | null, p: Problems): void {
  const loc = { line: ref.line, column: ref.column };
  const metric = metrics.get(ref.metric);
  if (!metric) return p.error(loc, `unknown metric "${ref.metric}" in ${ref.raw}${didYouMean(ref.metric, metrics.keys())}`);
  if (ref.area !== 'force' && data && !data.areas.has(ref.area))
    return p.error(loc, `unknown area "${ref.area}" in ${ref.raw}${areaHint(ref.area, data.areas)}`);
  if (!data) return;
  const ctx: ResolveContext = { metrics, areas: new Set(data.areas.keys()), values: data.values };
  try {
    resolveRef(ref, ctx);
  } catch (err) {
    if (!(err instanceof FigureRefError)) throw err;
    return p.error(loc, bare(err).replace(': the period is outside the data', `: the period is outside the data (${spanText(data)})`));
  }
  if (dataTo && monthGrains.has(ref.grain) && ref.period > dataTo) {
    p.warn(loc, `${ref.raw} is after the pack's dataTo (${dataTo}), so the prose reports beyond what the cover says`);
  }
}

function checkFile(path: string, label: string, data: DataContext | null, dataTo: string | null, p: Problems): string {
  const text = readWithoutNotes(path, label, p);
  text.split('\n').forEach((lineText, i) => {
    for (const ref of lineRefs(lineText, i + 1, label, data, p)) checkRef(ref, data, dataTo, p);
  });
  return text;
}

export interface ProseTarget {
  /** The meeting folder and its label relative to the workspace ("reports/<id>"). */
  dir: string;
  label: string;
  /** The section ids meeting.json lists, or null when it could not be read. */
  sectionIds: string[] | null;
  dataTo: string | null;
}

/** Every problem in sections/*.md and questions.md. */
export function checkProse(t: ProseTarget, data: DataContext | null): Problem[] {
  const out: Problem[] = [];
  const sectionsDir = join(t.dir, 'sections');
  const files = existsSync(sectionsDir)
    ? readdirSync(sectionsDir)
        .filter((f) => f.endsWith('.md'))
        .sort()
    : [];
  const ids = t.sectionIds;
  for (const f of files) {
    const label = `${t.label}/sections/${f}`;
    const p = new Problems(label);
    const text = checkFile(join(sectionsDir, f), label, data, t.dataTo, p);
    const id = f.slice(0, -3);
    if (ids && !ids.includes(id)) {
      const unmatched = ids.filter((s) => !files.includes(`${s}.md`));
      const guess = closest(id, unmatched.length ? unmatched : ids);
      const hint = !guess
        ? ''
        : files.includes(`${guess}.md`)
          ? `; a misspelt copy of sections/${guess}.md?`
          : `; did you mean sections/${guess}.md?`;
      p.error(startOfFile, `matches no section of meeting.json, so it would not print (sections: ${ids.join(', ')})${hint}`);
    } else if (ids && !text.trim()) {
      p.error(startOfFile, `section "${id}" has no commentary yet (only notes, which do not print)`);
    }
    out.push(...p.list);
  }
  const questions = join(t.dir, 'questions.md');
  if (existsSync(questions)) {
    const p = new Problems(`${t.label}/questions.md`);
    const text = checkFile(questions, p.file, data, t.dataTo, p);
    for (const q of splitQuestions(text)) {
      if (!q.body) p.error({ line: q.line, column: 1 }, `the question "${q.heading}" has no answer`);
    }
    out.push(...p.list);
  }
  return out;
}
