// Grain: one recorded crime.
import { z } from 'zod';
import { defineExtract } from './contract.ts';
import { field } from './fields.ts';

export const crimes = defineExtract({
  name: 'crimes',
  grain: 'one recorded crime',
  schema: z.object({
    crime_ref: field.text(),
    recorded_date: field.date(),
    offence_date: field.date().optional(),
    ho_offence_code: field.text(),
    offence_description: field.text().optional(),
    area: field.area(),
    domestic_abuse_flag: field.flag(),
    victim_sex: field.code(['F', 'M', 'U']),
    victim_age_band: field.code(['0-17', '18-24', '25-34', '35-44', '45-54', '55-64', '65+', 'unknown']),
  }),
  key: ['crime_ref'],
  periodField: 'recorded_date',
  checks: [{ field: 'offence_date', failsWhen: 'offence_date > recorded_date', reason: 'offence_date {value} is after the recorded_date' }],
  references: [],
  // Non-recent offences (a rape reported in 2023 that took place in 1985) must still count.
  historicDates: ['offence_date'],
});
