import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FsObjectStore } from '../../../shared/adapters/local/fs-object-store.ts';
import { InvalidKeyError, ObjectNotFoundError } from '../../../shared/errors/index.ts';
import { tempDir } from '../../support/tmp.ts';

describe('Class: FsObjectStore', () => {
  it('round-trips objects under <root>/<bucket>/<key> and lists them in key order', async () => {
    const root = await tempDir();
    const store = new FsObjectStore(root);
    await store.put('lake', 'b/2.txt', 'two');
    await store.put('lake', 'a/1.txt', new Uint8Array([49]));
    await store.put('lake', 'a/10.txt', 'ten');

    const keys: string[] = [];
    for await (const o of store.list('lake', 'a/')) keys.push(o.key);

    expect(new TextDecoder().decode(await store.get('lake', 'b/2.txt'))).toBe('two');
    expect(keys).toEqual(['a/1.txt', 'a/10.txt']);
    expect((await store.head('lake', 'a/10.txt'))?.size).toBe(3);
  });

  it('leaves no temporary files behind and overwrites atomically', async () => {
    const root = await tempDir();
    const store = new FsObjectStore(root);
    await store.put('raw', 'x/y.json', '1');
    await store.put('raw', 'x/y.json', '2');

    expect(await readdir(path.join(root, 'raw', 'x'))).toEqual(['y.json']);
    expect(new TextDecoder().decode(await store.get('raw', 'x/y.json'))).toBe('2');
  });

  it('throws ObjectNotFoundError for a missing object and returns undefined from head', async () => {
    const store = new FsObjectStore(await tempDir());

    await expect(store.get('raw', 'missing.json')).rejects.toBeInstanceOf(ObjectNotFoundError);
    await expect(store.getStream('raw', 'missing.json')).rejects.toBeInstanceOf(ObjectNotFoundError);
    expect(await store.head('raw', 'missing.json')).toBeUndefined();
  });

  it.each(['../escape.txt', 'a/../../b', '/etc/passwd', 'a\\b', ''])(
    'refuses the key %j that could escape the bucket',
    async (key) => {
      const store = new FsObjectStore(await tempDir());

      await expect(store.put('raw', key, 'x')).rejects.toBeInstanceOf(InvalidKeyError);
    },
  );

  it('deletes keys and ignores absent ones', async () => {
    const store = new FsObjectStore(await tempDir());
    await store.put('raw', 'a.txt', 'a');
    await store.delete('raw', ['a.txt', 'never.txt']);

    expect(await store.head('raw', 'a.txt')).toBeUndefined();
  });
});
