// Sending the messages: one per recipient, through one SMTP connection setup (nodemailer), with
// retries in rounds. A round sends to everyone still waiting; a recipient the server turned away
// for a passing reason (no connection, a timeout, a 4xx answer such as "mailbox busy") waits for the
// next round after the back-off; one refused for good (a 5xx answer: no such mailbox, login refused)
// is not tried again. So a server that is down costs the back-off once, not once per recipient.
import nodemailer from 'nodemailer';
import type { Clock } from '../schedule/clock.ts';
import { withRetry, type RetryPolicy } from '../schedule/retry.ts';
import type { RecipientResult } from '../schedule/run-ledger.ts';
import type { DeliveryConfig, Recipient } from './config.ts';
import { DeliveryConfigError } from './config.ts';
import type { PackMessage } from './message.ts';

/** Sends one message; resolves with the server's message id. */
export type SendOne = (message: PackMessage) => Promise<string>;

const PASSING_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNREFUSED', 'ECONNRESET']);

/** Whether trying again later may succeed: no answer at all, or a 4xx answer. */
export function isPassing(err: unknown): boolean {
  const e = err as { responseCode?: number; code?: string } | null;
  if (typeof e?.responseCode === 'number') return e.responseCode >= 400 && e.responseCode < 500;
  return PASSING_CODES.has(e?.code ?? '');
}

const describe = (err: unknown): string => (err instanceof Error ? err.message : String(err)).split('\n')[0]!;

/**
 * Sends `make(recipient)` to each recipient; never throws. Each result says how many attempts that
 * recipient took and, if it failed, the server's last answer.
 */
export async function sendAll(
  recipients: readonly Recipient[],
  make: (r: Recipient) => PackMessage,
  send: SendOne,
  policy: RetryPolicy,
  clock: Clock,
  log: (line: string) => void,
): Promise<RecipientResult[]> {
  const results = new Map<string, RecipientResult>();
  let waiting = [...recipients];
  let attempt = 0;
  await withRetry(
    async () => {
      attempt++;
      const again: Recipient[] = [];
      for (const r of waiting) {
        try {
          const messageId = await send(make(r));
          results.set(r.email, { name: r.name, email: r.email, status: 'ok', attempts: attempt, messageId });
        } catch (err) {
          results.set(r.email, { name: r.name, email: r.email, status: 'failed', attempts: attempt, error: describe(err) });
          if (isPassing(err)) again.push(r);
        }
      }
      waiting = again;
      if (again.length) throw new Error(`not yet sent to ${again.map((r) => r.name).join(', ')}`);
    },
    policy,
    clock,
    (n, error, next) => log(`delivery: round ${n}: ${error}${next === null ? '' : `; trying again in ${next / 1000} s`}`),
  );
  return recipients.map((r) => results.get(r.email)!);
}

/** The SMTP transport delivery.json describes; the password is read from the variable it names. */
export function smtpSender(smtp: DeliveryConfig['smtp'], env: NodeJS.ProcessEnv = process.env): { send: SendOne; close: () => void } {
  let auth: { user: string; pass: string } | undefined;
  if (smtp.user && smtp.passwordEnv) {
    const pass = env[smtp.passwordEnv];
    if (!pass)
      throw new DeliveryConfigError(
        `delivery.json: smtp.passwordEnv names ${smtp.passwordEnv}, which is not set in this process's environment`,
      );
    auth = { user: smtp.user, pass };
  }
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.security === 'tls',
    requireTLS: smtp.security === 'starttls',
    ignoreTLS: smtp.security === 'none',
    auth,
    connectionTimeout: 20_000,
    greetingTimeout: 20_000,
    socketTimeout: 60_000,
    disableFileAccess: false, // the attachment is the pack's own file
    disableUrlAccess: true,
  });
  return {
    send: async (message) => (await transport.sendMail(message)).messageId,
    close: () => transport.close(),
  };
}
