/** xml2js values are strings, {_: text, $: attrs} objects or arrays of those: get the text. */
export function textOf(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return textOf(value[0]);
  if (typeof value === 'object' && '_' in value) return textOf((value as { _: unknown })._);
  return undefined;
}

/** An attribute of an xml2js node, e.g. attrOf(link, 'href'). */
export function attrOf(node: unknown, name: string): string | undefined {
  if (typeof node !== 'object' || node === null) return undefined;
  const attrs = (node as { $?: Record<string, unknown> }).$;
  const value = attrs?.[name];
  return typeof value === 'string' ? value : undefined;
}
