import type { LookupAddress } from 'node:dns';
import { describe, expect, it } from 'vitest';
import { ipLiteral, isPublicAddress } from '../../src/http/public-address.js';
import { type LookupFunction, PrivateAddressError, publicOnlyLookup } from '../../src/http/public-only-lookup.js';

describe('isPublicAddress', () => {
  it.each([
    '127.0.0.1',
    '127.255.255.254',
    '10.0.0.1',
    '10.255.255.255',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.0.1',
    '192.168.255.255',
    '169.254.169.254',
    '169.254.0.1',
    '100.64.0.1',
    '100.127.255.255',
    '0.0.0.0',
    '0.1.2.3',
    '224.0.0.1',
    '255.255.255.255',
    '198.18.0.1',
    '192.0.2.7',
  ])('IPv4 %s is not public', (ip) => {
    expect(isPublicAddress(ip)).toBe(false);
  });

  it.each([
    '::1',
    '::',
    '[::1]',
    'fc00::1',
    'fd12:3456:789a::1',
    'fe80::1',
    'febf:ffff::1',
    'ff02::1',
    '2001:db8::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:10.1.2.3',
    '::ffff:169.254.169.254',
    '::ffff:a9fe:a9fe',
    '64:ff9b::a9fe:a9fe',
    '2002:7f00:1::1',
    '::127.0.0.1',
  ])('IPv6 %s is not public', (ip) => {
    expect(isPublicAddress(ip)).toBe(false);
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '172.15.255.255',
    '172.32.0.1',
    '100.63.255.255',
    '100.128.0.1',
    '169.255.0.1',
    '11.0.0.1',
    '192.169.0.1',
    '2606:4700:4700::1111',
    '2a00:1450:4001::200e',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
    '2002:808:808::1',
    'fe7f::1',
    'fbff::1',
  ])('%s is public', (ip) => {
    expect(isPublicAddress(ip)).toBe(true);
  });

  it('a name or garbage is never public', () => {
    for (const v of ['localhost', 'example.com', '', '1.2.3', '::g', '1::2::3']) expect(isPublicAddress(v)).toBe(false);
  });

  it('reads IP literals the way URL hostnames spell them', () => {
    expect(ipLiteral(new URL('http://[::ffff:127.0.0.1]/').hostname)).toBe('::ffff:7f00:1');
    expect(ipLiteral(new URL('http://2130706433/').hostname)).toBe('127.0.0.1'); // decimal form
    expect(ipLiteral(new URL('http://0x7f.1/').hostname)).toBe('127.0.0.1'); // hex shorthand
    expect(ipLiteral('localhost')).toBeNull();
  });
});

describe('publicOnlyLookup', () => {
  /** A resolver that answers each query with the next answer of the script (no real DNS). */
  function scripted(answers: LookupAddress[][]): LookupFunction {
    let i = 0;
    return (_host, _options, callback) => {
      const answer = answers[Math.min(i++, answers.length - 1)] as LookupAddress[];
      callback(null, answer);
    };
  }
  const lookupOnce = (fn: LookupFunction, all: boolean) =>
    new Promise<{ err: Error | null; address: unknown; family?: number }>((resolve) => {
      fn('feed.example', { all }, (err, address, family) => resolve({ err, address, family }));
    });

  it('passes public answers through in the shape asked for', async () => {
    const fn = publicOnlyLookup(
      scripted([
        [
          { address: '93.184.215.14', family: 4 },
          { address: '2606:2800::1', family: 6 },
        ],
      ]),
    );
    expect(await lookupOnce(fn, false)).toMatchObject({ err: null, address: '93.184.215.14', family: 4 });
    expect((await lookupOnce(fn, true)).address).toHaveLength(2);
  });

  it('refuses when any address of the answer is private, not just the first', async () => {
    const fn = publicOnlyLookup(
      scripted([
        [
          { address: '93.184.215.14', family: 4 },
          { address: '127.0.0.1', family: 4 },
        ],
      ]),
    );
    const { err } = await lookupOnce(fn, false);
    expect(err).toBeInstanceOf(PrivateAddressError);
    expect(err?.message).toBe('feed.example resolves to 127.0.0.1, not a public address');
  });

  it('checks every query, so a name that rebinds to a private address is caught at connect time', async () => {
    const fn = publicOnlyLookup(
      scripted([[{ address: '93.184.215.14', family: 4 }], [{ address: '169.254.169.254', family: 4 }]]),
    );
    expect((await lookupOnce(fn, false)).err).toBeNull();
    expect((await lookupOnce(fn, false)).err).toBeInstanceOf(PrivateAddressError);
  });

  it('resolves localhost (for real) to a private address', async () => {
    const { err } = await new Promise<{ err: Error | null }>((resolve) => {
      publicOnlyLookup()('localhost', {}, (e) => resolve({ err: e }));
    });
    expect(err).toBeInstanceOf(PrivateAddressError);
  });
});
