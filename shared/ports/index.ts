export type { Log, Progress } from './logger.ts';
export { noProgress, silentLog } from './logger.ts';
export type { Alert, AlertSeverity, AlertStatus, Notifier, PublishReceipt } from './notifier.ts';
export type { ObjectInfo, ObjectStore, PutOptions } from './object-store.ts';
export type { ParquetEncoder } from './parquet-encoder.ts';
export type {
  BoundParam,
  ParamType,
  QueryEngine,
  QueryRequest,
  QueryResult,
  QueryRow,
  QueryStats,
  QueryValue,
} from './query-engine.ts';
export type {
  Sentiment,
  SentimentScores,
  TextAnalysis,
  TextAnalyzer,
  TextDocument,
} from './text-analyzer.ts';
