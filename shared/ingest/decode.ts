import { Readable } from 'node:stream';
import { createGunzip, createZstdDecompress } from 'node:zlib';
import type { SourceObject } from './records.ts';

const GZIP_MAGIC = [0x1f, 0x8b];
const ZSTD_MAGIC = [0x28, 0xb5, 0x2f, 0xfd];

const startsWith = (chunk: Uint8Array, magic: readonly number[]) => magic.every((b, i) => chunk[i] === b);

/**
 * Decompresses by content, not by file name: awss3exporter and Segment both write `.gz`/`.zst`
 * suffixes inconsistently, and a wrong suffix should not make a file unreadable.
 */
async function* decoded(open: () => Promise<AsyncIterable<Uint8Array>>): AsyncIterable<Uint8Array> {
  const source = (await open())[Symbol.asyncIterator]();
  const first = await source.next();
  if (first.done) return;
  const head = first.value;
  const rest: AsyncIterable<Uint8Array> = {
    async *[Symbol.asyncIterator]() {
      yield head;
      for (let next = await source.next(); !next.done; next = await source.next()) yield next.value;
    },
  };
  if (startsWith(head, GZIP_MAGIC)) {
    yield* Readable.from(rest).pipe(createGunzip());
  } else if (startsWith(head, ZSTD_MAGIC)) {
    yield* Readable.from(rest).pipe(createZstdDecompress());
  } else {
    yield* rest;
  }
}

/** Splits a byte stream into UTF-8 lines without holding more than one chunk and one line. */
async function* splitLines(chunks: AsyncIterable<Uint8Array>): AsyncIterable<string> {
  const decoder = new TextDecoder('utf-8');
  let carry = '';
  for await (const chunk of chunks) {
    carry += decoder.decode(chunk, { stream: true });
    let newline = carry.indexOf('\n');
    let start = 0;
    while (newline !== -1) {
      yield carry.slice(start, newline).replace(/\r$/, '');
      start = newline + 1;
      newline = carry.indexOf('\n', start);
    }
    carry = carry.slice(start);
  }
  carry += decoder.decode();
  if (carry !== '') yield carry.replace(/\r$/, '');
}

/** A `SourceObject` over a lazily opened byte stream (re-opened for each read). */
export function sourceObject(key: string, open: () => Promise<AsyncIterable<Uint8Array>>): SourceObject {
  return {
    key,
    lines: () => splitLines(decoded(open)),
    async text() {
      const parts: Buffer[] = [];
      for await (const chunk of decoded(open)) parts.push(Buffer.from(chunk));
      return Buffer.concat(parts).toString('utf8');
    },
  };
}
