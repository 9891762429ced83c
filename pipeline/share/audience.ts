// Who may be shown the site in place. An analyst build (every value, small numbers unsuppressed)
// is for the analysts' own machine: `psm serve` and `psm start` refuse to put one on an address
// other machines can reach unless told so in as many words (--allow-analyst-build). The check runs
// at start-up and again on every request, because `psm start` rebuilds the site while it serves and
// anyone may run `psm build --audience analyst` beside a running server.
import { statSync } from 'node:fs';
import { isIP } from 'node:net';
import { buildRecordPath, readBuildRecord } from '../site/build-record.ts';

/** 127.0.0.0/8, ::1 (and IPv4-mapped 127.x) or the name localhost; anything else, 0.0.0.0 included, is a network address. */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) !== 6) return false; // another name: it may resolve anywhere
  const canonical = new URL(`http://[${h}]/`).hostname; // ::1 however spelt; ::ffff:127.0.0.1 as ::ffff:7f00:1
  return canonical === '[::1]' || /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(canonical);
}

export interface AudienceOptions {
  host: string;
  /** --allow-analyst-build: serve an analyst build on a network address all the same. */
  allowAnalyst: boolean;
}

/** What to do about the site in place: refuse (the reason), or serve, with a warning if there is one. */
export interface AudienceVerdict {
  refuse?: string;
  warn?: string;
}

export function audienceVerdict(siteDir: string, { host, allowAnalyst }: AudienceOptions): AudienceVerdict {
  const override = 'pass --allow-analyst-build if everyone who can reach that address may see unsuppressed figures';
  let audience: string;
  try {
    const rec = readBuildRecord(siteDir);
    if (!rec) {
      return {
        warn:
          `warning: ${siteDir} has no build record (psm-build.json), so its audience is unknown: ` +
          'rebuild it with `psm build` to record whether it is the panel or the analyst build',
      };
    }
    if (rec.audience === 'panel') return {};
    audience = `its build record says audience "analyst" (every value shown, small numbers unsuppressed; built ${rec.builtAt})`;
  } catch (err) {
    // A record that cannot be read may be an analyst build's: it is treated as one.
    audience = `its build record cannot be read (${(err as Error).message}), so it is treated as an analyst build`;
  }
  if (isLoopbackHost(host))
    return {
      warn: `warning: serving an analyst build on ${host}: ${audience}. Do not share this site or screenshots of it with the panel.`,
    };
  if (allowAnalyst)
    return { warn: `warning: serving an analyst build on the network address ${host}, as --allow-analyst-build asks: ${audience}.` };
  return {
    refuse:
      `refusing to serve ${siteDir} on ${host}, which is not a loopback address: ${audience}. ` +
      `Serve it on 127.0.0.1 (the default --host), rebuild it for the panel with \`psm build --audience panel\`, or ${override}.`,
  };
}

/**
 * The verdict for each request, re-read only when psm-build.json changes (a rebuilt site swapped
 * in). `onChange` hears each new verdict's refusal or warning once, for the server's log.
 */
export function audienceGuard(siteDir: string, opts: AudienceOptions, onChange: (line: string) => void): () => AudienceVerdict {
  let seen: string | undefined;
  let verdict: AudienceVerdict = {};
  return () => {
    let version = 'none';
    try {
      const st = statSync(buildRecordPath(siteDir));
      version = `${st.mtimeMs}:${st.size}:${st.ino}`;
    } catch {
      // no record: the verdict says so
    }
    if (version === seen) return verdict;
    const before = seen;
    verdict = audienceVerdict(siteDir, opts);
    seen = version;
    const line = verdict.refuse ?? verdict.warn;
    if (before !== undefined && line) onChange(line);
    return verdict;
  };
}
