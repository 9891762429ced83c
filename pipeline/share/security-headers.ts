// The security headers every response of the site server carries (psm serve, psm start and the
// pack renderer's loopback server), errors included. The Content-Security-Policy of a built page
// allows exactly the inline scripts that page was built with, by their SHA-256: Framework writes a
// few inline <script> blocks into each page, and a hash list lets them run while any script
// injected later (a stored value that slipped into the HTML, a hostile query string echoed by some
// future page) does not. Hashes rather than a nonce, because the files are static: the body is sent
// as built, and the hashes are computed once per file version.
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';

/** Sent on every response, whatever its status. */
export const baseHeaders: Readonly<Record<string, string>> = {
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

// What holds for every document we send: nothing may frame it, no plugin runs, no <base> redirects
// its relative URLs (Framework's are all relative), forms post nowhere off the site.
const always = ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "form-action 'self'"];

/** For everything that is not a built page: error pages, JSON, scripts, the PDF. Nothing may load. */
export const strictCsp = ["default-src 'none'", "style-src 'unsafe-inline'", ...always].join('; ');

/**
 * A built page's policy. Styles stay 'unsafe-inline': Plot and Framework's inputs write style
 * attributes and <style> elements at run time, which no hash can name, and a style cannot run code.
 * Fonts and images allow data: URLs: the pack embeds its fonts in fonts.css and draws its
 * sparklines on a canvas turned into data: images.
 */
export function pageCsp(scriptHashes: readonly string[]): string {
  const scripts = ["'self'", ...scriptHashes.map((h) => `'sha256-${h}'`)].join(' ');
  return [
    "default-src 'self'",
    `script-src ${scripts}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self'",
    ...always,
  ].join('; ');
}

/**
 * The SHA-256 (base64) of each inline script in an HTML text, as the browser hashes it: the text
 * between the tags, after the parser has turned CRLF and CR into LF. External scripts (with src)
 * are covered by 'self' and not hashed.
 */
export function inlineScriptHashes(html: string): string[] {
  const hashes = new Set<string>();
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)) {
    if (/\ssrc\s*=/i.test(` ${m[1]}`)) continue;
    const text = m[2]!.replace(/\r\n?/g, '\n');
    hashes.add(createHash('sha256').update(text, 'utf8').digest('base64'));
  }
  return [...hashes];
}

const cache = new Map<string, { version: string; csp: string }>();

export interface Page {
  body: Buffer;
  csp: string;
}

/**
 * A built page and its policy, read through one file descriptor so the hashes are those of the
 * bytes sent even while a rebuilt site is swapped in. The hashing is redone only when the file
 * changes: mtime, size and inode together catch a rewrite within the same clock tick.
 */
export function loadPage(file: string): Page {
  const fd = openSync(file, 'r');
  try {
    const st = fstatSync(fd);
    const body = readFileSync(fd);
    const version = `${st.mtimeMs}:${st.size}:${st.ino}`;
    const hit = cache.get(file);
    if (hit?.version === version) return { body, csp: hit.csp };
    const csp = pageCsp(inlineScriptHashes(body.toString('utf8')));
    cache.set(file, { version, csp });
    return { body, csp };
  } finally {
    closeSync(fd);
  }
}
