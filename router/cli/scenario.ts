// `corridor scenario validate F`: checks a scenario file and lists every problem with its path
// (exit 0 valid, 2 invalid or unreadable). `corridor scenario generate`: a seeded synthetic
// scenario of about N venues (router/scenario/generate.ts), as a file to edit and run.
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { stringify as toYaml } from 'yaml';
import { generateScenario, generateScenarioFile, optionsForVenueCount } from '../scenario/generate';
import { loadScenario } from '../scenario/load';
import { formatPath, formatProblem } from '../scenario/problems';
import { summarizeScenario, summaryLine } from '../scenario/summary';
import { EXIT, refuse, usageErrorsExitTwo } from './exit-codes';

/** Below this the generator's minimum shape (three currencies, two banks each) dominates. */
const MIN_VENUES = 30;
const MAX_VENUES = 100_000;

export function register(program: Command): void {
  const scenario = program.command('scenario').description('Work with scenario files');
  scenario
    .command('validate')
    .description('Validate a scenario file: "ok" and a summary, or every problem with its path')
    .argument('<file>', 'scenario YAML file')
    .option('--json', 'machine-readable output')
    .action(async (file: string, options: { json?: boolean }) => {
      const loaded = await loadScenario(file);
      if (loaded.ok) {
        const summary = summarizeScenario(loaded.value);
        console.log(
          options.json
            ? JSON.stringify({ ok: true, summary }, null, 2)
            : `ok\n${summaryLine(summary)}`,
        );
        return;
      }
      if (options.json) {
        const problems = loaded.problems.map((problem) => ({
          path: formatPath(problem.path),
          message: problem.message,
          ...(problem.line === undefined ? {} : { line: problem.line }),
        }));
        console.log(JSON.stringify({ ok: false, problems }, null, 2));
      } else {
        const count = loaded.problems.length;
        console.error(`${file}: ${count} problem${count === 1 ? '' : 's'}`);
        for (const problem of loaded.problems) console.error(`  ${formatProblem(problem)}`);
      }
      // An invalid file is bad input (exit 2), as it is for every command that reads one.
      process.exitCode = EXIT.badInput;
    });
  const generate = scenario
    .command('generate')
    .description(
      'Write a seeded synthetic scenario of about N venues: CBDCs, banks and their tokens, dealers, pools, interbank links, stablecoins',
    )
    .requiredOption('--venues <n>', `about how many venues (${MIN_VENUES} to ${MAX_VENUES})`)
    .option('--seed <n>', 'seed: the same seed writes the same file', '1')
    .requiredOption('--out <file>', 'the YAML file to write')
    .action((options: { venues: string; seed: string; out: string }) => {
      const venues = Number(options.venues);
      if (!/^\d+$/.test(options.venues) || venues < MIN_VENUES || venues > MAX_VENUES)
        refuse(
          generate,
          `--venues: expected an integer from ${MIN_VENUES} to ${MAX_VENUES}, got "${options.venues}"`,
        );
      if (!/^\d{1,9}$/.test(options.seed))
        refuse(
          generate,
          `--seed: expected a whole number of at most 9 digits, got "${options.seed}"`,
        );
      const dir = path.dirname(path.resolve(options.out));
      if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory())
        refuse(generate, `--out: no directory ${path.dirname(options.out)}`);
      if (fs.existsSync(options.out) && fs.statSync(options.out).isDirectory())
        refuse(generate, `--out: ${options.out} is a directory`);
      const sizes = optionsForVenueCount(venues, Number(options.seed));
      // Whatever is written validates: the generator's output goes through the loader's checks.
      const checked = generateScenario(sizes);
      if (!checked.ok)
        throw new Error(`generated scenario is invalid: ${JSON.stringify(checked.problems)}`);
      fs.writeFileSync(options.out, toYaml(generateScenarioFile(sizes)));
      console.log(`${options.out}: ${summaryLine(summarizeScenario(checked.value))}`);
    });
  usageErrorsExitTwo(generate);
}
