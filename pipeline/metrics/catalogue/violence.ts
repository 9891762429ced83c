// Violence against the person, all victims: the force's crime recording dashboard table in paper
// 003 §7.8 (financial years).
import type { MetricInput } from '../metric.ts';
import { crimeCount, offenceGroupCaveat } from './common.ts';

const common = {
  ...crimeCount,
  polarity: 'down_is_good',
  defaultGrain: 'fy',
  family: 'violence',
  caveats: [
    offenceGroupCaveat,
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
