// Grain: one breach of a civil order.
import { z } from 'zod';
import { defineExtract } from './contract.ts';
import { field } from './fields.ts';

export const breaches = defineExtract({
  name: 'breaches',
  grain: 'one breach of an order',
  schema: z.object({
    breach_ref: field.text(),
    order_ref: field.text(),
    breach_date: field.date(),
    action: field.code(['charged', 'cautioned', 'presented_to_court', 'nfa', 'pending']),
  }),
  key: ['breach_ref'],
  periodField: 'breach_date',
  checks: [],
  references: [{ field: 'order_ref', extract: 'orders', targetField: 'order_ref' }],
});
