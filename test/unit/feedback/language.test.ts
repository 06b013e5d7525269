import { describe, expect, it } from 'vitest';
import { detectLanguage } from '../../../shared/feedback/language.ts';

describe('Function: detectLanguage', () => {
  it('says en for English prose and null for other scripts, other languages and too little text', () => {
    expect(detectLanguage('The collector restarts every hour on our cluster')).toBe('en');
    expect(detectLanguage('LGTM')).toBe('en');
    expect(detectLanguage('インストルメンテーションが動きません')).toBeNull();
    expect(detectLanguage('Die Instrumentierung funktioniert leider gar nicht mehr seit gestern')).toBeNull();
    expect(detectLanguage('👍')).toBeNull();
  });

  it('judges the prose, not the code around it', () => {
    expect(detectLanguage('```\nimport os\n```')).toBeNull();
    expect(detectLanguage('Danke schön, es geht jetzt\n```\nthe code is in English\n```')).toBeNull();
  });
});
