// VAWG crime volumes: the force's table in paper 001 §3.5 (12 months to July, % change on one and
// two years before). Crimes against women and girls = crimes whose victim_sex is 'F'.
import type { MetricInput } from '../metric.ts';
import { crimeCount, offenceGroupCaveat } from './common.ts';

const common = {
  ...crimeCount,
  // More recording can mean more reporting and better recording, not more offending (001 §3.6):
  // neither direction is good news by itself.
  polarity: 'neutral',
  defaultGrain: 'r12',
  family: 'vawg',
} satisfies Partial<MetricInput>;

const femaleVictim = "the victim's sex is recorded as female (victim_sex 'F'; 'U' unknown is not counted)";

export const vawgMetrics: MetricInput[] = [
  {
    ...common,
    id: 'vawg_violence_with_injury',
    title: 'Violence with injury against women and girls',
    definition: `Crimes recorded in the period (by recorded date) whose Home Office offence code is in the violence with injury group and where ${femaleVictim}.`,
    caveats: [offenceGroupCaveat, 'Girls and women of every age are counted; the age band is not filtered.'],
  },
  {
    ...common,
    id: 'vawg_violence_without_injury',
    title: 'Violence without injury against women and girls',
    definition: `Crimes recorded in the period (by recorded date) whose Home Office offence code is in the violence without injury group and where ${femaleVictim}.`,
    caveats: [offenceGroupCaveat],
  },
  {
    ...common,
    id: 'vawg_stalking_harassment',
    title: 'Stalking and harassment against women and girls',
    definition: `Crimes recorded in the period (by recorded date) whose Home Office offence code is in the stalking and harassment group (stalking 8Q, harassment and malicious communications) and where ${femaleVictim}.`,
    caveats: [offenceGroupCaveat],
  },
  {
    ...common,
    id: 'vawg_rape',
    title: 'Rape of women and girls',
    definition: `Crimes recorded in the period (by recorded date) whose Home Office offence code is in the rape group and where ${femaleVictim}.`,
    caveats: [offenceGroupCaveat, 'Historical offences are counted when recorded, not when committed.'],
  },
  {
    ...common,
    id: 'vawg_other_sexual_offences',
    title: 'Other sexual offences against women and girls',
    definition: `Crimes recorded in the period (by recorded date) whose Home Office offence code is in the other sexual offences group (every sexual offence other than rape) and where ${femaleVictim}.`,
    caveats: [offenceGroupCaveat, 'Historical offences are counted when recorded, not when committed.'],
  },
  {
    ...common,
    id: 'vawg_domestic_abuse',
    title: 'Domestic abuse against women and girls',
    definition: `Crimes of any offence recorded in the period (by recorded date) that carry the domestic abuse flag and where ${femaleVictim}.`,
    caveats: ['Depends on officers setting the domestic abuse flag when recording the crime.'],
  },
];
