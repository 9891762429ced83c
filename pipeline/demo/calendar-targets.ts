// The published figures the demo force is calibrated to, copied from the papers (product code never
// reads the papers). Each entry names its source; the generator solves exact counts from these so
// the metric definitions, run on the ingested rows, print the same numbers.

/** 999 calls by financial year (003 §4.14); abandonment printed to `abandonedDp` decimals. */
export const calls999Fy = [
  { fy: 0, calls: 152_944, answered10s: 103_633, meanRing: 8, abandonedPct: 0.9, abandonedDp: 1 },
  { fy: 1, calls: 138_575, answered10s: 102_695, meanRing: 6, abandonedPct: 0.7, abandonedDp: 1 },
  { fy: 2, calls: 167_358, answered10s: 124_510, meanRing: 7, abandonedPct: 0.56, abandonedDp: 2 },
  { fy: 3, calls: 173_607, answered10s: 147_409, meanRing: 7, abandonedPct: 0.6, abandonedDp: 1 },
] as const;

export interface Month101 {
  month: string;
  calls: number;
  /** Mean ring, whole seconds: triage (IVR) queue and ControlWorks 101 queue. */
  triage: number;
  cw: number;
  /** Percentages, 2 dp. */
  answered60: number;
  abandoned: number;
}

/** 101 calls by month, April 2022 to March 2023 (003 §4.15). */
export const calls101Published: Month101[] = [
  { month: '2022-04', calls: 21_597, triage: 39, cw: 328, answered60: 59.5, abandoned: 9.26 },
  { month: '2022-05', calls: 23_098, triage: 49, cw: 375, answered60: 54.39, abandoned: 10.23 },
  { month: '2022-06', calls: 22_716, triage: 81, cw: 475, answered60: 45.71, abandoned: 13.5 },
  { month: '2022-07', calls: 22_593, triage: 75, cw: 527, answered60: 46.81, abandoned: 14.29 },
  { month: '2022-08', calls: 22_114, triage: 97, cw: 596, answered60: 41.78, abandoned: 16.73 },
  { month: '2022-09', calls: 20_905, triage: 95, cw: 509, answered60: 45.63, abandoned: 13.87 },
  { month: '2022-10', calls: 21_598, triage: 80, cw: 488, answered60: 46.55, abandoned: 13.04 },
  { month: '2022-11', calls: 20_621, triage: 80, cw: 890, answered60: 53.51, abandoned: 9.45 },
  { month: '2022-12', calls: 12_647, triage: 53, cw: 219, answered60: 53.84, abandoned: 14.06 },
  { month: '2023-01', calls: 14_888, triage: 60, cw: 169, answered60: 55.57, abandoned: 11.15 },
  { month: '2023-02', calls: 15_187, triage: 59, cw: 255, answered60: 49.9, abandoned: 10.33 },
  { month: '2023-03', calls: 17_266, triage: 54, cw: 206, answered60: 55.58, abandoned: 8.95 },
];

export const groups = [
  'violence_with_injury',
  'violence_without_injury',
  'stalking_harassment',
  'rape',
  'other_sexual_offences',
  'other',
] as const;
export type Group = (typeof groups)[number];
export const G = { VWI: 0, VWOI: 1, SH: 2, RAPE: 3, OSO: 4, OTHER: 5 } as const;

/** VAWG: crimes with a female victim, 12 months to July 2021, 2022, 2023 (001 §3.5). */
export const vawgWindowEnds = ['2021-07', '2022-07', '2023-07'] as const;
export const vawgFemale: Record<Exclude<Group, 'other'>, readonly [number, number, number]> = {
  violence_with_injury: [4424, 4601, 4766],
  violence_without_injury: [3780, 4070, 3893],
  stalking_harassment: [9579, 10102, 9819],
  rape: [1037, 1219, 1234],
  other_sexual_offences: [1260, 1674, 1657],
};
/** Domestic-abuse-flagged crimes with a female victim, same windows. */
export const vawgDomesticAbuse = [11653, 14355, 14346] as const;

/** Violence, all victims, FY 2019/20 to 2022/23 (003 §7.8). */
export const violenceFy = {
  violence_with_injury: [10579, 8581, 9241, 9012],
  violence_without_injury: [10471, 11015, 14404, 14031],
} as const;

/** RASSO positive outcome rate, r12 (001 §3.17; the 2.4 pp change is 2022-06 → 2023-06). */
export const rassoRates = [
  { r12: '2022-06', pct: 7.2 },
  { r12: '2023-01', pct: 8.7 },
  { r12: '2023-06', pct: 9.6 },
] as const;
/** Median days from report to charge, r12 to August 2023 (003 §6.5). */
export const rassoDaysToCharge = { r12: '2023-08', days: 234 } as const;

/** DVPN/DVPO, calendar 2021 (004 Q49): all 27 breaches went to court. */
export const dvpn2021 = { applications: 160, granted: 154, breaches: 27 } as const;

/**
 * SPOs (003 §9.6, 001 §3.15, 004 Q50). The per-1,000 rates fix the pairs (granted, 8Q crimes):
 * FY 2022/23 8 of 4,200 = 1.90; April–August 2023 12 of 1,835 = 6.54.
 */
export const spo = {
  fy2223: { granted: 8, stalking: 4200, rate: 1.9, dp: 1 },
  fytd2308: { granted: 12, stalking: 1835, rate: 6.54, dp: 2 },
  activeEnd2022: 13,
  activeOct2023: 31,
  breaches: { 2021: 2, 2022: 0, 2023: 7 },
} as const;

/** DVDS requests: r12 August 2023 is +155% on r12 August 2021 (001 §3.12): 1,428 vs 560. */
export const dvdsRequests = { r12Aug2021: 560, r12Aug2023: 1428, changePct: 155 } as const;
