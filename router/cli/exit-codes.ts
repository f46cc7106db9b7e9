// The one exit-code policy of every command (README's table): 0 success, 1 the run found a
// problem, 2 bad usage or bad input, nothing ran. Commands refuse through here, so a mistake
// exits the same way whichever command it was made on.
import { type Command, CommanderError } from 'commander';
import type { RouteErrorCode } from '../routing/errors';

export const EXIT = { ok: 0, problem: 1, badInput: 2 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Commander's own usage errors, which it would exit with 1. */
const USAGE_ERRORS = new Set([
  'commander.unknownOption',
  'commander.unknownCommand',
  'commander.missingMandatoryOptionValue',
  'commander.optionMissingArgument',
  'commander.missingArgument',
  'commander.excessArguments',
  'commander.invalidArgument',
]);

/** Makes commander's usage errors on `command` exit with 2. */
export function usageErrorsExitTwo(command: Command): Command {
  return command.exitOverride((error) => {
    throw USAGE_ERRORS.has(error.code)
      ? new CommanderError(EXIT.badInput, error.code, error.message)
      : error;
  });
}

/** Refuses bad input: the message names the flag or field; exit 2. */
export function refuse(command: Command, message: string): never {
  command.error(`error: ${message}`, { exitCode: EXIT.badInput, code: 'corridor.badInput' });
}

/** `corridor route` without a plan: a bad request is bad input, anything else a finding. */
export const ROUTE_FAILURE_EXIT: Record<RouteErrorCode, ExitCode> = {
  InvalidRequest: EXIT.badInput,
  NoRoute: EXIT.problem,
  VenueClosed: EXIT.problem,
  PolicyViolation: EXIT.problem,
  PolicyLimit: EXIT.problem,
  CostLimitExceeded: EXIT.problem,
  InsufficientLiquidity: EXIT.problem,
  AmountTooSmall: EXIT.problem,
  InsufficientFunds: EXIT.problem,
  LedgerUnavailable: EXIT.problem,
};
