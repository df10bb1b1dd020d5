import { describe, expect, it } from 'vitest';
import { migrations } from '../../src/db/migrations/index.js';
import { SCHEMA_VERSION } from '../../src/db/schema-version.js';

describe('schema version', () => {
  it('equals the number of migrations (add one, bump the other)', () => {
    expect(SCHEMA_VERSION).toBe(migrations.length);
  });
});
