// Grain: one outcome assigned to a crime. A crime can be re-outcomed; metrics take the latest.
import { z } from 'zod';
import { defineExtract } from './contract.ts';
import { field } from './fields.ts';

/** Home Office outcome types 1–22, with the lettered sub-types forces record. */
export const outcomeCodes = [
  '1',
  '1A',
  '2',
  '2A',
  '3',
  '3A',
  '4',
  '5',
  '6',
  '7',
  '8',
  '9',
  '10',
  '11',
  '12',
  '13',
  '14',
  '15',
  '16',
  '17',
  '18',
  '19',
  '20',
  '21',
  '22',
] as const;

export const outcomes = defineExtract({
  name: 'outcomes',
  grain: 'one outcome assigned to a crime',
  schema: z.object({
    crime_ref: field.text(),
    outcome_code: field.code(outcomeCodes),
    outcome_date: field.date(),
  }),
  key: ['crime_ref', 'outcome_date'],
  periodField: 'outcome_date',
  checks: [],
  references: [{ field: 'crime_ref', extract: 'crimes', targetField: 'crime_ref' }],
});
