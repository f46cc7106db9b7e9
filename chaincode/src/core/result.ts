// Constructors for Result values: expected failures are values with stable codes, never throws.
import type { ErrorCode, LedgerFailure, Result } from './types';

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(code: ErrorCode, message: string): Result<T> {
  return { ok: false, error: { code, message } };
}

/** `legs[1].amount` from `legs[1]` and `amount`; a top-level field is just its name. */
export function fieldPath(path: string, field: string): string {
  return path === '' ? field : `${path}.${field}`;
}

/** Own-property lookup, so ids such as "constructor" never reach Object.prototype. */
export function own<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** The first failed check, if any (all checks are evaluated; they are cheap reads). */
export function firstFailure(
  checks: ReadonlyArray<Result<unknown>>,
): { ok: false; error: LedgerFailure } | undefined {
  for (const check of checks) if (!check.ok) return check;
  return undefined;
}
