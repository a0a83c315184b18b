import { describe, expect, it } from 'vitest';
import { parsePlannedPeriod } from '../../../src/commitments/parse-planned-period.js';

describe('parsePlannedPeriod', () => {
  it.each([
    ['T1 2021', '2021-01-01', '2021-03-31'],
    ['T2 2021', '2021-04-01', '2021-06-30'],
    ['T3 2021', '2021-07-01', '2021-09-30'],
    ['T4 2022', '2022-10-01', '2022-12-31'],
    ['t4 2021', '2021-10-01', '2021-12-31'],
    ['2021-Q3', '2021-07-01', '2021-09-30'],
    ['Q3 2021', '2021-07-01', '2021-09-30'],
    ['3e trimestre 2021', '2021-07-01', '2021-09-30'],
    ['3ème trimestre 2021', '2021-07-01', '2021-09-30'],
    ['1er trimestre 2022', '2022-01-01', '2022-03-31'],
    ['S1 2022', '2022-01-01', '2022-06-30'],
    ['S2 2022', '2022-07-01', '2022-12-31'],
    ['1er semestre 2022', '2022-01-01', '2022-06-30'],
    ['second semestre 2021', '2021-07-01', '2021-12-31'],
    ['fin 2021', '2021-10-01', '2021-12-31'],
    ['Fin 2021', '2021-10-01', '2021-12-31'],
    ['début 2022', '2022-01-01', '2022-03-31'],
    ['debut 2022', '2022-01-01', '2022-03-31'],
    ['mi-2022', '2022-04-01', '2022-09-30'],
    ['2022', '2022-01-01', '2022-12-31'],
    ['2021-2022', '2021-01-01', '2022-12-31'],
    ['juin 2021', '2021-06-01', '2021-06-30'],
    ['février 2024', '2024-02-01', '2024-02-29'],
    ['2021-06', '2021-06-01', '2021-06-30'],
    ['06/2021', '2021-06-01', '2021-06-30'],
    ['T3–T4 2021', '2021-07-01', '2021-12-31'],
    ['  T3   2021  ', '2021-07-01', '2021-09-30'],
    ['T4 2021 (inferred: opening announced for Nov 2021)', '2021-10-01', '2021-12-31'],
  ])('reads "%s" as %s..%s', (text, start, end) => {
    const period = parsePlannedPeriod(text);
    expect(period).toMatchObject({ start, end, parseError: null, postponedTo: null });
    expect(period.text).toBe(text.trim());
  });

  it.each([
    ['(opened between 2021-02-05 and 2021-04-29)'],
    ['bientôt'],
    ['T5 2021'],
    ['Q0 2021'],
    ['2021-13'],
    ['T3'],
    ['fin'],
    ['mars'],
    ['T4-T3 2021'],
    ['2022-2021'],
    ['2021 ou 2022'],
    ['13/2021'],
  ])('keeps "%s" unparsed with a parse error, never a guessed interval', (text) => {
    const period = parsePlannedPeriod(text);
    expect(period.text).toBe(text);
    expect(period.start).toBeNull();
    expect(period.end).toBeNull();
    expect(period.parseError).toMatch(/./);
  });

  it('keeps the announced period and notes a postponement ("T2 2021, postponed to T3 2021")', () => {
    expect(parsePlannedPeriod('T2 2021, postponed to T3 2021')).toEqual({
      text: 'T2 2021, postponed to T3 2021',
      start: '2021-04-01',
      end: '2021-06-30',
      parseError: null,
      postponedTo: { text: 'T3 2021', start: '2021-07-01', end: '2021-09-30' },
    });
  });

  it('reads a French postponement ("T2 2021, reporté au T4 2021")', () => {
    const period = parsePlannedPeriod('T2 2021, reporté au T4 2021');
    expect(period.end).toBe('2021-06-30');
    expect(period.postponedTo).toEqual({ text: 'T4 2021', start: '2021-10-01', end: '2021-12-31' });
  });

  it('reports a postponement whose announced period is unreadable', () => {
    const period = parsePlannedPeriod('bientôt, postponed to T3 2021');
    expect(period.end).toBeNull();
    expect(period.parseError).toMatch(/postponement/);
  });

  it.each([[null], [undefined], [''], ['   ']])('treats %j as nothing announced (no error)', (text) => {
    expect(parsePlannedPeriod(text)).toEqual({ text: null, start: null, end: null, parseError: null, postponedTo: null });
  });
});
