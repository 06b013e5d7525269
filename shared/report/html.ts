/** Escapes text for HTML element content and attribute values. */
export const escapeHtml = (value: unknown): string =>
  String(value ?? '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');

/** Formats numbers for people: integers with separators, fractions with 3 significant digits. */
export function formatNumber(value: unknown, digits = 3): string {
  if (typeof value !== 'number' || !Number.isFinite(value))
    return value === null || value === undefined ? '–' : String(value);
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  return Number(value.toPrecision(digits)).toLocaleString('en-US', { maximumFractionDigits: 6 });
}

export interface TableColumn {
  readonly key: string;
  readonly label: string;
  readonly format?: (value: unknown, row: Record<string, unknown>) => string;
}

/** A plain data table; every chart in the report has one beside it. */
export function dataTable(
  rows: readonly Record<string, unknown>[],
  columns: readonly TableColumn[],
  caption: string,
): string {
  const head = columns.map((c) => `<th scope="col">${escapeHtml(c.label)}</th>`).join('');
  const body = rows
    .map(
      (row) =>
        `<tr>${columns
          .map((c) => {
            const value = row[c.key];
            const text = c.format ? c.format(value, row) : formatNumber(value);
            return `<td${typeof value === 'number' ? ' class="num"' : ''}>${escapeHtml(text)}</td>`;
          })
          .join('')}</tr>`,
    )
    .join('\n');
  return `<table><caption>${escapeHtml(caption)}</caption><thead><tr>${head}</tr></thead><tbody>\n${body || `<tr><td colspan="${columns.length}">No data in this window.</td></tr>`}\n</tbody></table>`;
}

export interface Bar {
  readonly label: string;
  readonly value: number;
  readonly highlight?: boolean;
}

/** Horizontal bar chart as inline SVG (no scripts, no external requests). */
export function barChart(
  bars: readonly Bar[],
  options: { title: string; unit: string; max?: number; percent?: boolean },
): string {
  const rowHeight = 26;
  const labelWidth = 190;
  const plotWidth = 420;
  const height = bars.length * rowHeight + 40;
  const max = options.max ?? Math.max(1e-9, ...bars.map((b) => b.value));
  const fmt = (v: number) => (options.percent ? `${(v * 100).toFixed(0)} %` : formatNumber(v));
  const marks = bars
    .map((bar, i) => {
      const y = 10 + i * rowHeight;
      const width = Math.max(1, (bar.value / max) * plotWidth);
      return (
        `<text x="${labelWidth - 8}" y="${y + 16}" text-anchor="end" class="label">${escapeHtml(bar.label)}</text>` +
        `<rect class="mark${bar.highlight ? ' highlight' : ''}" x="${labelWidth}" y="${y + 3}" width="${width.toFixed(1)}" height="${rowHeight - 8}"><title>${escapeHtml(`${bar.label}: ${fmt(bar.value)}`)}</title></rect>` +
        `<text x="${labelWidth + width + 6}" y="${y + 16}" class="value">${escapeHtml(fmt(bar.value))}</text>`
      );
    })
    .join('');
  const axisY = height - 22;
  return (
    `<svg role="img" aria-label="${escapeHtml(options.title)}" viewBox="0 0 ${labelWidth + plotWidth + 80} ${height}" width="100%">` +
    `<title>${escapeHtml(options.title)}</title>${marks}` +
    `<line x1="${labelWidth}" y1="${axisY}" x2="${labelWidth + plotWidth}" y2="${axisY}" class="axis"/>` +
    `<text x="${labelWidth}" y="${axisY + 16}" class="tick">0</text>` +
    `<text x="${labelWidth + plotWidth}" y="${axisY + 16}" text-anchor="end" class="tick">${escapeHtml(fmt(max))}</text>` +
    `<text x="${labelWidth + plotWidth / 2}" y="${axisY + 16}" text-anchor="middle" class="axis-label">${escapeHtml(options.unit)}</text>` +
    `</svg>`
  );
}
