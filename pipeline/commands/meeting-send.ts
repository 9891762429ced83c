// psm meeting send <id> [--to NAME]: the thin part of the command (meeting.ts reads the arguments).
import type { WorkspacePaths } from '../config.ts';
import { sendByHand } from '../delivery/send-by-hand.ts';
import type { RunRecord } from '../schedule/run-ledger.ts';
import { emit, log } from './args.ts';

export function describeSend(record: RunRecord): string {
  const lines = (record.delivery?.recipients ?? []).map((r) => `${r.status === 'ok' ? '✓' : '✗'} ${r.name} <${r.email}>${r.error ? `: ${r.error}` : ''}`);
  if (record.error && !record.delivery?.recipients.length) lines.push(`✗ ${record.error}`);
  if (record.delivery) lines.push(`Link until ${record.delivery.linkExpiresAt}; ${record.delivery.attached ? 'PDF attached' : 'link only (no attachment)'}.`);
  return lines.join('\n');
}

export async function sendCommand(paths: WorkspacePaths, id: string, to: string | undefined, json: boolean): Promise<number> {
  let record: RunRecord | 'busy';
  try {
    record = await sendByHand(paths, id, { to, log });
  } catch (err) {
    log(`psm meeting send: ${(err as Error).message}`);
    return 2;
  }
  if (record === 'busy') {
    log(`psm meeting send: another run holds ${paths.lock}; nothing sent`);
    return 3;
  }
  emit(json, record, () => describeSend(record));
  return record.status === 'ok' ? 0 : 1;
}
