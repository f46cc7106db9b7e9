// `--scenario FILE` as every command that runs on a scenario reads it: an invalid or missing
// file is bad input (exit 2) with every problem listed by its path and line; nothing runs.
import type { Command } from 'commander';
import { loadScenario } from '../scenario/load';
import { formatProblem } from '../scenario/problems';
import type { Scenario } from '../scenario/types';
import { EXIT } from './exit-codes';

export async function loadScenarioOrExit(command: Command, file: string): Promise<Scenario> {
  const loaded = await loadScenario(file);
  if (loaded.ok) return loaded.value;
  const problems = loaded.problems.map((problem) => `  ${formatProblem(problem)}`).join('\n');
  command.error(`error: --scenario ${file}: ${loaded.problems.length} problem(s)\n${problems}`, {
    exitCode: EXIT.badInput,
    code: 'corridor.badInput',
  });
}
