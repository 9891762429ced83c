// The analyst's Markdown with its live figures filled in: commentary per section and the public
// questions. Figures are resolved over each whole file first, so every error names the file and
// the line the analyst typed, then the text is rendered through the safe Markdown subset.
//
// A note between <!-- and --> is the analyst's (or `psm meeting new`'s) and never prints: it is
// blanked before anything reads the file, keeping its line breaks so every line number stays true.
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { escapeHtml, markdownToHtml, splitQuestions } from './markdown.ts';
import type { Meeting } from './meeting.ts';
import { FigureRefError, fillFigures, parseFigureRefs, type FigureRef, type ResolveContext } from './prose.ts';

/** The text with every <!-- note --> blanked (line breaks kept); a note never closed is an error. */
export function stripNotes(text: string, file: string): string {
  let out = '';
  let from = 0;
  for (;;) {
    const open = text.indexOf('<!--', from);
    if (open < 0) return out + text.slice(from);
    const close = text.indexOf('-->', open + 4);
    if (close < 0) {
      const line = text.slice(0, open).split('\n').length;
      throw new FigureRefError(file, line, 'a note opened with "<!--" is never closed with "-->" (everything after it would be lost)');
    }
    out += text.slice(from, open) + text.slice(open, close + 3).replace(/[^\n]/g, ' ');
    from = close + 3;
  }
}

/** A prose file as the pack reads it: its notes blanked. */
export const readProse = (path: string, label: string): string => stripNotes(readFileSync(path, 'utf8'), label);

/** Where a meeting's Markdown lives, and the name errors give it (relative to the reports folder). */
export function proseFiles(m: Pick<Meeting, 'dir' | 'sections'>, reportsDir: string): { key: string; path: string; label: string }[] {
  const files = m.sections.map((s) => ({ key: `section:${s.id}`, path: join(m.dir, 'sections', `${s.id}.md`) }));
  const questions = join(m.dir, 'questions.md');
  if (existsSync(questions)) files.push({ key: 'questions', path: questions });
  return files.map((f) => ({ ...f, label: `reports/${relative(reportsDir, f.path)}` }));
}

/** Every figure reference across the meeting's prose, so they can be computed in one query. */
export function collectRefs(m: Pick<Meeting, 'dir' | 'sections'>, reportsDir: string): FigureRef[] {
  return proseFiles(m, reportsDir).flatMap((f) => parseFigureRefs(readProse(f.path, f.label), f.label));
}

// Figures travel through Markdown as private-use placeholders, so nothing in a formatted number
// ("[c]", "−4.35%") can be mistaken for Markdown, then come back as spans saying what they are.
const OPEN = '\uE000';
const CLOSE = '\uE001';

function renderWithFigures(text: string, label: string, ctx: ResolveContext, render: (md: string) => string): string {
  const shown: { text: string; ref: FigureRef }[] = [];
  const filled = fillFigures(text, label, ctx, (s, ref) => `${OPEN}${shown.push({ text: s, ref }) - 1}${CLOSE}`);
  return render(filled).replace(new RegExp(`${OPEN}(\\d+)${CLOSE}`, 'g'), (_, i: string) => {
    const { text: t, ref } = shown[Number(i)]!;
    const what = `${ref.kind === 'change' ? 'change in ' : ''}${ref.metric}${ref.part === 'value' ? '' : `.${ref.part}`}, ${ref.grain} ${ref.period}${ref.base ? ` vs ${ref.base}` : ''}${ref.area === 'force' ? '' : `, ${ref.area}`}`;
    return `<span class="pack-live" title="${escapeHtml(what)}">${escapeHtml(t)}</span>`;
  });
}

export interface RenderedProse {
  commentary: Map<string, string>;
  questions: { heading: string; answerHtml: string }[];
}

export function renderProse(m: Pick<Meeting, 'dir' | 'sections'>, reportsDir: string, ctx: ResolveContext): RenderedProse {
  const commentary = new Map<string, string>();
  let questions: RenderedProse['questions'] = [];
  for (const f of proseFiles(m, reportsDir)) {
    const text = readProse(f.path, f.label);
    if (f.key.startsWith('section:')) {
      commentary.set(
        f.key.slice('section:'.length),
        renderWithFigures(text, f.label, ctx, (md) => markdownToHtml(md, { headingBase: 3 })),
      );
      continue;
    }
    // Questions: fill the whole file first (line numbers stay true), then split at "## " headings.
    const html = renderWithFigures(text, f.label, ctx, (md) =>
      splitQuestions(md)
        .map((q) => `<h2>${escapeHtml(q.heading)}</h2>\n${markdownToHtml(q.body, { headingBase: 3 })}`)
        .join('\n\u0002\n'),
    );
    questions = html
      .split('\n\u0002\n')
      .filter((chunk) => chunk.trim())
      .map((chunk) => {
        const m = /^<h2>([\s\S]*?)<\/h2>\n?([\s\S]*)$/.exec(chunk)!;
        return { heading: unescapeHeading(m[1]!), answerHtml: m[2]! };
      });
  }
  return { commentary, questions };
}

/** The page sets question headings as text, so a figure span in one prints as its value. */
function unescapeHeading(h: string): string {
  return h
    .replace(/<span class="pack-live"[^>]*>([\s\S]*?)<\/span>/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}
