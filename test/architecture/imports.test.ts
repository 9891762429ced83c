// Data flows one way: extracts → warehouse → metrics → stats → site and packs → commands, with the
// formatting module (dashboards/shared/format.ts) and London time (pipeline/time/) as leaves that
// anything may import. An import cycle is a back-edge against that flow, so none is allowed in
// pipeline/ or in the dashboards' page code and loaders — type-only imports included.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../pipeline/config.ts';
import { describeCycle, findCycles, importGraph, sourceFiles, specifiers } from './import-graph.ts';

const files = sourceFiles([join(repoRoot, 'pipeline'), join(repoRoot, 'dashboards')]);
const graph = importGraph(files);
const rel = (f: string) => relative(repoRoot, f);

describe('the import graph of pipeline/ and dashboards/', () => {
  it('reads every source file and the imports between them', () => {
    expect(files.length).toBeGreaterThan(150);
    expect(graph.get(join(repoRoot, 'pipeline/cli.ts'))).toContain(join(repoRoot, 'pipeline/commands/pack.ts')); // a dynamic import
    expect(graph.get(join(repoRoot, 'dashboards/components/kpiTile.js'))).toContain(join(repoRoot, 'dashboards/shared/format.ts')); // "./format.js" is the .ts
  });

  it('has no import cycle', () => {
    expect(findCycles(graph).map((c) => describeCycle(repoRoot, c))).toEqual([]);
  });

  it('keeps the formatting module and London time as leaves', () => {
    expect(specifiers(join(repoRoot, 'dashboards/shared/format.ts'))).toEqual([]);
    const time = files.filter((f) => rel(f).startsWith('pipeline/time/'));
    expect(time.length).toBeGreaterThan(0);
    for (const f of time)
      expect(
        specifiers(f).filter((s) => s.startsWith('.')),
        rel(f),
      ).toEqual([]);
  });

  it('formats in one place: no page code or pipeline module defines its own number or period formatter', () => {
    const names =
      /\b(?:function|const)\s+(roundTo|formatNumber|formatValue|decimalsFor|decimalsOf|defaultDecimals|monthLabel|periodLabel|dayLabel|shiftMonth|yearBefore|grainLabels|GRAIN_LABELS)\b/;
    const format = join(repoRoot, 'dashboards/shared/format.ts');
    const others = files.filter((f) => f !== format);
    const defining = others.filter((f) => names.test(readText(f))).map(rel);
    // themeView's yearBefore(data, grain, id) only finds the period and asks the shared one.
    expect(defining).toEqual(['dashboards/components/themeView.js']);
  });

  it('page code imports the shared module as ".js" (a ".ts" specifier is left out of the built site)', () => {
    const pageCode = files.filter((f) => f.endsWith('.js') && rel(f).startsWith('dashboards/'));
    const wrong = pageCode.flatMap((f) =>
      specifiers(f)
        .filter((s) => s.startsWith('.') && s.endsWith('.ts'))
        .map((s) => `${rel(f)}: ${s}`),
    );
    expect(wrong).toEqual([]);
  });
});

describe('the cycle finder itself', () => {
  const dir = mkdtempSync(join(tmpdir(), 'psm-cycles-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string) => writeFileSync(join(dir, name), text);

  it('finds a cycle through a type-only import and a re-export, and names its path', () => {
    write('a.ts', "import { b } from './b.ts';\nexport const a = b;\n");
    write('b.ts', "export { c as b } from './c.ts';\n");
    write('c.ts', "import type { A } from './a.ts';\nexport const c = 1 as unknown as A;\nexport type A = number;\n");
    write('d.ts', "import { a } from './a.ts';\nexport const d = a;\n");
    const cycles = findCycles(importGraph(['a.ts', 'b.ts', 'c.ts', 'd.ts'].map((f) => join(dir, f))));
    expect(cycles.map((c) => describeCycle(dir, c))).toEqual(['a.ts → b.ts → c.ts → a.ts']);
  });

  it('finds a cycle through a dynamic import and a page-style ".js" specifier', () => {
    write('p.js', 'import {q} from "./q.js";\nexport const p = q;\n');
    write('q.ts', "export const q = () => import('./p.js');\n");
    const cycles = findCycles(importGraph(['p.js', 'q.ts'].map((f) => join(dir, f))));
    expect(cycles.map((c) => describeCycle(dir, c))).toEqual(['p.js → q.ts → p.js']);
  });

  it('finds no cycle in a chain', () => {
    write('x.ts', "import './y.ts';\n");
    write('y.ts', "import 'node:fs';\n");
    expect(findCycles(importGraph(['x.ts', 'y.ts'].map((f) => join(dir, f))))).toEqual([]);
  });
});

function readText(f: string): string {
  return readFileSync(f, 'utf8');
}
