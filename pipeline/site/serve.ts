// A small static file server for the built site. It resolves Framework's clean URLs (`/vawg` →
// vawg.html) and never serves anything outside the site folder. The pack renderer runs it bare on
// loopback; `psm serve` adds the embargo gate (share/embargo.ts) and each meeting's PDF.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, posix, relative, resolve, sep } from 'node:path';
import { parseCookies, type GateDecision, type GateRequest } from '../share/embargo.ts';

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
}

const page = (message: string) =>
  `<!doctype html><html lang="en-GB"><meta charset="utf-8"><title>Not available</title><body style="font:16px/1.5 system-ui;max-width:40em;margin:4em auto"><p>${
    message.replace(/[&<>]/g, (c) => `&#${c.charCodeAt(0)};`)}</p></body></html>`;

export async function startStaticServer(dir: string, opts: ServeOptions = {}): Promise<StaticServer> {
  const { port = 3000, host = '127.0.0.1', gate, extraFile, now = () => new Date() } = opts;
  if (!existsSync(join(dir, 'index.html'))) {
    throw new Error(`No built site at ${dir}: run \`psm build\` first`);
  }
  const server = createServer((req, res) => {
    try {
      handle(req, res);
    } catch {
      // A malformed request (an unparsable URL) or a failing gate must not take the server down;
      // it fails closed: nothing is sent but the status.
      if (!res.headersSent) res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
      res.end('Bad request');
    }
  });
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    const canonical = canonicalPath(url.pathname);
    const extra = canonical === undefined ? undefined : extraFile?.(canonical);
    const siteFile = extra ? undefined : resolveSitePath(dir, url.pathname);
    // The gate judges the file that would be sent, not the URL's spelling: `/packs//x`, `%2D` and
    // the like all reach the same file, so they all meet the same decision.
    const path = siteFile ? '/' + relative(resolve(dir), siteFile).split(sep).join('/') : canonical ?? url.pathname;
    const decision = gate?.({ path, token: url.searchParams.get('share') ?? undefined, cookies: parseCookies(req.headers.cookie), now: now() });
    if (decision && !decision.allow) {
      // Embargoed: no byte of the pack, and nothing cached on the way.
      res.writeHead(decision.status, { 'content-type': types['.html']!, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' });
      res.end(req.method === 'GET' ? page(decision.message) : undefined);
      return;
    }
    const file = extra ?? siteFile;
    if (!file) {
      const notFound = join(dir, '404.html');
      res.writeHead(404, { 'content-type': types['.html']! });
      if (existsSync(notFound) && req.method === 'GET') send(notFound, res);
      else res.end('Not found');
      return;
    }
    let size: number;
    try {
      size = statSync(file).size;
    } catch {
      res.writeHead(404).end('Not found'); // removed between lookup and read: the site was being swapped
      return;
    }
    const headers: Record<string, string | number> = {
      'content-type': types[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'content-length': size,
      // Aggregates only, but nothing here is for third parties: no referrer leaves the machine.
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
      // Framework fingerprints data and module files, so only the HTML must always be re-fetched.
      // A pack opened through a link is private to its holder until release: no shared cache keeps it.
      'cache-control': decision?.allow && decision.beforeRelease ? 'private, no-store'
        : file.endsWith('.html') || file.endsWith('.pdf') ? 'no-cache' : 'public, max-age=3600',
    };
    if (decision?.allow && decision.setCookie) headers['set-cookie'] = decision.setCookie;
    res.writeHead(200, headers);
    if (req.method === 'HEAD') res.end();
    else send(file, res);
  };
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => ok());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${actual}/`,
    port: actual,
    server,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}
