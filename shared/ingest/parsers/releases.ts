import { releases } from '../../catalog/tables.ts';
import { bad, clip, isObject, jsonDocumentParser, type SourceParser, str, toIsoUtc } from '../records.ts';

/** GitHub releases API JSON under `releases/`: an array of release objects (drafts are skipped). */
export const releasesParser: SourceParser = jsonDocumentParser({
  name: 'releases',
  tables: [releases.name],
  matches: (key) => key.startsWith('releases/') && key.endsWith('.json'),
  *records(document, key) {
    const items = Array.isArray(document) ? document : [document];
    for (const [i, item] of items.entries()) {
      const position = `[${i}]`;
      if (!isObject(item)) {
        yield bad(position, '$', 'expected a release object', clip(item));
        continue;
      }
      if (item.draft === true) {
        yield { kind: 'skipped', position, reason: 'draft release' };
        continue;
      }
      const tag = str(item.tag_name);
      if (!tag) {
        yield bad(position, 'tag_name', 'missing tag_name', clip(item));
        continue;
      }
      const publishedAt = toIsoUtc(item.published_at ?? item.created_at);
      if (!publishedAt) {
        yield bad(
          position,
          'published_at',
          `not a timestamp: ${JSON.stringify(item.published_at)}`,
          clip(item),
        );
        continue;
      }
      yield {
        kind: 'row',
        table: releases.name,
        position,
        row: {
          tag,
          name: str(item.name),
          published_at: publishedAt,
          prerelease: typeof item.prerelease === 'boolean' ? item.prerelease : null,
          notes: typeof item.body === 'string' ? item.body : null,
          url: str(item.html_url),
          source_key: key,
        },
      };
    }
  },
});
