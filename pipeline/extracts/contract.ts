// What every extract contract declares besides its fields: its record key (for duplicates and
// supersession), the date that places a row in a period, and its semantic checks.
import type { z } from 'zod';
import { describeField, type FieldSpec } from './fields.ts';

export interface SemanticCheck {
  /** The field the message names. */
  field: string;
  /** SQL boolean over the parsed row (columns by canonical name); TRUE means the row is bad. */
  failsWhen: string;
  /** Sentence a person can act on; `{value}` is replaced by the field's raw text. */
  reason: string;
}

/** A reference another extract should contain; a miss is a warning, never a reason to drop the row. */
export interface SoftReference {
  field: string;
  extract: ExtractName;
  targetField: string;
}

export const extractNames = ['crimes', 'outcomes', 'orders', 'breaches', 'calls', 'dvds'] as const;
export type ExtractName = (typeof extractNames)[number];

export interface ExtractContract<S extends z.ZodRawShape = z.ZodRawShape> {
  name: ExtractName;
  grain: string;
  schema: z.ZodObject<S>;
  key: string[];
  periodField: string;
  checks: SemanticCheck[];
  references: SoftReference[];
  /** Dates that are scheduled, not recorded (an order's expiry): they may lie in the future. */
  scheduledDates?: string[];
  /**
   * Dates of what happened before the record was made, which may lie decades back (when an offence
   * took place): they are held to 1900-01-01 rather than the extract's floor (formats.ts).
   */
  historicDates?: string[];
}

export function defineExtract<S extends z.ZodRawShape>(c: ExtractContract<S>): ExtractContract<S> {
  for (const k of [...c.key, c.periodField, ...(c.scheduledDates ?? []), ...(c.historicDates ?? [])]) {
    if (!(k in c.schema.shape)) throw new Error(`${c.name}: ${k} is not a field of the contract`);
  }
  return c;
}

export function fieldsOf(c: ExtractContract): FieldSpec[] {
  return Object.entries(c.schema.shape).map(([name, s]) => describeField(name, s as z.ZodType));
}
