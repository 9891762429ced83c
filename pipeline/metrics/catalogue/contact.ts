// Contact management: 999 (003 §4.14, financial years) and 101 (003 §4.15, months). The calls
// extract has one row per queue leg and no area, so these are force-wide.
import type { MetricInput } from '../catalogue.ts';

const call999 = "999 calls (calls rows on the '999' queue)";
const call101 =
  "101 calls (distinct call ids on line 101: each has a triage/IVR leg and, unless abandoned in triage, a ControlWorks leg), placed by the time the call was first offered";
const forceOnly = 'The calls extract carries no area, so the metric is force-wide only.';

const c999 = { defaultGrain: 'fy', sources: ['calls'], areas: 'force_only', family: 'contact' } satisfies Partial<MetricInput>;
const c101 = { defaultGrain: 'month', sources: ['calls'], areas: 'force_only', family: 'contact' } satisfies Partial<MetricInput>;

export const contactMetrics: MetricInput[] = [
  {
    ...c999,
    id: 'calls999_calls',
    title: '999 calls received',
    definition: `${call999} offered in the period, by the time offered, answered or not.`,
    unit: 'count',
    polarity: 'neutral',
    method: 'Count of calls offered in the window, summed over its months.',
    caveats: [forceOnly],
  },
  {
    ...c999,
    id: 'calls999_answered_10s',
    title: '999 calls answered within 10 seconds',
    definition: `${call999} offered in the period and answered with a ring time (answered time minus offered time) of at most 10.0 seconds; a call answered at exactly 10.0 s counts.`,
    unit: 'count',
    polarity: 'up_is_good',
    method: 'Count of calls answered within 10.0 s (compared in microseconds), summed over months.',
    caveats: [forceOnly],
  },
  {
    ...c999,
    id: 'calls999_answered_10s_pct',
    title: '999 calls answered within 10 seconds (%)',
    definition: `Of all ${call999} offered in the period, the percentage answered with a ring time of at most 10.0 seconds. Abandoned calls stay in the denominator.`,
    unit: 'pct',
    polarity: 'up_is_good',
    target: 90,
    method: 'answered within 10 s ÷ calls offered × 100.',
    caveats: [forceOnly],
  },
  {
    ...c999,
    id: 'calls999_mean_ring_s',
    title: '999 average ring time',
    definition: `The mean ring time in seconds (answered time minus offered time) of the ${call999} offered in the period that were answered. Abandoned calls are not included.`,
    unit: 'seconds',
    polarity: 'down_is_good',
    method: 'Total ring seconds ÷ calls answered (numerator = seconds, denominator = answered calls).',
    caveats: [forceOnly, 'The papers print it rounded to whole seconds.'],
  },
  {
    ...c999,
    id: 'calls999_abandoned_pct',
    title: '999 abandonment rate',
    definition: `Of all ${call999} offered in the period, the percentage abandoned (an abandoned time is recorded) before being answered.`,
    unit: 'pct',
    polarity: 'down_is_good',
    method: 'calls abandoned ÷ calls offered × 100.',
    caveats: [forceOnly],
  },
  {
    ...c101,
    id: 'calls101_calls',
    title: '101 calls received',
    definition: `${call101}. Each call counts once however many legs it has.`,
    unit: 'count',
    polarity: 'neutral',
    method: 'Count of distinct 101 calls by the month of their first offered time, summed over months.',
    caveats: [forceOnly, 'Calls diverted by the IVR (from Dec 2022) still count if they reached the triage queue.'],
  },
  {
    ...c101,
    id: 'calls101_answered_60s_pct',
    title: '101 calls answered within 60 seconds',
    definition: `Of all ${call101}, the percentage whose ControlWorks leg was answered at most 60.0 seconds after that leg was offered. Calls abandoned in triage (with no ControlWorks leg) stay in the denominator.`,
    unit: 'pct',
    polarity: 'up_is_good',
    method: 'calls with the ControlWorks leg answered within 60.0 s of being offered ÷ all 101 calls × 100.',
    caveats: [forceOnly, 'Time in the triage/IVR queue is not counted towards the 60 seconds.'],
  },
  {
    ...c101,
    id: 'calls101_mean_ring_triage_s',
    title: '101 average ring time, triage (IVR) queue',
    definition: `The mean ring time in seconds of the answered triage (IVR) legs of ${call101}.`,
    unit: 'seconds',
    polarity: 'down_is_good',
    method: 'Total triage ring seconds ÷ answered triage legs.',
    caveats: [forceOnly, 'The papers print it as h:mm:ss, rounded to whole seconds.'],
  },
  {
    ...c101,
    id: 'calls101_mean_ring_cw_s',
    title: '101 average ring time, ControlWorks queue',
    definition: `The mean ring time in seconds of the answered ControlWorks legs of ${call101}, measured from when that leg was offered.`,
    unit: 'seconds',
    polarity: 'down_is_good',
    method: 'Total ControlWorks ring seconds ÷ answered ControlWorks legs.',
    caveats: [forceOnly, 'The papers print it as h:mm:ss, rounded to whole seconds.'],
  },
  {
    ...c101,
    id: 'calls101_abandoned_pct',
    title: '101 abandonment rate',
    definition: `Of all ${call101}, the percentage abandoned on any leg (in triage or while waiting for ControlWorks).`,
    unit: 'pct',
    polarity: 'down_is_good',
    method: 'calls with any leg abandoned ÷ all 101 calls × 100.',
    caveats: [forceOnly],
  },
];
