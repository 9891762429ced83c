// The pack's data: what the page's loader writes and the page draws. Aggregates only — every number
// here is a count, a rate or a limit over many records; no record reference ever enters it.
import type { SegmentLimits } from '../stats/monthly-spc.ts';

export interface PackAgendaItem {
  number: number;
  title: string;
  lead?: string;
  report: boolean;
  questions: boolean;
}

export interface PackMeeting {
  id: string;
  title: string;
  shortTitle: string;
  /** "Wednesday 8 November 2023" */
  dateLabel: string;
  /** "10:30 am" */
  timeLabel: string;
  startsAt: string;
  location: string;
  reportBy: string;
  contact?: string;
  distribution: string[];
  protectiveMarking: string;
  releaseAt: string;
  /** "9:00 am on Thursday 9 November 2023" */
  releaseLabel: string;
  dataTo: string;
  /** "October 2023" */
  dataToLabel: string;
  purpose: string;
  recommendation: string;
  agenda: PackAgendaItem[];
}

export interface TableCell {
  text: string;
  /** The figures the cell prints (valueKey), so the disclosure check can judge what was printed. */
  of?: string[];
  /** For change cells: whether the change is good news given the metric's polarity. */
  tone?: 'good' | 'bad' | 'neutral';
}

export interface PackTable {
  id: string;
  title: string;
  note?: string;
  /** First column's heading ("Crime group", "Period"). */
  stub: string;
  columns: string[];
  rows: { label: string; cells: TableCell[] }[];
  /** The extracts the figures come from, printed under the table. */
  sources: string[];
}

export interface PackChartPoint {
  period: string;
  value: number | null;
  special: 'improvement' | 'concern' | 'neither' | null;
}

export interface PackChart {
  id: string;
  /** Set when the disclosure rules hide the series (an area's months): the pack prints [c], no chart. */
  suppressed?: true;
  metric: string;
  title: string;
  /** Unit as the dashboards' components print it: "count", "%", "s", "days", "per_1000". */
  unit: string;
  decimals: number;
  polarity: string;
  target: number | null;
  area: string;
  areaLabel: string;
  grain: string;
  points: PackChartPoint[];
  mean: number | null;
  upper: number | null;
  lower: number | null;
  /** Limits per segment when the chart is rebased at a process change (stats/rebase.ts); upper and lower are the last's. */
  segments: SegmentLimits[];
  variation: string | null;
  /** Which way the latest point's signal points, for the variation icon's H/L letter. */
  direction: 'up' | 'down' | null;
  assurance: string | null;
  /** rebaseFrom: the first month of new control limits, when the change is a rebase point. */
  annotations: { date: string; label: string; when: string; rebaseFrom?: string }[];
  /** The auto-written verdict: SPC reading of the latest point, and the year-on-year test. */
  description: string;
  yearOnYear: { sentence: string; short: string } | null;
  sources: string[];
}

export interface PackSection {
  id: string;
  number: number;
  title: string;
  question?: string;
  tables: PackTable[];
  charts: PackChart[];
  /** The analyst's commentary, figures filled in, as HTML from the safe Markdown subset. */
  commentaryHtml: string;
}

export interface PackQuestion {
  heading: string;
  answerHtml: string;
}

export interface PackDefinition {
  id: string;
  title: string;
  definition: string;
  unit: string;
  polarity: string;
  target: number | null;
  method: string;
  sources: string[];
  caveats: string[];
}

export interface PackSource {
  file: string;
  extract: string;
  sha256: string;
  rows: number;
  loaded: number;
  quarantined: number;
  periodStart: string | null;
  periodEnd: string | null;
  receivedAt: string;
}

export interface PackData {
  meeting: PackMeeting;
  builtAt: string;
  catalogueVersion: string;
  sections: PackSection[];
  questions: PackQuestion[];
  definitions: PackDefinition[];
  /** The disclosure rules the pack was printed under (pipeline/disclosure/rules.ts), for Appendix A. */
  disclosure: readonly string[];
  sources: PackSource[];
  /** Every figure id the page must draw; the renderer checks each one. */
  figures: string[];
  /** Summary of every charted metric: the first page a panel member reads. */
  summary: {
    section: string;
    chart: string;
    title: string;
    latest: string;
    /** "Oct 2023" (and the area when it is not the force). */
    latestLabel: string;
    variation: string | null;
    direction: 'up' | 'down' | null;
    assurance: string | null;
    yearOnYear: string | null;
  }[];
}

/** What a printed pack's manifest.json records (render/pack.ts writes it; meetings/pack-state.ts reads it). */
export interface PackManifest {
  meeting: string;
  title: string;
  generatedAt: string;
  draft: boolean;
  pages: number;
  renderMs: number;
  /** Set when this render had to (re)build the site first. */
  siteBuildMs: number | null;
  pdf: { path: string; sha256: string; bytes: number };
  warehouse: { sha256: string; bytes: number; modifiedAt: string };
  extracts: PackSource[];
  catalogueVersion: string;
  browser: string;
  /** Whether poppler's pdftotext read the text layer back (the strongest text check). */
  textChecked: boolean;
  /**
   * Who approved this print (psm meeting approve) and when: `printedSha256` is the print as approved,
   * `sha256` the file after the approval was stamped into its metadata (= pdf.sha256). A reprint
   * writes a manifest without one.
   */
  approval?: { by: string; at: string; printedSha256: string; sha256: string };
}
