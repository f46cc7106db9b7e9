// The `--faults` language: comma-separated faults, each `kind:key=value:key=value`, e.g.
//   crash:step=hold-placed:at=0.1:restart=5s     router crash right after the first journal entry
//                                                of that type once 10% of payments have arrived
//                                                (or at=30s: once virtual time reaches 30 s);
//                                                restarts and recovers 5 s later
//   node-down:ledger=deposit:from=10s:for=5s     every submit to the ledger fails in [10 s, 15 s)
//   endorsement:p=0.01[:ledger=L]                submit rejected at endorsement, no state change
//   mvcc:p=0.02[:ledger=L]                       rejected at commit (MVCC read conflict)
//   delay:p=0.1:ms=500[:ledger=L]                the commit takes 500 ms longer
//   lost-reply:p=0.05[:ledger=L]                 the transaction commits, its reply is lost: the
//                                                client sees OutcomeUnknown
//   lost-submit:p=0.05[:ledger=L]                the transaction never reaches the ledger: the
//                                                client waits a block, then sees OutcomeUnknown
// Durations: 500ms, 5s, 2m, or a bare integer of ms; times count virtual time from the start of
// the run. A bad spec is rejected whole, naming the part and the reason.
import type { Result } from '../../chaincode/src/core/types';
import { JOURNAL_ENTRY_TYPES, type JournalEntryType } from '../settlement/journal-entry';

export type CrashTrigger = { kind: 'fraction'; fraction: number } | { kind: 'time'; atMs: number };

export type FaultSpec =
  | { kind: 'crash'; step: JournalEntryType; at: CrashTrigger; restartMs: number }
  | { kind: 'node-down'; ledger: string; fromMs: number; forMs: number }
  | { kind: 'endorsement'; probability: number; ledger: string | null }
  | { kind: 'mvcc'; probability: number; ledger: string | null }
  | { kind: 'delay'; probability: number; ledger: string | null; delayMs: number }
  | { kind: 'lost-reply'; probability: number; ledger: string | null }
  | { kind: 'lost-submit'; probability: number; ledger: string | null };

type Fields = Map<string, string>;

interface KindRule {
  required: readonly string[];
  optional: readonly string[];
  build(fields: Fields, ledgers: readonly string[]): FaultSpec | string;
}

const RULES: Record<FaultSpec['kind'], KindRule> = {
  crash: {
    required: ['step', 'at', 'restart'],
    optional: [],
    build(fields) {
      const step = fields.get('step') ?? '';
      if (!(JOURNAL_ENTRY_TYPES as readonly string[]).includes(step)) {
        return `step: unknown step "${step}" (one of ${JOURNAL_ENTRY_TYPES.join(', ')})`;
      }
      const at = parseTrigger(fields.get('at') ?? '');
      if (typeof at === 'string') return `at: ${at}`;
      const restartMs = parseDuration(fields.get('restart') ?? '');
      if (typeof restartMs === 'string') return `restart: ${restartMs}`;
      return { kind: 'crash', step: step as JournalEntryType, at, restartMs };
    },
  },
  'node-down': {
    required: ['ledger', 'from', 'for'],
    optional: [],
    build(fields, ledgers) {
      const known = checkLedger(fields.get('ledger') ?? '', ledgers);
      if (typeof known === 'string') return known;
      const { ledger } = known;
      const fromMs = parseDuration(fields.get('from') ?? '');
      if (typeof fromMs === 'string') return `from: ${fromMs}`;
      const forMs = parseDuration(fields.get('for') ?? '');
      if (typeof forMs === 'string') return `for: ${forMs}`;
      if (forMs === 0) return 'for: must be longer than 0';
      return { kind: 'node-down', ledger, fromMs, forMs };
    },
  },
  endorsement: {
    required: ['p'],
    optional: ['ledger'],
    build: (fields, ledgers) => rejection('endorsement', fields, ledgers),
  },
  mvcc: {
    required: ['p'],
    optional: ['ledger'],
    build: (fields, ledgers) => rejection('mvcc', fields, ledgers),
  },
  'lost-reply': {
    required: ['p'],
    optional: ['ledger'],
    build: (fields, ledgers) => rejection('lost-reply', fields, ledgers),
  },
  'lost-submit': {
    required: ['p'],
    optional: ['ledger'],
    build: (fields, ledgers) => rejection('lost-submit', fields, ledgers),
  },
  delay: {
    required: ['p', 'ms'],
    optional: ['ledger'],
    build(fields, ledgers) {
      const base = rejection('delay', fields, ledgers);
      if (typeof base === 'string' || base.kind !== 'delay') return base;
      const delayMs = parseDuration(fields.get('ms') ?? '');
      if (typeof delayMs === 'string') return `ms: ${delayMs}`;
      return { ...base, delayMs };
    },
  },
};

