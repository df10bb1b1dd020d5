/**
 * A named export of a dynamically imported package, wherever the build put it: on the module
 * itself (Node's own loader, tests), or under one or two `default` layers (the bundle turns an
 * ES chunk that imports a CommonJS package into CommonJS, which wraps its exports again).
 * Throws when it is not there, naming it, rather than letting `undefined` be called.
 */
export function exported<T>(mod: unknown, name: string): T {
  let layer: unknown = mod;
  for (let depth = 0; depth < 3 && layer !== null && typeof layer === 'object'; depth++) {
    const value = (layer as Record<string, unknown>)[name];
    if (value !== undefined) return value as T;
    layer = (layer as Record<string, unknown>).default;
  }
  throw new Error(`the loaded module has no export "${name}"`);
}
