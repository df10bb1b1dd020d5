import { describe, expect, it } from 'vitest';
import { exitCodeOf } from '../../src/cli/exit-code.js';

describe('exitCodeOf', () => {
  it('means the same for every job: ok 0, failed 1, partial 3, budget 4 (as README documents)', () => {
    expect([exitCodeOf('ok'), exitCodeOf('failed'), exitCodeOf('partial'), exitCodeOf('budget')]).toEqual([0, 1, 3, 4]);
  });
});
