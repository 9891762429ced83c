// meeting.json is typed by hand, so every problem with it must point at a line and column the
// analyst can go to. JSON.parse gives a character offset at best and nothing for a schema problem
// found afterwards, so this parser keeps the position of every key and value by its path, and
// words its syntax errors for the mistakes people make (a missing or trailing comma, a comment,
// single quotes). It also finds a key given twice, which JSON.parse silently resolves to the last.

export interface Loc {
  line: number;
  column: number;
}

export type JsonPath = readonly (string | number)[];

export type JsonParse =
  | {
      ok: true;
      value: unknown;
      valueAt(path: JsonPath): Loc | undefined;
      keyAt(path: JsonPath): Loc | undefined;
      duplicates: { path: JsonPath; loc: Loc }[];
    }
  | { ok: false; error: Loc & { message: string } };

class JsonSyntaxError extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

const pathKey = (path: JsonPath): string => JSON.stringify(path);

/** Line and column (1-based) of every offset, from the offsets where lines start. */
function locator(text: string): (offset: number) => Loc {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo]! + 1 };
  };
}

class Parser {
  i = 0;
  readonly values = new Map<string, number>();
  readonly keys = new Map<string, number>();
  readonly duplicates: { path: JsonPath; offset: number }[] = [];

  constructor(readonly text: string) {
    if (text.charCodeAt(0) === 0xfeff) this.i = 1; // a BOM from a Windows editor is not an error
  }

  fail(message: string, at = this.i): never {
    throw new JsonSyntaxError(at, message);
  }

  /** Past whitespace; a comment is an error of its own, since editors that allow them hide the problem. */
  skip(): void {
    while (/[ \t\r\n]/.test(this.text[this.i] ?? '')) this.i++;
    const two = this.text.slice(this.i, this.i + 2);
    if (two === '//' || two === '/*') this.fail('comments are not allowed in JSON (use a "note" field, or delete the comment)');
  }

  describe(at = this.i): string {
    const c = this.text[at];
    if (c === undefined) return 'the end of the file';
    return `"${c}"`;
  }

  document(): unknown {
    this.skip();
    if (this.i >= this.text.length) this.fail('the file is empty: a meeting is one JSON object, { … }');
    const value = this.value([]);
    this.skip();
    if (this.i < this.text.length) this.fail(`unexpected ${this.describe()} after the end of the JSON object (one object per file)`);
    return value;
  }

  value(path: JsonPath): unknown {
    this.skip();
    this.values.set(pathKey(path), this.i);
    const c = this.text[this.i];
    if (c === '{') return this.object(path);
    if (c === '[') return this.array(path);
    if (c === '"') return this.string();
    if (c === "'") this.fail('strings in JSON take double quotes ("…"), not single quotes');
    const word = /^(-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(this.text.slice(this.i))?.[0];
    if (word && !/[A-Za-z0-9_]/.test(this.text[this.i + word.length] ?? '')) {
      this.i += word.length;
      return JSON.parse(word);
    }
    if (c === undefined) this.fail('the file ends before the value it expected: is a closing } or ] missing?');
    if (c === '}' || c === ']')
      this.fail(`expected a value before ${this.describe()}: is there a comma after the last item? JSON allows none`);
    this.fail(`unexpected ${this.describe()}: a value is "text" in double quotes, a number, true, false, null, [ … ] or { … }`);
  }

  string(): string {
    const start = this.i;
    this.i++;
    for (;;) {
      const c = this.text[this.i];
      if (c === undefined || c === '\n') this.fail('this string is never closed with a double quote', start);
      if (c === '"') break;
      if (c === '\\') this.i++;
      else if (c < ' ') this.fail('a control character (a tab?) inside a string: write it as \\t or \\n');
      this.i++;
    }
    this.i++;
    try {
      return JSON.parse(this.text.slice(start, this.i)) as string;
    } catch {
      this.fail('a backslash in this string starts no valid escape (write \\\\ for a backslash)', start);
    }
  }

  object(path: JsonPath): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.i++;
    this.skip();
    if (this.text[this.i] === '}') return (this.i++, out);
    for (;;) {
      this.skip();
      const keyAt = this.i;
      if (this.text[keyAt] === '}') this.fail('a comma after the last property: JSON allows none', this.lastComma(keyAt));
      if (this.text[keyAt] !== '"') this.fail(`expected a property name in double quotes, found ${this.describe()}`);
      const key = this.string();
      const kp = [...path, key];
      if (Object.hasOwn(out, key)) this.duplicates.push({ path: kp, offset: keyAt });
      this.keys.set(pathKey(kp), keyAt);
      this.skip();
      if (this.text[this.i] !== ':') this.fail(`expected ":" after "${key}", found ${this.describe()}`);
      this.i++;
      out[key] = this.value(kp);
      this.skip();
      const next = this.text[this.i];
      if (next === ',') this.i++;
      else if (next === '}') return (this.i++, out);
      else if (next === '"')
        this.fail(`expected "," or "}" after the value of "${key}": is a comma missing at the end of the line before?`);
      else this.fail(`expected "," or "}" after the value of "${key}", found ${this.describe()}`);
    }
  }

