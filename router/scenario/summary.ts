// One-line and structured summaries of a scenario, for `corridor scenario validate`.
import type { Scenario, Venue } from './types';

export interface ScenarioSummary {
  name: string;
  orgs: number;
  ledgers: number;
  assets: number;
  accounts: number;
  venues: number;
  venuesByType: Partial<Record<Venue['type'], number>>;
  profiles: string[];
}

export function summarizeScenario(scenario: Scenario): ScenarioSummary {
  const venuesByType: Partial<Record<Venue['type'], number>> = {};
  for (const venue of scenario.venues)
    venuesByType[venue.type] = (venuesByType[venue.type] ?? 0) + 1;
  return {
    name: scenario.name,
    orgs: scenario.orgs.length,
    ledgers: scenario.ledgers.length,
    assets: scenario.assets.length,
    accounts: scenario.accounts.length,
    venues: scenario.venues.length,
    venuesByType,
    profiles: Object.keys(scenario.workload.profiles),
  };
}

export function summaryLine(summary: ScenarioSummary): string {
  const types = Object.entries(summary.venuesByType)
    .map(([type, count]) => `${count} ${type}`)
    .join(', ');
  return (
    `${summary.name}: ${summary.orgs} orgs, ${summary.ledgers} ledgers, ${summary.assets} assets, ` +
    `${summary.accounts} accounts, ${summary.venues} venues (${types})`
  );
}
