// Violence against the person, all victims: the force's crime recording dashboard table in paper
// 003 §7.8 (financial years).
import type { MetricInput } from '../catalogue.ts';

const common = {
  unit: 'count',
  polarity: 'down_is_good',
  defaultGrain: 'fy',
  method: 'Count of crimes recorded in the window (by recorded_date), summed over its months.',
  sources: ['crimes'],
  areas: 'force_and_areas',
  family: 'violence',
  caveats: [
    'Offence groups come from data/ho-offence-groups.csv by Home Office offence code; a code missing from it counts as "other".',
    'Wider than the Serious Violence Board definition, which excludes sexual violence and domestic abuse (003 §7.8).',
  ],
} satisfies Partial<MetricInput>;

export const violenceMetrics: MetricInput[] = [
  {
    ...common,
    id: 'violence_with_injury',
    title: 'Violence with injury (all victims)',
    definition:
      'Crimes recorded in the period (by recorded date) whose Home Office offence code is in the violence with injury group (e.g. GBH, ABH, administering poison), whatever the victim.',
  },
  {
    ...common,
    id: 'violence_without_injury',
    title: 'Violence without injury (all victims)',
    definition:
      'Crimes recorded in the period (by recorded date) whose Home Office offence code is in the violence without injury group (e.g. common assault, kidnap, false imprisonment), whatever the victim.',
  },
];
