// Signed panel links and the embargo on packs: a real server, the real `psm share` command, fetch.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, workspacePaths, type WorkspacePaths } from '../../pipeline/config.ts';
import { embargoGate, packOf } from '../../pipeline/share/embargo.ts';
import { panelServeOptions } from '../../pipeline/share/serve-options.ts';
import { signShareToken, verifyShareToken } from '../../pipeline/share/token.ts';
import { startStaticServer, type StaticServer } from '../../pipeline/site/serve.ts';

const VAWG = '2023-11-08-vawg'; // released 2023-11-08 10:30 London (GMT)
const VICTIMS = '2023-09-28-victims';
const key = Buffer.alloc(32, 7);

describe('share tokens', () => {
  const expires = new Date('2023-11-10T00:00:00Z');
  const now = new Date('2023-11-01T00:00:00Z');
  it('open the meeting they were made for, until they expire', () => {
    const token = signShareToken(key, VAWG, expires);
    expect(verifyShareToken(key, VAWG, token, now)).toEqual({ ok: true, expiresAt: expires });
    expect(verifyShareToken(key, VAWG, token, expires)).toEqual({ ok: false, why: 'expired' });
  });
  it('fail for another meeting, another key, or any change to the token', () => {
    const token = signShareToken(key, VAWG, expires);
    expect(verifyShareToken(key, VICTIMS, token, now).ok).toBe(false);
    expect(verifyShareToken(Buffer.alloc(32, 8), VAWG, token, now).ok).toBe(false);
    const [exp, sig] = token.split('.');
    expect(verifyShareToken(key, VAWG, `${Number(exp) + 86_400}.${sig}`, now)).toEqual({ ok: false, why: 'bad signature' });
    expect(verifyShareToken(key, VAWG, `${exp}.${sig!.slice(0, -1)}A`, now).ok).toBe(false);
    expect(verifyShareToken(key, VAWG, 'nonsense', now)).toEqual({ ok: false, why: 'malformed' });
  });
});

describe('the embargo gate', () => {
  it('knows which paths are part of a pack', () => {
    expect(packOf(`/packs/${VAWG}`)).toBe(VAWG);
    expect(packOf(`/packs/${VAWG}.html`)).toBe(VAWG);
    expect(packOf(`/packs/${VAWG}.pdf`)).toBe(VAWG);
    expect(packOf(`/_file/data/packs/${VAWG}.0a1b2c3d.json`)).toBe(VAWG);
    expect(packOf('/vawg')).toBeUndefined();
    expect(packOf('/_file/data/theme/vawg.0a1b2c3d.json')).toBeUndefined();
  });
  it('gates a pack however its path is cased (a case-insensitive disk would serve it)', () => {
    const gate = embargoGate([{ id: VAWG, releaseInstant: new Date('2023-11-08T10:30:00Z') }], key);
    for (const path of [`/packs/${VAWG.toUpperCase()}`, `/packs/${VAWG}.HTML`, `/_file/data/packs/${VAWG.toUpperCase()}.0A1B.JSON`]) {
      expect(gate({ path, cookies: {}, now: new Date('2023-11-01') }).allow, path).toBe(false);
    }
  });

  it('opens nothing before release when no link was ever made', () => {
    const gate = embargoGate([{ id: VAWG, releaseInstant: new Date('2023-11-08T10:30:00Z') }], undefined);
    expect(
      gate({ path: `/packs/${VAWG}`, token: signShareToken(key, VAWG, new Date('2030-01-01')), cookies: {}, now: new Date('2023-11-01') })
        .allow,
    ).toBe(false);
    expect(gate({ path: `/packs/${VAWG}`, cookies: {}, now: new Date('2023-11-08T10:30:00Z') }).allow).toBe(true);
  });
});

