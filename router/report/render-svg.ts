// ECharts' server-side SVG renderer. Its element ids and class names carry per-process
// counters (`zr3-…`, `cls-17`), so they are renamed after the chart: the same inputs give the
// same bytes in any process, and charts on one page never share an id.
import * as echarts from 'echarts';
import type { EChartsOption } from 'echarts';

export function renderSvg(
  id: string,
  option: EChartsOption,
  width: number,
  height: number,
): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(option);
    const svg = chart.renderToSVGString().replace(/\bzr\d+-/g, `${id}-`);
    // Class numbers come from a counter shared by every chart of the process: renumber them
    // in order of first use.
    const classes = new Map<string, number>();
    return svg.replace(/-cls-(\d+)\b/g, (_match, n: string) => {
      if (!classes.has(n)) classes.set(n, classes.size);
      return `-cls-${classes.get(n)}`;
    });
  } finally {
    chart.dispose();
  }
}
