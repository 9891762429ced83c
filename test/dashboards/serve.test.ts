// The static server behind `psm serve` and the pack renderer: clean URLs, nothing outside the site
// folder, and the command's own contract (prints its URL, stops cleanly on a signal).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../pipeline/config.ts';
import { registeredFiles } from '../../pipeline/site/weights.ts';
import { resolveSitePath, startStaticServer, type StaticServer } from '../../pipeline/site/serve.ts';

let root: string;
let site: string;
let server: StaticServer;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'psm-serve-'));
  site = join(root, 'site');
  mkdirSync(join(site, 'packs'), { recursive: true });
  writeFileSync(join(site, 'index.html'), '<h1>Overview</h1>');
  writeFileSync(join(site, 'vawg.html'), '<h1>VAWG</h1>');
  writeFileSync(join(site, 'packs', '2023-11-08-vawg.html'), '<h1>Pack</h1>');
  writeFileSync(join(site, 'data.json'), '{"a":1}');
  writeFileSync(join(root, 'secret.txt'), 'outside the site');
  server = await startStaticServer(site, { port: 0 });
});

afterAll(async () => {
  await server?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('resolveSitePath', () => {
  it('maps clean URLs to the built files', () => {
    expect(resolveSitePath(site, '/')).toBe(join(site, 'index.html'));
    expect(resolveSitePath(site, '/vawg')).toBe(join(site, 'vawg.html'));
    expect(resolveSitePath(site, '/packs/2023-11-08-vawg')).toBe(join(site, 'packs', '2023-11-08-vawg.html'));
    expect(resolveSitePath(site, '/data.json')).toBe(join(site, 'data.json'));
  });

  it('never resolves outside the site folder', () => {
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/packs/../../secret.txt', '/..%2fsecret.txt', '/%00', '/%zz']) {
      expect(resolveSitePath(site, p), p).toBeUndefined();
    }
  });
});

describe('startStaticServer', () => {
  it('serves pages with their types, 404s the rest and refuses writes', async () => {
    const home = await fetch(server.url);
    expect(home.status).toBe(200);
    expect(home.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await home.text()).toBe('<h1>Overview</h1>');
    const json = await fetch(new URL('data.json', server.url));
    expect(json.headers.get('content-type')).toMatch(/^application\/json/);
    expect((await fetch(new URL('vawg', server.url))).status).toBe(200);
    expect((await fetch(new URL('nope', server.url))).status).toBe(404);
    expect((await fetch(new URL('%2e%2e/secret.txt', server.url))).status).toBe(404);
    expect((await fetch(server.url, { method: 'POST' })).status).toBe(405);
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('answers a malformed request line with 400 and keeps serving', async () => {
    const { connect } = await import('node:net');
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = connect(server.port, '127.0.0.1', () => socket.end('GET //[ HTTP/1.1\r\nHost: x\r\n\r\n'));
      let data = '';
      socket
        .on('data', (d) => (data += d))
        .on('end', () => resolve(data))
        .on('error', reject);
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400/);
    expect((await fetch(server.url)).status).toBe(200);
  });

  it('refuses a folder with no built site', async () => {
    await expect(startStaticServer(join(root, 'empty'), { port: 0 })).rejects.toThrow(/psm build/);
  });
});

describe('psm serve', () => {
  it('prints its URL, serves the site on the port asked for, and stops cleanly on SIGTERM', async () => {
    const probe = await startStaticServer(site, { port: 0 });
    const port = probe.port; // a port known to be free a moment ago
    await probe.close();
    const child = spawn(
      process.execPath,
      [join(repoRoot, 'bin', 'psm.js'), 'serve', '--workspace', root, '--port', String(port), '--json'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
    const deadline = Date.now() + 20_000;
    while (!out.includes('}') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const { url } = JSON.parse(out) as { url: string };
    expect(url).toBe(`http://127.0.0.1:${port}/`);
    expect(await (await fetch(new URL('vawg', url))).text()).toBe('<h1>VAWG</h1>');
    const code = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    expect(await code).toBe(0);
  });

  it('rejects a port that is not a port', async () => {
    const child = spawn(process.execPath, [join(repoRoot, 'bin', 'psm.js'), 'serve', '--workspace', root, '--port', 'http'], {
      stdio: 'ignore',
    });
    expect(await new Promise((resolve) => child.on('exit', resolve))).toBe(2);
  });
});

describe('registeredFiles', () => {
  it('reads the data files a built page registers', () => {
    const html = `registerFile("./data/theme/vawg.json", {"name":"./data/theme/vawg.json","mimeType":"application/json","path":"./_file/data/theme/vawg.1234abcd.json","lastModified":1,"size":127929});`;
    expect(registeredFiles(html)).toEqual([{ name: './data/theme/vawg.json', path: './_file/data/theme/vawg.1234abcd.json' }]);
  });
});
