/**
 * Charts as SVG text, drawn by pure functions: the app shows the string and the evaluation report
 * embeds the same string (with a PNG made from it), so what the evaluator sees is what is printed.
 * Plain SVG 1.1 (rect, path, text; no CSS, no scripts), so Word, WPS, LibreOffice, resvg and the
 * browser all draw it alike. Every label is XML-escaped: titles and issuers come from outside files.
 */

export interface ChartDatum {
  label: string;
  value: number;
}

export interface ChartSvg {
  svg: string;
  width: number;
  height: number;
  /** A text alternative: the title and every datum. */
  alt: string;
}

/** The font stack: the Windows fonts a government desktop has, then the Linux ones. */
export const CHART_FONT = "'Microsoft YaHei', 'SimHei', 'Noto Sans CJK SC', 'Source Han Sans SC', sans-serif";

/** A palette that prints distinguishably in grey too. */
export const CHART_COLORS = ['#2f5597', '#c55a11', '#548235', '#7f6000', '#7030a0', '#1f7a8c', '#a5a5a5'];

export function escapeXml(s: string): string {
  return s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);
}

/** Drops characters XML 1.0 does not allow (control characters from a damaged file's title). */
// eslint-disable-next-line no-control-regex
const clean = (s: string): string => s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '');

/** Width of a label in em: CJK and full-width characters count 1, others about 0.55. */
export function textEm(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u2e80-\uffff]/.test(ch) ? 1 : 0.55;
  return w;
}

/** A label shortened to at most `em` wide, with an ellipsis when cut. */
export function fitLabel(s: string, em: number): string {
  const text = clean(s).trim();
  if (textEm(text) <= em) return text;
  let out = '';
  for (const ch of text) {
    if (textEm(out + ch) > em - 1) break;
    out += ch;
  }
  return `${out}…`;
}

const num = (n: number): string => String(Math.round(n * 100) / 100);

function frame(width: number, height: number, title: string, body: string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${escapeXml(CHART_FONT)}">`,
    `<title>${escapeXml(clean(title))}</title>`,
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${width / 2}" y="28" font-size="18" font-weight="bold" text-anchor="middle" fill="#000000">${escapeXml(fitLabel(title, (width - 20) / 18))}</text>`,
    ...body,
    '</svg>',
  ].join('\n');
}

const altOf = (title: string, data: readonly ChartDatum[], unit: string): string =>
  `${title}：${data.length ? data.map((d) => `${d.label} ${d.value}${unit}`).join('；') : '暂无数据'}`;

export interface BarChartOptions {
  title: string;
  data: readonly ChartDatum[];
  /** Unit after each value, e.g. 处 or 份. */
  unit?: string;
  width?: number;
  /** At most this many bars; the rest are summed into “其他”. */
  max?: number;
}

