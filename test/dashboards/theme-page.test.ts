// One theme page for every theme, written from the theme's declaration (pipeline/site/themes.ts):
// its title, its data file, and the year-ending section only where the theme declares that table.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import config from '../../observablehq.config.ts';
import { repoRoot } from '../../pipeline/config.ts';
import { themePage } from '../../pipeline/site/theme-page.ts';
import { themes } from '../../pipeline/site/themes.ts';

describe('the theme page', () => {
  it.each(themes.map((t) => [t.id, t] as const))('%s: its title, its data and its sections', (_id, theme) => {
    const md = themePage(theme);
    expect(md.split('\n').slice(0, 3)).toEqual(['---', `title: ${JSON.stringify(theme.title)}`, '---']);
    expect(md).toContain(`FileAttachment("data/theme/${theme.id}.json")`);
    expect(md.includes('display(yearEnding(data, state, {width}))')).toBe(Boolean(theme.yearEnding));
    // Every view the page calls is imported, and nothing it does not call.
    const imported = md
      .match(/import \{([^}]*)\} from "\.\/components\/themeView\.js"/)![1]!
      .split(',')
      .map((s) => s.trim());
    for (const v of imported) expect(md, v).toMatch(new RegExp(`\\b${v}\\(`));
  });

  it('is one page: no theme has a Markdown copy of its own, and the sidebar and routes come from the declaration', async () => {
    for (const t of themes) expect(existsSync(join(repoRoot, 'dashboards', `${t.id}.md`)), t.id).toBe(false);
    const sidebar = (config.pages as { name: string; path: string }[]).map((p) => p.path);
    expect(sidebar).toEqual(['/', ...themes.map((t) => t.path), '/definitions', '/quality']);
    const routes = await (config.dynamicPaths as () => string[])();
    for (const t of themes) expect(routes).toContain(t.path);
  });
});
