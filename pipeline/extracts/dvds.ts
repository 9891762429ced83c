// Grain: one Clare's Law (Domestic Violence Disclosure Scheme) request.
import { z } from 'zod';
import { defineExtract } from './contract.ts';
import { field } from './fields.ts';

export const dvds = defineExtract({
  name: 'dvds',
  grain: "one Clare's Law request",
  schema: z.object({
    request_ref: field.text(),
    route: field.code(['right_to_ask', 'right_to_know']),
    received_date: field.date(),
    decision_date: field.date().optional(),
    disclosed: field.flag().optional(),
    disclosure_date: field.date().optional(),
  }),
  key: ['request_ref'],
  periodField: 'received_date',
  checks: [
    { field: 'decision_date', failsWhen: 'decision_date < received_date', reason: 'decision_date {value} is before the received_date' },
    {
      field: 'disclosure_date',
      failsWhen: 'disclosure_date < received_date',
      reason: 'disclosure_date {value} is before the received_date',
    },
  ],
  references: [],
});
