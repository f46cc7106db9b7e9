// The scenario file format (YAML), as zod schemas. This is the reference for scenario authors:
// every field is listed here with what it means. Shape only: references between sections,
// amounts against their asset's scale and the other cross-checks live in cross-check.ts.
//
// Conventions: amounts are quoted decimal strings in MAJOR units of their asset ("1000000.00");
// rates are quoted decimal strings ("1.0834"); fees are integer basis points; times are integer
// milliseconds. Unknown fields are errors, so a typo never silently falls back to a default.
import { z } from 'zod';
import { LEDGER_KINDS } from '../../chaincode/src/core/types';
import { WEEKDAYS } from './hours';
import { DEFAULT_SLIPPAGE_TOLERANCE_BPS, MAX_SLIPPAGE_TOLERANCE_BPS, ORG_ROLES } from './types';

const ID = /^[a-z0-9][a-z0-9._-]*$/;
const ORG_ID = /^[a-z][a-z0-9]*$/;
const ACCOUNT_ID = /^[a-z][a-z0-9]*\/[a-z0-9][a-z0-9._-]*$/;
const CURRENCY = /^[A-Z]{3}$/;
const DECIMAL = /^(0|[1-9][0-9]*)(\.[0-9]+)?$/;

function describeInput(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'a list';
  if (typeof input === 'number') return `the number ${input}`;
  return typeof input;
}

const text = z.string().min(1, 'must not be empty');
const id = z.string().regex(ID, 'expected lower-case letters, digits, ".", "_" or "-"');
const orgIdSchema = z.string().regex(ORG_ID, 'expected a lower-case alphanumeric org id');
const accountIdSchema = z
  .string()
  .regex(ACCOUNT_ID, 'expected an account id "org/name" (lower-case)');
const currency = z.string().regex(CURRENCY, 'expected a three-letter currency code such as USD');
const bps = z.int().min(0).max(9_999);
const ms = z.int().min(0);

/** A non-negative decimal in major units, written as a quoted string so no float touches it. */
const decimalSchema = z
  .string({
    error: (issue) =>
      issue.input === undefined
        ? 'required'
        : `expected a quoted decimal string such as "1000.00", got ${describeInput(issue.input)}`,
  })
  .regex(DECIMAL, 'expected a non-negative decimal such as "1000.00" (no sign, no exponent)');

const orgSchema = z.strictObject({
  id: orgIdSchema,
  name: text,
  role: z.enum(ORG_ROLES),
  /** Where the institution is regulated, e.g. "US", "EU", "HK". */
  jurisdiction: text,
});

const ledgerSchema = z.strictObject({
  id,
  kind: z.enum(LEDGER_KINDS),
  /** Orgs on this ledger (one Fabric channel): only members may transact on it. */
  members: z.array(orgIdSchema).min(1, 'a ledger needs at least one member'),
  description: text.optional(),
});

const assetSchema = z.strictObject({
  id,
  name: text.optional(),
  ledger: id,
  /** Must equal the ledger's kind. */
  kind: z.enum(LEDGER_KINDS),
  currency,
  /** The only org that may issue or burn it. */
  issuer: orgIdSchema,
  /** Decimal places of one minor unit (2 for cents, 6 for micro-units). */
  scale: z.int().min(0).max(18),
});

const accountSchema = z.strictObject({
  /** `org/name`: owned and operated by `org`. */
  id: accountIdSchema,
  ledger: id,
  /** Opening balances: asset id → amount, issued by the asset's issuer at bootstrap. */
  balances: z.record(id, decimalSchema).default({}),
  description: text.optional(),
});

/**
 * When a venue takes business: "24x7" (the default), or a daily window on some weekdays at a
 * fixed UTC offset, e.g. { open: "09:00", close: "17:00", days: [mon, tue, wed, thu, fri],
 * utcOffset: "+08:00" }. The router does not route through a venue outside its hours.
 */
const hoursSchema = z.union([
  z.literal('24x7'),
  z.strictObject({
    /** Local time of day "HH:MM"; open from `open` up to `close` (same day, close after open). */
    open: z.string(),
    close: z.string(),
    days: z.array(z.enum(WEEKDAYS)).min(1, 'name at least one day'),
    /** Local time minus UTC, "+08:00" or "-05:00". */
    utcOffset: z.string().default('+00:00'),
  }),
]);

