// Shared state for the cross-checks: the problems found so far and lookups of the elements that
// parsed. Each lookup reports an unknown reference with its path, except references to elements
// that exist but failed the schema (already reported once).
import { parseDecimalAmount } from '../../chaincode/src/core/amount';
import type { LedgerKind, Rational } from '../../chaincode/src/core/types';
import { formatPath, type PathSegment, type Problem } from './problems';
import { parseDecimalRational } from './rational';
import type { ListSection, ParsedSections } from './sections';
import type { LedgerSpec, Org, ScenarioAccount, ScenarioAsset } from './types';

export class Resolver {
  readonly problems: Problem[] = [];
  readonly orgs = new Map<string, Org>();
  readonly ledgers = new Map<string, LedgerSpec>();
  readonly assets = new Map<string, ScenarioAsset>();
  /** Keyed by `${ledger} ${account}`: account ids are per ledger. */
  readonly accounts = new Map<string, ScenarioAccount>();
  readonly venueIds = new Set<string>();

  constructor(readonly sections: ParsedSections) {}

  problem(path: PathSegment[], message: string): void {
    this.problems.push({ path, message });
  }

  /** Reports a second element with the same key; true when `key` is new. */
  unique(seen: Map<string, string>, key: string, path: PathSegment[], label: string): boolean {
    const first = seen.get(key);
    if (first !== undefined) {
      this.problem(path, `duplicate ${label} "${key}" (first defined at ${first})`);
      return false;
    }
    seen.set(key, formatPath(path));
    return true;
  }

  private lookup<T>(
    map: Map<string, T>,
    section: ListSection,
    label: string,
    id: string,
    path: PathSegment[],
  ): T | undefined {
    const found = map.get(id);
    if (found === undefined && !this.sections.unparsedIds[section].has(id)) {
      this.problem(path, `unknown ${label} "${id}"`);
    }
    return found;
  }

  org(id: string, path: PathSegment[]): Org | undefined {
    return this.lookup(this.orgs, 'orgs', 'org', id, path);
  }

  ledger(id: string, path: PathSegment[]): LedgerSpec | undefined {
    return this.lookup(this.ledgers, 'ledgers', 'ledger', id, path);
  }

  asset(id: string, path: PathSegment[], kind?: LedgerKind): ScenarioAsset | undefined {
    const asset = this.lookup(this.assets, 'assets', 'asset', id, path);
    if (asset && kind && asset.kind !== kind) {
      this.problem(path, `asset "${id}" is a ${asset.kind} asset; expected a ${kind} asset`);
      return undefined;
    }
    return asset;
  }

  venueKnown(id: string, path: PathSegment[]): void {
    if (!this.venueIds.has(id) && !this.sections.unparsedIds.venues.has(id)) {
      this.problem(path, `unknown venue "${id}"`);
    }
  }

  /** The org must be a member of the ledger; reports it otherwise. */
  member(orgId: string, ledgerId: string, path: PathSegment[], role: string): boolean {
    const ledger = this.ledgers.get(ledgerId);
    if (!ledger || !this.orgs.has(orgId) || ledger.members.includes(orgId)) return true;
    this.problem(path, `${role} "${orgId}" is not a member of ledger "${ledgerId}"`);
    return false;
  }

  /** An account declared on `ledger`, optionally required to belong to `owner`. */
  account(
    id: string,
    ledgerId: string,
    path: PathSegment[],
    owner?: string,
  ): ScenarioAccount | undefined {
    const found = this.accounts.get(accountKey(ledgerId, id));
    if (!found) {
      if (this.sections.unparsedIds.accounts.has(id)) return undefined;
      const elsewhere = [...this.accounts.values()]
        .filter((account) => account.id === id)
        .map((account) => account.ledger);
      const hint = elsewhere.length > 0 ? ` (it is declared on ${elsewhere.join(', ')})` : '';
      this.problem(path, `account "${id}" is not declared on ledger "${ledgerId}"${hint}`);
      return undefined;
    }
    if (owner !== undefined && found.org !== owner) {
      this.problem(
        path,
        `account "${id}" belongs to "${found.org}"; it must be an account of "${owner}"`,
      );
      return undefined;
    }
    return found;
  }

  /** A decimal in major units of `asset`, in minor units; zero only when allowed. */
  amount(
    text: string,
    asset: ScenarioAsset,
    path: PathSegment[],
    { allowZero = false } = {},
  ): bigint | undefined {
    if (allowZero && /^0(\.0+)?$/.test(text)) {
      if (text.length - 2 > asset.scale) {
        this.problem(
          path,
          `"${text}" has more decimal places than ${asset.id} (scale ${asset.scale})`,
        );
        return undefined;
      }
      return 0n;
    }
    const parsed = parseDecimalAmount(text, asset.scale, 'amount');
    if (parsed.ok) return parsed.value;
    const reason = parsed.error.message
      .replace(/^amount: /, '')
      .replace('the asset has', `${asset.id} has`);
    this.problem(path, reason);
    return undefined;
  }

  /** A strictly positive decimal rate as an exact fraction. */
  /** A positive decimal rate, with at most MAX_RATE_DECIMALS places and below MAX_RATE. */
  rate(text: string, path: PathSegment[]): Rational | undefined {
    const rate = parseDecimalRational(text);
    if (!rate || rate.num === 0n) {
      this.problem(path, `expected a positive decimal rate, got "${text}"`);
      return undefined;
    }
    const decimals = text.includes('.') ? text.length - text.indexOf('.') - 1 : 0;
    if (decimals > MAX_RATE_DECIMALS) {
      this.problem(path, `at most ${MAX_RATE_DECIMALS} decimal places, got ${decimals}`);
      return undefined;
    }
    if (rate.num >= MAX_RATE * rate.den) {
      this.problem(path, `must be below ${MAX_RATE}, got "${text}"`);
      return undefined;
    }
    return rate;
  }
}

/**
 * Rates are exact rationals multiplied into bigint amounts: bounded so that no product of rates
 * and amounts along a route grows without limit (18 places is beyond any quoted FX rate).
 */
export const MAX_RATE_DECIMALS = 18;
export const MAX_RATE = 10n ** 12n;

export function accountKey(ledger: string, account: string): string {
  return `${ledger} ${account}`;
}
