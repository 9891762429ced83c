// A force's mapping from its own header names and code values to the canonical ones. Forces export
// differently; the mapping is data, so onboarding a force means writing one JSON file, not code.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { extractNames } from './contract.ts';

const extractMapping = z.object({
  /** Force header → canonical field. Headers are matched case- and space-insensitively. */
  columns: z.record(z.string(), z.string()).default({}),
  /** Canonical field → (force value → canonical value). */
  values: z.record(z.string(), z.record(z.string(), z.string())).default({}),
  /**
   * The earliest date the extract's dates may hold (default 2000-01-01, see formats.ts): a force
   * whose records go back further says so here, rather than every older row being quarantined.
   */
  earliestDate: z.iso.date().optional(),
});

export const forceMappingSchema = z.object({
  force: z.string().min(1),
  extracts: z.partialRecord(z.enum(extractNames), extractMapping).default({}),
});

export type ForceMapping = z.infer<typeof forceMappingSchema>;
export type ExtractMapping = z.infer<typeof extractMapping>;

export const emptyMapping: ExtractMapping = { columns: {}, values: {} };

export function loadMapping(path: string): ForceMapping {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`${path}: not readable JSON (${(err as Error).message})`);
  }
  const parsed = forceMappingSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`${path}: invalid force mapping\n  ${issues.join('\n  ')}`);
  }
  return parsed.data;
}

/** Normalises a header for matching: Excel users add spaces and change case. */
export const headerKey = (h: string): string => h.trim().toLowerCase().replace(/\s+/g, ' ');
