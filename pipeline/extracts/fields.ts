// Field builders for extract contracts. A contract is a zod object built from these, and it is the
// single source of truth: DuckDB column types and the SQL that parses and validates raw text are
// both derived from the zod schema here, never written a second time.
import { z } from 'zod';

export const field = {
  /** Free text or a reference; required unless wrapped in .optional(). */
  text: () => z.string().min(1),
  /** A calendar date, canonical ISO `yyyy-mm-dd` (accepts dd/mm/yyyy in files). */
  date: () => z.iso.date(),
  /** A moment, canonical ISO `yyyy-mm-ddThh:mm:ss[.fff]` (accepts dd/mm/yyyy hh:mm:ss in files). */
  timestamp: () => z.iso.datetime({ local: true }),
  /** Yes/no (accepts Y/N, yes/no, true/false, 1/0 in files). */
  flag: () => z.boolean(),
  /** One of a fixed list of codes. */
  code: <const T extends readonly [string, ...string[]]>(values: T) => z.enum(values),
  /**
   * One of the force's areas. The list is reference data (data/areas.json, the file the warehouse's
   * `areas` table is loaded from), not part of the contract, so a force's areas change without code.
   */
  area: () => z.string().min(1).meta({ psmKind: 'area' }),
};

export type FieldKind = 'text' | 'date' | 'timestamp' | 'flag' | 'code' | 'area';

export interface FieldSpec {
  name: string;
  kind: FieldKind;
  required: boolean;
  /** Allowed values, for `code` fields (an `area` field's come from the areas file: see areas.ts). */
  values?: string[];
  /** The DuckDB column type the warehouse uses. */
  sqlType: 'VARCHAR' | 'DATE' | 'TIMESTAMP' | 'BOOLEAN';
}

const sqlTypes: Record<FieldKind, FieldSpec['sqlType']> = {
  text: 'VARCHAR',
  code: 'VARCHAR',
  area: 'VARCHAR',
  date: 'DATE',
  timestamp: 'TIMESTAMP',
  flag: 'BOOLEAN',
};

/** Reads a zod field back into a FieldSpec (the derivation that keeps zod the single source). */
export function describeField(name: string, schema: z.ZodType): FieldSpec {
  let inner = schema as unknown as ZodNode;
  let def = inner._zod.def;
  let required = true;
  while (def.type === 'optional' || def.type === 'nullable') {
    required = false;
    inner = def.innerType!;
    def = inner._zod.def;
  }
  let kind: FieldKind;
  if (def.type === 'enum') kind = 'code';
  else if (def.type === 'string' && inner.meta?.()?.psmKind === 'area') kind = 'area';
  else if (def.type === 'boolean') kind = 'flag';
  else if (def.type === 'string' && def.format === 'date') kind = 'date';
  else if (def.type === 'string' && def.format === 'datetime') kind = 'timestamp';
  else if (def.type === 'string') kind = 'text';
  else throw new Error(`Field ${name}: unsupported zod type ${def.type}`);
  const values = kind === 'code' ? Object.values(def.entries ?? {}).map(String) : undefined;
  return { name, kind, required, values, sqlType: sqlTypes[kind] };
}

interface ZodNode {
  _zod: { def: ZodDef };
  meta?: () => Record<string, unknown> | undefined;
}

interface ZodDef {
  type: string;
  format?: string;
  entries?: Record<string, string | number>;
  innerType?: ZodNode;
}
