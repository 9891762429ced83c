// psm meeting send <id> [--to NAME] and psm meeting approve <id> --by NAME: the thin part of the
// commands (meeting.ts reads the arguments).
import type { WorkspacePaths } from '../config.ts';
import { ApprovalError, approvePack } from '../delivery/approval.ts';
import { MeetingError } from '../packs/meeting.ts';
import { formatLondon } from '../time/london-time.ts';
import { sendByHand } from '../delivery/send-by-hand.ts';
import type { RunRecord } from '../schedule/run-ledger.ts';
import { emit, log } from './args.ts';

export function describeSend(record: RunRecord): string {
  const lines = (record.delivery?.recipients ?? []).map(
    (r) => `${r.status === 'ok' ? '✓' : '✗'} ${r.name} <${r.email}>${r.error ? `: ${r.error}` : ''}`,
  );
  if (record.error && !record.delivery?.recipients.length) lines.push(`✗ ${record.error}`);
  if (record.delivery)
    lines.push(`Link until ${record.delivery.linkExpiresAt}; ${record.delivery.attached ? 'PDF attached' : 'link only (no attachment)'}.`);
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

export async function approveCommand(
  paths: WorkspacePaths,
  id: string,
  by: string,
  sha256: string | undefined,
  json: boolean,
): Promise<number> {
  let approval;
  try {
    approval = await approvePack(paths, id, by, { expectSha256: sha256 });
  } catch (err) {
    if (!(err instanceof ApprovalError || err instanceof MeetingError)) throw err;
    log(`psm meeting approve: ${err.message}`);
    return 1;
  }
  if (approval === 'busy') {
    log(`psm meeting approve: another run holds ${paths.lock}; try again when it has finished`);
    return 3;
  }
  const a = approval;
  emit(
    json,
    { meeting: id, ...a },
    () =>
      `Approved by ${a.by} at ${formatLondon(new Date(a.at))}: the pack printed with SHA-256 ${a.printedSha256}\n(the file now carries the approval in its metadata: SHA-256 ${a.sha256}). A reprint needs approving again.`,
  );
  return 0;
}
