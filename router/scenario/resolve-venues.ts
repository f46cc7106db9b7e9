// Venue cross-checks: every asset and account a venue names must exist where the venue needs it
// (on the right ledger, owned by the right org), its operator must sit on every ledger it
// touches, and banks and issuers may only mint what they issue.
import { MAX_AMOUNT, type LedgerKind } from '../../chaincode/src/core/types';
import { minuteOfDay, offsetMinutes, type OperatingHours } from './hours';
import type { PathSegment } from './problems';
import type { Resolver } from './resolver';
import type { HoursEntry, VenueEntry } from './schema';
import type { InterbankSide, ScenarioAsset, Venue } from './types';

export function resolveVenues(resolver: Resolver): Venue[] {
  const seen = new Map<string, string>();
  const venues: Venue[] = [];
  for (const { index, value } of resolver.sections.venues) {
    const path: PathSegment[] = ['venues', index];
    if (!resolver.unique(seen, value.id, [...path, 'id'], 'venue id')) continue;
    resolver.venueIds.add(value.id);
    resolver.org(value.operator, [...path, 'operator']);
    const venue = resolveVenue(resolver, value, path);
    const hours = resolveHours(resolver, value.hours, [...path, 'hours']);
    if (venue) venues.push(hours ? { ...venue, hours } : venue);
  }
  return venues;
}

function common(entry: VenueEntry) {
  return {
    id: entry.id,
    operator: entry.operator,
    feeBps: entry.feeBps,
    latencyMs: entry.latencyMs,
    ...(entry.name === undefined ? {} : { name: entry.name }),
    ...(entry.description === undefined ? {} : { description: entry.description }),
  };
}

