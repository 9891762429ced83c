// A real SMTP server for the delivery tests (smtp-server, on 127.0.0.1 at a random port), and a
// small reader of the MIME messages nodemailer writes: headers, the text part, attachments.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface Received {
  envelopeTo: string[];
  raw: string;
}

export interface TestSmtp {
  port: number;
  received: Received[];
  /** RCPT TO commands seen (refused ones too). */
  rcptSeen: string[];
  close(): Promise<void>;
}

/** `refuse`: answer every RCPT TO with this code (451: try later; 550: no such mailbox). */
export async function startSmtp(opts: { auth?: { user: string; pass: string }; refuse?: number } = {}): Promise<TestSmtp> {
  const received: Received[] = [];
  const rcptSeen: string[] = [];
  const server = new SMTPServer({
    secure: false,
    disabledCommands: opts.auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    allowInsecureAuth: true,
    authOptional: !opts.auth,
    logger: false,
    onAuth(auth, _session, cb) {
      if (opts.auth && auth.username === opts.auth.user && auth.password === opts.auth.pass) cb(null, { user: auth.username });
      else cb(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onRcptTo(address, _session, cb) {
      rcptSeen.push(address.address);
      if (opts.refuse)
        cb(
          Object.assign(new Error(opts.refuse < 500 ? 'Mailbox busy, try again later' : 'No such mailbox'), { responseCode: opts.refuse }),
        );
      else cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { port, received, rcptSeen, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

export interface Mail {
  headers: Map<string, string>;
  subject: string;
  to: string;
  text: string;
  attachments: { filename: string; content: Buffer }[];
}

function split(part: string): { headers: Map<string, string>; body: string } {
  const at = part.indexOf('\r\n\r\n');
  const head = part.slice(0, at).replace(/\r\n[ \t]+/g, ' ');
  const headers = new Map<string, string>();
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body: part.slice(at + 4) };
}

function decodeBody(body: string, encoding = '7bit'): Buffer {
  if (/base64/i.test(encoding)) return Buffer.from(body.replace(/\s+/g, ''), 'base64');
  if (/quoted-printable/i.test(encoding)) {
    const soft = body.replace(/=\r\n/g, '');
    return Buffer.from(
      soft.replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
      'latin1',
    );
  }
  return Buffer.from(body, 'utf8');
}

/** RFC 2047 encoded words, as nodemailer writes them (UTF-8, Q or B). */
function decodeWords(s: string): string {
  return s.replace(/=\?UTF-8\?([QB])\?([^?]*)\?=\s*/gi, (_, kind: string, text: string) =>
    kind.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64').toString('utf8')
      : decodeBody(text.replace(/_/g, ' '), 'quoted-printable').toString('utf8'),
  );
}

export function parseMail(raw: string): Mail {
  const { headers, body } = split(raw);
  const mail: Mail = {
    headers,
    subject: decodeWords(headers.get('subject') ?? ''),
    to: decodeWords(headers.get('to') ?? ''),
    text: '',
    attachments: [],
  };
  const walk = (h: Map<string, string>, b: string): void => {
    const type = h.get('content-type') ?? 'text/plain';
    const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
    if (boundary) {
      for (const part of b.split(`--${boundary}`).slice(1, -1)) {
        const p = split(part.replace(/^\r\n/, ''));
        walk(p.headers, p.body);
      }
      return;
    }
    const content = decodeBody(b, h.get('content-transfer-encoding'));
    const filename = /filename="?([^";]+)"?/i.exec(h.get('content-disposition') ?? '')?.[1];
    if (filename) mail.attachments.push({ filename, content });
    else if (/^text\/plain/i.test(type)) mail.text = content.toString('utf8');
  };
  walk(headers, body);
  return mail;
}
