// The commentary files `psm meeting new` writes: a note (which never prints) listing the figure
// references the section's charts and tables make available, each with today's value, so the
// analyst writes prose by copying a reference rather than by typing a number or guessing a period.
import { catalogue } from '../metrics/catalogue.ts';
import { monthLabel, periodLabel, shiftMonth, type Grain } from '../../dashboards/shared/format.ts';
import type { ChartSpec, SectionSpec, TableSpec } from '../packs/meeting.ts';
import { FigureRefError, parseFigureRefs, resolveRef, type ResolveContext } from '../packs/prose.ts';
import type { DataContext } from './data-context.ts';

const metrics = new Map(catalogue.map((c) => [c.id, { unit: c.unit, areas: c.areas }]));
const titleOf = new Map(catalogue.map((c) => [c.id, c.title]));

/** What a reference prints today, or why it cannot be used. */
function today(ref: string, data: DataContext | null): string {
  if (!data) return '(no warehouse yet)';
  const ctx: ResolveContext = { metrics, areas: new Set(data.areas.keys()), values: data.values };
  try {
    return resolveRef(parseFigureRefs(ref, 'hint')[0]!, ctx);
  } catch (err) {
    if (!(err instanceof FigureRefError)) throw err;
    if (/disclosure rules hide/.test(err.message)) return '[c]: hidden by the disclosure rules, so it cannot be named in prose';
    if (/no value/.test(err.message)) return '(no value: outside the data)';
    return `(cannot be used: ${err.message.replace(/^hint:\d+: /, '')})`;
  }
}

const areaPart = (area: string) => (area === 'force' ? '' : ` ${area}`);

/** The latest of a table's periods (period ids of one grain sort in time order as text). */
export const latestPeriod = (periods: readonly string[]): string => [...periods].sort().at(-1)!;

function tableRefs(t: TableSpec): string[] {
  const latest = latestPeriod(t.periods);
  const earlier = t.periods.filter((p) => p !== latest);
  return t.metrics.flatMap((m) => [
    ...t.periods.map((p) => `{{ ${m} ${t.grain} ${p}${areaPart(t.area)} }}`),
    ...earlier.map((p) => `{{ change ${m} ${t.grain} ${latest} vs ${p}${areaPart(t.area)} | updown1 }}`),
  ]);
}

function chartRefs(c: ChartSpec, dataTo: string): string[] {
  // Monthly figures below force level are not published (only twelve-month windows are).
  const month = c.area === 'force' ? [`{{ ${c.metric} month ${dataTo} }}`] : [];
  return [
    ...month,
    `{{ ${c.metric} r12 ${dataTo}${areaPart(c.area)} }}`,
    `{{ change ${c.metric} r12 ${dataTo} vs ${shiftMonth(dataTo, -12)}${areaPart(c.area)} | updown1 }}`,
  ];
}

function block(heading: string, refs: string[], data: DataContext | null): string[] {
  const width = Math.min(70, Math.max(...refs.map((r) => r.length)));
  return [heading, ...refs.map((r) => `  ${r.padEnd(width)}  → ${today(r, data)}`), ''];
}

/** The commentary file for one section of a new meeting: a note of references, and nothing that prints. */
export function commentaryTemplate(s: SectionSpec, number: number, dataTo: string, data: DataContext | null): string {
  const lines = [
    '<!--',
    `Commentary for section ${number}, "${s.title}".`,
    'Write the commentary below this note; the note itself never prints (delete it when done if you like).',
    'Figures are references, filled in from the warehouse when the pack prints: copy one from the list',
    `below. Values are today's${data?.last ? `, from data to ${monthLabel(data.last.slice(0, 7))}` : ''}; "psm meeting check" checks every reference.`,
    '',
  ];
  for (const t of s.tables)
    lines.push(...block(`Table "${t.id}" (${t.periods.map((p) => periodLabel(t.grain as Grain, p)).join(', ')}):`, tableRefs(t), data));
  for (const c of s.charts)
    lines.push(
      ...block(
        `Chart: ${c.title ?? titleOf.get(c.metric) ?? c.metric}${c.area === 'force' ? '' : ` (${c.area})`}, monthly to ${monthLabel(dataTo)}:`,
        chartRefs(c, dataTo),
        data,
      ),
    );
  lines.push('Formats: add "| pct0" (96%), "| dp1", "| updown0" (up 12%) and so on after the period.', '-->', '', '');
  return lines.join('\n');
}

export const questionsTemplate = [
  '# Public questions',
  '',
  '<!--',
  'Each public question is a "## " heading with its answer under it, for example:',
  '',
  '## 1. How many rapes were recorded in the last year?',
  '',
  'The answer, with figures as references as in the commentary.',
  '',
  'With no questions, leave this file as it is: the pack says none were received.',
  '-->',
  '',
].join('\n');
