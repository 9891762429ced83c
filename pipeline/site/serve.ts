// A small static file server for the built site. It resolves Framework's clean URLs (`/vawg` →
// vawg.html) and never serves anything outside the site folder. Every response carries the
// security headers of share/security-headers.ts, errors included. The pack renderer runs it on
// loopback behind a random path (secretPath); `psm serve` adds the embargo gate (share/embargo.ts)
// and each meeting's PDF.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, posix, relative, resolve, sep } from 'node:path';
import { parseCookies, type GateDecision, type GateRequest } from '../share/embargo.ts';
import { baseHeaders, loadPage, strictCsp } from '../share/security-headers.ts';

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.wasm': 'application/wasm',
  '.pdf': 'application/pdf',
  '.txt': 'text/plain; charset=utf-8',
  '.arrow': 'application/vnd.apache.arrow.file',
};

export interface StaticServer {
  url: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

/** A URL path decoded once and normalised (`//`, `.`, `..` resolved), or undefined if it cannot be decoded. */
export function canonicalPath(urlPath: string): string | undefined {
  try {
    const decoded = decodeURIComponent(urlPath);
    return decoded.includes('\0') ? undefined : posix.normalize('/' + decoded);
  } catch {
    return undefined;
  }
}

/** The file a URL path names inside `root`, or undefined: `/x` tries x, x.html, x/index.html. */
export function resolveSitePath(root: string, urlPath: string): string | undefined {
  const canonical = canonicalPath(urlPath);
  if (canonical === undefined) return undefined;
  const base = resolve(root);
  const target = resolve(base, '.' + canonical);
  if (target !== base && !target.startsWith(base + sep)) return undefined;
  const candidates = canonical.endsWith('/') ? [join(target, 'index.html')] : [target, `${target}.html`, join(target, 'index.html')];
  return candidates.find((p) => existsSync(p) && statSync(p).isFile());
}

/**
 * Streams a file. A read error (the file removed while a rebuilt site is swapped in) ends that one
 * response; unhandled, it would crash the process — and with it the schedule under `psm start`.
 */
function send(file: string, res: ServerResponse): void {
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
}

export interface ServeOptions {
  port?: number;
  host?: string;
  /** Decides each request before any file is read (the embargo on packs). */
  gate?: (req: GateRequest) => GateDecision;
  /** Files served from outside the site folder, by URL path (each meeting's PDF). */
  extraFile?: (urlPath: string) => string | undefined;
  /** The clock the gate reads (tests set it). */
  now?: () => Date;
  /**
   * Serve only under a random first path segment, which `url` includes: for the pack renderer,
   * whose server holds every pack, embargoed or not, and must answer no other local process.
   */
  secretPath?: boolean;
}

const page = (message: string) =>
  `<!doctype html><html lang="en-GB"><meta charset="utf-8"><title>Not available</title><body style="font:16px/1.5 system-ui;max-width:40em;margin:4em auto"><p>${
    message.replace(/[&<>]/g, (c) => `&#${c.charCodeAt(0)};`)}</p></body></html>`;

/** The raw reply to a request Node could not even parse: it never reaches the handler. */
const rawBadRequest = () => [
  'HTTP/1.1 400 Bad Request', 'connection: close', 'content-type: text/plain; charset=utf-8', 'content-length: 11', 'cache-control: no-store',
  `content-security-policy: ${strictCsp}`, ...Object.entries(baseHeaders).map(([k, v]) => `${k}: ${v}`), '', 'Bad request',
].join('\r\n');

/**
 * The request's own URL, relative to itself, without its `share` parameter: after a link's token
 * is turned into a cookie the browser is sent here, so the token leaves the address bar and the
 * history. Relative (`./name?rest`), so it cannot point at another host, and still works behind a
 * proxy that serves the site under a path prefix. The other parameters are kept as they were spelt.
 */
export function withoutShare(url: URL): string {
  const name = url.pathname.slice(url.pathname.lastIndexOf('/') + 1);
  // Judged by the decoded name, as URLSearchParams reads it: `sh%61re=` is a token too, and left
  // in place it would send the browser round the same redirect for ever.
  const isShare = (p: string) => new URLSearchParams(p).has('share');
  const rest = url.search.slice(1).split('&').filter((p) => p && !isShare(p));
  return `./${name}${rest.length ? `?${rest.join('&')}` : ''}`;
}

/** The path under the secret prefix, or undefined if the request does not start with it. */
function underSecret(pathname: string, secret: string): string | undefined {
  const given = Buffer.from(pathname.slice(1, 1 + secret.length));
  const ok = given.length === secret.length && timingSafeEqual(given, Buffer.from(secret)) && pathname[1 + secret.length] === '/';
  return ok ? pathname.slice(1 + secret.length) : undefined;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

function sendFound(file: string, req: IncomingMessage, res: ServerResponse, decision: GateDecision | undefined): void {
  const html = file.endsWith('.html');
  let size: number;
  let body: Buffer | undefined;
  try {
    if (html) {
      const built = loadPage(file);
      body = built.body;
      size = body.length;
      res.setHeader('content-security-policy', built.csp);
    } else size = statSync(file).size;
  } catch {
    res.writeHead(404).end('Not found'); // removed between lookup and read: the site was being swapped
    return;
  }
  res.writeHead(200, {
    'content-type': types[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'content-length': size,
    // Framework fingerprints data and module files, so only the HTML must always be re-fetched.
    // A pack opened through a link is private to its holder until release: no shared cache keeps it.
    'cache-control': decision?.allow && decision.beforeRelease ? 'private, no-store'
      : html || file.endsWith('.pdf') ? 'no-cache' : 'public, max-age=3600',
  });
  if (req.method === 'HEAD') res.end();
  else if (body) res.end(body);
  else send(file, res);
}

function siteHandler(dir: string, opts: ServeOptions, secret: string | undefined): Handler {
  const { gate, extraFile, now = () => new Date() } = opts;
  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    const pathname = secret ? underSecret(url.pathname, secret) : url.pathname;
    if (pathname === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }).end('Not found');
      return;
    }
    const canonical = canonicalPath(pathname);
    const extra = canonical === undefined ? undefined : extraFile?.(canonical);
    const siteFile = extra ? undefined : resolveSitePath(dir, pathname);
    // The gate judges the file that would be sent, not the URL's spelling: `/packs//x`, `%2D` and
    // the like all reach the same file, so they all meet the same decision.
    const path = siteFile ? '/' + relative(resolve(dir), siteFile).split(sep).join('/') : canonical ?? pathname;
    const token = url.searchParams.get('share') ?? undefined;
    const decision = gate?.({ path, token, cookies: parseCookies(req.headers.cookie), now: now() });
    if (decision && !decision.allow) {
      // Embargoed: no byte of the pack, and nothing cached on the way.
      res.writeHead(decision.status, { 'content-type': types['.html']!, 'cache-control': 'no-store' });
      res.end(req.method === 'GET' ? page(decision.message) : undefined);
      return;
    }
    if (decision?.allow && decision.setCookie) res.setHeader('set-cookie', decision.setCookie);
    if (url.searchParams.has('share')) {
      res.writeHead(303, { location: withoutShare(url), 'cache-control': 'no-store' }).end();
      return;
    }
    const file = extra ?? siteFile;
    if (file) return sendFound(file, req, res, decision);
    const notFound = join(dir, '404.html');
    if (req.method === 'GET' && existsSync(notFound)) {
      try {
        const built = loadPage(notFound);
        res.writeHead(404, { 'content-type': types['.html']!, 'content-security-policy': built.csp }).end(built.body);
        return;
      } catch {
        // gone with a site swap: the plain answer below
      }
    }
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
  };
}

export async function startStaticServer(dir: string, opts: ServeOptions = {}): Promise<StaticServer> {
  const { port = 3000, host = '127.0.0.1' } = opts;
  if (!existsSync(join(dir, 'index.html'))) {
    throw new Error(`No built site at ${dir}: run \`psm build\` first`);
  }
  const secret = opts.secretPath ? randomBytes(24).toString('base64url') : undefined;
  const handle = siteHandler(dir, opts, secret);
  const server = createServer((req, res) => {
    // Set first, so that every answer below, however it ends, carries them; a built page's own
    // policy replaces the strict one.
    for (const [k, v] of Object.entries(baseHeaders)) res.setHeader(k, v);
    res.setHeader('content-security-policy', strictCsp);
    try {
      handle(req, res);
    } catch {
      // A malformed request (an unparsable URL) or a failing gate must not take the server down;
      // it fails closed: nothing is sent but the status.
      if (!res.headersSent) {
        res.removeHeader('set-cookie');
        res.setHeader('content-security-policy', strictCsp);
        res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
      }
      res.end('Bad request');
    }
  });
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end(rawBadRequest());
    else socket.destroy();
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => ok());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${actual}/${secret ? `${secret}/` : ''}`,
    port: actual,
    server,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}
