// Observable Framework configuration for the PSM dashboards. Everything here keeps the build
// offline: no Google Fonts stylesheet (Framework adds one by default), no "Built with Observable"
// footer link, no search index; libraries are imported from node_modules by the pages themselves.
import { workspacePaths } from './pipeline/config.ts';
import { packPaths } from './pipeline/packs/meeting.ts';
import { settings } from './pipeline/settings.ts';
import { themes } from './pipeline/site/themes.ts';

/** Each meeting's print page (packs/[meeting]) is built for the workspace Framework was started for. */
const meetingPaths = (): string[] => packPaths(workspacePaths().reports);

// Framework's page shell has no lang attribute, no skip link, a sidebar toggle named only by its title,
// and a <label> inside the sidebar's <ol>: mended as the page loads, so screen readers and axe are content.
const a11yScript = `<script>
document.documentElement.lang = "en-GB";
addEventListener("DOMContentLoaded", () => {
  // A skip link as the first Tab stop: past the sidebar's links to the page itself.
  const skip = Object.assign(document.createElement("a"), { className: "psm-skip", href: "#observablehq-main", textContent: "Skip to the page" });
  document.body.prepend(skip);
  document.getElementById("observablehq-main")?.setAttribute("tabindex", "-1");
  document.getElementById("observablehq-sidebar-toggle")?.setAttribute("aria-label", "Show or hide the list of pages");
  const close = document.getElementById("observablehq-sidebar-close");
  if (close && close.parentElement && close.parentElement.tagName === "OL") close.parentElement.before(close);
});
</script>`;

// The analyst's build shows every value: every page says so at its top, where it cannot be missed
// on a screenshot. (Packs are printed under the panel's rules whatever the build.)
const analystBanner =
  settings().audience === 'analyst'
    ? '<div class="psm-analyst-banner" role="note"><strong>Analyst build — unsuppressed small numbers — not for sharing.</strong> Build the panel site (psm build) for anything that leaves the office.</div>'
    : '';

export default {
  title: 'Performance Scrutiny',
  root: 'dashboards',
  // pipeline/site/build.ts points this at the workspace's staging folder; `site` is for a bare CLI run.
  output: process.env.PSM_SITE_OUTPUT ?? 'site',
  // Our stylesheet imports Framework's base and "air" theme itself (a `style` replaces `theme`).
  style: 'style.css',
  globalStylesheets: [],
  head: `<meta name="robots" content="noindex"><link rel="icon" href="data:,">${a11yScript}`,
  header: analystBanner,
  footer: 'Office of the Police and Crime Commissioner · Performance Scrutiny Meeting workspace · aggregates only',
  search: false,
  pager: false,
  toc: false,
  pages: [
    { name: 'Overview', path: '/' },
    // The theme pages, in the order themes.ts declares them: one page ([theme].md.ts) for all.
    ...themes.map((t) => ({ name: t.title, path: t.path })),
    { name: 'Metric definitions', path: '/definitions' },
    { name: 'Data quality', path: '/quality' },
  ],
  dynamicPaths: (): string[] => [...themes.map((t) => t.path), ...meetingPaths()],
};
