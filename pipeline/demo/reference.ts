// The demo force's reference facts: its eight areas and the Home Office offence codes it records.
// data/areas.json and data/ho-offence-groups.csv hold the same facts for the warehouse (a test
// keeps them in step); weights here only shape the synthetic mix.
import { G } from './calendar-targets.ts';

export const areas = [
  { area: 'DC', area_name: 'Derby City', w: 26 },
  { area: 'CH', area_name: 'Chesterfield', w: 11 },
  { area: 'AV', area_name: 'Amber Valley', w: 11 },
  { area: 'ER', area_name: 'Erewash', w: 11 },
  { area: 'HP', area_name: 'High Peak', w: 8 },
  { area: 'NE', area_name: 'North East Derbyshire & Bolsover', w: 15 },
  { area: 'DD', area_name: 'Derbyshire Dales', w: 6 },
  { area: 'SD', area_name: 'South Derbyshire', w: 10 },
] as const;

/** Who the victim can be: any person, a woman/girl or man/boy (sex-specific codes), or nobody. */
export type VictimKind = 'person' | 'female' | 'male' | 'none';

export interface Offence {
  code: string;
  group: number;
  name: string;
  /** Relative frequency within its group (0: chosen only on purpose, e.g. stalking). */
  w: number;
  victim: VictimKind;
  /** The code itself says the victim is a child. */
  child?: boolean;
}

export const offences: Offence[] = [
  { code: '2', group: G.VWI, name: 'Attempted murder', w: 0.3, victim: 'person' },
  { code: '5D', group: G.VWI, name: 'Assault with intent to cause serious harm', w: 6, victim: 'person' },
  { code: '5E', group: G.VWI, name: 'Endangering life', w: 1, victim: 'person' },
  { code: '8N', group: G.VWI, name: 'Assault with injury', w: 88, victim: 'person' },
  { code: '8P', group: G.VWI, name: 'Racially or religiously aggravated assault with injury', w: 1.5, victim: 'person' },
  { code: '105A', group: G.VWOI, name: 'Assault without injury', w: 62, victim: 'person' },
  { code: '105B', group: G.VWOI, name: 'Racially or religiously aggravated assault without injury', w: 3, victim: 'person' },
  { code: '104', group: G.VWOI, name: 'Assault without injury on a constable', w: 9, victim: 'person' },
  { code: '3B', group: G.VWOI, name: 'Threats to kill', w: 8, victim: 'person' },
  { code: '11A', group: G.VWOI, name: 'Cruelty to children/young persons', w: 5, victim: 'person', child: true },
  { code: '36', group: G.VWOI, name: 'Kidnapping', w: 1, victim: 'person' },
  { code: '8L', group: G.SH, name: 'Harassment', w: 30, victim: 'person' },
  { code: '8M', group: G.SH, name: 'Racially or religiously aggravated harassment', w: 2, victim: 'person' },
  { code: '8Q', group: G.SH, name: 'Stalking', w: 0, victim: 'person' },
  { code: '8R', group: G.SH, name: 'Controlling or coercive behaviour in an intimate or family relationship', w: 14, victim: 'person' },
  { code: '8U', group: G.SH, name: 'Controlling or coercive behaviour (other)', w: 2, victim: 'person' },
  { code: '195', group: G.SH, name: 'Malicious communications', w: 30, victim: 'person' },
  { code: '19C', group: G.RAPE, name: 'Rape of a female aged 16 and over', w: 70, victim: 'female' },
  { code: '19D', group: G.RAPE, name: 'Rape of a female child under 16', w: 18, victim: 'female', child: true },
  { code: '19E', group: G.RAPE, name: 'Rape of a female child under 13', w: 12, victim: 'female', child: true },
  { code: '19F', group: G.RAPE, name: 'Rape of a male aged 16 and over', w: 45, victim: 'male' },
  { code: '19G', group: G.RAPE, name: 'Rape of a male child under 16', w: 25, victim: 'male', child: true },
  { code: '19H', group: G.RAPE, name: 'Rape of a male child under 13', w: 30, victim: 'male', child: true },
  { code: '17A', group: G.OSO, name: 'Sexual assault on a male aged 13 and over', w: 45, victim: 'male' },
  { code: '17B', group: G.OSO, name: 'Sexual assault on a male child under 13', w: 25, victim: 'male', child: true },
  { code: '20A', group: G.OSO, name: 'Sexual assault on a female aged 13 and over', w: 55, victim: 'female' },
  { code: '20B', group: G.OSO, name: 'Sexual assault on a female child under 13', w: 10, victim: 'female', child: true },
  { code: '21', group: G.OSO, name: 'Sexual activity involving a child under 13', w: 6, victim: 'person', child: true },
  { code: '22A', group: G.OSO, name: 'Causing sexual activity without consent', w: 8, victim: 'person' },
  { code: '22B', group: G.OSO, name: 'Sexual activity involving a child under 16', w: 12, victim: 'person', child: true },
  { code: '23', group: G.OSO, name: 'Incest or familial sexual offences', w: 2, victim: 'person' },
  { code: '88A', group: G.OSO, name: 'Sexual grooming', w: 4, victim: 'person', child: true },
  { code: '28E', group: G.OTHER, name: 'Burglary – residential', w: 4, victim: 'person' },
  { code: '28F', group: G.OTHER, name: 'Attempted burglary – residential', w: 1, victim: 'person' },
  { code: '30C', group: G.OTHER, name: 'Burglary – business and community', w: 2.5, victim: 'none' },
  { code: '34A', group: G.OTHER, name: 'Robbery of business property', w: 0.15, victim: 'none' },
  { code: '34B', group: G.OTHER, name: 'Robbery of personal property', w: 1, victim: 'person' },
  { code: '39', group: G.OTHER, name: 'Theft from the person', w: 1.2, victim: 'person' },
  { code: '40', group: G.OTHER, name: 'Theft in a dwelling other than from an automatic machine or meter', w: 1.5, victim: 'person' },
  { code: '44', group: G.OTHER, name: 'Theft or unauthorised taking of a pedal cycle', w: 1.5, victim: 'person' },
  { code: '45', group: G.OTHER, name: 'Theft from a vehicle', w: 4, victim: 'person' },
  { code: '46', group: G.OTHER, name: 'Shoplifting', w: 9, victim: 'none' },
  { code: '48', group: G.OTHER, name: 'Theft or unauthorised taking of a motor vehicle', w: 2, victim: 'person' },
  { code: '49', group: G.OTHER, name: 'Other theft', w: 8, victim: 'person' },
  { code: '56B', group: G.OTHER, name: 'Arson not endangering life', w: 0.5, victim: 'person' },
  { code: '58A', group: G.OTHER, name: 'Criminal damage to a dwelling', w: 3, victim: 'person' },
  { code: '58B', group: G.OTHER, name: 'Criminal damage to a building other than a dwelling', w: 2, victim: 'none' },
  { code: '58C', group: G.OTHER, name: 'Criminal damage to a vehicle', w: 4, victim: 'person' },
  { code: '58D', group: G.OTHER, name: 'Other criminal damage', w: 2, victim: 'person' },
  { code: '9A', group: G.OTHER, name: 'Public fear, alarm or distress', w: 7, victim: 'person' },
  { code: '9B', group: G.OTHER, name: 'Racially or religiously aggravated public fear, alarm or distress', w: 1, victim: 'person' },
  { code: '92A', group: G.OTHER, name: 'Trafficking in controlled drugs', w: 1, victim: 'none' },
  { code: '92D', group: G.OTHER, name: 'Possession of controlled drugs (cannabis)', w: 3, victim: 'none' },
  { code: '92E', group: G.OTHER, name: 'Possession of controlled drugs (excluding cannabis)', w: 1, victim: 'none' },
  { code: '10D', group: G.OTHER, name: 'Possession of article with blade or point', w: 0.8, victim: 'none' },
];

