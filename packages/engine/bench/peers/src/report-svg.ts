/**
 * The bar chart of a run: one group per case, one bar per tool, height the ratio to the
 * hand-written gradient on a log scale. Built as a string: the chart libraries on npm that draw
 * SVG either need a DOM (d3, Plot, Chartist, frappe) or bring dozens of packages (vega), and a
 * bar chart is a few rectangles.
 */
import { caseLabel, formatSize, problemName, tools, type ToolName } from './cases.js';
import type { PeerRun } from './measurement.js';
import { casesOf, columnTitle, find, formatRatio } from './report-md.js';

const colors: Record<ToolName, string> = {
  hand: '#9e9e9e',
  'pullback eager': '#6baed6',
  'pullback prepared': '#08519c',
  'tfjs cpu': '#f28e2b',
  'jax-js jit': '#59a14f',
};

const escape = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const bar = 16;
const groupGap = 28;
const left = 84;
const top = 78;
const plotHeight = 340;
const bottom = 70;

/** The SVG chart of `run`. */
export function svg(run: PeerRun): string {
  const present = tools.filter((t) => run.measurements.some((m) => m.tool === t));
  const groups = casesOf(run);
  const ratios = run.measurements.flatMap((m) =>
    m.status === 'ok' && m.timing ? [m.timing.ratio] : [],
  );
  const lo = Math.min(-1, Math.floor(Math.log10(Math.min(...ratios, 1))));
  // Headroom of half a decade above the tallest bar for its label.
  const hi = Math.max(1, Math.ceil(Math.log10(Math.max(...ratios, 10)) + 0.5));
  const y = (r: number): number => top + plotHeight * (1 - (Math.log10(r) - lo) / (hi - lo));
  // Wide enough for the labels under a group, and for the title however few groups there are.
  const groupWidth = Math.max(110, present.length * bar + groupGap);
  const width = Math.max(960, left + groups.length * groupWidth + 20);
  const height = top + plotHeight + bottom;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" ` +
      `viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="${left}" y="20" font-size="14" font-weight="bold">Gradient time / hand-written ` +
      `gradient time (log scale, lower is better)</text>`,
    `<text x="${left}" y="38" fill="#555">${escape(subtitle(run))}</text>`,
  ];
  present.forEach((t, i) => {
    const x = left + i * 150;
    out.push(
      `<rect x="${x}" y="50" width="12" height="12" fill="${colors[t]}"/>`,
      `<text x="${x + 16}" y="60">${escape(columnTitle[t])}</text>`,
    );
  });
  for (let e = lo; e <= hi; e++) {
    const yy = y(10 ** e).toFixed(1);
    const stroke = e === 0 ? '#333' : '#ddd';
    out.push(
      `<line x1="${left}" x2="${width - 20}" y1="${yy}" y2="${yy}" stroke="${stroke}"/>`,
      `<text x="${left - 6}" y="${yy}" dy="4" text-anchor="end">${axisLabel(e)}</text>`,
    );
  }
  groups.forEach((c, g) => {
    const x0 = left + g * groupWidth + (groupWidth - present.length * bar) / 2;
    present.forEach((t, i) => {
      const m = find(run, c, t);
      const x = x0 + i * bar;
      const label = `${caseLabel(c)}, ${t}`;
      if (m?.status === 'ok' && m.timing) {
        const yy = y(m.timing.ratio);
        const h = top + plotHeight - yy;
        out.push(
          `<rect x="${x}" y="${yy.toFixed(1)}" width="${bar - 2}" height="${h.toFixed(1)}" ` +
            `fill="${colors[t]}"><title>${escape(`${label}: ${formatRatio(m.timing.ratio)}`)}` +
            `</title></rect>`,
          rotated(x + bar / 2 + 3, yy - 3, formatRatio(m.timing.ratio), '#000'),
        );
      } else if (m) {
        out.push(rotated(x + bar / 2 + 3, top + plotHeight - 3, m.status, '#999'));
      }
    });
    const cx = x0 + (present.length * bar) / 2;
    const lines = [problemName(c.problem), c.style, `n = ${formatSize(c.n)}`];
    lines.forEach((line, k) =>
      out.push(
        `<text x="${cx}" y="${top + plotHeight + 18 + 14 * k}" text-anchor="middle">` +
          `${escape(line)}</text>`,
      ),
    );
  });
  out.push('</svg>', '');
  return out.join('\n');
}

/** `0.1x`, `1x`, `1,000x`: the label of the gridline at 10^e. */
function axisLabel(e: number): string {
  return e < 0 ? `${Number((10 ** e).toPrecision(1))}x` : `${(10 ** e).toLocaleString('en-US')}x`;
}

function rotated(x: number, y: number, text: string, fill: string): string {
  return (
    `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" transform="rotate(-90 ${x.toFixed(1)} ` +
    `${y.toFixed(1)})" font-size="10" fill="${fill}">${escape(text)}</text>`
  );
}

function subtitle(run: PeerRun): string {
  const { machine: mc, loadAtStart: a, loadAtEnd: b } = run;
  return (
    `${a.at.slice(0, 10)}, ${mc.cpu}, ${mc.cores} cores, Node ${mc.node}; load average ` +
    `${a.loadAverage[0]} at start, ${b.loadAverage[0]} at end. Every bar a process of its own.`
  );
}
