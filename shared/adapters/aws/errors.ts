import { ServiceError } from '../../errors/index.ts';

interface SdkError {
  name?: string;
  $metadata?: { httpStatusCode?: number };
  $retryable?: unknown;
  message?: string;
}

const THROTTLING = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'SlowDown',
  'RequestLimitExceeded',
  'ProvisionedThroughputExceededException',
  'ServiceUnavailable',
  'InternalServerException',
  'InternalError',
  'InternalFailure',
  'TimeoutError',
  'RequestTimeout',
]);

/** True when an SDK error is worth retrying: throttling, 5xx, timeouts, or the SDK says so. */
export function isRetryable(error: unknown): boolean {
  const e = error as SdkError;
  if (e?.$retryable) return true;
  if (e?.name && THROTTLING.has(e.name)) return true;
  const status = e?.$metadata?.httpStatusCode;
  return status === 429 || (status !== undefined && status >= 500);
}

/** Wraps an SDK error in a `ServiceError` that says whether a retry may help. */
export function serviceError(service: string, action: string, error: unknown): ServiceError {
  const e = error as SdkError;
  return new ServiceError(
    service,
    `${action} failed: ${e?.name ?? 'Error'}: ${e?.message ?? String(error)}`,
    {
      retryable: isRetryable(error),
      cause: error,
    },
  );
}

export interface RetryOptions {
  readonly maxAttempts?: number;
  readonly baseMillis?: number;
  readonly capMillis?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

export const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Exponential backoff with full jitter (delay = random(0, min(cap, base·2^attempt))), for the
 * throttling the SDK's own retries did not absorb. Non-retryable errors are thrown at once.
 */
export async function withRetry<T>(work: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const maxAttempts = options.maxAttempts ?? 5;
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  for (let attempt = 0; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!isRetryable(error) || attempt + 1 >= maxAttempts) throw error;
      const ceiling = Math.min(options.capMillis ?? 20_000, (options.baseMillis ?? 200) * 2 ** attempt);
      await sleep(random() * ceiling);
    }
  }
}
