import { describe, expect, it } from 'vitest';
import { keyPhrases } from '../../../shared/feedback/key-phrases.ts';

describe('Function: keyPhrases', () => {
  it('ranks repeated multi-word terms first and returns at most five lower-case 1–3-word phrases', () => {
    const phrases = keyPhrases(
      'The Python auto instrumentation fails in the Python auto instrumentation of Django. ' +
        'Django apps, Flask apps and FastAPI apps. The collector gateway and the collector gateway config.',
    );

    expect(phrases.length).toBeLessThanOrEqual(5);
    expect(phrases[0]).toBe('python auto instrumentation');
    expect(phrases).toContain('collector gateway');
    for (const p of phrases) {
      expect(p).toBe(p.toLowerCase());
      expect(p.split(' ').length).toBeLessThanOrEqual(3);
      expect(p.split(' ')).not.toContain('the');
    }
  });

  it('keeps developer words whole and skips opinion words, versions, code and URLs', () => {
    const phrases = keyPhrases(
      'Great work! Node.js and C++ support in v1.2.3 is awesome. ' +
        '```\nTerribleStackFrame at line 3\n```\nSee https://example.com/node-js-guide',
    );

    expect(phrases).toEqual(expect.arrayContaining(['node.js', 'c++ support']));
    expect(phrases.join(' ')).not.toMatch(/great|awesome|v1|terrible|example/);
  });

  it('does not repeat a phrase inside a longer one', () => {
    const phrases = keyPhrases('Gateway collector memory limit for the gateway collector');

    expect(phrases[0]).toBe('gateway collector');
    expect(phrases.filter((p) => p.includes('gateway'))).toHaveLength(1);
  });

  it('returns nothing for empty or code-only text', () => {
    expect(keyPhrases('')).toEqual([]);
    expect(keyPhrases('```\nconst x = 1\n```')).toEqual([]);
  });
});
