import { lookup } from 'node:dns/promises';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { BeforeRedirectHook } from 'got';
import { isPublicAddress, ipLiteral } from './public-address.js';
import { publicOnlyLookup } from './public-only-lookup.js';
import { proxyAgentFor } from './proxy.js';

/** A redirect the policy does not follow; never retried. */
export class RedirectRefused extends Error {
  constructor(target: URL, why: string) {
    super(`redirect to ${target.origin} refused: ${why} (http.allowPrivateNetworks: true allows it)`);
    this.name = 'RedirectRefused';
  }
}

// Agents of their own for hops that must stay public: every socket in their pools was opened
// through the checking lookup, so keep-alive never reuses an unchecked connection for them.
const lookupPublic = publicOnlyLookup();
const publicOnlyAgents = {
  http: new HttpAgent({ keepAlive: true, lookup: lookupPublic }),
  https: new HttpsAgent({ keepAlive: true, lookup: lookupPublic }),
};

/**
 * got's beforeRedirect hook for one fetch of `configured`. The configured URL is fetched
 * wherever it points (the operator chose it), and so is a redirect to its own origin (or its
 * https upgrade on the same host). Any other hop must reach public addresses only: an IP
 * literal is checked here, a name by the agent's lookup at connect time. With
 * `allowPrivateNetworks` every hop is followed. Each hop also gets the proxy its own URL
 * calls for (NO_PROXY is judged per host, and http → https switches proxy agents).
 */
export function redirectGuard(configured: URL, allowPrivateNetworks: boolean) {
  return async (options: Parameters<BeforeRedirectHook>[0]): Promise<void> => {
    const target = options.url as URL; // got sets it before calling the hook
    const proxy = proxyAgentFor(target.href);
    if (allowPrivateNetworks || sameSite(configured, target)) {
      options.agent = proxy ?? {};
      return;
    }
    const literal = ipLiteral(target.hostname);
    if (literal && !isPublicAddress(literal)) {
      throw new RedirectRefused(target, `${literal} is not a public address`);
    }
    if (proxy) {
      // The proxy resolves the name and opens the connection, so only a check of our own
      // resolution is possible (best effort: a name only the proxy can resolve passes here).
      if (!literal) await refuseIfResolvesPrivate(target);
      options.agent = proxy;
      return;
    }
    options.agent = publicOnlyAgents;
  };
}

function sameSite(configured: URL, target: URL): boolean {
  if (target.origin === configured.origin) return true;
  const upgrade = configured.protocol === 'http:' && target.protocol === 'https:';
  return upgrade && target.hostname === configured.hostname && configured.port === '' && target.port === '';
}

async function refuseIfResolvesPrivate(target: URL): Promise<void> {
  let addresses: { address: string }[];
  try {
    addresses = await lookup(target.hostname, { all: true });
  } catch {
    return;
  }
  const bad = addresses.find((a) => !isPublicAddress(a.address));
  if (bad) throw new RedirectRefused(target, `${target.hostname} resolves to ${bad.address}, not a public address`);
}