const venueCommon = {
  id,
  operator: orgIdSchema,
  name: text.optional(),
  description: text.optional(),
  feeBps: bps.default(0),
  /** Delay the venue adds beyond ledger block times. */
  latencyMs: ms.default(0),
  hours: hoursSchema.default('24x7'),
};

/**
 * A fixed fee on top of feeBps, in MAJOR units of the asset the venue pays out (each direction's
 * own output for two-way venues), kept from the output after the proportional fee.
 */
const feeFixed = decimalSchema.optional();

const transferVenueSchema = z.strictObject({
  ...venueCommon,
  type: z.literal('transfer'),
  asset: id,
  /** Operator account collecting the fee; required when feeBps > 0. */
  feeAccount: accountIdSchema.optional(),
});

const fxQuoteVenueSchema = z.strictObject({
  ...venueCommon,
  type: z.literal('fx-quote'),
  /** The dealer account paying assetOut and receiving assetIn. */
  account: accountIdSchema,
  assetIn: id,
  assetOut: id,
  /** Units of assetOut per unit of assetIn (major units), e.g. "7.1020". */
  rate: decimalSchema,
  /** Dealer margin on top of feeBps; both are posted in the on-ledger quote. */
  spreadBps: bps.default(0),
  feeFixed,
  /**
   * Largest input per fill, in major units of assetIn. Without it the quote draws on the
   * dealer's book alone: the account's balance of assetOut, shared by all its quotes.
   */
  maxIn: decimalSchema.optional(),
  /** The quote is posted valid for this long; fills after that are refused by the ledger. */
  validForMs: z.int().min(1).optional(),
  /** In simulation the dealer re-posts it this often (below validForMs), through the ledger. */
  refreshEveryMs: z.int().min(1).optional(),
});

const ammVenueSchema = z.strictObject({
  ...venueCommon,
  type: z.literal('amm'),
  /** Operator account funding the pool at bootstrap. */
  account: accountIdSchema,
  /** Exactly two assets of one ledger → initial reserve (major units). */
  reserves: z.record(id, decimalSchema),
});

const mintRedeemVenueSchema = z.strictObject({
  ...venueCommon,
  type: z.literal('mint-redeem'),
  cbdcAsset: id,
  /** Issued by the operator (the bank). */
  depositAsset: id,
  /** The bank's account on the cbdc ledger. */
  reserveAccount: accountIdSchema,
  /** The bank's account on the deposit ledger. */
  treasuryAccount: accountIdSchema,
  feeFixed,
});

const rampVenueSchema = z.strictObject({
  ...venueCommon,
  type: z.literal('ramp'),
  depositAsset: id,
  /** Issued by the operator (the stablecoin issuer). */
  stablecoin: id,
  /** The issuer's reserve account on the deposit ledger: backs the stablecoin 1:1. */
  reserveAccount: accountIdSchema,
  /** The issuer's own account on the stablecoin ledger. */
  treasuryAccount: accountIdSchema,
  /** Closes the off-ramp (stablecoin → deposit token). */
  redemptionsPaused: z.boolean().default(false),
  feeFixed,
});

const interbankSideSchema = z.strictObject({
  /** The bank's deposit token; the bank is its issuer. */
  asset: id,
  /** The bank's account on the deposit ledger. */
  treasury: accountIdSchema,
  /** The bank's account on the cbdc ledger. */
  reserve: accountIdSchema,
});

const interbankVenueSchema = z.strictObject({
  ...venueCommon,
  type: z.literal('interbank'),
  /** Settlement asset between the two banks (same currency as both tokens). */
  cbdcAsset: id,
  /** The paying bank; the operator. */
  from: interbankSideSchema,
  to: interbankSideSchema,
});

const venueSchema = z.discriminatedUnion('type', [
  transferVenueSchema,
  fxQuoteVenueSchema,
  ammVenueSchema,
  mintRedeemVenueSchema,
  rampVenueSchema,
  interbankVenueSchema,
]);

/** "EUR/USD": "1.0850" means 1 EUR is worth 1.0850 USD at mid-market. */
const fxSchema = z.record(
  z.string().regex(/^[A-Z]{3}\/[A-Z]{3}$/, 'expected a currency pair such as "EUR/USD"'),
  decimalSchema,
);

const corridorEndSchema = z.union([z.strictObject({ currency }), z.strictObject({ asset: id })]);

const reason = text.optional();