export const STALKING = offences.findIndex((o) => o.code === '8Q');

export const ageBands = ['0-17', '18-24', '25-34', '35-44', '45-54', '55-64', '65+', 'unknown'] as const;
export const AGE_CHILD = 0;
export const AGE_UNKNOWN = 7;
/** Victim age mix by offence group (children are over-represented in sexual offences). */
export const ageWeights: Record<number, number[]> = {
  [G.VWI]: [12, 20, 26, 19, 12, 6, 3, 2],
  [G.VWOI]: [14, 18, 25, 19, 13, 6, 3, 2],
  [G.SH]: [8, 16, 24, 21, 16, 8, 5, 2],
  [G.RAPE]: [38, 22, 17, 11, 6, 2, 1, 3],
  [G.OSO]: [45, 20, 13, 9, 6, 3, 2, 2],
  [G.OTHER]: [4, 12, 22, 21, 18, 12, 9, 2],
};

/** Free-text notes forces append to descriptions: commas, quotes, line breaks, €, curly quotes, dashes. */
export const notes = [
  'victim’s partner, known to police',
  'Suspect “known to victim”, no weapon seen',
  'Reported online – via Single Online Home',
  'Cash taken: €40 and £20, purse later recovered',
  'Injuries: bruising to arm,\nattended A&E',
  'Repeat location; see linked\nincident log',
  'Occurred between 23:00–01:00, CCTV requested',
  'Third-party report, “concern for safety”',
];