function resolveVenue(
  resolver: Resolver,
  entry: VenueEntry,
  path: PathSegment[],
): Venue | undefined {
  const at = (...segments: PathSegment[]) => [...path, ...segments];
  const operatorOn = (ledger: string) =>
    resolver.member(entry.operator, ledger, at('operator'), 'operator');

  switch (entry.type) {
    case 'transfer': {
      const asset = resolver.asset(entry.asset, at('asset'));
      if (!asset) return undefined;
      operatorOn(asset.ledger);
      if (entry.feeBps > 0 && entry.feeAccount === undefined) {
        resolver.problem(at('feeAccount'), 'required when feeBps is above 0');
        return undefined;
      }
      if (entry.feeAccount !== undefined) {
        resolver.account(entry.feeAccount, asset.ledger, at('feeAccount'), entry.operator);
      }
      return {
        ...common(entry),
        type: 'transfer',
        asset: asset.id,
        ...feeAccountOf(entry.feeAccount),
      };
    }
    case 'fx-quote': {
      const pair = sameLedgerPair(
        resolver,
        [entry.assetIn, entry.assetOut],
        [at('assetIn'), at('assetOut')],
      );
      const rate = resolver.rate(entry.rate, at('rate'));
      if (entry.spreadBps + entry.feeBps > 9_999) {
        resolver.problem(at('spreadBps'), 'spreadBps + feeBps must stay below 10000');
      }
      if (!pair || !rate) return undefined;
      const [assetIn, assetOut] = pair;
      operatorOn(assetIn.ledger);
      resolver.account(entry.account, assetIn.ledger, at('account'), entry.operator);
      // Without a per-fill bound the quote draws on the dealer's book alone.
      const maxIn =
        entry.maxIn === undefined ? MAX_AMOUNT : resolver.amount(entry.maxIn, assetIn, at('maxIn'));
      const feeFixed = fixedFee(resolver, entry.feeFixed, assetOut, at('feeFixed'));
      if (entry.refreshEveryMs !== undefined) {
        if (entry.validForMs === undefined) {
          resolver.problem(
            at('refreshEveryMs'),
            'needs validForMs: only an expiring quote is refreshed',
          );
        } else if (entry.refreshEveryMs >= entry.validForMs) {
          resolver.problem(
            at('refreshEveryMs'),
            `must be below validForMs (${entry.validForMs}), or the quote lapses between refreshes`,
          );
        }
      }
      if (maxIn === undefined || feeFixed === undefined) return undefined;
      return {
        ...common(entry),
        type: 'fx-quote',
        account: entry.account,
        assetIn: assetIn.id,
        assetOut: assetOut.id,
        rate,
        spreadBps: entry.spreadBps,
        maxIn,
        feeFixed,
        ...(entry.validForMs === undefined ? {} : { validForMs: entry.validForMs }),
        ...(entry.refreshEveryMs === undefined ? {} : { refreshEveryMs: entry.refreshEveryMs }),
      };
    }
    case 'amm': {
      const entries = Object.entries(entry.reserves);
      if (entries.length !== 2) {
        resolver.problem(at('reserves'), `a pool holds exactly two assets, got ${entries.length}`);
        return undefined;
      }
      const [[idA, textA], [idB, textB]] = entries as [[string, string], [string, string]];
      const pair = sameLedgerPair(resolver, [idA, idB], [at('reserves', idA), at('reserves', idB)]);
      if (!pair) return undefined;
      const [assetA, assetB] = pair;
      operatorOn(assetA.ledger);
      resolver.account(entry.account, assetA.ledger, at('account'), entry.operator);
      const reserveA = resolver.amount(textA, assetA, at('reserves', idA));
      const reserveB = resolver.amount(textB, assetB, at('reserves', idB));
      if (reserveA === undefined || reserveB === undefined) return undefined;
      return {
        ...common(entry),
        type: 'amm',
        account: entry.account,
        assetA: assetA.id,
        assetB: assetB.id,
        reserveA,
        reserveB,
      };
    }
    case 'mint-redeem': {
      const converter = resolveConverter(
        resolver,
        entry,
        at,
        { id: entry.cbdcAsset, field: 'cbdcAsset', kind: 'cbdc' },
        { id: entry.depositAsset, field: 'depositAsset', kind: 'deposit' },
      );
      if (!converter) return undefined;
      const [cbdc, deposit] = converter.pair;
      return {
        ...converter.terms,
        type: 'mint-redeem',
        cbdcAsset: cbdc.id,
        depositAsset: deposit.id,
      };
    }
    case 'ramp': {
      const converter = resolveConverter(
        resolver,
        entry,
        at,
        { id: entry.depositAsset, field: 'depositAsset', kind: 'deposit' },
        { id: entry.stablecoin, field: 'stablecoin', kind: 'stablecoin' },
      );
      if (!converter) return undefined;
      const [deposit, stablecoin] = converter.pair;
      return {
        ...converter.terms,
        type: 'ramp',
        depositAsset: deposit.id,
        stablecoin: stablecoin.id,
        redemptionsPaused: entry.redemptionsPaused,
      };
    }
    case 'interbank': {
      const cbdc = resolver.asset(entry.cbdcAsset, at('cbdcAsset'), 'cbdc');
      const fromAsset = resolver.asset(entry.from.asset, at('from', 'asset'), 'deposit');
      const toAsset = resolver.asset(entry.to.asset, at('to', 'asset'), 'deposit');
      if (!cbdc || !fromAsset || !toAsset) return undefined;
      if (fromAsset.id === toAsset.id) {
        resolver.problem(at('to', 'asset'), 'must differ from from.asset');
        return undefined;
      }
      sameCurrency(resolver, [cbdc, fromAsset, toAsset], at('to', 'asset'));
      issuedByOperator(resolver, fromAsset, entry.operator, at('from', 'asset'));
      const side = (name: 'from' | 'to', asset: ScenarioAsset): InterbankSide => {
        const bank = asset.issuer;
        const sidePath = at(name);
        const ledgers = [asset.ledger, cbdc.ledger];
        for (const ledger of ledgers) resolver.member(bank, ledger, [...sidePath, 'asset'], `bank`);
        const { treasury, reserve } = entry[name];
        resolver.account(treasury, asset.ledger, [...sidePath, 'treasury'], bank);
        resolver.account(reserve, cbdc.ledger, [...sidePath, 'reserve'], bank);
        return { bank, asset: asset.id, treasury, reserve };
      };
      return {
        ...common(entry),
        type: 'interbank',
        cbdcAsset: cbdc.id,
        from: side('from', fromAsset),
        to: side('to', toAsset),
      };
    }
  }
}

/** A fixed fee in major units of `asset`, in its minor units (0 when the file sets none). */
function fixedFee(
  resolver: Resolver,
  text: string | undefined,
  asset: ScenarioAsset,
  path: PathSegment[],
): bigint | undefined {
  return text === undefined ? 0n : resolver.amount(text, asset, path, { allowZero: true });
}

/** A two-way venue's fixed fee, in minor units of each direction's output asset. */
function twoWayFixedFee(
  resolver: Resolver,
  text: string | undefined,
  assets: [ScenarioAsset, ScenarioAsset],
  path: PathSegment[],
): Record<string, bigint> | undefined {
  const fees: Record<string, bigint> = {};
  for (const asset of assets) {
    const fee = fixedFee(resolver, text, asset, path);
    if (fee === undefined) return undefined;
    fees[asset.id] = fee;
  }
  return fees;
}

