// What every chart of a report is: an ECharts option (drawn to SVG on the server) and the
// same figures as a table, for reading, copying and checking.
import type { EChartsOption, XAXisComponentOption } from 'echarts';
import type { RunData } from './run-data';

export interface Table {
  columns: string[];
  rows: string[][];
}

export interface Chart {
  /** Unique in the page; also names the downloaded files. */
  id: string;
  title: string;
  /** One sentence: what is drawn, in which units. */
  caption: string;
  option: EChartsOption;
  height: number;
  table: Table;
}

export const CHART_WIDTH = 1000;

/** A series name: the group, prefixed by the run when several runs share the chart. */
export function seriesName(runs: readonly RunData[], run: RunData, group: string): string {
  return runs.length > 1 ? `${run.label} · ${group}` : group;
}

/** A category axis of corridor names, every one labelled, slanted when there are many. */
export function corridorAxis(corridors: string[]): XAXisComponentOption {
  return {
    type: 'category',
    data: corridors,
    axisLabel: { interval: 0, rotate: corridors.length > 4 ? 20 : 0 },
  };
}

/** A chart with one horizontal lane per ledger (timelines, route pictures): grid and lane axis. */
export function laneLayout(lanes: string[], rightPx: number): EChartsOption {
  return {
    grid: { left: 90, right: rightPx, top: 70, bottom: 50, containLabel: true },
    yAxis: { type: 'category', data: lanes, inverse: true },
  };
}

/** Common settings: no animation (a static SVG), a legend on top, room for axis names. */
export function baseOption(option: EChartsOption): EChartsOption {
  return {
    animation: false,
    textStyle: { fontFamily: 'sans-serif' },
    legend: { top: 0, type: 'plain' },
    grid: { left: 70, right: 30, top: 60, bottom: 50, containLabel: true },
    ...option,
  };
}
