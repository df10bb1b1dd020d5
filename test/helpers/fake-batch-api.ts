import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ChatRequest, usageField } from './fake-openai.js';

/** How the fake answers one request of a batch when the test ends the batch. */
export type BatchAnswer =
  | { kind: 'answer'; content?: string; usage?: { prompt: number; cached?: number; completion: number } | null }
  /** A non-200 response in the error file (not billed). */
  | { kind: 'error'; status: number }
  /** In the error file as expired (the window ran out before it ran). */
  | { kind: 'expired' }
  /** In neither file (a batch that failed or was cancelled as a whole). */
  | { kind: 'none' };

export interface FakeBatch {
  id: string;
  inputFileId: string;
  endpoint: string;
  completionWindow: string;
  status: string;
  requests: { customId: string; method: string; url: string; body: ChatRequest }[];
  outputFileId: string | null;
  errorFileId: string | null;
  /** How many times the batch was retrieved. */
  retrieved: number;
}

/**
 * OpenAI's Batch API as far as `analyze --batch` uses it, in memory: POST /files (multipart,
 * purpose "batch"), POST /batches, GET /batches/{id}, GET /files/{id}/content. Batches stay
 * `in_progress` until the test ends them with `end`, which writes their output and error files
 * the way OpenAI does (one `{id, custom_id, response: {status_code, request_id, body}, error}` per line).
 */
export class FakeBatchApi {
  readonly files = new Map<string, { content: string; purpose: string; filename: string }>();
  readonly batches: FakeBatch[] = [];
  /** Uploads received (for assertions on the multipart form). */
  uploads = 0;
  /** Batch creations received, answered or not. */
  creates = 0;
  /** When set, the next batch creation is answered with this HTTP status instead (then cleared). */
  failNextCreate: number | null = null;
  private next = 0;