function resolveHours(
  resolver: Resolver,
  entry: HoursEntry,
  path: PathSegment[],
): OperatingHours | undefined {
  if (entry === '24x7') return undefined;
  const openMinute = minuteOfDay(entry.open);
  const closeMinute = minuteOfDay(entry.close);
  const utcOffsetMinutes = offsetMinutes(entry.utcOffset);
  if (openMinute === undefined) resolver.problem([...path, 'open'], 'expected a time "HH:MM"');
  if (closeMinute === undefined) resolver.problem([...path, 'close'], 'expected a time "HH:MM"');
  if (utcOffsetMinutes === undefined) {
    resolver.problem(
      [...path, 'utcOffset'],
      'expected an offset "+HH:MM" or "-HH:MM" within ±14:00',
    );
  }
  if (new Set(entry.days).size !== entry.days.length) {
    resolver.problem([...path, 'days'], 'names a day twice');
  }
  if (openMinute === undefined || closeMinute === undefined || utcOffsetMinutes === undefined) {
    return undefined;
  }
  if (closeMinute <= openMinute) {
    resolver.problem([...path, 'close'], `must be after open (${entry.open}) on the same day`);
    return undefined;
  }
  const text = `${entry.days.join(',')} ${entry.open}-${entry.close} UTC${entry.utcOffset}`;
  return { openMinute, closeMinute, days: entry.days, utcOffsetMinutes, text };
}

function feeAccountOf(feeAccount: string | undefined) {
  return feeAccount === undefined ? {} : { feeAccount };
}

interface AssetField {
  id: string;
  field: string;
  kind: LedgerKind;
}

type ConverterEntry = Extract<VenueEntry, { type: 'mint-redeem' | 'ramp' }>;

/** What mint-redeem and ramp share: the checked asset pair, their accounts and a fixed fee each way. */
function resolveConverter(
  resolver: Resolver,
  entry: ConverterEntry,
  at: (...segments: PathSegment[]) => PathSegment[],
  backing: AssetField,
  issued: AssetField,
) {
  const pair = conversionPair(resolver, entry, at, backing, issued);
  if (!pair) return undefined;
  const feeFixed = twoWayFixedFee(resolver, entry.feeFixed, pair, at('feeFixed'));
  if (!feeFixed) return undefined;
  const terms = {
    ...common(entry),
    reserveAccount: entry.reserveAccount,
    treasuryAccount: entry.treasuryAccount,
    feeFixed,
  };
  return { pair, terms };
}

/**
 * The two assets of a 1:1 converter (mint-redeem, ramp): one currency, the issued side issued by
 * the operator, the operator on both ledgers, the reserve account on the backing side's ledger
 * and the treasury account on the issued side's.
 */
function conversionPair(
  resolver: Resolver,
  entry: { operator: string; reserveAccount: string; treasuryAccount: string },
  at: (...segments: PathSegment[]) => PathSegment[],
  backing: AssetField,
  issued: AssetField,
): [ScenarioAsset, ScenarioAsset] | undefined {
  const backingAsset = resolver.asset(backing.id, at(backing.field), backing.kind);
  const issuedAsset = resolver.asset(issued.id, at(issued.field), issued.kind);
  if (!backingAsset || !issuedAsset) return undefined;
  sameCurrency(resolver, [backingAsset, issuedAsset], at(issued.field));
  issuedByOperator(resolver, issuedAsset, entry.operator, at(issued.field));
  for (const asset of [backingAsset, issuedAsset]) {
    resolver.member(entry.operator, asset.ledger, at('operator'), 'operator');
  }
  resolver.account(entry.reserveAccount, backingAsset.ledger, at('reserveAccount'), entry.operator);
  resolver.account(
    entry.treasuryAccount,
    issuedAsset.ledger,
    at('treasuryAccount'),
    entry.operator,
  );
  return [backingAsset, issuedAsset];
}

/** Two different known assets of one ledger. */
function sameLedgerPair(
  resolver: Resolver,
  ids: [string, string],
  paths: [PathSegment[], PathSegment[]],
): [ScenarioAsset, ScenarioAsset] | undefined {
  const a = resolver.asset(ids[0], paths[0]);
  const b = resolver.asset(ids[1], paths[1]);
  if (!a || !b) return undefined;
  if (a.id === b.id) {
    resolver.problem(paths[1], `must differ from "${a.id}"`);
    return undefined;
  }
  if (a.ledger !== b.ledger) {
    resolver.problem(
      paths[1],
      `"${b.id}" lives on ledger "${b.ledger}" but "${a.id}" on "${a.ledger}"; a venue trades on one ledger`,
    );
    return undefined;
  }
  return [a, b];
}

function sameCurrency(resolver: Resolver, assets: ScenarioAsset[], path: PathSegment[]): void {
  const currencies = new Set(assets.map((asset) => asset.currency));
  if (currencies.size > 1) {
    const list = assets.map((asset) => `${asset.id} is ${asset.currency}`).join(', ');
    resolver.problem(path, `1:1 conversion needs one currency, but ${list}`);
  }
}

function issuedByOperator(
  resolver: Resolver,
  asset: ScenarioAsset,
  operator: string,
  path: PathSegment[],
): void {
  if (asset.issuer !== operator) {
    resolver.problem(
      path,
      `"${asset.id}" is issued by "${asset.issuer}"; only its issuer can operate this venue (operator is "${operator}")`,
    );
  }
}
