// What each field of an extract accepts, in words, for the people who send and read the extracts
// (the Metric definitions page). Built from the same contract, windows and area list the ingest
// judges rows by, so the published lists are the ones a row is held to.
import { forceAreas, type Area } from './areas.ts';
import { fieldsOf, type ExtractContract } from './contract.ts';
import { dateWindow, formatText, windowText } from './formats.ts';
import type { FieldSpec } from './fields.ts';

export interface FieldGuide {
  name: string;
  required: boolean;
  /** What the field holds, in a sentence. */
  accepts: string;
  /** The allowed values of a code or area field (an area's with its name), else absent. */
  values?: { code: string; label?: string }[];
}

function accepts(c: ExtractContract, f: FieldSpec, areas: Area[] | null): Omit<FieldGuide, 'name' | 'required'> {
  switch (f.kind) {
    case 'date':
    case 'timestamp':
      return { accepts: windowText(f.kind, dateWindow(c, f.name)) };
    case 'flag':
      return { accepts: `yes or no: ${formatText.flag}` };
    case 'code':
      return { accepts: 'one of these codes (any letter case)', values: f.values!.map((code) => ({ code })) };
    case 'area':
      return areas
        ? {
            accepts: "one of the force's area codes (any letter case; not 'force', not an area's name)",
            values: areas.map((a) => ({ code: a.area, label: a.area_name })),
          }
        : { accepts: 'free text (no list of areas is configured)' };
    default:
      return { accepts: 'free text' };
  }
}

/** Every field of the extract, in contract order. */
export function fieldGuide(c: ExtractContract, areas: Area[] | null = forceAreas()): FieldGuide[] {
  return fieldsOf(c).map((f) => ({ name: f.name, required: f.required, ...accepts(c, f, areas) }));
}
