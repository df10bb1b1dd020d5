import OpenAI, { APIConnectionError, APIError, toFile } from 'openai';
import type { LlmConfig } from '../config/config.js';
import { AppError, errorMessage } from '../core/errors.js';

/** A batch as the provider reports it. */
export interface RemoteBatch {
  id: string;
  status: string;
  outputFileId: string | null;
  errorFileId: string | null;
  /** Why the batch failed as a whole, when it did (its validation errors). */
  errors: string | null;
}

/**
 * Creating the batch failed in a way that does not say whether the provider created it (a
 * timeout, a dropped connection, a 5xx): it may run and be billed, so its reservations are kept.
 */
export class UnclearBatchError extends AppError {}

/**
 * OpenAI's Batch API through the official SDK (its retries on: these calls cost nothing): upload
 * a JSONL file of requests (Files API, purpose "batch"), create a batch over it for
 * /v1/chat/completions with a 24 h window, retrieve its status, download its output and error
 * files. Every failure is one clear error; the key never appears in a message.
 */
export class BatchClient {
  private readonly client: OpenAI;

  constructor(
    private readonly config: LlmConfig,
    fetchImpl?: typeof fetch,
  ) {
    this.client = new OpenAI({
      apiKey: config.apiKey ?? '',
      ...(config.baseUrl ? { baseURL: config.baseUrl } : {}),
      ...(fetchImpl ? { fetch: fetchImpl } : {}),
      maxRetries: config.retries,
      timeout: config.timeoutMs,
    });
  }

  /** Uploads the requests and creates the batch: its id and the input file's. */
  async submit(jsonl: string, signal?: AbortSignal): Promise<{ batchId: string; inputFileId: string }> {
    const options = signal ? { signal } : {};
    const upload = await toFile(Buffer.from(jsonl, 'utf8'), 'agi-tracker-batch.jsonl');
    const file = await this.call('upload the batch file', () =>
      this.client.files.create({ file: upload, purpose: 'batch' }, options),
    );
    // Created once, never retried and not aborted: the SDK sends no idempotency key, so a retry
    // after a lost answer could create a second batch nobody records, billed outside the ledger.
    let batch: { id: string };
    try {
      batch = await this.client.batches.create(
        {
          input_file_id: file.id,
          endpoint: '/v1/chat/completions',
          completion_window: '24h',
          metadata: { app: 'agi-tracker' },
        },
        { maxRetries: 0 },
      );
    } catch (err) {
      const failure = this.redacted(toAppError('create the batch', err));
      const refused = err instanceof APIError && err.status !== undefined && err.status < 500;
      throw refused ? failure : this.redacted(new UnclearBatchError(failure.code, failure.message));
    }
    return { batchId: batch.id, inputFileId: file.id };
  }

  async retrieve(batchId: string): Promise<RemoteBatch> {
    const b = await this.call(`retrieve batch ${batchId}`, () => this.client.batches.retrieve(batchId));
    const errors = b.errors?.data?.map((e) => `${e.code ?? 'error'}: ${e.message ?? ''}`).join('; ') || null;
    return {
      id: b.id,
      status: b.status,
      outputFileId: b.output_file_id ?? null,
      errorFileId: b.error_file_id ?? null,
      errors,
    };
  }

  /** A file's whole content as text (output and error files are JSONL). */
  async download(fileId: string): Promise<string> {
    return this.call(`download file ${fileId}`, async () => (await this.client.files.content(fileId)).text());
  }

  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw this.redacted(toAppError(what, err));
    }
  }

  /** No error message may carry the key (an SDK error can quote a header it refused). */
  private redacted(err: AppError): AppError {
    const key = this.config.apiKey;
    if (key && err.message.includes(key)) err.message = err.message.split(key).join('[redacted]');
    return err;
  }
}

function toAppError(what: string, err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof APIError && (err.status === 401 || err.status === 403))
    return new AppError('config', `the LLM endpoint refused the API key (HTTP ${err.status}) to ${what}`);
  if (err instanceof APIConnectionError) return new AppError('fetch', `could not ${what}: network: ${err.message}`);
  if (err instanceof APIError)
    return new AppError('fetch', `could not ${what}: HTTP ${err.status ?? '?'}: ${firstLine(err.message)}`);
  return new AppError('fetch', `could not ${what}: ${firstLine(errorMessage(err))}`);
}

function firstLine(s: string): string {
  return (s.split('\n')[0] ?? '').slice(0, 200);
}