  array(path: JsonPath): unknown[] {
    const out: unknown[] = [];
    this.i++;
    this.skip();
    if (this.text[this.i] === ']') return (this.i++, out);
    for (;;) {
      this.skip();
      if (this.text[this.i] === ']') this.fail('a comma after the last item: JSON allows none', this.lastComma(this.i));
      out.push(this.value([...path, out.length]));
      this.skip();
      const next = this.text[this.i];
      if (next === ',') this.i++;
      else if (next === ']') return (this.i++, out);
      else if (next === undefined) this.fail('the file ends inside a list: is a closing ] missing?');
      else this.fail(`expected "," or "]" after item ${out.length} of the list, found ${this.describe()}: is a comma missing?`);
    }
  }

  /** Where the trailing comma before `at` is, so the error points at the character to delete. */
  lastComma(at: number): number {
    const i = this.text.lastIndexOf(',', at);
    return i < 0 ? at : i;
  }
}

/** Parses JSON text, keeping where every key and value starts. */
export function parseJsonSource(text: string): JsonParse {
  const at = locator(text);
  const p = new Parser(text);
  try {
    const value = p.document();
    return {
      ok: true,
      value,
      valueAt: (path) => (p.values.has(pathKey(path)) ? at(p.values.get(pathKey(path))!) : undefined),
      keyAt: (path) => (p.keys.has(pathKey(path)) ? at(p.keys.get(pathKey(path))!) : undefined),
      duplicates: p.duplicates.map((d) => ({ path: d.path, loc: at(d.offset) })),
    };
  } catch (err) {
    if (!(err instanceof JsonSyntaxError)) throw err;
    return { ok: false, error: { ...at(Math.min(err.offset, text.length)), message: err.message } };
  }
}

/** Where a path's value is, else its nearest located ancestor (a missing key is reported at the object that lacks it). */
export function nearestLoc(parsed: Extract<JsonParse, { ok: true }>, path: JsonPath): Loc {
  for (let n = path.length; n >= 0; n--) {
    const loc = parsed.valueAt(path.slice(0, n));
    if (loc) return loc;
  }
  return { line: 1, column: 1 };
}

const isPrimitive = (v: unknown): boolean => v === null || typeof v !== 'object';
/** A value that reads as a word: an id, a period, a number — what the demo files keep on one line. */
const isWordy = (v: unknown): boolean =>
  typeof v === 'number' || typeof v === 'boolean' || (typeof v === 'string' && /^[\w/.:-]+$/.test(v));

/**
 * JSON laid out as the demo meetings are written by hand: an object of plain values (an agenda
 * item, a chart) and a list of ids or periods on one line; a list of sentences (the distribution)
 * and everything else one member per line — so a new meeting is as easy to edit as the old one.
 */
export function formatJson(value: unknown, indent = ''): string {
  if (isPrimitive(value)) return JSON.stringify(value);
  const inner = indent + '  ';
  const isList = Array.isArray(value);
  const entries = isList
    ? value.map((v) => ({ key: '', v }))
    : Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => ({ key: `${JSON.stringify(k)}: `, v }));
  const [open, close] = isList ? ['[', ']'] : ['{', '}'];
  if (!entries.length) return `${open}${close}`;
  const flat = entries.every((e) => (isList ? isWordy(e.v) : isPrimitive(e.v)));
  if (indent && flat) {
    const pad = isList ? '' : ' ';
    return `${open}${pad}${entries.map((e) => e.key + formatJson(e.v, inner)).join(', ')}${pad}${close}`;
  }
  return `${open}\n${entries.map((e) => inner + e.key + formatJson(e.v, inner)).join(',\n')}\n${indent}${close}`;
}
