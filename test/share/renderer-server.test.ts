// The pack renderer's loopback server, started as print-pack starts it: it holds every pack,
// embargoed or not, so it answers only under the random path the renderer's browser is given.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRendererServer } from '../../pipeline/render/print-pack.ts';
import type { StaticServer } from '../../pipeline/site/serve.ts';

const VAWG = '2023-11-08-vawg';
const files: Record<string, string> = {
  'index.html': '<h1>Overview</h1>',
  [`packs/${VAWG}.html`]: '<h1>PACK PAGE</h1>',
  [`_file/data/packs/${VAWG}.0a1b2c3d.json`]: '{"commentary":"PACK DATA"}',
  '_file/packs/fonts.0a1b2c3d.css': '/* PACK FONTS */',
};

let root: string;
let server: StaticServer;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'psm-renderer-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(root, rel, '..'), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
  server = await startRendererServer(root);
});

afterAll(async () => {
  await server?.close();
  rmSync(root, { recursive: true, force: true });
});

describe("the renderer's server", () => {
  it('listens on loopback under a random path of its own', async () => {
    const m = /^http:\/\/127\.0\.0\.1:(\d+)\/([A-Za-z0-9_-]{32})\/$/.exec(server.url);
    expect(m, server.url).not.toBeNull();
    const other = await startRendererServer(root);
    try {
      expect(other.url.split('/')[3]).not.toBe(m![2]);
    } finally {
      await other.close();
    }
  });

  it('serves the pack, its data and its fonts under that path', async () => {
    for (const [rel, text] of Object.entries(files)) {
      const r = await fetch(new URL(rel, server.url));
      expect(r.status, rel).toBe(200);
      expect(await r.text(), rel).toBe(text);
    }
    expect(await (await fetch(new URL(`packs/${VAWG}`, server.url))).text()).toBe('<h1>PACK PAGE</h1>');
  });

  it('refuses any other local process: no secret, a wrong one, or one spelt differently', async () => {
    const origin = new URL(server.url).origin;
    const secret = server.url.split('/')[3]!;
    const wrong = secret.slice(0, -1) + (secret.endsWith('A') ? 'B' : 'A');
    const paths = [
      '',
      `packs/${VAWG}`,
      `packs/${VAWG}.html`,
      `_file/data/packs/${VAWG}.0a1b2c3d.json`,
      '_file/packs/fonts.0a1b2c3d.css',
      ...Object.keys(files).map((rel) => `${wrong}/${rel}`),
      `${secret}packs/${VAWG}`,
      `${secret.slice(0, 16)}/packs/${VAWG}`,
      `x/../packs/${VAWG}?${secret}`,
      `packs/${VAWG}?s=${secret}`,
      `${secret.toLowerCase()}/packs/${VAWG}`,
    ];
    for (const path of paths) {
      const r = await fetch(`${origin}/${path}`);
      expect(r.status, path).toBe(404);
      expect(await r.text(), path).not.toMatch(/PACK|Overview/);
    }
  });
});
