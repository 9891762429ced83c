// What the crime-volume metrics of several families (VAWG, violence, RASSO) share, written once so
// their definitions cannot drift apart: counted by recorded date, by month and area, summed.
import type { MetricInput } from '../metric.ts';

export const crimeCount = {
  unit: 'count',
  method: 'Count of crimes recorded in the window (by recorded_date), summed over its months.',
  rollup: 'count',
  sources: ['crimes'],
  areas: 'force_and_areas',
} satisfies Partial<MetricInput>;

export const offenceGroupCaveat =
  'Offence groups come from data/ho-offence-groups.csv by Home Office offence code; a code missing from it counts as "other".';
