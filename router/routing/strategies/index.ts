// The strategy registry: strategies are looked up by name; add one by listing it here.
import { cheapest } from './cheapest';
import { direct } from './direct';
import { fastest } from './fastest';
import { random } from './random';
import { split } from './split';
import type { RoutingStrategy } from './types';

export const STRATEGIES: readonly RoutingStrategy[] = [cheapest, fastest, split, direct, random];

export function strategyRegistry(
  strategies: readonly RoutingStrategy[] = STRATEGIES,
): ReadonlyMap<string, RoutingStrategy> {
  return new Map(strategies.map((strategy) => [strategy.name, strategy]));
}

export type { RoutingStrategy } from './types';
