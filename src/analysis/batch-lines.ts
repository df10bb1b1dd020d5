/** One line of a batch's output or error file, as far as collecting needs it. */
export interface BatchLine {
  customId: string;
  /** The HTTP status of the request's response (null: it has none, e.g. it expired). */
  statusCode: number | null;
  /** The chat completion body of a 200 response. */
  body: unknown;
  /** Why the request has no answer: the line's error, or the error body of a non-200 response. */
  error: string | null;
}

/**
 * Reads an output or error file (JSONL, one `{custom_id, response: {status_code, body}, error}`
 * per request). Lines that are not such objects are skipped: an answer that cannot be matched
 * to a request leaves that request unanswered (released), never stored.
 */
export function parseBatchLines(text: string): BatchLine[] {
  const lines: BatchLine[] = [];
  for (const raw of text.split('\n')) {
    if (!raw.trim()) continue;
    let data: unknown;
    try {
      data = JSON.parse(raw);
    } catch {
      continue;
    }
    if (!data || typeof data !== 'object') continue;
    const o = data as { custom_id?: unknown; response?: unknown; error?: unknown };
    if (typeof o.custom_id !== 'string') continue;
    const response = o.response && typeof o.response === 'object' ? (o.response as Record<string, unknown>) : null;
    const statusCode = typeof response?.status_code === 'number' ? response.status_code : null;
    const body = response?.body ?? null;
    lines.push({
      customId: o.custom_id,
      statusCode,
      body,
      error: errorText(o.error) ?? (statusCode === 200 ? null : (errorText(bodyError(body)) ?? 'no response')),
    });
  }
  return lines;
}

function bodyError(body: unknown): unknown {
  return body && typeof body === 'object' ? (body as { error?: unknown }).error : null;
}

function errorText(e: unknown): string | null {
  if (!e || typeof e !== 'object') return null;
  const { code, message } = e as { code?: unknown; message?: unknown };
  const text = [code, message].filter((x) => typeof x === 'string' && x).join(': ');
  return (text || 'error').slice(0, 300);
}
