// The one theme page, written out for each theme (dashboards/[theme].md.ts is its page loader):
// the themes are declared once, in themes.ts, and every theme page, its title and its place in the
// sidebar come from that declaration. A theme with a year-ending table (the force's VAWG table)
// gets that section; the others are the same page with another data file.
import { themeMetrics, type ThemeSpec } from './themes.ts';

const yearEndingSection = `
<section class="psm-panel" aria-labelledby="ye-heading">
<h2 id="ye-heading">Year ending comparison</h2>
<p class="psm-lede">The force’s table: the 12 months to the selected month, against the same 12 months one and two years before.</p>

\`\`\`js
display(yearEnding(data, state, {width}));
\`\`\`

</section>
`;

/** The Markdown of one theme's page. */
export function themePage(theme: ThemeSpec): string {
  // The funnel plot compares areas with the force: only on a theme whose metrics have areas.
  const byArea = themeMetrics(theme).some((m) => m.areas === 'force_and_areas');
  const views = ['comparison', 'metricIntro', 'metricOf', 'spc', 'tiles', ...(byArea ? ['funnel'] : []), ...(theme.yearEnding ? ['yearEnding'] : [])];
  return `---
title: ${JSON.stringify(theme.title)}
---

\`\`\`js
import {filterBar} from "./components/urlState.js";
import {${views.sort().join(', ')}} from "./components/themeView.js";
import {pageHead} from "./components/page.js";
const data = await FileAttachment(${JSON.stringify(`data/theme/${theme.id}.json`)}).json();
\`\`\`

\`\`\`js
display(pageHead(data));
const bar = filterBar(data, {invalidation});
const state = view(bar);
\`\`\`

<section aria-labelledby="kpi-heading">
<h2 id="kpi-heading" class="psm-sr">Headline measures</h2>

\`\`\`js
display(tiles(data, state, {onSelect: (id) => bar.set({metric: id})}));
\`\`\`

</section>

\`\`\`js
const metric = metricOf(data, state.metric);
\`\`\`

<section class="psm-panel" aria-labelledby="spc-heading">
<h2 id="spc-heading">\${metric.title}: month by month</h2>

\`\`\`js
display(metricIntro(metric));
display(spc(data, state, {width}));
\`\`\`

</section>

<section class="psm-panel" aria-labelledby="compare-heading">
<h2 id="compare-heading">\${metric.areas.length > 1 ? "By area" : "All measures"}</h2>

\`\`\`js
display(comparison(data, state));${byArea ? '\ndisplay(funnel(data, state, {width}));' : ''}
\`\`\`

</section>
${theme.yearEnding ? yearEndingSection : ''}`;
}
