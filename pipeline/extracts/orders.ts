// Grain: one civil order application (DVPN/DVPO, SPO, …) and its decision.
import { z } from 'zod';
import { defineExtract } from './contract.ts';
import { field } from './fields.ts';

export const orders = defineExtract({
  name: 'orders',
  grain: 'one civil order application',
  schema: z.object({
    order_ref: field.text(),
    order_type: field.code(['DVPN', 'DVPO', 'DAPN', 'DAPO', 'SPO', 'ISPO', 'SHPO', 'SRO', 'FMPO', 'FGMPO', 'RO']),
    applied_date: field.date(),
    decision: field.code(['granted', 'refused', 'withdrawn', 'pending']),
    decision_date: field.date().optional(),
    expiry_date: field.date().optional(),
    crime_ref: field.text().optional(),
    area: field.area(),
  }),
  key: ['order_ref'],
  periodField: 'applied_date',
  checks: [
    { field: 'decision_date', failsWhen: 'decision_date < applied_date', reason: 'decision_date {value} is before the applied_date' },
    { field: 'expiry_date', failsWhen: 'expiry_date < decision_date', reason: 'expiry_date {value} is before the decision_date' },
    {
      field: 'decision_date',
      failsWhen: "decision <> 'pending' AND decision_date IS NULL",
      reason: 'decision_date is empty but the decision is not pending',
    },
  ],
  references: [{ field: 'crime_ref', extract: 'crimes', targetField: 'crime_ref' }],
  scheduledDates: ['expiry_date'],
});
