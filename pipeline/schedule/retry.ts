// Nightly jobs fail for passing reasons (a share not mounted yet, a file still being copied in, the
// browser slow to start), so each job gets a few attempts with exponential backoff before it is
// reported failed. The waits go through the Clock, so tests assert the exact sequence without waiting.
import type { Clock } from './clock.ts';

export interface RetryPolicy {
  /** Total attempts, including the first. */
  attempts: number;
  /** Wait before the second attempt, in ms. */
  baseDelayMs: number;
  /** Each further wait is the previous one times this. */
  factor: number;
}

/** 4 attempts, waits of 30 s, 60 s, 120 s: rides out a few minutes of trouble, then tells the ledger. */
export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 30_000, factor: 2 };

export type RetryOutcome<T> = { status: 'ok'; attempts: number; value: T } | { status: 'failed'; attempts: number; error: string };

/** The waits a policy makes between attempts: base, base*factor, ... (attempts - 1 of them). */
export function backoffDelays(policy: RetryPolicy): number[] {
  return Array.from({ length: Math.max(0, policy.attempts - 1) }, (_, i) => policy.baseDelayMs * policy.factor ** i);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Never throws: the final outcome carries the last error's message for the ledger. */
export async function withRetry<T>(
  fn: () => Promise<T>,
  policy: RetryPolicy,
  clock: Clock,
  onFailedAttempt?: (attempt: number, error: string, nextDelayMs: number | null) => void,
): Promise<RetryOutcome<T>> {
  if (!Number.isInteger(policy.attempts) || policy.attempts < 1) throw new RangeError('retry: attempts must be an integer >= 1');
  const delays = backoffDelays(policy);
  for (let attempt = 1; ; attempt++) {
    try {
      return { status: 'ok', attempts: attempt, value: await fn() };
    } catch (e) {
      const next = attempt < policy.attempts ? delays[attempt - 1]! : null;
      onFailedAttempt?.(attempt, describe(e), next);
      if (next === null) return { status: 'failed', attempts: attempt, error: describe(e) };
      await clock.sleep(next);
    }
  }
}
