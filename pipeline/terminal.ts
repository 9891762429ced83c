// Text that came from outside psm — values in an extract, header names, file names — printed on a
// terminal. A value holding ESC or OSC sequences could recolour or retitle the terminal, move the
// cursor and overwrite the lines above (hiding a quarantined row), or, on some terminals, write to
// the clipboard; a line break or a bidi override would make a listing say something it does not.
// Every such value psm prints goes through forTerminal, so a control character shows as its escape.

/**
 * C0 controls (tab and line breaks included: a printed value stays on its line), DEL, C1 controls
 * (U+0080–U+009F: some terminals take U+009B as CSI), the Unicode line and paragraph separators and
 * the bidi controls that reorder what is shown ("Trojan Source"). The backslash too, so an escape
 * in the output always means a control character and never a backslash that was in the data.
 */
const unsafe = /[\\\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const named: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

const escape = (c: string): string => {
  const code = c.charCodeAt(0);
  return named[c] ?? (code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
};

/** `text` with every control character written as an escape (\x1b, \n, \u202e); other text unchanged. */
export function forTerminal(text: string): string {
  return text.replace(unsafe, escape);
}

/** Whether `text` holds anything forTerminal would change. */
export const hasControl = (text: string): boolean => text.search(unsafe) !== -1;

/**
 * A word a POSIX shell takes back as `text` exactly: bare when it is plain name characters, else
 * single-quoted, and with control characters as ANSI-C quoting ($'…', which bash, zsh and ksh read),
 * so the hint "psm quarantine NAME" can be pasted even for a file whose name holds an ESC.
 */
export function shellWord(text: string): string {
  if (/^[\w.+-]+$/.test(text)) return text;
  if (!hasControl(text.replaceAll('\\', ''))) return `'${text.replaceAll("'", "'\\''")}'`;
  return `$'${forTerminal(text).replaceAll("'", "\\'")}'`;
}

/** A left/right aligned text table: numbers right-aligned, text left-aligned. */
export function textTable(headers: string[], rows: string[][], rightAligned: Set<number> = new Set()): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (rightAligned.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
