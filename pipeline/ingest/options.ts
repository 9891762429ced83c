// What a caller may set for an ingest run (and for psm check, which prepares a file as ingest
// would): its own module so ingest/index.ts and check-file.ts both import it without a cycle.
import type { Progress } from './progress.ts';

export interface IngestOptions {
  /** The clock, for "dates in the future" and the ledger's received time (tests set it). */
  now?: Date;
  progress?: Progress;
  /**
   * Files to read again though the ledger has them (`psm ingest --recheck`), e.g. after the force
   * mapping changed: a path, or the name or sha256 (8+ hex digits) of a file in the ledger, which is
   * then read from the archive. With rechecks and no inputs, the inbox is not read.
   */
  recheck?: string[];
  /**
   * A file modified less than this long before it is read is looked at again this long after its
   * last change, and left for the next run if it changed (default 1 s).
   */
  settleMs?: number;
}
