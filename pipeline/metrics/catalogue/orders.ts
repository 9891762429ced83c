// Civil orders: Domestic Violence Protection Notices/Orders (004 Q49) and Stalking Protection
// Orders (001 §3.15, 003 §9.6, 004 Q50). Breaches take the area of the order they breach.
import type { MetricInput } from '../metric.ts';

const dvpn = 'DVPN and DVPO applications (order types DVPN, DVPO: the notice and the order are one family, as the force counts them)';
const orphanBreach = 'A breach whose order_ref is not in the orders extract is left out: its order type is unknown.';

// Every order metric has areas: an order carries one, and a breach takes its order's.
const order = { areas: 'force_and_areas', family: 'orders' } satisfies Partial<MetricInput>;
// Breach metrics read both extracts (the breach's order gives its type and area), by calendar year.
const breach = { ...order, defaultGrain: 'cy', sources: ['orders', 'breaches'] } satisfies Partial<MetricInput>;
const breachCount = {
  ...breach,
  unit: 'count',
  polarity: 'neutral',
  method: 'Count of breaches in the window (by breach_date), summed over its months.',
  rollup: 'count',
  caveats: [orphanBreach],
} satisfies Partial<MetricInput>;

export const ordersMetrics: MetricInput[] = [
  {
    ...order,
    id: 'dvpn_applications',
    title: 'DVPN/DVPO applications',
    definition: `${dvpn} made in the period, by applied date, whatever the decision.`,
    unit: 'count',
    polarity: 'neutral',
    defaultGrain: 'cy',
    method: 'Count of applications in the window (by applied_date), summed over its months.',
    rollup: 'count',
    sources: ['orders'],
    caveats: [],
  },
  {
    ...order,
    id: 'dvpn_granted_pct',
    title: 'DVPN/DVPO applications granted',
    definition: `Of the ${dvpn} made in the period (by applied date), the percentage whose decision is granted. Refused, withdrawn and still-pending applications count in the denominator.`,
    unit: 'pct',
    polarity: 'up_is_good',
    defaultGrain: 'cy',
    method: 'granted ÷ applications × 100, both by applied_date (numerator = applications granted).',
    rollup: 'ratio_pct',
    sources: ['orders'],
    caveats: ['Recent applications may still be pending, which lowers the latest value until they are decided.'],
  },
  {
    ...breachCount,
    id: 'dvpn_breaches',
    title: 'DVPN/DVPO breaches',
    definition:
      'Breaches of DVPN or DVPO orders dated in the period (by breach date), each breach counted once; the area is that of the order.',
  },
  {
    ...breach,
    id: 'dvpn_breach_rate_pct',
    title: 'DVPN/DVPO breach rate',
    definition:
      'DVPN/DVPO breaches dated in the period (by breach date) as a percentage of DVPN/DVPO applications made in the period (by applied date). ' +
      'Over applications, not over orders granted, because that is how the force publishes it (2021: 27 breaches of 160 applications = 17%).',
    unit: 'pct',
    polarity: 'down_is_good',
    method: 'breaches (by breach_date) ÷ applications (by applied_date) × 100.',
    rollup: 'ratio_pct',
    caveats: [orphanBreach, 'The breaches need not be of orders applied for in the same period; with small numbers a month can pass 100%.'],
    proportion: false,
  },
  {
    ...breach,
    id: 'dvpn_breaches_to_court_pct',
    title: 'DVPN/DVPO breaches presented to court',
    definition:
      "Of DVPN/DVPO breaches dated in the period (by breach date), the percentage whose action is 'charged' or 'presented to court'.",
    unit: 'pct',
    polarity: 'up_is_good',
    method: 'breaches charged or presented to court ÷ breaches × 100, by breach_date.',
    rollup: 'ratio_pct',
    caveats: [orphanBreach, "Breaches whose action is still 'pending' count in the denominator."],
  },
  {
    ...order,
    id: 'spo_granted',
    title: 'Stalking Protection Orders granted',
    definition:
      "Stalking Protection Orders (order type SPO; interim SPOs are not counted) whose decision is granted, placed by the date of the court's decision.",
    unit: 'count',
    polarity: 'up_is_good',
    defaultGrain: 'fy',
    method: 'Count of SPOs granted in the window (by decision_date), summed over its months.',
    rollup: 'count',
    sources: ['orders'],
    caveats: [],
  },
  {
    ...order,
    id: 'spo_granted_per_1000_stalking',
    title: 'SPOs granted per 1,000 stalking offences',
    definition:
      'Stalking Protection Orders granted in the period (by decision date) per 1,000 stalking crimes recorded in the period (Home Office offence code 8Q, by recorded date, any victim). ' +
      'The orders need not arise from those crimes: it measures how often the force obtains an SPO relative to stalking demand.',
    unit: 'per_1000',
    polarity: 'up_is_good',
    defaultGrain: 'fytd',
    method: 'SPOs granted ÷ stalking crimes recorded × 1,000, each counted by its own date.',
    rollup: 'per_1000',
    sources: ['orders', 'crimes'],
    caveats: ['Harassment (also in the stalking and harassment group) is not in the denominator: only stalking proper, code 8Q.'],
  },
  {
    ...order,
    id: 'spo_active',
    title: 'Stalking Protection Orders in force',
    definition:
      "Stalking Protection Orders in force on the last day of the period: granted on or before that day and with no expiry date or an expiry date on or after it (an order expiring on the period's last day still counts).",
    unit: 'count',
    polarity: 'neutral',
    defaultGrain: 'month',
    method: 'Point-in-time count on period_end; not summed over months.',
    rollup: 'none',
    sources: ['orders'],
    caveats: [
      'An order discharged early by the court stays counted until its recorded expiry date.',
      'For a period that runs past the end of the data (e.g. the current calendar year) the count is as at the period end, using the expiry dates known now.',
    ],
  },
  {
    ...breachCount,
    id: 'spo_breaches',
    title: 'Stalking Protection Order breaches',
    definition:
      'Breaches of Stalking Protection Orders dated in the period (by breach date), each breach counted once (two breaches of one order are 2); the area is that of the order.',
  },
  {
    ...breach,
    id: 'spo_breaches_charged_pct',
    title: 'SPO breaches charged',
    definition: "Of Stalking Protection Order breaches dated in the period (by breach date), the percentage whose action is 'charged'.",
    unit: 'pct',
    polarity: 'up_is_good',
    method: 'breaches charged ÷ breaches × 100, by breach_date.',
    rollup: 'ratio_pct',
    caveats: [orphanBreach, 'Very small numbers: a single breach moves the rate by tens of points.'],
  },
];
