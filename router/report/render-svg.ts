// ECharts' server-side SVG renderer. Its element ids and class names carry a per-process
// instance counter (`zr3-…`), so they are renamed after the chart: the same inputs give the
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
    return chart.renderToSVGString().replace(/\bzr\d+-/g, `${id}-`);
  } finally {
    chart.dispose();
  }
}
