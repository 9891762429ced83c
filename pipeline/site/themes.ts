// The dashboard's theme pages and which metric families each shows. Metrics come from the
// catalogue by family, so a metric added to the catalogue appears on its page without a change here.
import { catalogue, type Metric } from '../metrics/catalogue.ts';

export interface ThemeSpec {
  id: 'vawg' | 'orders' | 'contact' | 'dvds';
  title: string;
  /** Page path, for links from the overview. */
  path: string;
  families: Metric['family'][];
  intro: string;
  /** The metric the page opens on. */
  defaultMetric: string;
  /** Metrics of the year-ending table (the force's VAWG table), if the page has one. */
  yearEnding?: { title: string; metrics: string[]; rowLabel: string };
}

export const themes: ThemeSpec[] = [
  {
    id: 'vawg',
    title: 'VAWG and RASSO',
    path: '/vawg',
    families: ['vawg', 'rasso', 'violence'],
    intro:
      'Violence against women and girls (crimes with a female victim), domestic abuse, and rape and serious sexual offences: volumes, positive outcomes and time to charge.',
    defaultMetric: 'rasso_positive_outcome_rate_pct',
    yearEnding: {
      title: 'VAWG crimes',
      rowLabel: 'Offence group (female victims)',
      metrics: [
        'vawg_violence_with_injury',
        'vawg_violence_without_injury',
        'vawg_stalking_harassment',
        'vawg_rape',
        'vawg_other_sexual_offences',
        'vawg_domestic_abuse',
      ],
    },
  },
  {
    id: 'orders',
    title: 'Civil orders',
    path: '/orders',
    families: ['orders'],
    intro:
      'Domestic Violence Protection Notices and Orders (DVPN/DVPO) and Stalking Protection Orders (SPO): applications, grants, orders in force and breaches.',
    defaultMetric: 'dvpn_applications',
  },
  {
    id: 'contact',
    title: 'Contact management',
    path: '/contact',
    families: ['contact'],
    intro: 'Emergency 999 and non-emergency 101 calls: demand, speed of answer against the national 90% in 10 seconds standard, and abandoned calls.',
    defaultMetric: 'calls999_answered_10s_pct',
  },
  {
    id: 'dvds',
    title: "Clare's Law",
    path: '/dvds',
    families: ['dvds'],
    intro: "The Domestic Violence Disclosure Scheme (Clare's Law): requests under the right to ask and the right to know, and how quickly disclosures are made.",
    defaultMetric: 'dvds_disclosed_within_28d_pct',
  },
];

export function getTheme(id: string): ThemeSpec {
  const t = themes.find((x) => x.id === id);
  if (!t) throw new Error(`Unknown theme "${id}". Known: ${themes.map((x) => x.id).join(', ')}`);
  return t;
}

export const themeMetrics = (t: ThemeSpec): Metric[] => catalogue.filter((m) => t.families.includes(m.family));

/** The theme page a metric is shown on. */
export function themeOf(metricId: string): ThemeSpec | undefined {
  const m = catalogue.find((x) => x.id === metricId);
  return m && themes.find((t) => t.families.includes(m.family));
}
