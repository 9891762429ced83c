// Where a meeting's email stands, for `psm meeting list`: from the same plan that decides whether
// the schedule sends it (schedule/due.ts) and from the run ledger's deliver lines.
import { deliverJobName, type DeliveryPlan } from '../schedule/due.ts';
import { formatLondon } from '../time/london-time.ts';
import type { RunRecord } from '../schedule/run-ledger.ts';
import type { MeetingEntry } from './entries.ts';

export interface DeliveryStatus {
  state: 'scheduled' | 'due' | 'held' | 'sent' | 'failed';
  detail: string;
  /** When it is to be sent (ISO), if it is scheduled. */
  at: string | null;
}

const firstLine = (s: string | null | undefined): string =>
  (s ?? '')
    .split('\n')
    .find((l) => l.trim())
    ?.trim() ?? '';
const who = (n: number) => `${n} recipient${n === 1 ? '' : 's'}`;

/** The addresses reached for one occurrence, across every pass and hand send. */
function reached(records: readonly RunRecord[]): number {
  return new Set(
    records
      .flatMap((r) => r.delivery?.recipients ?? [])
      .filter((d) => d.status === 'ok')
      .map((d) => d.email.toLowerCase()),
  ).size;
}

function fromLedger(records: readonly RunRecord[]): DeliveryStatus | null {
  const last = records.at(-1);
  if (!last) return null;
  const when = formatLondon(new Date(last.finishedAt));
  if (last.status === 'failed') {
    const before = reached(records) ? ` (sent before to ${who(reached(records))})` : '';
    return { state: 'failed', detail: `${when}: ${firstLine(last.error)}${before}`, at: null };
  }
  const same = records.filter((r) => r.occurrence === last.occurrence);
  const link = last.delivery
    ? `; link until ${formatLondon(new Date(last.delivery.linkExpiresAt))}${last.delivery.attached ? ', PDF attached' : ''}`
    : '';
  return { state: 'sent', detail: `sent to ${who(reached(same))} ${last.delivery?.manual ? 'by hand ' : ''}at ${when}${link}`, at: null };
}

export function deliveryStatus(e: MeetingEntry, plan: DeliveryPlan, ledger: readonly RunRecord[]): DeliveryStatus | null {
  const records = ledger.filter((r) => r.job === deliverJobName(e.id));
  if (e.delivery && 'problem' in e.delivery)
    return { state: 'failed', detail: `cannot be sent: ${firstLine(e.delivery.problem)}`, at: null };
  const count = e.delivery && 'recipients' in e.delivery ? who(e.delivery.recipients) : 'its recipients';
  switch (plan.state) {
    case 'scheduled':
      return {
        state: 'scheduled',
        detail: `to ${count} once the pack is printed, from ${formatLondon(plan.occurrence)}`,
        at: plan.occurrence.toISOString(),
      };
    case 'held':
      return { state: 'held', detail: plan.why, at: null };
    case 'waiting':
      return {
        state: 'failed',
        detail: `failed ${plan.failures} times, not tried again by the schedule (psm meeting send ${e.id}): ${firstLine(plan.error)}`,
        at: null,
      };
    case 'due': {
      const last = records.at(-1);
      return last?.status === 'failed' && last.occurrence === plan.occurrence.toISOString()
        ? { state: 'failed', detail: `last try failed, tried again at the next pass: ${firstLine(last.error)}`, at: null }
        : { state: 'due', detail: `to ${count} at the next pass`, at: null };
    }
    default:
      return fromLedger(records);
  }
}
