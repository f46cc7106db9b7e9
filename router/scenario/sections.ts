// Splits a raw document into its sections and parses each element on its own, so that one
// malformed venue does not hide the reference errors of every other element.
import type { z } from 'zod';
import {
  sectionSchemas,
  type AccountEntry,
  type AssetEntry,
  type LedgerEntry,
  type OrgEntry,
  type PoliciesEntry,
  type NetworkEntry,
  type SimulationEntry,
  type SettlementEntry,
  type VenueEntry,
  type WorkloadEntry,
} from './schema';

export interface Element<T> {
  index: number;
  value: T;
}

export type ListSection = 'orgs' | 'ledgers' | 'assets' | 'accounts' | 'venues';

export interface ParsedSections {
  name: string;
  description: string;
  orgs: Element<OrgEntry>[];
  ledgers: Element<LedgerEntry>[];
  assets: Element<AssetEntry>[];
  accounts: Element<AccountEntry>[];
  venues: Element<VenueEntry>[];
  /** Undefined when the section is malformed (its problems are already reported). */
  fx?: Record<string, string>;
  policies?: PoliciesEntry;
  workload?: WorkloadEntry;
  settlement?: SettlementEntry;
  network?: NetworkEntry;
  simulation?: SimulationEntry;
  /** Ids of list elements that failed the schema: references to them are not reported twice. */
  unparsedIds: Record<ListSection, Set<string>>;
}

const EMPTY_POLICIES: PoliciesEntry = {
  forbiddenVenues: [],
  forbiddenCorridors: [],
  limits: [],
  allowLists: [],
  dailyLimits: [],
};

const DEFAULT_NETWORK: NetworkEntry = {
  endorsement: {},
  orderers: 1,
  batchTimeoutMs: 200,
  maxBlockTransactions: 100,
};

export function parseSections(raw: Record<string, unknown>): ParsedSections {
  const unparsedIds = {} as Record<ListSection, Set<string>>;
  const list = <T>(section: ListSection, schema: z.ZodType<T>): Element<T>[] => {
    unparsedIds[section] = new Set();
    const items = raw[section];
    if (!Array.isArray(items)) return [];
    const parsed: Element<T>[] = [];
    items.forEach((item: unknown, index) => {
      const result = schema.safeParse(item);
      if (result.success) parsed.push({ index, value: result.data });
      else if (isRecord(item) && typeof item.id === 'string') unparsedIds[section].add(item.id);
    });
    return parsed;
  };
  const single = <T>(key: string, schema: z.ZodType<T>, fallback?: T): T | undefined => {
    if (raw[key] === undefined) return fallback;
    const result = schema.safeParse(raw[key]);
    return result.success ? result.data : undefined;
  };
  return {
    name: typeof raw.name === 'string' ? raw.name : '',
    description: typeof raw.description === 'string' ? raw.description : '',
    orgs: list('orgs', sectionSchemas.orgs),
    ledgers: list('ledgers', sectionSchemas.ledgers),
    assets: list('assets', sectionSchemas.assets),
    accounts: list('accounts', sectionSchemas.accounts),
    venues: list('venues', sectionSchemas.venues),
    fx: single('fx', sectionSchemas.fx, {}),
    policies: single('policies', sectionSchemas.policies, EMPTY_POLICIES),
    workload: single('workload', sectionSchemas.workload),
    settlement: single('settlement', sectionSchemas.settlement),
    network: single('network', sectionSchemas.network, DEFAULT_NETWORK),
    simulation: single('simulation', sectionSchemas.simulation, {}),
    unparsedIds,
  };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
