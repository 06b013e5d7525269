/**
 * The error hierarchy. Callers branch with `instanceof` and on `retryable`, never on message text.
 * A retryable error is thrown out of batch handlers so the record is retried; a permanent one is
 * recorded (quarantine, alert, failed result) and the work goes on.
 */
export class DataHubError extends Error {
  readonly retryable: boolean;
  constructor(message: string, options: { retryable: boolean; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.retryable = options.retryable;
  }
}

/** Configuration is missing or invalid; fix the environment and start again. */
export class ConfigError extends DataHubError {
  constructor(message: string, cause?: unknown) {
    super(message, { retryable: false, cause });
  }
}

/** An input object cannot be read at all (not gzip, not JSON, unknown prefix): quarantined whole. */
export class UnreadableInputError extends DataHubError {
  readonly sourceKey: string;
  constructor(sourceKey: string, reason: string, cause?: unknown) {
    super(`${sourceKey}: ${reason}`, { retryable: false, cause });
    this.sourceKey = sourceKey;
  }
}

export class ObjectNotFoundError extends DataHubError {
  constructor(bucket: string, key: string, cause?: unknown) {
    super(`No object s3://${bucket}/${key}`, { retryable: false, cause });
  }
}

/** A key that would escape the store (`..`, absolute paths) or is otherwise not a valid key. */
export class InvalidKeyError extends DataHubError {
  constructor(key: string, reason: string) {
    super(`Invalid object key ${JSON.stringify(key)}: ${reason}`, { retryable: false });
  }
}

/** A backing service (S3, Athena, Comprehend, SNS) failed; `retryable` tells whether trying again may help. */
export class ServiceError extends DataHubError {
  readonly service: string;
  constructor(service: string, message: string, options: { retryable: boolean; cause?: unknown }) {
    super(`${service}: ${message}`, options);
    this.service = service;
  }
}

/** A query failed in the engine (syntax, missing table, cancelled, cut off by the bytes-scanned limit). */
export class QueryFailedError extends DataHubError {
  readonly queryName: string;
  constructor(queryName: string, message: string, options: { retryable: boolean; cause?: unknown }) {
    super(`Query ${queryName} failed: ${message}`, options);
    this.queryName = queryName;
  }
}

/** A query did not finish inside the time budget (e.g. the Lambda's remaining time). */
export class QueryTimeoutError extends QueryFailedError {
  constructor(queryName: string, waitedMillis: number) {
    super(queryName, `still running after ${waitedMillis} ms`, { retryable: true });
  }
}

/** A query file is malformed or its parameters do not match its header. */
export class QueryDefinitionError extends DataHubError {
  constructor(message: string) {
    super(message, { retryable: false });
  }
}
