// Security headers on every answer of the real server — pages, data, redirects, refusals and the
// errors Node itself answers — and a page policy that names exactly the inline scripts it was built with.
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, workspacePaths } from '../../pipeline/config.ts';
import { readOrCreateShareKey } from '../../pipeline/share/key.ts';
import { panelServeOptions } from '../../pipeline/share/serve-options.ts';
import { signShareToken } from '../../pipeline/share/token.ts';
import { startStaticServer, type StaticServer } from '../../pipeline/site/serve.ts';

const VAWG = '2023-11-08-vawg';
// Framework's page shape: a classic inline script, a module one (with CRLF line ends, which the
// browser hashes as LF) and an external one, which 'self' covers.
const moduleScript = '\r\nimport {define} from "./_observablehq/client.js";\r\ndefine({id: "a"});\r\n';
const classicScript = 'document.documentElement.lang = "en-GB";';
const indexHtml = `<!doctype html><script>${classicScript}</script><script type="module">${moduleScript}</script><script type="module" src="./x.js"></script><h1>Overview</h1>`;
const sha = (s: string) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;

let root: string;
let site: string;
let plain: StaticServer;
let gated: StaticServer;
let refusing: StaticServer;
let token: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'psm-headers-'));
  const paths = workspacePaths(root);
  site = paths.site;
  mkdirSync(join(site, 'packs'), { recursive: true });
  writeFileSync(join(site, 'index.html'), indexHtml);
  writeFileSync(join(site, 'data.json'), '{"a":1}');
  writeFileSync(join(site, 'packs', `${VAWG}.html`), '<h1>Pack</h1>');
  cpSync(join(repoRoot, 'reports', VAWG), join(paths.reports, VAWG), { recursive: true, filter: (src) => !src.includes('/out') });
  token = signShareToken(readOrCreateShareKey(paths.shareKey), VAWG, new Date(Date.now() + 86_400_000));
  plain = await startStaticServer(site, { port: 0 });
  gated = await startStaticServer(site, { port: 0, ...panelServeOptions(paths), now: () => new Date('2023-09-01T12:00:00Z') });
  refusing = await startStaticServer(site, { port: 0, ...panelServeOptions(paths, () => ({ refuse: 'analyst build' })) });
});

afterAll(async () => {
  await Promise.all([plain, gated, refusing].map((s) => s?.close()));
  rmSync(root, { recursive: true, force: true });
});

type Headers = { get(name: string): string | null };

function expectHardened(h: Headers, what: string): string {
  expect(h.get('x-frame-options'), what).toBe('DENY');
  expect(h.get('x-content-type-options'), what).toBe('nosniff');
  expect(h.get('referrer-policy'), what).toBe('no-referrer');
  const csp = h.get('content-security-policy') ?? '';
  for (const d of ["frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'"]) expect(csp, `${what}: ${d}`).toContain(d);
  return csp;
}

/** One request written by hand, for what fetch will not send; the reply's status and headers. */
function raw(port: number, request: string): Promise<{ status: number; headers: Headers }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    let data = '';
    socket
      .on('data', (d) => (data += d))
      .on('end', () => {
        const [head = ''] = data.split('\r\n\r\n');
        const [statusLine = '', ...lines] = head.split('\r\n');
        const map = new Map(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
        resolve({ status: Number(statusLine.split(' ')[1]), headers: { get: (n) => map.get(n) ?? null } });
      })
      .on('error', reject);
  });
}

describe('every response', () => {
  it('carries the headers, whatever its status', async () => {
    const cases: [string, Promise<{ status: number; headers: Headers }>, number][] = [
      ['page', fetch(plain.url), 200],
      ['data', fetch(new URL('data.json', plain.url)), 200],
      ['not found', fetch(new URL('nope', plain.url)), 404],
      ['POST', fetch(plain.url, { method: 'POST' }), 405],
      ['embargoed', fetch(new URL(`packs/${VAWG}`, gated.url)), 403],
      ['unknown meeting', fetch(new URL('packs/2099-01-01-none', gated.url)), 404],
      ['link redirect', fetch(new URL(`packs/${VAWG}?share=${token}`, gated.url), { redirect: 'manual' }), 303],
      ['analyst build withheld', fetch(refusing.url), 503],
      ['unparsable URL', raw(plain.port, 'GET //[ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'), 400],
      ['not HTTP at all', raw(plain.port, 'NONSENSE\r\n\r\n'), 400],
    ];
    for (const [what, reply, status] of cases) {
      const r = await reply;
      expect(r.status, what).toBe(status);
      const csp = expectHardened(r.headers, what);
      // Only a built page may run scripts; everything else loads nothing at all.
      if (what !== 'page') expect(csp, what).toMatch(/^default-src 'none'/);
    }
  });
});

describe("a built page's policy", () => {
  it('allows exactly its own inline scripts, by hash, and the site for the rest', async () => {
    const csp = expectHardened((await fetch(plain.url)).headers, 'page');
    const scriptSrc = csp.split('; ').find((d) => d.startsWith('script-src '))!;
    expect(scriptSrc.split(' ').sort()).toEqual(
      ['script-src', "'self'", sha(classicScript), sha(moduleScript.replace(/\r\n/g, '\n'))].sort(),
    );
    expect(csp).not.toContain('unsafe-eval');
    expect(scriptSrc).not.toContain('unsafe-inline');
    expect(csp).toContain("font-src 'self' data:");
    expect(csp).toContain("img-src 'self' data:");
  });

  it('follows the page when a rebuilt site replaces it', async () => {
    const file = join(site, 'index.html');
    writeFileSync(file, '<!doctype html><script>rebuilt()</script>');
    utimesSync(file, new Date(), new Date(Date.now() + 5_000));
    try {
      const csp = (await fetch(plain.url)).headers.get('content-security-policy')!;
      expect(csp).toContain(sha('rebuilt()'));
      expect(csp).not.toContain(sha(classicScript));
    } finally {
      writeFileSync(file, indexHtml);
    }
  });
});
