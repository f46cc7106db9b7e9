// `corridor report` as a function: run folders (and sweeps) in, one HTML page out. One run gets
// its charts; several get the same charts overlaid (latency, cost, outcomes) or side by side
// (value flow, timelines, liquidity); a sweep's runs.csv adds metric-against-parameter plots.
import type { Chart } from './chart';
import { costChart } from './charts/cost';
import { latencyCharts } from './charts/latency';
import { liquidityCharts } from './charts/liquidity';
import { outcomesChart } from './charts/outcomes';
import { scenarioMapChart } from './charts/scenario-map';
import { sweepCharts, type SweepTable } from './charts/sweep';
import { timelineChart } from './charts/timeline';
import { valueFlowChart } from './charts/value-flow';
import { escapeHtml, renderPage, type Section } from './page';
import type { RunData } from './run-data';
import { summaryHtml, verdictHtml } from './verdict';

export interface ReportInputs {
  runs: RunData[];
  sweeps: SweepTable[];
}

/** Timelines per run: a comparison shows fewer of each. */
const TIMELINES = { single: 5, compared: 2 };

export function buildReport(inputs: ReportInputs): string {
  const { runs, sweeps } = inputs;
  const compared = runs.length > 1;
  const perRun = (make: (run: RunData, prefix: string) => Chart[]): Chart[] =>
    runs.flatMap((run, index) => make(compared ? run : { ...run, label: '' }, `r${index}`));
  const sections: Section[] = [];
  if (runs.length > 0) {
    sections.push(
      { title: 'Summary', html: summaryHtml(runs), charts: [] },
      { title: "Auditor's verdict", html: verdictHtml(runs), charts: [] },
      {
        title: 'Value flow',
        charts: perRun((run, prefix) => [valueFlowChart(run, `${prefix}-value-flow`)]),
      },
      {
        title: 'Settlement',
        charts: [...latencyCharts(runs), costChart(runs), outcomesChart(runs)],
      },
      timelinesSection(runs, compared),
      {
        title: 'Liquidity',
        charts: perRun((run, prefix) => liquidityCharts(run, `${prefix}-liquidity`)),
      },
      {
        title: 'Scenario',
        charts: [...new Map(runs.map((run) => [run.scenario.name, run.scenario])).values()].map(
          (scenario, index) => scenarioMapChart(scenario, `scenario-${index}`),
        ),
      },
    );
  }
  sweeps.forEach((sweep, index) =>
    sections.push({
      title: `Sweep ${sweep.dir}`,
      html: `<p>${sweep.rows.length} runs from ${escapeHtml(sweep.dir)}/runs.csv.</p>`,
      charts: sweepCharts(sweep, `sweep${index}`),
    }),
  );
  const names = [...runs.map((run) => run.label), ...sweeps.map((sweep) => sweep.dir)];
  return renderPage({
    title:
      compared || sweeps.length > 0
        ? 'Corridor comparison report'
        : `Corridor report — ${runs[0]?.summary.scenario ?? ''}`,
    subtitle: names.join(' · '),
    sections,
  });
}

function timelinesSection(runs: readonly RunData[], compared: boolean): Section {
  const missing = runs.filter((run) => run.timelines === null).map((run) => run.label || run.dir);
  const charts = runs.flatMap((run, index) => {
    if (!run.timelines) return [];
    return [...run.timelines.entries()]
      .slice(0, compared ? TIMELINES.compared : TIMELINES.single)
      .map(([payment, events], n) =>
        timelineChart(payment, events, `r${index}-timeline-${n}`, compared ? run.label : ''),
      )
      .filter((chart): chart is Chart => chart !== null);
  });
  return {
    title: 'Settlement timelines',
    html:
      missing.length === 0
        ? '<p>Chosen payments: the first settled one per protocol, the first that failed under HTLC and 2PC, and the first mixed one.</p>'
        : `<p>No events.csv in ${escapeHtml(missing.join(', '))} (runs above 10,000 payments record none unless run with <code>simulate --events</code>).</p>`,
    charts,
  };
}
