import { parserFor } from '../../shared/ingest/parsers/index.ts';
import type { ParsedRecord, SourceObject } from '../../shared/ingest/records.ts';

/** An in-memory source object with already decoded text. */
export const textSource = (key: string, text: string): SourceObject => ({
  key,
  text: async () => text,
  async *lines() {
    yield* text.split('\n');
  },
});

/** Parses `text` with the parser ingest would choose for `key`, collecting every record. */
export async function parseKey(key: string, text: string): Promise<ParsedRecord[]> {
  const parser = parserFor(key);
  if (!parser) throw new Error(`no parser claims ${key}`);
  const out: ParsedRecord[] = [];
  for await (const record of parser.parse(textSource(key, text))) out.push(record);
  return out;
}
