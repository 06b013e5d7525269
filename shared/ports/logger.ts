/**
 * The slice of a logger the use cases need. Powertools' Logger satisfies it; tests pass a silent one.
 */
export interface Log {
  debug(message: string, ...extra: unknown[]): void;
  info(message: string, ...extra: unknown[]): void;
  warn(message: string, ...extra: unknown[]): void;
  error(message: string, ...extra: unknown[]): void;
}

export const silentLog: Log = { debug() {}, info() {}, warn() {}, error() {} };

/** Progress on long work: the CLI draws a bar, Lambda handlers ignore it. */
export interface Progress {
  start(label: string, total: number): void;
  tick(count?: number): void;
  done(summary?: string): void;
}

export const noProgress: Progress = { start() {}, tick() {}, done() {} };
