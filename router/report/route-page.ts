// `corridor route --html`: one plan as a page. A chart of its legs across the ledgers (each
// path a line from the payer to the payee, each leg labelled with its venue, amounts and fee),
// a chart of the protocol's steps in the order settlement takes them, and both as tables.
import type { LineSeriesOption, ScatterSeriesOption } from 'echarts';
import type { LedgerStep, Plan } from '../routing/plan';
import type { Scenario } from '../scenario/types';
import { baseOption, type Chart, laneLayout } from './chart';
import { escapeHtml, renderPage } from './page';
import { createValuer } from './values';

interface ProtocolStep {
  order: number;
  lane: string;
  action: string;
}

/** What settlement does with the plan's ledger steps, in order (settlement/atomic, htlc, 2pc). */
export function protocolSteps(plan: Plan): ProtocolStep[] {
  const describe = (step: LedgerStep) => `${step.legs.length} leg(s) signed by ${step.signer}`;
  const { steps } = plan;
  switch (plan.protocol) {
    case 'atomic':
      return steps.map((step) => ({
        order: 1,
        lane: step.ledger,
        action: `one batch: ${describe(step)}`,
      }));
    case 'htlc':
      return [
        ...steps.map((step, i) => ({
          order: i + 1,
          lane: step.ledger,
          action: `place HTLC hold h${i}: ${describe(step)}`,
        })),
        ...[...steps].reverse().map((step, i) => ({
          order: steps.length + i + 1,
          lane: step.ledger,
          action: `claim h${steps.length - 1 - i} with the secret${i === 0 ? ' (revealing it)' : ''}`,
        })),
      ];
    case '2pc':
      return [
        ...steps.map((step, i) => ({
          order: 1,
          lane: step.ledger,
          action: `prepare escrow hold h${i}: ${describe(step)}`,
        })),
        { order: 2, lane: 'journal', action: 'commit decision made durable' },
        ...steps.map((step, i) => ({ order: 3, lane: step.ledger, action: `commit h${i}` })),
      ];
  }
}

export function routePage(plan: Plan, scenario: Scenario): string {
  const valuer = createValuer(scenario);
  const ledgerOfAsset = new Map(scenario.assets.map((asset) => [asset.id, asset.ledger]));
  const lanes = [...new Set([...plan.ledgers, ...plan.steps.map((step) => step.ledger)])];
  const longest = Math.max(...plan.paths.map((path) => path.legs.length));
  const legRows: string[][] = [];
  const series: LineSeriesOption[] = plan.paths.map((path, p) => {
    const points: NonNullable<LineSeriesOption['data']> = [
      {
        value: [0, ledgerOfAsset.get(plan.payerAsset) ?? lanes[0]!],
        label: {
          show: true,
          position: 'bottom',
          formatter: `payer ${plan.payer}\n${valuer.money(plan.payerAsset, path.amountIn)}`,
        },
      },
    ];
    path.legs.forEach((leg, l) => {
      const text = `${leg.venue} (${leg.venueType})\n${valuer.money(leg.assetIn, leg.amountIn)} → ${valuer.money(leg.assetOut, leg.amountOut)}\nfee ${valuer.money(leg.assetOut, leg.feeOut)}`;
      for (const [k, ledger] of leg.ledgers.entries())
        points.push({
          value: [l + 1, ledger],
          // Neighbouring legs' labels alternate above and below, so they do not overlap.
          label: { show: k === 0, formatter: text, position: l % 2 === 0 ? 'top' : 'bottom' },
        });
      legRows.push([
        String(p + 1),
        String(l + 1),
        leg.venue,
        leg.venueType,
        leg.ledgers.join(' + '),
        `${leg.from} → ${leg.to}`,
        valuer.money(leg.assetIn, leg.amountIn),
        valuer.money(leg.assetOut, leg.amountOut),
        valuer.money(leg.assetOut, leg.feeOut),
      ]);
    });
    points.push({
      value: [longest + 1, ledgerOfAsset.get(plan.payeeAsset) ?? lanes[0]!],
      label: {
        show: true,
        formatter: `payee ${plan.payee}\n${valuer.money(plan.payeeAsset, path.amountOut)}`,
      },
    });
    return {
      type: 'line',
      name: `path ${p + 1}`,
      data: points,
      symbolSize: 12,
      label: { position: 'top', fontSize: 11 },
    };
  });
  const legsChart: Chart = {
    id: 'route-legs',
    title: 'Legs across ledgers',
    caption: 'Each path from the payer to the payee; a leg crossing two ledgers is drawn on both.',
    height: 160 + 110 * lanes.length,
    option: baseOption({
      xAxis: {
        type: 'value',
        min: -0.3,
        max: longest + 1.3,
        interval: 1,
        name: 'leg',
        axisLabel: { show: false },
      },
      ...laneLayout(lanes, 60),
      series,
    }),
    table: {
      columns: ['path', 'leg', 'venue', 'type', 'ledgers', 'accounts', 'in', 'out', 'fee'],
      rows: legRows,
    },
  };
  const steps = protocolSteps(plan);
  const stepLanes = [...new Set(steps.map((step) => step.lane))];
  const stepSeries: ScatterSeriesOption = {
    type: 'scatter',
    name: plan.protocol,
    symbolSize: 16,
    data: steps.map((step, i) => ({
      value: [step.order, step.lane],
      label: {
        show: true,
        position: i % 2 === 0 ? 'top' : 'bottom',
        formatter: step.action.split(':')[0],
      },
    })),
  };
  const stepsChart: Chart = {
    id: 'route-steps',
    title: `Settlement steps (${plan.protocol})`,
    caption:
      'The ledger transactions settlement submits, in order; steps at the same position run in parallel.',
    height: 140 + 90 * stepLanes.length,
    option: baseOption({
      xAxis: {
        type: 'value',
        name: 'order',
        interval: 1,
        min: 0,
        max: Math.max(...steps.map((step) => step.order)) + 1,
      },
      ...laneLayout(stepLanes, 60),
      series: [stepSeries],
    }),
    table: {
      columns: ['order', 'ledger', 'action'],
      rows: steps.map((step) => [String(step.order), step.lane, step.action]),
    },
  };
  const summary = `<p>${escapeHtml(
    `${valuer.money(plan.payerAsset, plan.amountIn)} from ${plan.payer} → ${valuer.money(plan.payeeAsset, plan.amountOut)} to ${plan.payee}; cost ${plan.costBps.toFixed(2)} bps; ${plan.ledgers.length} ledger(s); protocol ${plan.protocol}; strategy ${plan.strategy}; expected latency ${(plan.expectedLatencyMs / 1000).toFixed(1)} s.`,
  )}</p><ol class="steps">${steps.map((step) => `<li>${escapeHtml(`${step.lane}: ${step.action}`)}</li>`).join('')}</ol>`;
  return renderPage({
    title: `Route ${plan.payerAsset} → ${plan.payeeAsset}`,
    subtitle: `scenario ${scenario.name}`,
    sections: [{ title: 'Plan', html: summary, charts: [legsChart, stepsChart] }],
  });
}
