// Deliberate mess in the demo extracts, so ingest's quarantine is exercised on every run. Every bad
// row is an EXTRA row with its own fresh key (or a later repeat of a good row's key, which ingest
// drops as a duplicate): the good rows, and so every calibrated figure, are untouched by it.
import type { CsvSink } from './csv-writer.ts';
import { int, type Rng } from './prng.ts';

/** Builds one bad row of a named kind, in the file's own date style. */
export type BadRow = (kind: string, rng: Rng) => string;

export interface MessPlan {
  /** Quarantine kinds this extract can show, emitted round-robin. */
  kinds: string[];
  /** Share of rows followed by a bad row (about 0.1–0.5%). */
  rate: number;
  /** Share of rows repeated later in the file (same key; ingest keeps the first copy). */
  dupRate: number;
  bad: BadRow;
}

/** Interleaves bad rows and duplicates with a file's good rows, deterministically. */
export class Mess {
  private next = 0;
  private pending: { at: number; line: string }[] = [];
  private readonly seen = new Set<string>();
  private i = 0;
  private lastRepeat?: () => string;
  /** Counts by kind, for the report and tests. */
  readonly counts: Record<string, number> = {};

  constructor(
    private readonly rng: Rng,
    private readonly plan: MessPlan,
  ) {}

  /**
   * Call after writing each good row. `repeat` gives the text of a later copy of that row (the
   * row itself, or a changed copy, which must lose to the first); omit it for rows that must not
   * be repeated.
   */
  after(sink: CsvSink, repeat?: () => string): void {
    this.i++;
    const { rng, plan } = this;
    if (repeat) this.lastRepeat = repeat;
    if (repeat && rng() < plan.dupRate) this.pending.push({ at: this.i + int(rng, 1, 40), line: repeat() });
    while (this.pending.length && this.pending[0].at <= this.i) this.emit(sink, 'duplicate', this.pending.shift()!.line);
    if (plan.kinds.length && rng() < plan.rate) this.badRow(sink);
  }

  /** Flushes pending repeats and makes sure every kind (and a repeat) appears at least once. */
  finish(sink: CsvSink): Record<string, number> {
    for (const p of this.pending) this.emit(sink, 'duplicate', p.line);
    this.pending = [];
    if (!this.seen.has('duplicate') && this.lastRepeat) this.emit(sink, 'duplicate', this.lastRepeat());
    for (const kind of this.plan.kinds) if (!this.seen.has(kind)) this.emit(sink, kind, this.plan.bad(kind, this.rng));
    return this.counts;
  }

  private badRow(sink: CsvSink): void {
    const kind = this.plan.kinds[this.next++ % this.plan.kinds.length];
    this.emit(sink, kind, this.plan.bad(kind, this.rng));
  }

  private emit(sink: CsvSink, kind: string, line: string): void {
    sink.row(line);
    this.seen.add(kind);
    this.counts[kind] = (this.counts[kind] ?? 0) + 1;
  }
}

/** Values that look like what people type into date fields but are not dates. */
export const NOT_DATES = ['n/k', 'TBC', '2021/13/45', '15.03.2021', 'unknown'];
/** Dates that parse by pattern but do not exist. */
export const IMPOSSIBLE_DMY = ['31/02/2023', '29/02/2022', '31/04/2021', '31/06/2020', '31/09/2022'];
export const IMPOSSIBLE_ISO = ['2023-02-31', '2022-02-29', '2021-04-31', '2020-06-31', '2022-09-31'];
/** Far enough ahead that the demo stays "future" for years (keyed typos: 2032 for 2023). */
export const FUTURE_YEARS = [2032, 2042, 2093];
