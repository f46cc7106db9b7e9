// The settlement timeline of one payment, from its events: a lane per ledger, each hold as a bar
// from placed to resolved with a mark for how it ended (claimed, refunded, committed, aborted),
// and a dashed line from there to its expiry (HTLC) or deadline (2PC): the margin left. An
// atomic payment is one batch on one lane. Requote attempts follow on the same lanes.
import type { LineSeriesOption, ScatterSeriesOption } from 'echarts';
import type { EventRow } from '../../simulation/events';
import { baseOption, type Chart, laneLayout } from '../chart';

const MARKS: Record<string, { label: string; symbol: string; color: string }> = {
  placed: { label: 'hold placed', symbol: 'circle', color: '#5470c6' },
  claim: { label: 'claimed', symbol: 'diamond', color: '#3ba272' },
  commit: { label: 'committed', symbol: 'diamond', color: '#3ba272' },
  refund: { label: 'refunded', symbol: 'triangle', color: '#ee6666' },
  abort: { label: 'aborted', symbol: 'triangle', color: '#ee6666' },
  failed: { label: 'hold failed', symbol: 'rect', color: '#9a60b4' },
  batch: { label: 'batch committed', symbol: 'diamond', color: '#3ba272' },
  'batch-failed': { label: 'batch not applied', symbol: 'rect', color: '#9a60b4' },
  expiry: { label: 'expiry / deadline', symbol: 'pin', color: '#fac858' },
};

interface Hold {
  ledger: string;
  placedMs: number | null;
  resolvedMs: number | null;
  limitMs: number | null;
}

export function timelineChart(
  payment: string,
  events: readonly EventRow[],
  id: string,
  runLabel: string,
): Chart | null {
  const accepted = events.filter((event) => event.event === 'accepted');
  if (accepted.length === 0) return null;
  const originMs = Number(events[0]!.at_ms);
  const t = (atMs: string): number => Number(atMs) - originMs;
  const lanes = [...new Set(accepted.map((event) => event.ledger))];
  const holds = new Map<string, Hold>();
  const marks = new Map<string, Array<[number, string]>>();
  const mark = (kind: string, x: number, lane: string) => {
    const list = marks.get(kind) ?? [];
    list.push([x, lane]);
    marks.set(kind, list);
  };
  const decisions: Array<{ x: number; label: string }> = [];
  const batchLane = new Map<string, string>();
  for (const event of events) {
    const hold = event.hold ? holds.get(event.hold) : undefined;
    if (event.event === 'accepted' && event.hold) {
      const limit = event.expires_at_ms || event.deadline_ms;
      holds.set(event.hold, {
        ledger: event.ledger,
        placedMs: null,
        resolvedMs: null,
        limitMs: limit ? t(limit) : null,
      });
    } else if (event.event === 'accepted') batchLane.set(event.payment, event.ledger);
    else if (event.event === 'hold-placed' && hold) {
      hold.placedMs = t(event.at_ms);
      mark('placed', hold.placedMs, hold.ledger);
    } else if (event.event === 'hold-failed' && hold) mark('failed', t(event.at_ms), hold.ledger);
    else if (event.event === 'resolved' && hold) {
      hold.resolvedMs = t(event.at_ms);
      mark(event.action, hold.resolvedMs, hold.ledger);
    } else if (event.event === 'decision')
      decisions.push({ x: t(event.at_ms), label: `decision: ${event.action}` });
    else if (event.event === 'done' && batchLane.has(event.payment))
      mark(
        event.outcome === 'settled' ? 'batch' : 'batch-failed',
        t(event.at_ms),
        batchLane.get(event.payment)!,
      );
  }
  // Expiries usually lie far beyond the activity: the axis ends a little after the last step,
  // and a margin running past it is labelled with its length instead.
  const lastStepMs = Math.max(
    0,
    ...[...marks.values()].flat().map(([x]) => x),
    ...decisions.map((decision) => decision.x),
  );
  const axisEndMs = roundUp(Math.max(10, lastStepMs * 1.3));
  for (const hold of holds.values())
    if (hold.limitMs !== null && hold.limitMs <= axisEndMs)
      mark('expiry', hold.limitMs, hold.ledger);

  const series: Array<LineSeriesOption | ScatterSeriesOption> = [];
  for (const hold of holds.values()) {
    if (hold.placedMs === null) continue;
    const endMs = hold.resolvedMs ?? hold.placedMs;
    series.push({
      type: 'line',
      name: 'hold open',
      data: [
        [hold.placedMs, hold.ledger],
        [endMs, hold.ledger],
      ],
      lineStyle: { width: 8, color: '#91cc75' },
      itemStyle: { color: '#91cc75' },
      showSymbol: false,
    });
    if (hold.limitMs !== null)
      series.push({
        type: 'line',
        name: 'margin left',
        data: [
          [endMs, hold.ledger],
          [Math.min(hold.limitMs, axisEndMs), hold.ledger],
        ],
        endLabel: {
          show: hold.limitMs > axisEndMs,
          formatter: `${((hold.limitMs - endMs) / 1000).toFixed(1)} s left →`,
        },
        lineStyle: { type: 'dashed', color: '#fac858' },
        itemStyle: { color: '#fac858' },
        showSymbol: false,
      });
  }
  for (const [kind, points] of [...marks.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const style = MARKS[kind] ?? { label: kind, symbol: 'circle', color: '#73c0de' };
    series.push({
      type: 'scatter',
      name: style.label,
      symbol: style.symbol,
      symbolSize: 14,
      itemStyle: { color: style.color },
      data: points,
    });
  }
  if (decisions.length > 0 && series[0]) {
    series[0].markLine = {
      symbol: 'none',
      lineStyle: { color: '#333', type: 'dotted' },
      label: { formatter: '{b}', position: 'end' },
      data: decisions.map((decision) => ({ name: decision.label, xAxis: decision.x })),
    };
  }
  const last = [...events].reverse().find((event) => event.event === 'done');
  const protocol = accepted[0]!.protocol;
  return {
    id,
    title: `Settlement of ${payment} (${protocol}, ${last?.outcome ?? 'unfinished'})${runLabel ? ` — ${runLabel}` : ''}`,
    caption:
      'Each ledger a lane; ms from acceptance. Bars: holds open; dashed: margin left to expiry or deadline (its length where it runs past the axis).',
    height: 140 + 60 * lanes.length,
    option: baseOption({
      ...laneLayout(lanes, 110),
      xAxis: {
        type: 'value',
        name: 'ms since accepted',
        nameLocation: 'middle',
        nameGap: 30,
        min: 0,
        max: axisEndMs,
      },
      series,
    }),
    table: {
      columns: [
        'ms',
        'attempt',
        'event',
        'ledger',
        'hold',
        'action / outcome',
        'expires / deadline (ms)',
        'detail',
      ],
      rows: events.map((event) => [
        String(t(event.at_ms)),
        event.payment,
        event.event,
        event.ledger,
        event.hold,
        event.action || event.outcome,
        event.expires_at_ms
          ? String(t(event.expires_at_ms))
          : event.deadline_ms
            ? String(t(event.deadline_ms))
            : '',
        event.detail,
      ]),
    },
  };
}

/** Up to the next half power of ten (11,377 → 15,000), for a readable axis end. */
function roundUp(value: number): number {
  const step = 10 ** Math.floor(Math.log10(value)) / 2;
  return Math.ceil(value / step) * step;
}
