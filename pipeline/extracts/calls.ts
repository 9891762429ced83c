// Grain: one queue leg of a call (a 101 call has a triage leg and usually a ControlWorks leg).
import { z } from 'zod';
import { defineExtract } from './contract.ts';
import { field } from './fields.ts';

export const calls = defineExtract({
  name: 'calls',
  grain: 'one queue leg of a call',
  schema: z.object({
    call_id: field.text(),
    line: field.code(['999', '101']),
    queue: field.code(['999', '101-triage', '101-cw']),
    offered_at: field.timestamp(),
    answered_at: field.timestamp().optional(),
    abandoned_at: field.timestamp().optional(),
  }),
  key: ['call_id', 'queue'],
  periodField: 'offered_at',
  checks: [
    { field: 'answered_at', failsWhen: 'answered_at < offered_at', reason: 'answered_at {value} is before offered_at' },
    { field: 'abandoned_at', failsWhen: 'abandoned_at < offered_at', reason: 'abandoned_at {value} is before offered_at' },
    {
      field: 'abandoned_at',
      failsWhen: 'answered_at IS NOT NULL AND abandoned_at IS NOT NULL',
      reason: 'abandoned_at {value} is set but the leg was also answered: a leg is one or the other',
    },
    { field: 'queue', failsWhen: "(line = '999') <> (queue = '999')", reason: 'queue {value} does not belong to the line' },
  ],
  references: [],
});
