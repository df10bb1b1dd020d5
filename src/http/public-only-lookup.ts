import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { isPublicAddress } from './public-address.js';

/** A name resolved to an address that is not public: the connection is never opened. */
export class PrivateAddressError extends Error {
  readonly code = 'ERR_PRIVATE_ADDRESS';

  constructor(
    readonly hostname: string,
    readonly address: string,
  ) {
    super(`${hostname} resolves to ${address}, not a public address`);
    this.name = 'PrivateAddressError';
  }
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;
export type LookupFunction = (hostname: string, options: LookupOptions, callback: LookupCallback) => void;

/**
 * A `lookup` for sockets that may only reach public addresses. The socket connects to
 * exactly the addresses this returns, so checking them here checks the address actually
 * connected to: a name that resolves differently on a second query (DNS rebinding) gets no
 * second query. Every address of the answer must be public, not just the first, since
 * happy eyeballs (autoSelectFamily) may try any of them.
 */
export function publicOnlyLookup(resolve: LookupFunction = dnsLookup as unknown as LookupFunction): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (err, found) => {
      if (err) return callback(err, options.all ? [] : '');
      const addresses = Array.isArray(found) ? found : [{ address: found, family: 0 }];
      const bad = addresses.find((a) => !isPublicAddress(a.address));
      if (bad || addresses.length === 0) {
        return callback(new PrivateAddressError(hostname, bad?.address ?? 'no address'), options.all ? [] : '');
      }
      if (options.all) return callback(null, addresses);
      const first = addresses[0] as LookupAddress;
      callback(null, first.address, first.family);
    });
  };
}
