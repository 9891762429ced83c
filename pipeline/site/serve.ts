// A small static file server for the built site, on the loopback interface only: the analyst's
// browser and the pack renderer's headless Chromium are its only clients. It resolves Framework's
// clean URLs (`/vawg` → vawg.html) and never serves anything outside the site folder.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';

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

/** The file a URL path names inside `root`, or undefined: `/x` tries x, x.html, x/index.html. */
export function resolveSitePath(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const base = resolve(root);
  const target = resolve(base, '.' + normalize('/' + decoded));
  if (target !== base && !target.startsWith(base + sep)) return undefined;
  const candidates = decoded.endsWith('/') ? [join(target, 'index.html')] : [target, `${target}.html`, join(target, 'index.html')];
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

export async function startStaticServer(dir: string, port = 3000, host = '127.0.0.1'): Promise<StaticServer> {
  if (!existsSync(join(dir, 'index.html'))) {
    throw new Error(`No built site at ${dir}: run \`psm build\` first`);
  }
  const server = createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const file = resolveSitePath(dir, path);
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
      'cache-control': file.endsWith('.html') ? 'no-cache' : 'public, max-age=3600',
    };
    res.writeHead(200, headers);
    if (req.method === 'HEAD') res.end();
    else send(file, res);
  });
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