/** Parses a whole spec against the scenario's ledgers; the empty string means no faults. */
export function parseFaultSpec(text: string, ledgers: readonly string[]): Result<FaultSpec[]> {
  const faults: FaultSpec[] = [];
  if (text.trim() === '') return { ok: true, value: faults };
  for (const part of text.split(',')) {
    const fault = parsePart(part.trim(), ledgers);
    if (typeof fault === 'string') {
      return {
        ok: false,
        error: { code: 'InvalidArgument', message: `--faults: "${part.trim()}": ${fault}` },
      };
    }
    faults.push(fault);
  }
  return { ok: true, value: faults };
}

function parsePart(part: string, ledgers: readonly string[]): FaultSpec | string {
  const [kind = '', ...pairs] = part.split(':');
  const rule = Object.hasOwn(RULES, kind) ? RULES[kind as FaultSpec['kind']] : undefined;
  if (!rule) return `unknown fault kind "${kind}" (one of ${Object.keys(RULES).join(', ')})`;
  const fields: Fields = new Map();
  for (const pair of pairs) {
    const match = /^([a-z]+)=(.+)$/.exec(pair);
    if (!match) return `expected key=value, got "${pair}"`;
    const [, key = '', value = ''] = match;
    if (![...rule.required, ...rule.optional].includes(key)) {
      return `unknown key "${key}" for ${kind} (keys: ${[...rule.required, ...rule.optional].join(', ')})`;
    }
    if (fields.has(key)) return `key "${key}" given twice`;
    fields.set(key, value);
  }
  const missing = rule.required.filter((key) => !fields.has(key));
  if (missing.length > 0) return `missing ${missing.map((key) => `${key}=`).join(', ')}`;
  return rule.build(fields, ledgers);
}

/** A fault that strikes a submit with probability `p`, on one ledger or all. */
function rejection(
  kind: Exclude<FaultSpec['kind'], 'crash' | 'node-down'>,
  fields: Fields,
  ledgers: readonly string[],
): FaultSpec | string {
  const probability = parseProbability(fields.get('p') ?? '');
  if (typeof probability === 'string') return `p: ${probability}`;
  const name = fields.get('ledger');
  const known = name === undefined ? { ledger: null } : checkLedger(name, ledgers);
  if (typeof known === 'string') return known;
  const { ledger } = known;
  return kind === 'delay'
    ? { kind, probability, ledger, delayMs: 0 }
    : { kind, probability, ledger };
}

function checkLedger(name: string, ledgers: readonly string[]): { ledger: string } | string {
  return ledgers.includes(name)
    ? { ledger: name }
    : `ledger: unknown ledger "${name}" (known: ${ledgers.join(', ')})`;
}

const DURATION = /^([0-9]{1,9})(ms|s|m)?$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000 };

function parseDuration(text: string): number | string {
  const match = DURATION.exec(text);
  if (!match) return `expected a duration such as 500ms, 5s or 2m, got "${text}"`;
  return Number(match[1]) * (UNIT_MS[match[2] ?? 'ms'] ?? 1);
}

function parseProbability(text: string): number | string {
  if (!/^(0|1|0?\.[0-9]+|[01]\.[0-9]+)$/.test(text) || Number(text) > 1) {
    return `expected a probability from 0 to 1, got "${text}"`;
  }
  return Number(text);
}

function parseTrigger(text: string): CrashTrigger | string {
  if (/^(0|0?\.[0-9]+)$/.test(text)) return { kind: 'fraction', fraction: Number(text) };
  const atMs = parseDuration(text);
  if (typeof atMs === 'number' && /[a-z]$/.test(text)) return { kind: 'time', atMs };
  return `expected a fraction of the payments in [0, 1) such as 0.1, or a time such as 30s, got "${text}"`;
}
