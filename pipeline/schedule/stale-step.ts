// A printed pack older than its data, as a step of the run: data that arrived after the print (the
// print the recipients have, past its lead time) would change it, and nothing in the schedule prints
// it again. The first pass that sees a print stale records a failed `stale:<meetingId>` step for it
// in the ledger (its occurrence is the print's time, so the daemon's 15-minute passes add no more
// lines for the same print); every pass while it stays stale reports it, and `psm run` exits 1.
// A reprint (psm pack) is a new print and ends it.
import type { RunDeps, StalePrint } from './run-deps.ts';
import { appendRun, type RunRecord } from './run-ledger.ts';

export const staleJobName = (meetingId: string): string => `stale:${meetingId}`;

/** A stale print, as the run reports it. */
export interface StaleJob {
  job: string;
  meetingId: string;
  /** The print's time. */
  occurrence: string;
  detail: string;
}

/**
 * Asks deps.stalePacks after the pass's jobs (so a pack this pass printed is judged by its new
 * print) and records each stale print not yet in the ledger as a failed step. Returns the new
 * records and every stale print. A workspace whose warehouse cannot be read gives a warning, not a failure.
 */
export async function staleSteps(
  deps: RunDeps,
  ledger: readonly RunRecord[],
  log: (line: string) => void,
): Promise<{ runs: RunRecord[]; stale: StaleJob[] }> {
  if (!deps.stalePacks) return { runs: [], stale: [] };
  let prints: readonly StalePrint[];
  try {
    prints = await deps.stalePacks(deps.clock.now());
  } catch (e) {
    log(`schedule: could not tell whether any printed pack is older than its data: ${e instanceof Error ? e.message : String(e)}`);
    return { runs: [], stale: [] };
  }
  const runs: RunRecord[] = [];
  const stale = prints.map((p): StaleJob => {
    const job = staleJobName(p.meetingId);
    const occurrence = new Date(p.printedAt).toISOString();
    const known = ledger.some((r) => r.job === job && r.occurrence === occurrence && r.status === 'failed');
    if (!known) {
      const at = deps.clock.now().toISOString();
      const record: RunRecord = { job, occurrence, startedAt: at, finishedAt: at, status: 'failed', attempts: 1, error: p.detail };
      appendRun(deps.ledgerPath, record);
      runs.push(record);
    }
    log(`schedule: ${job}: the pack is older than its data: ${p.detail}`);
    return { job, meetingId: p.meetingId, occurrence, detail: p.detail };
  });
  return { runs, stale };
}
