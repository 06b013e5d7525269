import { describe, expect, it } from 'vitest';
import { surveyResponses, TABLES, uiEvents } from '../../../shared/catalog/tables.ts';
import { validatorFor } from '../../../shared/catalog/validate.ts';

const NOW = Date.parse('2026-06-01T00:00:00Z');
const validEvent = {
  message_id: 'm1',
  event_type: 'track',
  actor_id: 'u1',
  event_time: '2026-05-30T10:00:00.000Z',
  source_key: 'events/a.gz',
};

describe('Function: validatorFor', () => {
  const validate = validatorFor(uiEvents, () => NOW);

  it('accepts a row with the required columns and fills optional ones with null', () => {
    const result = validate(validEvent);

    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(Object.keys(result.row)).toEqual(uiEvents.columns.map((c) => c.name));
      expect(result.row.user_id).toBeNull();
    }
  });

  it('names the missing required field', () => {
    const { message_id: _, ...row } = validEvent;

    expect(validate(row)).toEqual({
      ok: false,
      problem: { field: 'message_id', reason: 'required field is missing' },
    });
  });

  it.each([
    ['event_time', '2031-01-01T00:00:00.000Z', 'in the future'],
    ['event_time', '2018-12-31T23:59:59.000Z', 'before 2019-01-01'],
    ['event_time', 'yesterday', 'ISO-8601'],
    ['click_x', 'left', 'finite number'],
    ['viewport_width', 12.5, 'integer'],
  ])('rejects %s = %j with a reason mentioning "%s"', (field, value, reason) => {
    const result = validate({ ...validEvent, [field]: value });

    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problem.field).toBe(field);
      expect(result.problem.reason).toContain(reason);
    }
  });

  it('drops keys the table does not have', () => {
    const result = validatorFor(
      surveyResponses,
      () => NOW,
    )({
      response_id: 'r',
      scale: 'nps',
      score: 9,
      submitted_at: '2026-05-01T00:00:00Z',
      source_key: 's.csv',
      unexpected: 'x',
    });

    expect(result.ok && 'unexpected' in result.row).toBe(false);
  });

  it('exists for every catalog table', () => {
    for (const table of TABLES)
      expect(table.columns.some((c) => c.name === table.partitionSource)).toBe(true);
  });
});
