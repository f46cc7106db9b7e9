// The HTML page around the charts: one self-contained file (styles and a small script inline,
// no fetches), each chart as server-rendered SVG with its table and SVG/PNG download buttons.
// The script only adds hover labels, legend toggles and the downloads; everything is readable
// without it. Nothing in the page depends on when or where it was built.
import { type Chart, CHART_WIDTH } from './chart';
import { renderSvg } from './render-svg';

export interface Section {
  title: string;
  /** Trusted HTML placed before the charts (built with `escapeHtml`). */
  html?: string;
  charts: Chart[];
}

export interface Page {
  title: string;
  subtitle: string;
  sections: Section[];
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function tableHtml(
  columns: readonly string[],
  rows: readonly string[][],
  attributes = '',
): string {
  const head = columns.map((column) => `<th scope="col">${escapeHtml(column)}</th>`).join('');
  const body = rows
    .map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`)
    .join('\n');
  return `<table${attributes}><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

export function renderPage(page: Page): string {
  const ids = new Set<string>();
  for (const chart of page.sections.flatMap((section) => section.charts)) {
    if (ids.has(chart.id)) throw new Error(`two charts with id ${chart.id}`);
    ids.add(chart.id);
  }
  const toc = page.sections
    .map((section, index) => `<li><a href="#s${index}">${escapeHtml(section.title)}</a></li>`)
    .join('');
  const sections = page.sections
    .map(
      (section, index) =>
        `<section id="s${index}">\n<h2>${escapeHtml(section.title)}</h2>\n${section.html ?? ''}\n${section.charts.map(figure).join('\n')}\n</section>`,
    )
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(page.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1>${escapeHtml(page.title)}</h1><p>${escapeHtml(page.subtitle)}</p><nav><ol>${toc}</ol></nav></header>
<main>
${sections}
</main>
<div class="tip" role="status" hidden></div>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

function figure(chart: Chart): string {
  const id = escapeHtml(chart.id);
  const svg = renderSvg(chart.id, chart.option, CHART_WIDTH, chart.height);
  const tips = JSON.stringify(tooltips(chart)).replace(/</g, '\\u003c');
  return `<figure class="chart" id="chart-${id}" data-chart="${id}">
<figcaption><h3>${escapeHtml(chart.title)}</h3><p>${escapeHtml(chart.caption)}</p></figcaption>
<div class="plot">${svg}</div>
<div class="tools"><button type="button" data-download="svg">Download SVG</button> <button type="button" data-download="png">Download PNG</button></div>
<details><summary>Table</summary>${tableHtml(chart.table.columns, chart.table.rows, ` data-table="${id}"`)}</details>
<script type="application/json" class="tips">${tips}</script>
</figure>`;
}

/** Hover labels by series then data index, from the option itself. */
function tooltips(chart: Chart): string[][] {
  const xAxis = Array.isArray(chart.option.xAxis) ? chart.option.xAxis[0] : chart.option.xAxis;
  const categories: unknown[] =
    xAxis && 'data' in xAxis && Array.isArray(xAxis.data) ? (xAxis.data as unknown[]) : [];
  const series = Array.isArray(chart.option.series) ? chart.option.series : [chart.option.series];
  return series.map((one) => {
    const name = typeof one?.name === 'string' ? `${one.name}: ` : '';
    const data: unknown[] =
      one && 'data' in one && Array.isArray(one.data) ? (one.data as unknown[]) : [];
    return data.map((item, index) => {
      const category = categories[index] === undefined ? '' : `${String(categories[index])} `;
      if (typeof item === 'object' && item !== null && !Array.isArray(item)) {
        const { name: itemName, value } = item as { name?: unknown; value?: unknown };
        return `${name}${String(itemName ?? '')}${value === undefined ? '' : ` ${String(value)}`}`;
      }
      return `${name}${category}${Array.isArray(item) ? item.join(', ') : String(item)}`;
    });
  });
}

const STYLE = `
body{font-family:system-ui,sans-serif;margin:0;color:#222;background:#fafafa}
header{padding:16px 32px;background:#1f3a5f;color:#fff}header p{margin:4px 0}
header a{color:#cfe0ff}nav ol{display:flex;flex-wrap:wrap;gap:4px 20px;padding-left:18px;margin:8px 0 0}
main{padding:8px 32px;max-width:1100px}
section{margin:24px 0}
figure.chart{background:#fff;border:1px solid #ddd;border-radius:6px;margin:16px 0;padding:12px}
figure h3{margin:0 0 4px;font-size:1.05em}figcaption p{margin:0 0 8px;color:#555}
.plot svg{max-width:100%;height:auto}
.tools button{font-size:.85em;margin:4px 4px 4px 0}
table{border-collapse:collapse;font-size:.85em;margin:8px 0}
th,td{border:1px solid #ccc;padding:2px 8px;text-align:left}
td{font-variant-numeric:tabular-nums}
.verdict-clean{color:#1b7a2f}.verdict-bad{color:#b00020}
.off{opacity:.12}
.tip{position:fixed;pointer-events:none;background:#222;color:#fff;padding:4px 8px;border-radius:4px;font-size:.8em;max-width:420px}
`;

// Plain browser JavaScript, kept short: hover labels, legend toggles, SVG/PNG downloads.
const SCRIPT = `
(function(){
var tip=document.querySelector('.tip');
function save(name,blob){var a=document.createElement('a');a.href=URL.createObjectURL(blob);a.download=name;document.body.appendChild(a);a.click();a.remove();setTimeout(function(){URL.revokeObjectURL(a.href)},1000);}
document.querySelectorAll('figure.chart').forEach(function(fig){
  var id=fig.dataset.chart, svg=fig.querySelector('.plot svg');
  var tips=JSON.parse(fig.querySelector('script.tips').textContent);
  function meta(el){return el&&el.getAttribute?{type:el.getAttribute('ecmeta_ssr_type'),series:+el.getAttribute('ecmeta_series_index'),data:+el.getAttribute('ecmeta_data_index')}:{};}
  svg.addEventListener('mousemove',function(e){var m=meta(e.target);var text=m.type==='chart'&&tips[m.series]&&tips[m.series][m.data];
    if(!text){tip.hidden=true;return;}tip.textContent=text;tip.hidden=false;tip.style.left=(e.clientX+12)+'px';tip.style.top=(e.clientY+12)+'px';});
  svg.addEventListener('mouseleave',function(){tip.hidden=true;});
  svg.addEventListener('click',function(e){var m=meta(e.target);if(m.type!=='legend')return;
    svg.querySelectorAll('[ecmeta_ssr_type="chart"][ecmeta_series_index="'+m.series+'"]').forEach(function(el){el.classList.toggle('off');});});
  fig.querySelectorAll('button[data-download]').forEach(function(button){button.addEventListener('click',function(){
    var text=new XMLSerializer().serializeToString(svg), blob=new Blob([text],{type:'image/svg+xml'});
    if(button.dataset.download==='svg')return save(id+'.svg',blob);
    var img=new Image(), w=svg.viewBox.baseVal.width, h=svg.viewBox.baseVal.height;
    img.onload=function(){var c=document.createElement('canvas');c.width=w*2;c.height=h*2;var g=c.getContext('2d');g.fillStyle='#fff';g.fillRect(0,0,c.width,c.height);g.drawImage(img,0,0,c.width,c.height);URL.revokeObjectURL(img.src);c.toBlob(function(png){save(id+'.png',png);},'image/png');};
    img.src=URL.createObjectURL(blob);});});
});
})();
`;
