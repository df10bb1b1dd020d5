import type { Agent } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import { HttpProxyAgent, HttpsProxyAgent } from 'hpagent';
import { getProxyForUrl } from 'proxy-from-env';

const agents = new Map<string, Agent | HttpsAgent>();

/**
 * got agents for a URL when HTTP_PROXY / HTTPS_PROXY (or ALL_PROXY) say to use a proxy and
 * NO_PROXY does not exempt the host; undefined to go direct. One keep-alive agent per proxy.
 */
export function proxyAgentFor(url: string): { http: Agent } | { https: HttpsAgent } | undefined {
  const proxy = getProxyForUrl(url);
  if (!proxy) return undefined;
  const https = url.startsWith('https:');
  const key = `${https ? 'https' : 'http'} ${proxy}`;
  let agent = agents.get(key);
  if (!agent) {
    const options = { proxy, keepAlive: true };
    agent = https ? new HttpsProxyAgent(options) : new HttpProxyAgent(options);
    agents.set(key, agent);
  }
  return https ? { https: agent as HttpsAgent } : { http: agent };
}

/** True when the environment names a proxy at all (then fetch-based clients get one too). */
export function proxyConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  return ['HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY'].some((k) => env[k] || env[k.toLowerCase()]);
}

let outbound: Promise<typeof fetch> | undefined;

/**
 * The fetch for the OpenAI SDK, alerts and healthcheck pings: Node's own, or, when the
 * environment names a proxy, undici's fetch through its EnvHttpProxyAgent (which honours
 * HTTP_PROXY, HTTPS_PROXY and NO_PROXY). undici loads only when a proxy is configured.
 */
export function outboundFetch(): Promise<typeof fetch> {
  outbound ??= proxyConfigured()
    ? import('undici').then(({ EnvHttpProxyAgent, fetch: undiciFetch }) => {
        const dispatcher = new EnvHttpProxyAgent();
        return ((input: Parameters<typeof fetch>[0], init?: RequestInit) =>
          undiciFetch(input as never, { ...(init as object), dispatcher } as never)) as unknown as typeof fetch;
      })
    : Promise.resolve(fetch);
  return outbound;
}
