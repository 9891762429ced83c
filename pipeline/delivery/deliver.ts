// Sends one meeting's printed pack to its recipients: what the schedule does at the lead time
// (after the print) and `psm meeting send` does by hand. Each message carries a link signed like
// `psm share`'s (the workspace's share key, this meeting only, expiring after delivery.json's
// linkDays) to the pack as out/ holds it; the PDF is attached only as message.ts allows.
import { join } from 'node:path';
import type { WorkspacePaths } from '../config.ts';
import { readPackState } from '../meetings/pack-state.ts';
import { loadMeeting, type Meeting } from '../packs/meeting.ts';
import { systemClock, type Clock } from '../schedule/clock.ts';
import { DEFAULT_RETRY, type RetryPolicy } from '../schedule/retry.ts';
import type { DeliveryResult } from '../schedule/run-ledger.ts';
import { readOrCreateShareKey } from '../share/key.ts';
import { shareLinks } from '../share/links.ts';
import { approvalHold } from './approval.ts';
import { DeliveryConfigError, readDeliveryConfig, recipientsFor } from './config.ts';
import { mayAttach, packMessage } from './message.ts';
import { sendAll, smtpSender, type SendOne } from './send.ts';

export interface DeliverOptions {
  clock?: Clock;
  retry?: RetryPolicy;
  log?: (line: string) => void;
  /** `psm meeting send --to NAME`: only the recipients with this name or address. */
  to?: string;
  /** Addresses already sent this pack for this occurrence (an earlier pass): not sent again. */
  skip?: ReadonlySet<string>;
  /** Sent by hand. */
  manual?: boolean;
  env?: NodeJS.ProcessEnv;
}

/** A reason no retry can cure: the schedule records it failed at once. */
export class NothingToSendError extends Error {
  override name = 'NothingToSendError';
  readonly retryable = false;
}

function meetingOf(paths: WorkspacePaths, id: string): Meeting {
  try {
    return loadMeeting(paths.reports, id);
  } catch (err) {
    throw new NothingToSendError((err as Error).message);
  }
}

/** The printed pack as out/ holds it, or why there is nothing to send. */
function printedPack(m: Meeting) {
  const state = readPackState(m.dir, m.id);
  if (state.print !== 'printed' || !state.manifest)
    throw new NothingToSendError(`meeting ${m.id}: no pack to send (${state.why ?? 'nothing printed yet'}; psm pack ${m.id})`);
  const hold = approvalHold(m, state.manifest);
  if (hold) throw new NothingToSendError(hold);
  return state.manifest;
}

export async function deliverPack(paths: WorkspacePaths, meetingId: string, opts: DeliverOptions = {}): Promise<DeliveryResult> {
  const clock = opts.clock ?? systemClock;
  const log = opts.log ?? ((l: string) => void process.stderr.write(l + '\n'));
  const config = readDeliveryConfig(paths.delivery);
  if (!config)
    throw new DeliveryConfigError(
      `${paths.delivery} not found: it names the SMTP server, the sender and the recipients (see README, Meeting packs)`,
    );
  const m = meetingOf(paths, meetingId);
  const skip = new Set([...(opts.skip ?? [])].map((e) => e.toLowerCase()));
  const recipients = recipientsFor(config, m, opts.to).filter((r) => !skip.has(r.email.toLowerCase()));
  const manifest = printedPack(m);
  const now = clock.now();
  const links = shareLinks(
    readOrCreateShareKey(paths.shareKey),
    m.id,
    config.baseUrl,
    new Date(now.getTime() + config.linkDays * 86_400_000),
  );
  const attach = mayAttach(m.protectiveMarking, config.attach);
  const pack = { sha256: manifest.pdf.sha256, pages: manifest.pages, draft: manifest.draft, pdfPath: join(m.dir, 'out', 'pack.pdf') };
  let results: DeliveryResult['recipients'] = [];
  if (recipients.length) {
    const sender = smtpSender(config.smtp, opts.env);
    try {
      const make = (r: (typeof recipients)[number]) =>
        packMessage({ meeting: m, recipient: r, from: config.from, links, pack, attach, now });
      results = await sendAll(recipients, make, sender.send satisfies SendOne, opts.retry ?? DEFAULT_RETRY, clock, log);
    } finally {
      sender.close();
    }
  }
  const sent = results.filter((r) => r.status === 'ok').length;
  log(
    `Delivery ${m.id}: sent to ${sent} of ${results.length} recipient(s)${skip.size ? ` (${skip.size} sent before)` : ''}${attach ? ', PDF attached' : ', link only'}`,
  );
  return {
    sha256: pack.sha256,
    linkExpiresAt: links.expiresAt.toISOString(),
    attached: attach,
    ...(opts.manual ? { manual: true } : {}),
    recipients: results,
  };
}
