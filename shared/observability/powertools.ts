import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';

/**
 * One logger, one metrics and one tracer for the whole process, built once at module load
 * (Lambda cold start) and imported wherever needed. Settings come from the POWERTOOLS_* environment.
 */
const serviceName = process.env.POWERTOOLS_SERVICE_NAME ?? 'odigos-data-hub';

export const logger = new Logger({ serviceName });
export const metrics = new Metrics({
  serviceName,
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'OdigosDataHub',
});
export const tracer = new Tracer({ serviceName });
