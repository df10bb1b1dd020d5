// proxy-from-env ships no types: the one function we use.
declare module 'proxy-from-env' {
  export function getProxyForUrl(url: string | URL): string;
}
