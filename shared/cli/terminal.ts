import type { Log, Progress } from '../ports/index.ts';

/**
 * Progress on stderr: a redrawn bar on a terminal, a line every 10 % otherwise (CI logs, pipes),
 * so long work always shows it is moving.
 */
export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  let label = '';
  let total = 0;
  let done = 0;
  let started = 0;
  let lastDecile = -1;
  const draw = () => {
    const fraction = total > 0 ? Math.min(1, done / total) : 1;
    if (stream.isTTY) {
      const width = 30;
      const filled = Math.round(fraction * width);
      stream.write(
        `\r${label.padEnd(18)} [${'█'.repeat(filled)}${' '.repeat(width - filled)}] ${done}/${total}`,
      );
    } else {
      const decile = Math.floor(fraction * 10);
      if (decile !== lastDecile && total > 1) {
        lastDecile = decile;
        stream.write(`${label}: ${done}/${total}\n`);
      }
    }
  };
  return {
    start(newLabel, newTotal) {
      label = newLabel;
      total = newTotal;
      done = 0;
      lastDecile = -1;
      started = performance.now();
      if (total > 1) draw();
    },
    tick(count = 1) {
      done += count;
      draw();
    },
    done(summary) {
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      if (stream.isTTY && total > 1) stream.write('\n');
      stream.write(`✔ ${label} (${seconds} s)${summary ? `: ${summary}` : ''}\n`);
    },
  };
}

/** Human-readable log for the CLI: warnings and errors on stderr, info only when verbose. */
export function terminalLog(verbose: boolean): Log {
  const line = (level: string, message: string, extra: unknown[]) => {
    const details = extra.length ? ` ${extra.map((e) => JSON.stringify(e)).join(' ')}` : '';
    process.stderr.write(`${level} ${message}${details}\n`);
  };
  return {
    debug: (m, ...e) => verbose && line('debug', m, e),
    info: (m, ...e) => verbose && line('info ', m, e),
    warn: (m, ...e) => line('warn ', m, e),
    error: (m, ...e) => line('error', m, e),
  };
}

/** Prints rows as an aligned text table (numbers right-aligned). */
export function formatTable(rows: readonly Record<string, unknown>[], columns?: readonly string[]): string {
  const names = columns ?? (rows[0] ? Object.keys(rows[0]) : []);
  if (names.length === 0) return '(no rows)';
  const cell = (v: unknown) =>
    v === null || v === undefined
      ? ''
      : typeof v === 'number' && !Number.isInteger(v)
        ? String(Number(v.toPrecision(6)))
        : typeof v === 'object'
          ? JSON.stringify(v)
          : String(v);
  const cells = rows.map((r) => names.map((n) => cell(r[n])));
  const widths = names.map((n, i) => Math.min(60, Math.max(n.length, ...cells.map((c) => c[i]!.length))));
  const numeric = names.map(
    (n) => rows.length > 0 && rows.every((r) => r[n] === null || typeof r[n] === 'number'),
  );
  const fmt = (values: string[]) =>
    values
      .map((v, i) =>
        v.length > widths[i]!
          ? `${v.slice(0, widths[i]! - 1)}…`
          : numeric[i]
            ? v.padStart(widths[i]!)
            : v.padEnd(widths[i]!),
      )
      .join('  ');
  return [
    fmt([...names]),
    widths.map((w) => '─'.repeat(w)).join('  '),
    ...cells.map(fmt),
    `(${rows.length} rows)`,
  ].join('\n');
}