const policiesSchema = z.strictObject({
  forbiddenVenues: z.array(z.strictObject({ venue: id, reason })).default([]),
  /** Neither a payment nor any conversion inside it may go from `from` to `to`. */
  forbiddenCorridors: z
    .array(z.strictObject({ from: corridorEndSchema, to: corridorEndSchema, reason }))
    .default([]),
  /** Per-payment maximum of an asset moved, in major units. */
  limits: z.array(z.strictObject({ asset: id, maxAmount: decimalSchema, reason })).default([]),
  /** Only `orgs` may pay into `venue`. */
  allowLists: z
    .array(z.strictObject({ venue: id, orgs: z.array(orgIdSchema).min(1), reason }))
    .default([]),
  /**
   * The most of `asset` that payments by `org` may send per UTC day of the run's clock, in
   * major units (payments routed that day count, whether or not they settle).
   */
  dailyLimits: z
    .array(z.strictObject({ org: orgIdSchema, asset: id, maxAmount: decimalSchema, reason }))
    .default([]),
});

/** The run's clock. */
const simulationSchema = z.strictObject({
  /** When the run starts, ISO 8601 in UTC, e.g. "2026-03-02T08:00:00Z" (default: the epoch). */
  startAt: z
    .string()
    .regex(
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z$/,
      'expected an ISO 8601 UTC time such as "2026-03-02T08:00:00Z"',
    )
    .optional(),
});

/** Amounts in major units of the corridor's asset. */
const amountsSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('fixed'), amount: decimalSchema }),
  z.strictObject({
    kind: z.literal('buckets'),
    /** Pick a bucket by weight, then a uniform amount in [min, max]. */
    buckets: z
      .array(z.strictObject({ min: decimalSchema, max: decimalSchema, weight: z.int().min(1) }))
      .min(1),
  }),
  z.strictObject({
    kind: z.literal('log-normal'),
    /** The median amount (e^mu). */
    median: decimalSchema,
    /** Standard deviation of ln(amount), e.g. "1.2". */
    sigma: decimalSchema,
    min: decimalSchema,
    max: decimalSchema,
  }),
]);

/** A list of accounts, or the name of a group under workload.groups. */
const accountsRefSchema = z.union([z.array(accountIdSchema).min(1), id]);

const corridorSchema = z.strictObject({
  name: id,
  /** Relative share of the profile's payments. */
  weight: z.int().min(1),
  from: z.strictObject({ asset: id, accounts: accountsRefSchema }),
  to: z.strictObject({ asset: id, accounts: accountsRefSchema }),
  /** Whether amounts are what the payer sends (default) or what the payee receives. */
  amountIs: z.enum(['send', 'receive']).default('send'),
  /** Overrides the profile's amounts, in major units of the asset that `amountIs` names. */
  amounts: amountsSchema.optional(),
});

const profileSchema = z.strictObject({
  description: text,
  /** Mean Poisson arrival rate: from one payment in ~17 minutes to 100,000 a second. */
  ratePerSecond: z.number().min(0.001).max(100_000),
  /** Default amounts for corridors that do not set their own. */
  amounts: amountsSchema.optional(),
  corridors: z.array(corridorSchema).min(1),
  /** Payments whose plan costs more than this are rejected. */
  maxCostBps: z.int().min(0).optional(),
});

const workloadSchema = z.strictObject({
  /** Named account lists that corridors refer to. */
  groups: z.record(id, z.array(accountIdSchema).min(1)).default({}),
  /** The profile `corridor simulate` runs unless told otherwise. */
  defaultProfile: id,
  profiles: z.record(id, profileSchema),
});

