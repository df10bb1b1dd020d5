import { describe, expect, it } from 'vitest';
import { plainNumber, plural, withUnit } from '../../src/core/wording.js';
import { signpostCatalogue } from '../../src/signposts/catalogue.js';

describe('wording', () => {
  it('puts a noun in the number its count needs', () => {
    expect(plural(1, 'day')).toBe('1 day');
    expect(plural(0, 'day')).toBe('0 days');
    expect(plural(2, 'C/D reading')).toBe('2 C/D readings');
    expect(plural(1, 'entry', 'entries')).toBe('1 entry');
    expect(plural(3, 'entry', 'entries')).toBe('3 entries');
  });

  it('writes percent without a space, plural-noun units in the singular for exactly 1', () => {
    expect(withUnit(79.2, '%')).toBe('79.2%');
    expect(withUnit(1, 'orders of magnitude')).toBe('1 order of magnitude');
    expect(withUnit(2, 'orders of magnitude')).toBe('2 orders of magnitude');
    expect(withUnit(1, 'days')).toBe('1 day');
    expect(withUnit(1.0000000001, 'hours')).toBe('1 hour');
    expect(withUnit(2.5, 'days')).toBe('2.5 days');
    expect(withUnit(5, 'GW')).toBe('5 GW');
    expect(withUnit(1486.6, ' Elo')).toBe('1486.6 Elo');
    expect(withUnit(0.29 * 100, '%')).toBe('29%');
  });

  it('reads every unit of the signpost catalogue sensibly', () => {
    for (const s of signpostCatalogue()) {
      for (const v of [0, 1, 2.5]) {
        const text = withUnit(v, s.unit);
        expect(text, s.code).not.toMatch(/ %|^1 (days|hours|minutes|orders)\b|\s$/);
      }
    }
  });

  it('drops float noise and negative zero', () => {
    expect(plainNumber(28.999999999999996)).toBe('29');
    expect(plainNumber(-0.00001)).toBe('0');
    expect(plainNumber(0.575)).toBe('0.575');
  });
});
