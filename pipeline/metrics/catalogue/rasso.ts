// Rape and serious sexual offences (RASSO): volumes, positive outcome rate (001 §3.17) and time to
// charge (003 §6.5). RASSO = Home Office offence groups rape and other sexual offences, any victim.
import type { MetricInput } from '../metric.ts';
import { crimeCount } from './common.ts';

const rasso = 'RASSO crimes (Home Office offence groups rape and other sexual offences, any victim)';

export const rassoMetrics: MetricInput[] = [
  {
    ...crimeCount,
    id: 'rasso_recorded',
    title: 'RASSO crimes recorded',
    definition: `${rasso} recorded in the period, by recorded date.`,
    polarity: 'neutral',
    defaultGrain: 'r12',
    family: 'rasso',
    caveats: ['Historical offences are counted when recorded, not when committed.'],
  },
  {
    id: 'rasso_positive_outcome_rate_pct',
    title: 'RASSO positive outcome rate',
    definition:
      `Of the ${rasso} given at least one outcome dated in the period, the percentage whose latest outcome in the period is positive: Home Office outcome types 1 (charge/summons), 1A, 2 and 3 (cautions), 4 (taken into consideration), 6 (penalty notice), 7 (cannabis/khat warning) or 8 (community resolution). ` +
      'A crime re-outcomed within the period counts once, at its latest outcome there (the later date; on the same date, the later line of the extract); outcomes after the period end are ignored. ' +
      'The force reports a rolling rate without naming the window; the default here is the 12 months to the month-end.',
    unit: 'pct',
    polarity: 'up_is_good',
    defaultGrain: 'r12',
    method: 'Crimes counted once per window at their latest outcome in it: positive ÷ crimes × 100. Not additive over months.',
    rollup: 'none',
    sources: ['crimes', 'outcomes'],
    areas: 'force_and_areas',
    family: 'rasso',
    caveats: [
      'Outcomes whose crime_ref is not in the crimes extract are left out (their offence is unknown).',
      'Outcome types 5 and 9-22 (e.g. evidential difficulties, investigation complete) count in the denominator as not positive.',
      'Monthly values rest on small numbers; read the rolling 12-month value.',
    ],
  },
  {
    id: 'rasso_median_days_to_charge',
    title: 'RASSO median days to charge',
    definition:
      `The median number of days from the recorded date to the first charge/summons outcome (Home Office outcome type 1), over ${rasso} whose first charge is dated in the period. ` +
      'With an even number of crimes the median is the mean of the two middle values.',
    unit: 'days',
    polarity: 'down_is_good',
    defaultGrain: 'r12',
    method:
      'Median of (first charge date − recorded date) over crimes first charged in the window; denominator = crimes charged, numerator empty.',
    rollup: 'none',
    sources: ['crimes', 'outcomes'],
    areas: 'force_and_areas',
    family: 'rasso',
    caveats: [
      'Counted from the date the crime was recorded, not the date of the offence (which may be years earlier).',
      'A crime charged, re-outcomed and charged again counts once, at its first charge.',
    ],
  },
];
