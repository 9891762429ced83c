// A `deliver:<meetingId>` job as the schedule runs it, and the ledger line it leaves: which print
// went, with which link, to whom, and who was not reached and why. Retries happen inside the send
// (delivery/send.ts: rounds with back-off), so the job itself runs once per pass. A later pass
// sends only to the recipients no earlier pass reached for the same occurrence, so a person is
// never sent the same pack twice because someone else's mailbox was busy.
import type { DueJob } from './due.ts';
import { appendRun, type DeliveryResult, type RunRecord } from './run-ledger.ts';
import type { RunDeps } from './run-deps.ts';

/** Addresses an 'ok' message already went to for this job and occurrence, or by hand since it. */
export function sentBefore(ledger: readonly RunRecord[], job: string, occurrence: Date): Set<string> {
  const at = occurrence.toISOString();
  const counts = (r: RunRecord) => r.occurrence === at || (r.delivery?.manual === true && Date.parse(r.startedAt) >= occurrence.getTime());
  return new Set(
    ledger
      .filter((r) => r.job === job && counts(r))
      .flatMap((r) => r.delivery?.recipients ?? [])
      .filter((d) => d.status === 'ok')
      .map((d) => d.email.toLowerCase()),
  );
}

/** One line for the ledger's error field: who was not sent the pack, and the server's last answer. */
export function describeFailures(result: DeliveryResult): string | undefined {
  const failed = result.recipients.filter((r) => r.status === 'failed');
  if (!failed.length) return undefined;
  return `not sent to ${failed.map((r) => `${r.name} <${r.email}> after ${r.attempts} attempt(s): ${r.error ?? 'no answer'}`).join('; ')}`;
}

/** The ledger record of one delivery (by the schedule, or by hand with occurrence = now). */
export function deliveryRecord(
  job: string,
  occurrence: Date,
  startedAt: Date,
  finishedAt: Date,
  outcome: { result?: DeliveryResult; error?: string },
): RunRecord {
  const error = outcome.error ?? (outcome.result ? describeFailures(outcome.result) : 'nothing sent');
  const attempts = Math.max(1, ...(outcome.result?.recipients ?? []).map((r) => r.attempts));
  return {
    job,
    occurrence: occurrence.toISOString(),
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    status: error === undefined ? 'ok' : 'failed',
    attempts,
    ...(error === undefined ? {} : { error }),
    ...(outcome.result ? { delivery: outcome.result } : {}),
  };
}

export async function runDeliveryJob(
  job: Extract<DueJob, { kind: 'deliver' }>,
  deps: RunDeps,
  ledger: readonly RunRecord[],
  log: (line: string) => void,
): Promise<RunRecord> {
  const startedAt = deps.clock.now();
  log(`schedule: running ${job.job} (the pack's email, due with its print)`);
  const outcome: { result?: DeliveryResult; error?: string } = {};
  try {
    if (!deps.deliver) throw new Error('this process cannot send packs (no delivery in its schedule)');
    outcome.result = await deps.deliver(job.meetingId, { skip: sentBefore(ledger, job.job, job.occurrence) });
  } catch (err) {
    outcome.error = err instanceof Error ? err.message : String(err);
  }
  const record = deliveryRecord(job.job, job.occurrence, startedAt, deps.clock.now(), outcome);
  appendRun(deps.ledgerPath, record);
  log(`schedule: ${job.job} ${record.status}${record.error ? `: ${record.error}` : ''}`);
  return record;
}
