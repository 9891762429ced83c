// `psm meeting send <id> [--to NAME]`: the pack's email sent now, by a person. Under the workspace
// lock (the ledger is appended by one process at a time) and recorded in the run ledger like the
// schedule's deliveries, marked manual. Sent to everyone, it stands for the lead-time delivery once
// that time has come (so a delivery that gave up is done once someone sends it by hand); sent to
// one person, it is recorded at its own time, and the schedule's next try skips that person.
import { join } from 'node:path';
import type { WorkspacePaths } from '../config.ts';
import { loadMeeting } from '../packs/meeting.ts';
import { systemClock, type Clock } from '../schedule/clock.ts';
import { deliveryRecord } from '../schedule/delivery-job.ts';
import { deliverJobName, packOccurrence } from '../schedule/due.ts';
import { withLock } from '../schedule/lock.ts';
import type { RetryPolicy } from '../schedule/retry.ts';
import { appendRun, type RunRecord } from '../schedule/run-ledger.ts';
import { readPackState } from '../meetings/pack-state.ts';
import { approvalHold } from './approval.ts';
import { readDeliveryConfig, recipientsFor } from './config.ts';
import { deliverPack } from './deliver.ts';

export interface SendByHandOptions {
  to?: string;
  clock?: Clock;
  /** A person is waiting: short back-off by default. */
  retry?: RetryPolicy;
  log?: (line: string) => void;
}

/** Throws (nothing recorded) when the meeting, delivery.json or --to NAME is wrong; 'busy' when a run holds the lock. */
export async function sendByHand(paths: WorkspacePaths, meetingId: string, opts: SendByHandOptions = {}): Promise<RunRecord | 'busy'> {
  const clock = opts.clock ?? systemClock;
  const m = loadMeeting(paths.reports, meetingId);
  const config = readDeliveryConfig(paths.delivery);
  if (!config)
    throw new Error(`${paths.delivery} not found: it names the SMTP server, the sender and the recipients (see README, Meeting packs)`);
  recipientsFor(config, m, opts.to); // a misspelt --to is a mistake to correct, not a failed delivery
  const state = readPackState(m.dir, m.id);
  const hold = approvalHold(m, state.print === 'printed' ? state.manifest : null);
  if (hold) throw new Error(hold); // so is a pack that awaits approval
  const lead = packOccurrence({ meetingId: m.id, startsAt: m.startsAt, leadDays: m.leadDays });
  return withLock(
    paths.lock,
    async () => {
      const startedAt = clock.now();
      const occurrence = opts.to === undefined && startedAt.getTime() >= lead.getTime() ? lead : startedAt;
      const outcome: Parameters<typeof deliveryRecord>[4] = {};
      try {
        outcome.result = await deliverPack(paths, m.id, {
          clock,
          to: opts.to,
          manual: true,
          log: opts.log,
          retry: opts.retry ?? { attempts: 3, baseDelayMs: 2_000, factor: 2 },
        });
      } catch (err) {
        outcome.error = (err as Error).message;
      }
      const record = deliveryRecord(deliverJobName(m.id), occurrence, startedAt, clock.now(), outcome);
      appendRun(join(paths.runs, 'runs.jsonl'), record);
      return record;
    },
    { clock, log: opts.log },
  );
}
