// Page loader: one theme page (/vawg, /orders, /contact, /dvds), written from its declaration in
// pipeline/site/themes.ts; `--theme` comes from the route (dynamicPaths in observablehq.config.ts).
import { parseArgs } from 'node:util';
import { themePage } from '../pipeline/site/theme-page.ts';
import { getTheme } from '../pipeline/site/themes.ts';

const { values } = parseArgs({ options: { theme: { type: 'string' } }, strict: false });
process.stdout.write(themePage(getTheme(String(values.theme))));
