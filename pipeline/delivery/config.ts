// <workspace>/delivery.json: how packs are sent — the SMTP server, the sender, the address panel
// links point at, and who receives them. It lives in the workspace, never in the repository,
// because it holds people's names and addresses. It never holds a password: `smtp.passwordEnv`
// names the environment variable that does. Every problem is reported as file:line:column and the
// field, like `psm meeting check` does for meeting.json.
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { nearestLoc, parseJsonSource } from '../meetings/json-source.ts';
import { isLoopbackHost } from '../share/audience.ts';

const listId = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'a list id: lower-case words joined by hyphens');
export const recipientSchema = z.strictObject({ name: z.string().trim().min(1).max(200), email: z.email() });
export type Recipient = z.infer<typeof recipientSchema>;

const smtpSchema = z
  .strictObject({
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535),
    /** tls: TLS from the first byte (port 465); starttls: upgrade required (587); none: loopback only. */
    security: z.enum(['tls', 'starttls', 'none']),
    user: z.string().min(1).optional(),
    passwordEnv: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'the name of an environment variable, e.g. PSM_SMTP_PASSWORD')
      .optional(),
    password: z
      .never({ error: 'never put the password in this file: set it in an environment variable and name that variable in "passwordEnv"' })
      .optional(),
  })
  .superRefine((s, ctx) => {
    if (s.security === 'none' && !isLoopbackHost(s.host)) {
      ctx.addIssue({
        code: 'custom',
        path: ['security'],
        message: `"none" sends the links in clear text: allowed only to a loopback host (127.0.0.1, ::1, localhost), not ${s.host}; use "starttls" or "tls"`,
      });
    }
    if ((s.user === undefined) !== (s.passwordEnv === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [s.user === undefined ? 'user' : 'passwordEnv'],
        message: '"user" and "passwordEnv" go together: give both to log in, or neither',
      });
    }
  });

export const deliveryConfigSchema = z
  .strictObject({
    smtp: smtpSchema,
    from: recipientSchema,
    /** The address panel members reach `psm serve` at (behind the force's TLS proxy). */
    baseUrl: z.url({ protocol: /^https?$/, error: 'an http(s) address, e.g. https://psm.example.opcc/' }),
    /** How long each emailed link works. */
    linkDays: z.number().int().min(1).max(366).default(14),
    /** official: attach the PDF when the pack is marked OFFICIAL; never: links only. */
    attach: z.enum(['official', 'never']).default('official'),
    lists: z.record(listId, z.array(recipientSchema).min(1, 'a list needs at least one recipient')),
    /** The lists of a meeting whose meeting.json names none. */
    defaultLists: z.array(listId).default([]),
  })
  .superRefine((c, ctx) => {
    const url = URL.canParse(c.baseUrl) ? new URL(c.baseUrl) : undefined;
    if (url && url.protocol !== 'https:' && !isLoopbackHost(url.hostname)) {
      ctx.addIssue({
        code: 'custom',
        path: ['baseUrl'],
        message: `links carry their token: use https (the force's TLS proxy) for ${url.hostname}; plain http only for a loopback address`,
      });
    }
    c.defaultLists.forEach((id, i) => {
      if (!(id in c.lists))
        ctx.addIssue({
          code: 'custom',
          path: ['defaultLists', i],
          message: `no list "${id}" in "lists" (${Object.keys(c.lists).join(', ') || 'none'})`,
        });
    });
  });

export type DeliveryConfig = z.infer<typeof deliveryConfigSchema>;

/** Bad delivery.json: no retry cures it, so the schedule records it failed at once. */
export class DeliveryConfigError extends Error {
  override name = 'DeliveryConfigError';
  readonly retryable = false;
}

/** The file's settings; null when there is no delivery.json (packs are then not sent). */
export function readDeliveryConfig(file: string): DeliveryConfig | null {
  if (!existsSync(file)) return null;
  const parsed = parseJsonSource(readFileSync(file, 'utf8'));
  if (!parsed.ok)
    throw new DeliveryConfigError(`${file}:${parsed.error.line}:${parsed.error.column}: not valid JSON: ${parsed.error.message}`);
  const result = deliveryConfigSchema.safeParse(parsed.value);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => {
    const at = nearestLoc(parsed, i.path as (string | number)[]);
    return `${file}:${at.line}:${at.column}: ${i.path.join('.') || '(top level)'}: ${i.message}`;
  });
  throw new DeliveryConfigError(`${file} is not a valid delivery file:\n${lines.join('\n')}`);
}

/**
 * A meeting's recipients: the lists its meeting.json names (else the default lists), one message
 * per address however many lists name it. `--to NAME` keeps the recipients whose name or address
 * is NAME (any letter case).
 */
export function recipientsFor(
  config: DeliveryConfig,
  meeting: { id: string; dir: string; recipients?: string[] },
  to?: string,
): Recipient[] {
  const ids = meeting.recipients ?? config.defaultLists;
  const unknown = ids.filter((id) => !(id in config.lists));
  if (unknown.length) {
    throw new DeliveryConfigError(
      `${meeting.dir}/meeting.json: recipients: no list ${unknown.map((u) => `"${u}"`).join(', ')} in delivery.json (it has ${Object.keys(config.lists).join(', ')})`,
    );
  }
  const byEmail = new Map<string, Recipient>();
  for (const r of ids.flatMap((id) => config.lists[id]!)) if (!byEmail.has(r.email.toLowerCase())) byEmail.set(r.email.toLowerCase(), r);
  const all = [...byEmail.values()];
  if (to === undefined) return all;
  const want = to.trim().toLowerCase();
  const picked = all.filter((r) => r.name.toLowerCase() === want || r.email.toLowerCase() === want);
  if (!picked.length)
    throw new DeliveryConfigError(
      `no recipient "${to}" for meeting ${meeting.id}: its recipients are ${all.map((r) => r.name).join(', ') || 'none'}`,
    );
  return picked;
}