const settlementSchema = z.strictObject({
  /** Protocol for plans that touch more than one ledger (or need more than one signer). */
  defaultProtocol: z.enum(['htlc', '2pc']),
  /**
   * Endorse + order + commit delay per ledger id (every ledger needs one); on the embedded
   * ledger a transaction also waits for its block to be cut (network.batchTimeoutMs).
   */
  blockLatencyMs: z.record(id, z.int().min(1)),
  htlc: z.strictObject({
    /** Expiry of the hold nearest the payee, from placement. */
    expiryMs: z.int().min(1),
    /** Added per hop towards the payer, so upstream holds outlive downstream ones. */
    marginPerHopMs: z.int().min(1),
  }),
  twoPhaseCommit: z.strictObject({
    /** After this, anyone may abort a prepared escrow hold; commits are refused from then on. */
    deadlineMs: z.int().min(1),
    /**
     * The neutral org that commits or aborts escrow holds: one org for every ledger, or one per
     * ledger id. It must be a member of the ledger and own no account there.
     */
    coordinator: z.union([orgIdSchema, z.record(id, orgIdSchema)]),
  }),
  /**
   * How far below its quote an AMM leg may pay: its minOut is floor(quoted × (1 − tol)), and
   * later legs are sized from that guaranteed amount (other payments move pools between quote
   * and commit). Dealer quotes are fixed-rate and take no tolerance.
   */
  slippageToleranceBps: z
    .int()
    .min(0)
    .max(MAX_SLIPPAGE_TOLERANCE_BPS)
    .default(DEFAULT_SLIPPAGE_TOLERANCE_BPS),
});

/** A ledger's chaincode endorsement policy over its peer-running member orgs. */
const endorsementSchema = z.union([
  z.enum(['any', 'majority', 'all']),
  /** That many distinct peer orgs of the ledger must endorse. */
  z.int().min(1),
]);

/** How `corridor network up` lays the scenario out on Fabric. Every field has a default. */
const networkSchema = z.strictObject({
  /**
   * Orgs that run a peer. Default: every central bank and commercial bank, plus the first
   * member of any ledger that would otherwise have no peer. The others are client identities.
   */
  peers: z.array(orgIdSchema).min(1).optional(),
  /** Per ledger id; default 2 (one org alone cannot write, one peer down does not stop it). */
  endorsement: z.record(id, endorsementSchema).default({}),
  /** Raft orderers: 1, or 3 to survive one orderer's crash. */
  orderers: z.union([z.literal(1), z.literal(3)]).default(1),
  /** Fabric BatchTimeout: the longest a transaction waits for its block to be cut. */
  batchTimeoutMs: z.int().min(10).max(10_000).default(200),
  /** Fabric BatchSize.MaxMessageCount. */
  maxBlockTransactions: z.int().min(1).max(10_000).default(100),
});

/** Each section on its own, so cross-checks can run on whatever sections are well formed. */
export const sectionSchemas = {
  orgs: orgSchema,
  ledgers: ledgerSchema,
  assets: assetSchema,
  accounts: accountSchema,
  venues: venueSchema,
  fx: fxSchema,
  policies: policiesSchema,
  workload: workloadSchema,
  settlement: settlementSchema,
  network: networkSchema,
  simulation: simulationSchema,
} as const;

export const scenarioFileSchema = z.strictObject({
  name: text,
  description: text,
  orgs: z.array(orgSchema).min(1),
  ledgers: z.array(ledgerSchema).min(1),
  assets: z.array(assetSchema).min(1),
  accounts: z.array(accountSchema).default([]),
  venues: z.array(venueSchema).default([]),
  fx: fxSchema.default({}),
  policies: policiesSchema.default({
    forbiddenVenues: [],
    forbiddenCorridors: [],
    limits: [],
    allowLists: [],
    dailyLimits: [],
  }),
  workload: workloadSchema,
  settlement: settlementSchema,
  network: networkSchema.default({
    endorsement: {},
    orderers: 1,
    batchTimeoutMs: 200,
    maxBlockTransactions: 100,
  }),
  simulation: simulationSchema.default({}),
});

export type ScenarioFile = z.infer<typeof scenarioFileSchema>;
export type OrgEntry = z.infer<typeof orgSchema>;
export type LedgerEntry = z.infer<typeof ledgerSchema>;
export type AssetEntry = z.infer<typeof assetSchema>;
export type AccountEntry = z.infer<typeof accountSchema>;
export type VenueEntry = z.infer<typeof venueSchema>;
export type PoliciesEntry = z.infer<typeof policiesSchema>;
export type WorkloadEntry = z.infer<typeof workloadSchema>;
export type AmountsEntry = z.infer<typeof amountsSchema>;
export type CorridorEntry = z.infer<typeof corridorSchema>;
export type SettlementEntry = z.infer<typeof settlementSchema>;
export type NetworkEntry = z.infer<typeof networkSchema>;
export type SimulationEntry = z.infer<typeof simulationSchema>;
export type HoursEntry = z.infer<typeof hoursSchema>;
/** What a file may contain before defaults are applied (what a generator writes). */
export type ScenarioFileInput = z.input<typeof scenarioFileSchema>;