describe('psm serve with psm share', () => {
  let root: string;
  let paths: WorkspacePaths;
  let early: StaticServer; // its clock: 1 Sep 2023, before both demo meetings are released
  let late: StaticServer; // its clock: 1 Dec 2023, after both
  const pdfBytes = Buffer.from('%PDF-1.7 the VAWG pack\n');

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'psm-share-'));
    paths = workspacePaths(root);
    mkdirSync(join(paths.site, 'packs'), { recursive: true });
    mkdirSync(join(paths.site, '_file', 'data', 'packs'), { recursive: true });
    writeFileSync(join(paths.site, 'index.html'), '<h1>Overview</h1>');
    for (const id of [VAWG, VICTIMS]) {
      writeFileSync(join(paths.site, 'packs', `${id}.html`), `<h1>Pack ${id}</h1>`);
      writeFileSync(join(paths.site, '_file', 'data', 'packs', `${id}.0a1b2c3d.json`), `{"commentary":"${id}"}`);
      cpSync(join(repoRoot, 'reports', id), join(paths.reports, id), { recursive: true, filter: (src) => !src.includes('/out') });
    }
    mkdirSync(join(paths.reports, VAWG, 'out'), { recursive: true });
    writeFileSync(join(paths.reports, VAWG, 'out', 'pack.pdf'), pdfBytes);
    early = await startStaticServer(paths.site, { port: 0, ...panelServeOptions(paths), now: () => new Date('2023-09-01T12:00:00Z') });
    late = await startStaticServer(paths.site, { port: 0, ...panelServeOptions(paths), now: () => new Date('2023-12-01T12:00:00Z') });
  });

  afterAll(async () => {
    await early?.close();
    await late?.close();
    rmSync(root, { recursive: true, force: true });
  });

  const share = (id: string, base: string) => {
    const r = spawnSync(process.execPath, [join(repoRoot, 'bin', 'psm.js'), 'share', id, '--workspace', root, '--url', base, '--json'], {
      encoding: 'utf8',
    });
    expect(r.status, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as { page: string; pdf: string; expiresAt: string; released: boolean };
  };
  const get = (url: string | URL, cookie?: string) => fetch(url, { headers: cookie ? { cookie } : {}, redirect: 'manual' });

  it('serves nothing of a pack before its release, but the dashboards', async () => {
    expect((await get(early.url)).status).toBe(200);
    for (const path of [`packs/${VAWG}`, `packs/${VAWG}.pdf`, `_file/data/packs/${VAWG}.0a1b2c3d.json`]) {
      const r = await get(new URL(path, early.url));
      expect(r.status, path).toBe(403);
      const body = await r.text();
      expect(body).toContain('embargoed until 2023-11-08 10:30 GMT');
      expect(body).not.toContain('Pack');
      expect(body).not.toContain('commentary');
      expect(r.headers.get('cache-control')).toBe('no-store');
    }
  });

  it('judges the file a URL reaches, however the URL is spelt', async () => {
    const spellings = [
      `packs//${VAWG}`,
      `packs/${VAWG.replace('-', '%2D')}`,
      `packs/./${VAWG}.html`,
      `x/../packs/${VAWG}`,
      `packs/${VAWG.replace('-', '%2D')}.pdf`,
      `_file/data//packs/${VAWG}.0a1b2c3d.json`,
      `_file/data/packs/${VAWG}.0a1b2c3d%2Ejson`,
    ];
    for (const path of spellings) {
      const r = await fetch(`${early.url}${path}`); // not through URL(), which would tidy the spelling
      expect([403, 404], path).toContain(r.status);
      expect(await r.text(), path).not.toMatch(/Pack 2023|commentary|%PDF/);
    }
  });

  it('opens the pack, its data and its PDF to a holder of the link, and no other pack', async () => {
    const link = share(VAWG, early.url);
    // Fourteen days from the real clock (the servers' clocks are set in 2023).
    expect(Math.abs(Date.parse(link.expiresAt) - Date.now() - 14 * 86_400_000)).toBeLessThan(60_000);
    expect(readFileSync(paths.shareKey, 'utf8').trim()).toMatch(/^[0-9a-f]{64}$/);
    // The link leaves its cookie and sends the browser on to the address without the token.
    const first = await get(link.page);
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe(`./${VAWG}`);
    expect(await first.text()).toBe('');
    expect(first.headers.get('cache-control')).toBe('no-store');
    expect(first.headers.get('set-cookie')).toMatch(/; HttpOnly; SameSite=Lax$/);
    const cookie = first.headers.get('set-cookie')!.split(';')[0]!;
    const clean = new URL(first.headers.get('location')!, link.page);
    expect(clean.href).toBe(new URL(`packs/${VAWG}`, early.url).href);
    expect((await get(clean)).status).toBe(403); // the clean address alone opens nothing...
    const page = await get(clean, cookie); // ...the cookie does
    expect(page.status).toBe(200);
    expect(await page.text()).toBe(`<h1>Pack ${VAWG}</h1>`);
    expect(page.headers.get('cache-control')).toBe('private, no-store');
    // The page's own request for its data carries the cookie, not the link.
    const data = await get(new URL(`_file/data/packs/${VAWG}.0a1b2c3d.json`, early.url), cookie);
    expect(data.status).toBe(200);
    // The PDF link the same way: cookie, then the PDF at its own address.
    const pdfFirst = await get(link.pdf);
    expect(pdfFirst.status).toBe(303);
    expect(pdfFirst.headers.get('location')).toBe(`./${VAWG}.pdf`);
    const pdfCookie = pdfFirst.headers.get('set-cookie')!.split(';')[0]!;
    const pdf = await get(new URL(pdfFirst.headers.get('location')!, link.pdf), pdfCookie);
    expect(Buffer.from(await pdf.arrayBuffer())).toEqual(pdfBytes);
    // The same token on another meeting's pack opens nothing.
    const token = new URL(link.page).searchParams.get('share')!;
    expect((await get(new URL(`packs/${VICTIMS}?share=${token}`, early.url))).status).toBe(403);
    expect((await get(new URL(`packs/${VICTIMS}`, early.url), cookie)).status).toBe(403);
    // A link whose expiry was edited is refused, and sets nothing.
    const [exp, sig] = token.split('.');
    const edited = await get(new URL(`packs/${VAWG}?share=${Number(exp) + 1}.${sig}`, early.url));
    expect(edited.status).toBe(403);
    expect(edited.headers.get('set-cookie')).toBeNull();
  });

  it('keeps the other query parameters, however the token is spelt, and never redirects off the site', async () => {
    const token = new URL(share(VAWG, early.url).page).searchParams.get('share')!;
    const location = async (path: string) => {
      const r = await fetch(`${early.url}${path}`, { redirect: 'manual' }); // the spelling as sent
      expect(r.status, path).toBe(303);
      return r.headers.get('location');
    };
    expect(await location(`packs/${VAWG}?asOf=2023-11-01T10%3A30%3A00Z&share=${token}&x=a+b`)).toBe(
      `./${VAWG}?asOf=2023-11-01T10%3A30%3A00Z&x=a+b`,
    );
    // Read by its decoded name, as the gate reads it: left in place it would redirect for ever.
    expect(await location(`packs/${VAWG}?sh%61re=${token}`)).toBe(`./${VAWG}`);
    expect(await location(`packs/${VAWG}?share=${token}&share=${token}`)).toBe(`./${VAWG}`);
    // A path that starts like a scheme-relative URL still sends the browser to this host.
    const tricky = await location(`/evil.example/../packs/${VAWG}?share=${token}`);
    expect(tricky).toBe(`./${VAWG}`);
    expect(new URL(tricky!, `${early.url}/evil.example/../packs/${VAWG}`).host).toBe(new URL(early.url).host);
    // After release a link is no longer needed, but its token still leaves the address bar.
    const after = await get(new URL(`packs/${VAWG}?share=${token}`, late.url));
    expect(after.status).toBe(303);
    expect(after.headers.get('set-cookie')).toBeNull();
  });

  it('serves every pack to anyone after its release time', async () => {
    expect((await get(new URL(`packs/${VAWG}`, late.url))).status).toBe(200);
    expect((await get(new URL(`_file/data/packs/${VICTIMS}.0a1b2c3d.json`, late.url))).status).toBe(200);
    const pdf = await get(new URL(`packs/${VAWG}.pdf`, late.url));
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect((await get(new URL('packs/2099-01-01-unknown', late.url))).status).toBe(404);
  });
});
