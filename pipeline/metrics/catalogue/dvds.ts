// Clare's Law: the Domestic Violence Disclosure Scheme (001 §3.12).
import type { MetricInput } from '../metric.ts';

export const dvdsMetrics: MetricInput[] = [
  {
    id: 'dvds_requests',
    title: "Clare's Law (DVDS) requests",
    definition:
      'Domestic Violence Disclosure Scheme requests received in the period (by received date), both the right to ask and the right to know routes.',
    unit: 'count',
    polarity: 'neutral',
    defaultGrain: 'r12',
    method: 'Count of requests in the window (by received_date), summed over its months.',
    rollup: 'count',
    sources: ['dvds'],
    areas: 'force_only',
    family: 'dvds',
    caveats: ['The extract carries no area, so the metric is force-wide only.'],
  },
  {
    id: 'dvds_disclosed_within_28d_pct',
    title: "Clare's Law disclosures made within 28 days",
    definition:
      'Of the DVDS requests received in the period (by received date) that have a decision, the percentage disclosed with the disclosure made at most 28 days after the request was received (the statutory 28 days). ' +
      'Requests decided not to disclose count in the denominator; requests still awaiting a decision are left out.',
    unit: 'pct',
    polarity: 'up_is_good',
    defaultGrain: 'r12',
    method: 'disclosed within 28 days ÷ requests with a decision × 100, both by received_date.',
    rollup: 'ratio_pct',
    sources: ['dvds'],
    areas: 'force_only',
    family: 'dvds',
    caveats: [
      'The extract carries no area, so the metric is force-wide only.',
      'A disclosure recorded without a decision date is treated as a data error and not counted.',
      'The latest months rise as pending requests are decided.',
    ],
  },
];