/** A horizontal bar chart (long Chinese labels read best on the left). */
export function barChartSvg({ title, data, unit = '', width = 600, max = 12 }: BarChartOptions): ChartSvg {
  let rows = data.filter((d) => Number.isFinite(d.value) && d.value >= 0);
  if (rows.length > max) {
    const rest = rows.slice(max - 1).reduce((n, d) => n + d.value, 0);
    rows = [...rows.slice(0, max - 1), { label: '其他', value: rest }];
  }
  const fontSize = 13;
  const barH = 22;
  const gap = 10;
  const top = 48;
  const labelEm = 12;
  const labelW = Math.ceil(labelEm * fontSize) + 12;
  const valueW = 64;
  const plotW = width - labelW - valueW - 20;
  const height = top + Math.max(1, rows.length) * (barH + gap) + 16;
  const peak = Math.max(0, ...rows.map((d) => d.value));
  const body: string[] = [];
  if (!rows.length || peak === 0) {
    body.push(
      `<text x="${width / 2}" y="${top + barH}" font-size="${fontSize}" text-anchor="middle" fill="#666666">暂无数据</text>`,
    );
  }
  body.push(
    `<line x1="${labelW + 10}" y1="${top - 6}" x2="${labelW + 10}" y2="${height - 12}" stroke="#808080" stroke-width="1"/>`,
  );
  rows.forEach((d, i) => {
    const y = top + i * (barH + gap);
    const w = peak > 0 ? Math.max(d.value > 0 ? 2 : 0, (plotW * d.value) / peak) : 0;
    const color = CHART_COLORS[0];
    body.push(
      `<g data-label="${escapeXml(clean(d.label))}" data-value="${d.value}">`,
      `<text x="${labelW}" y="${num(y + barH / 2 + fontSize / 2 - 2)}" font-size="${fontSize}" text-anchor="end" fill="#000000">${escapeXml(fitLabel(d.label, labelEm))}</text>`,
      `<rect x="${labelW + 10}" y="${y}" width="${num(w)}" height="${barH}" fill="${color}"/>`,
      `<text x="${num(labelW + 16 + w)}" y="${num(y + barH / 2 + fontSize / 2 - 2)}" font-size="${fontSize}" fill="#000000">${d.value}${escapeXml(unit)}</text>`,
      '</g>',
    );
  });
  return { svg: frame(width, height, title, body), width, height, alt: altOf(title, rows, unit) };
}

export interface PieChartOptions {
  title: string;
  data: readonly ChartDatum[];
  unit?: string;
  width?: number;
  colors?: readonly string[];
}

/** A pie chart with a legend (label, value and share) on the right. */
export function pieChartSvg({ title, data, unit = '', width = 600, colors = CHART_COLORS }: PieChartOptions): ChartSvg {
  const rows = data.filter((d) => Number.isFinite(d.value) && d.value >= 0);
  const total = rows.reduce((n, d) => n + d.value, 0);
  const r = 90;
  const cx = 40 + r;
  const cy = 48 + r;
  const height = Math.max(cy + r + 20, 48 + rows.length * 28 + 20);
  const body: string[] = [];
  if (total === 0) {
    body.push(
      `<circle cx="${cx}" cy="${cy}" r="${r}" fill="none" stroke="#a5a5a5" stroke-width="1"/>`,
      `<text x="${cx}" y="${cy + 5}" font-size="13" text-anchor="middle" fill="#666666">暂无数据</text>`,
    );
  }
  let angle = -Math.PI / 2;
  rows.forEach((d, i) => {
    const color = colors[i % colors.length]!;
    if (total > 0 && d.value > 0) {
      const sweep = (2 * Math.PI * d.value) / total;
      let shape: string;
      if (d.value === total) {
        shape = `<circle cx="${cx}" cy="${cy}" r="${r}" fill="${color}" stroke="#ffffff" stroke-width="1"/>`;
      } else {
        const [x1, y1] = [cx + r * Math.cos(angle), cy + r * Math.sin(angle)];
        const [x2, y2] = [cx + r * Math.cos(angle + sweep), cy + r * Math.sin(angle + sweep)];
        shape = `<path d="M ${cx} ${cy} L ${num(x1)} ${num(y1)} A ${r} ${r} 0 ${sweep > Math.PI ? 1 : 0} 1 ${num(x2)} ${num(y2)} Z" fill="${color}" stroke="#ffffff" stroke-width="1"/>`;
      }
      body.push(`<g data-label="${escapeXml(clean(d.label))}" data-value="${d.value}">${shape}</g>`);
      angle += sweep;
    }
    const ly = 60 + i * 28;
    const lx = cx + r + 40;
    const share = total ? `${Math.round((1000 * d.value) / total) / 10}%` : '—';
    body.push(
      `<rect x="${lx}" y="${ly - 12}" width="14" height="14" fill="${color}"/>`,
      `<text x="${lx + 22}" y="${ly}" font-size="13" fill="#000000">${escapeXml(fitLabel(d.label, 14))}\u3000${d.value}${escapeXml(unit)}（${share}）</text>`,
    );
  });
  return { svg: frame(width, height, title, body), width, height, alt: altOf(title, rows, unit) };
}
