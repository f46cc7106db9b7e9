// Exact rational arithmetic on bigint fractions, for rates. A decimal rate from a file becomes a
// fraction without ever passing through a float.
import type { Rational } from '../../chaincode/src/core/types';

const DECIMAL = /^(0|[1-9][0-9]*)(?:\.([0-9]+))?$/;

/** "1.0834" → 5417/5000. Null unless `text` is a plain non-negative decimal. */
export function parseDecimalRational(text: string): Rational | null {
  const match = DECIMAL.exec(text);
  if (!match) return null;
  const fraction = match[2] ?? '';
  return reduce({ num: BigInt((match[1] ?? '0') + fraction), den: 10n ** BigInt(fraction.length) });
}

export function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

export function reduce({ num, den }: Rational): Rational {
  if (den === 0n) throw new RangeError('rational with a zero denominator');
  const sign = den < 0n ? -1n : 1n;
  const divisor = gcd(num, den) || 1n;
  return { num: (sign * num) / divisor, den: (sign * den) / divisor };
}

export function multiply(a: Rational, b: Rational): Rational {
  return reduce({ num: a.num * b.num, den: a.den * b.den });
}

export function divide(a: Rational, b: Rational): Rational {
  return reduce({ num: a.num * b.den, den: a.den * b.num });
}

export function compare(a: Rational, b: Rational): -1 | 0 | 1 {
  const left = a.num * b.den;
  const right = b.num * a.den;
  return left < right ? -1 : left > right ? 1 : 0;
}

export const ONE: Rational = { num: 1n, den: 1n };

/** 10^exponent as a rational (negative exponents give fractions). */
export function powerOfTen(exponent: number): Rational {
  return exponent >= 0
    ? { num: 10n ** BigInt(exponent), den: 1n }
    : { num: 1n, den: 10n ** BigInt(-exponent) };
}

/** Nearest integer to num/den, halves away from zero. */
export function roundDiv(num: bigint, den: bigint): bigint {
  const negative = num < 0n !== den < 0n;
  const n = num < 0n ? -num : num;
  const d = den < 0n ? -den : den;
  const rounded = (2n * n + d) / (2n * d);
  return negative ? -rounded : rounded;
}

/** A rational as a float for display and heuristics only; never for money. */
export function approximate(value: Rational): number {
  return Math.exp(approximateLog(value));
}

/** ln(num/den) for a positive rational, from the top 53 bits of each part. */
export function approximateLog({ num, den }: Rational): number {
  const [numMantissa, numShift] = topBits(num);
  const [denMantissa, denShift] = topBits(den);
  return Math.log(numMantissa) - Math.log(denMantissa) + (numShift - denShift) * Math.LN2;
}

const EXACT_IN_FLOAT = 2n ** 53n;

function topBits(value: bigint): [mantissa: number, shift: number] {
  if (value < EXACT_IN_FLOAT) return [Number(value), 0];
  const shift = Math.max(0, value.toString(2).length - 53);
  return [Number(value >> BigInt(shift)), shift];
}

/** A positive rational as a decimal string with `places` decimals, rounded down. */
export function toDecimalString({ num, den }: Rational, places: number): string {
  const scaled = (num * 10n ** BigInt(places)) / den;
  const digits = scaled.toString().padStart(places + 1, '0');
  return places === 0 ? digits : `${digits.slice(0, -places)}.${digits.slice(-places)}`;
}
