// Parsing and formatting of money. Minor units are bigint; the wire carries decimal strings.
// Never goes through a float.
import { MAX_AMOUNT, type Result } from './types';

const MINOR_UNITS = /^(0|[1-9][0-9]*)$/;
const DECIMAL = /^(0|[1-9][0-9]*)(?:\.([0-9]+))?$/;

function invalid(field: string, reason: string): Result<bigint> {
  return { ok: false, error: { code: 'InvalidAmount', message: `${field}: ${reason}` } };
}

/**
 * A strictly positive amount in minor units: a bigint, or a string of digits on the wire.
 * Rejects zero, negatives, fractions, exponents, numbers (floats lose precision) and amounts
 * above MAX_AMOUNT, naming `field` in the message.
 */
export function parseAmount(value: unknown, field: string): Result<bigint> {
  return parseMinorUnits(value, field, { allowZero: false });
}

/** Like parseAmount but accepts zero (minimum outputs, opening balances). */
export function parseNonNegativeAmount(value: unknown, field: string): Result<bigint> {
  return parseMinorUnits(value, field, { allowZero: true });
}

function parseMinorUnits(
  value: unknown,
  field: string,
  { allowZero }: { allowZero: boolean },
): Result<bigint> {
  let amount: bigint;
  if (typeof value === 'bigint') {
    amount = value;
  } else if (typeof value === 'string') {
    if (!MINOR_UNITS.test(value)) {
      return invalid(
        field,
        `expected whole minor units as a string of digits, got ${JSON.stringify(value)}`,
      );
    }
    amount = BigInt(value);
  } else {
    return invalid(field, `expected a decimal string of minor units, got ${describe(value)}`);
  }
  if (amount < 0n) return invalid(field, `must not be negative, got ${amount}`);
  if (amount === 0n && !allowZero) return invalid(field, 'must be greater than zero');
  if (amount > MAX_AMOUNT) return invalid(field, `exceeds the maximum of ${MAX_AMOUNT}`);
  return { ok: true, value: amount };
}

/**
 * A human decimal in major units ("1250.50") converted to minor units at `scale`. More decimal
 * places than the asset has is an error, not a silent rounding.
 */
export function parseDecimalAmount(text: string, scale: number, field: string): Result<bigint> {
  const match = DECIMAL.exec(text.trim());
  if (!match)
    return invalid(
      field,
      `expected a positive decimal such as 1250.50, got ${JSON.stringify(text)}`,
    );
  const whole = match[1] ?? '0';
  const fraction = match[2] ?? '';
  if (fraction.length > scale) {
    return invalid(
      field,
      `${JSON.stringify(text)} has ${fraction.length} decimal places; the asset has ${scale}`,
    );
  }
  return parseAmount(BigInt(whole + fraction.padEnd(scale, '0')).toString(), field);
}

/** Minor units as a major-unit decimal string: formatAmount(123456n, 2) === '1234.56'. */
export function formatAmount(amount: bigint, scale: number): string {
  const negative = amount < 0n;
  const digits = (negative ? -amount : amount).toString().padStart(scale + 1, '0');
  const body = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return negative ? `-${body}` : body;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'number') return `the number ${value} (send a string)`;
  return typeof value;
}
