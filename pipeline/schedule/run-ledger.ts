// The run ledger: one JSON line per finished job run, appended and never rewritten, at
// runs/runs.jsonl. It is the scheduler's memory: a job occurrence with an 'ok' line is done, anything
// else is still due, which is what makes catch-up after downtime possible (node-cron keeps no state).
//
// Appending one line per write, never rewriting, means a crash can at worst leave a torn final line;
// the reader skips such a line and the next append first terminates it, so one crash never costs more
// than the record it was writing (and that run, having no 'ok' line, simply runs again).
import { closeSync, existsSync, fstatSync, fsyncSync, mkdirSync, openSync, readFileSync, readSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';

/** One recipient's message of a delivery: sent, or failed with the last error. */
export const recipientResultSchema = z.object({
  name: z.string(),
  email: z.string(),
  status: z.enum(['ok', 'failed']),
  attempts: z.number().int().min(1),
  error: z.string().optional(),
  messageId: z.string().optional(),
});

/** What a `deliver:<meetingId>` run sent: which print, with which link, to whom. */
export const deliverySchema = z.object({
  /** SHA-256 of the PDF the link opened when it was sent (the printed pack's manifest). */
  sha256: z.string(),
  linkExpiresAt: z.iso.datetime(),
  /** The PDF went as an attachment (OFFICIAL marking only; delivery/message.ts). */
  attached: z.boolean(),
  /** Sent by hand (psm meeting send), not by the schedule. */
  manual: z.boolean().optional(),
  recipients: z.array(recipientResultSchema),
});

export type RecipientResult = z.infer<typeof recipientResultSchema>;
export type DeliveryResult = z.infer<typeof deliverySchema>;

export const runRecordSchema = z.object({
  /** 'ingest', 'pack:<meetingId>', 'reprint:<meetingId>', 'deliver:<meetingId>' or 'stale:<meetingId>' (schedule/stale-step.ts). */
  job: z.string().min(1),
  /** ISO instant of the scheduled time this run was for (not when it ran). */
  occurrence: z.iso.datetime(),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime(),
  status: z.enum(['ok', 'failed']),
  attempts: z.number().int().min(1),
  error: z.string().optional(),
  delivery: deliverySchema.optional(),
});

export type RunRecord = z.infer<typeof runRecordSchema>;

export interface LedgerRead {
  records: RunRecord[];
  /** 1-based line numbers that were not a valid record (torn by a crash mid-write). */
  skippedLines: number[];
}

/** Reads every valid record; a missing file is an empty ledger (first run). */
export function readRunLedger(path: string): LedgerRead {
  if (!existsSync(path)) return { records: [], skippedLines: [] };
  const records: RunRecord[] = [];
  const skippedLines: number[] = [];
  const lines = readFileSync(path, 'utf8').split('\n');
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      skippedLines.push(i + 1);
      return;
    }
    const result = runRecordSchema.safeParse(parsed);
    if (result.success) records.push(result.data);
    else skippedLines.push(i + 1);
  });
  return { records, skippedLines };
}

/** True when the file exists, is not empty and its last byte is not a newline: a torn last line. */
function endsTorn(path: string): boolean {
  if (!existsSync(path)) return false;
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size === 0) return false;
    const last = Buffer.alloc(1);
    readSync(fd, last, 0, 1, size - 1);
    return last[0] !== 0x0a;
  } finally {
    closeSync(fd);
  }
}

/**
 * Appends one record as a single write and fsyncs it, so a record reported written survives a power
 * cut. Callers hold the workspace lock, so appends never interleave.
 */
export function appendRun(path: string, record: RunRecord): void {
  const valid = runRecordSchema.parse(record);
  mkdirSync(dirname(path), { recursive: true });
  // A torn fragment from a crash would otherwise swallow this record into one unparseable line.
  const prefix = endsTorn(path) ? '\n' : '';
  const fd = openSync(path, 'a');
  try {
    writeSync(fd, prefix + JSON.stringify(valid) + '\n');
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