  /** Handles a request under /v1; false when it is none of the Batch API's. */
  async handle(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<boolean> {
    const path = (req.url ?? '').replace(/^.*?\/v1/, '');
    res.setHeader('content-type', 'application/json');
    if (req.method === 'POST' && path === '/files') {
      const form = parseMultipart(body, String(req.headers['content-type'] ?? ''));
      const file = form.get('file');
      if (!file || form.get('purpose')?.content !== 'batch')
        return this.fail(res, 400, 'file and purpose=batch needed');
      this.uploads++;
      const id = `file-${++this.next}`;
      this.files.set(id, { content: file.content, purpose: 'batch', filename: file.filename ?? 'upload' });
      res.end(
        JSON.stringify({
          id,
          object: 'file',
          bytes: Buffer.byteLength(file.content),
          created_at: 1,
          filename: file.filename,
          purpose: 'batch',
          status: 'processed',
        }),
      );
      return true;
    }
    if (req.method === 'POST' && path === '/batches') {
      this.creates++;
      if (this.failNextCreate !== null) {
        const status = this.failNextCreate;
        this.failNextCreate = null;
        return this.fail(res, status, 'create failed');
      }
      const p = JSON.parse(body.toString('utf8')) as Record<string, string>;
      const input = this.files.get(p.input_file_id ?? '');
      if (!input) return this.fail(res, 404, `no file ${p.input_file_id}`);
      const requests = input.content
        .split('\n')
        .filter((l) => l.trim())
        .map((l) => {
          const r = JSON.parse(l) as { custom_id: string; method: string; url: string; body: ChatRequest };
          return { customId: r.custom_id, method: r.method, url: r.url, body: r.body };
        });
      const batch: FakeBatch = {
        id: `batch_${++this.next}`,
        inputFileId: p.input_file_id ?? '',
        endpoint: p.endpoint ?? '',
        completionWindow: p.completion_window ?? '',
        status: 'validating',
        requests,
        outputFileId: null,
        errorFileId: null,
        retrieved: 0,
      };
      this.batches.push(batch);
      res.end(JSON.stringify(this.batchJson(batch)));
      return true;
    }
    const retrieve = req.method === 'GET' ? path.match(/^\/batches\/([^/]+)$/) : null;
    if (retrieve) {
      const batch = this.batches.find((b) => b.id === retrieve[1]);
      if (!batch) return this.fail(res, 404, 'no such batch');
      batch.retrieved++;
      if (batch.status === 'validating') batch.status = 'in_progress';
      res.end(JSON.stringify(this.batchJson(batch)));
      return true;
    }
    const content = req.method === 'GET' ? path.match(/^\/files\/([^/]+)\/content$/) : null;
    if (content) {
      const file = this.files.get(content[1] ?? '');
      if (!file) return this.fail(res, 404, 'no such file');
      res.setHeader('content-type', 'application/octet-stream');
      res.end(file.content);
      return true;
    }
    return false;
  }

  /** Forgets a batch, as a provider does for another project's key: retrieving it answers 404. */
  forget(id: string): void {
    const i = this.batches.findIndex((b) => b.id === id);
    if (i >= 0) this.batches.splice(i, 1);
  }

  /** Ends a batch (the latest by default) with `status`, answering each request by `answer`. */
  end(status: 'completed' | 'expired' | 'failed' | 'cancelled', answer: (req: ChatRequest, i: number) => BatchAnswer) {
    const batch = this.batches.at(-1);
    if (!batch) throw new Error('no batch to end');
    const out: string[] = [];
    const errors: string[] = [];
    batch.requests.forEach((r, i) => {
      const a = answer(r.body, i);
      const line = (response: unknown, error: unknown) =>
        JSON.stringify({ id: `batch_req_${i}`, custom_id: r.customId, response, error });
      if (a.kind === 'answer')
        out.push(line({ status_code: 200, request_id: `req_${i}`, body: completion(r, a) }, null));
      else if (a.kind === 'error')
        errors.push(
          line(
            { status_code: a.status, request_id: `req_${i}`, body: { error: { message: 'bad', type: 'invalid' } } },
            null,
          ),
        );
      else if (a.kind === 'expired')
        errors.push(
          line(null, {
            code: 'batch_expired',
            message: 'This request could not be executed before the completion window expired.',
          }),
        );
    });
    const file = (lines: string[]) => {
      if (lines.length === 0) return null;
      const id = `file-${++this.next}`;
      this.files.set(id, { content: `${lines.join('\n')}\n`, purpose: 'batch_output', filename: `${id}.jsonl` });
      return id;
    };
    batch.outputFileId = file(out);
    batch.errorFileId = file(errors);
    batch.status = status;
  }

  private batchJson(b: FakeBatch) {
    const failed = b.status === 'failed';
    return {
      id: b.id,
      object: 'batch',
      endpoint: b.endpoint,
      errors: failed
        ? { object: 'list', data: [{ code: 'invalid_request', message: 'the input file is invalid' }] }
        : null,
      input_file_id: b.inputFileId,
      completion_window: b.completionWindow,
      status: b.status,
      output_file_id: b.outputFileId,
      error_file_id: b.errorFileId,
      created_at: 1,
      request_counts: { total: b.requests.length, completed: 0, failed: 0 },
      metadata: null,
    };
  }

  private fail(res: ServerResponse, status: number, message: string): true {
    res.statusCode = status;
    res.end(JSON.stringify({ error: { message, type: 'test' } }));
    return true;
  }
}

function completion(r: FakeBatch['requests'][number], a: Extract<BatchAnswer, { kind: 'answer' }>) {
  const usage = a.usage === undefined ? { prompt: 500, cached: 100, completion: 80 } : a.usage;
  return {
    id: `chatcmpl-${r.customId}`,
    object: 'chat.completion',
    created: 1,
    model: r.body.model,
    choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: a.content ?? '' } }],
    ...usageField(usage),
  };
}

/** The parts of a multipart/form-data body, by field name. */
function parseMultipart(body: Buffer, contentType: string): Map<string, { content: string; filename?: string }> {
  const parts = new Map<string, { content: string; filename?: string }>();
  const boundary = contentType.match(/boundary=(?:"([^"]+)"|([^;]+))/);
  const mark = boundary?.[1] ?? boundary?.[2];
  if (!mark) return parts;
  for (const chunk of body.toString('utf8').split(`--${mark}`)) {
    const split = chunk.indexOf('\r\n\r\n');
    if (split < 0) continue;
    const head = chunk.slice(0, split);
    const name = head.match(/name="([^"]+)"/)?.[1];
    if (!name) continue;
    const filename = head.match(/filename="([^"]*)"/)?.[1];
    parts.set(name, { content: chunk.slice(split + 4).replace(/\r\n$/, ''), ...(filename ? { filename } : {}) });
  }
  return parts;
}
