// The analyst's Markdown to HTML. A deliberately small subset (paragraphs, headings, lists, quotes,
// pipe tables, bold, italic, code, links) with all raw HTML escaped: commentary is typed by hand
// and printed in an official paper, so nothing in it may inject markup, scripts or images, and
// every construct must print predictably. Anything outside the subset prints as plain text.

const escapeMap: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => escapeMap[c]!);

function inline(text: string): string {
  let s = escapeHtml(text);
  // Code first, so that emphasis markers inside code stay literal.
  const codes: string[] = [];
  s = s.replace(/`([^`]+)`/g, (_, c: string) => `\uE100${codes.push(c) - 1}\uE101`);
  s = s.replace(/\[([^\]]+)\]\(((?:https?:\/\/|mailto:)[^\s)]+)\)/g, (_, t: string, u: string) => `<a href="${u}">${t}</a>`);
  s = s.replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>');
  s = s.replace(/(^|[^\w*])\*([^*\s][^*]*)\*(?!\w)/g, '$1<em>$2</em>');
  s = s.replace(/(^|[^\w])_([^_\s][^_]*)_(?!\w)/g, '$1<em>$2</em>');
  return s.replace(/\uE100(\d+)\uE101/g, (_, i: string) => `<code>${codes[Number(i)]}</code>`);
}

const isTableRow = (l: string): boolean => /^\s*\|.*\|\s*$/.test(l);
const cells = (l: string): string[] =>
  l
    .trim()
    .replace(/^\||\|$/g, '')
    .split('|')
    .map((c) => c.trim());
const isRule = (l: string): boolean => /^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/.test(l);

function table(lines: string[]): string {
  const head = cells(lines[0]!);
  const aligns = cells(lines[1]!).map((c) => (c.endsWith(':') ? (c.startsWith(':') ? 'center' : 'right') : 'left'));
  const td = (tag: string, c: string, i: number) => `<${tag} style="text-align:${aligns[i] ?? 'left'}">${inline(c)}</${tag}>`;
  const body = lines.slice(2).map(
    (l) =>
      `<tr>${cells(l)
        .map((c, i) => td('td', c, i))
        .join('')}</tr>`,
  );
  return `<table class="md-table"><thead><tr>${head.map((c, i) => td('th', c, i)).join('')}</tr></thead><tbody>${body.join('')}</tbody></table>`;
}

export interface MarkdownOptions {
  /** Heading level a "#" becomes; commentary sits under the section's own h2, so "#" is h3. */
  headingBase?: number;
}

/** Renders the supported Markdown subset to HTML. */
export function markdownToHtml(source: string, options: MarkdownOptions = {}): string {
  const base = options.headingBase ?? 3;
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  let i = 0;
  const takeWhile = (pred: (l: string) => boolean): string[] => {
    const taken: string[] = [];
    while (i < lines.length && pred(lines[i]!)) taken.push(lines[i++]!);
    return taken;
  };
  while (i < lines.length) {
    const line = lines[i]!;
    if (/^\s*$/.test(line)) {
      i++;
      continue;
    }
    const heading = /^(#{1,4})\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      const level = Math.min(6, base + heading[1]!.length - 1);
      out.push(`<h${level}>${inline(heading[2]!)}</h${level}>`);
      i++;
      continue;
    }
    if (isTableRow(line) && i + 1 < lines.length && isRule(lines[i + 1]!)) {
      out.push(table(takeWhile(isTableRow)));
      continue;
    }
    if (/^\s*>/.test(line)) {
      const quoted = takeWhile((l) => /^\s*>/.test(l)).map((l) => l.replace(/^\s*>\s?/, ''));
      out.push(`<blockquote>${markdownToHtml(quoted.join('\n'), options)}</blockquote>`);
      continue;
    }
    const bullet = /^\s*[-*+]\s+/;
    const numbered = /^\s*\d+[.)]\s+/;
    if (bullet.test(line) || numbered.test(line)) {
      const marker = bullet.test(line) ? bullet : numbered;
      const items: string[] = [];
      // An item runs on over indented continuation lines; a blank line or a new marker ends it.
      while (i < lines.length && (marker.test(lines[i]!) || (items.length && /^\s{2,}\S/.test(lines[i]!)))) {
        if (marker.test(lines[i]!)) items.push(lines[i]!.replace(marker, ''));
        else items[items.length - 1] += ' ' + lines[i]!.trim();
        i++;
      }
      const start = marker === numbered ? Number(/\d+/.exec(line)![0]) : 1;
      const tag = marker === bullet ? 'ul' : 'ol';
      const startAttr = tag === 'ol' && start !== 1 ? ` start="${start}"` : '';
      out.push(`<${tag}${startAttr}>${items.map((t) => `<li>${inline(t)}</li>`).join('')}</${tag}>`);
      continue;
    }
    const para = takeWhile((l) => !/^\s*$/.test(l) && !/^#{1,4}\s/.test(l) && !/^\s*([-*+]|\d+[.)])\s+/.test(l) && !/^\s*>/.test(l));
    out.push(`<p>${inline(para.map((l) => l.trim()).join(' '))}</p>`);
  }
  return out.join('\n');
}

/** Splits questions.md into questions: each starts at a "## " heading; the text under it is the answer. */
export function splitQuestions(source: string): { heading: string; line: number; body: string }[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const out: { heading: string; line: number; body: string[] }[] = [];
  lines.forEach((l, i) => {
    const h = /^##\s+(.*\S)\s*$/.exec(l);
    if (h) out.push({ heading: h[1]!, line: i + 1, body: [] });
    else if (out.length) out[out.length - 1]!.body.push(l);
  });
  return out.map((q) => ({ ...q, body: q.body.join('\n').trim() }));
}
