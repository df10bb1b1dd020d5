import type { IncomingMessage, ServerResponse } from 'node:http';
import { startServer, type TestServer } from './server.js';
import { FakeBatchApi } from './fake-batch-api.js';

export interface ChatRequest {
  model: string;
  messages: { role: string; content: string }[];
  response_format?: { type: string; json_schema?: { schema: unknown } };
  max_tokens?: number;
}

/** The item's title as the prompt quotes it (so tests can see which event a call was for). */
export function titleOf(req: ChatRequest): string {
  const user = req.messages.find((m) => m.role === 'user')?.content ?? '';
  const json = user.match(/```json\n([\s\S]*?)\n```/)?.[1];
  return json ? (JSON.parse(json) as { title: string }).title : '';
}

export const validAnswer = {
  summary: 'A lab reports a new result.',
  significance: 6,
  categories: ['capabilities'],
  signposts: [{ code: 'swe_bench_85', value: 71.2, confidence: 0.8 }],
  evidenceTier: 'B',
  rationale: 'It reports a benchmark score.',
};

export type Reply =
  | {
      kind: 'answer';
      content?: string;
      usage?: { prompt: number; cached?: number; completion: number } | null;
      /** Sent as the `usage` object exactly as given: hostile endpoints report anything. */
      rawUsage?: unknown;
      delayMs?: number;
    }
  | { kind: 'status'; status: number; headers?: Record<string, string> }
  | { kind: 'raw'; body: string }
  | { kind: 'hang' };

export interface FakeOpenAi extends TestServer {
  calls: ChatRequest[];
  baseUrl: string;
  /** Its Batch API (files upload, batches create/retrieve, file content). */
  batch: FakeBatchApi;
}

/** An OpenAI-compatible chat completions endpoint on 127.0.0.1; `reply` decides each answer. */
export async function startFakeOpenAi(reply: (req: ChatRequest, n: number) => Reply): Promise<FakeOpenAi> {
  const calls: ChatRequest[] = [];
  const batch = new FakeBatchApi();
  const server = await startServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    if (await batch.handle(req, res, raw)) return;
    const body = raw.toString('utf8');
    if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
      res.statusCode = 404;
      res.end(JSON.stringify({ error: { message: 'not found' } }));
      return;
    }
    const parsed = JSON.parse(body) as ChatRequest;
    calls.push(parsed);
    const r = reply(parsed, calls.length);
    res.setHeader('content-type', 'application/json');
    if (r.kind === 'hang') return;
    if (r.kind === 'status') {
      res.statusCode = r.status;
      for (const [k, v] of Object.entries(r.headers ?? {})) res.setHeader(k, v);
      const message =
        r.status === 400
          ? "Invalid parameter: 'response_format' of type 'json_schema' is not supported"
          : `status ${r.status}`;
      res.end(JSON.stringify({ error: { message, type: 'test' } }));
      return;
    }
    if (r.kind === 'raw') {
      res.end(r.body);
      return;
    }
    if (r.delayMs) await new Promise((ok) => setTimeout(ok, r.delayMs));
    const usage = r.usage === undefined ? { prompt: 500, cached: 100, completion: 80 } : r.usage;
    res.end(
      JSON.stringify({
        id: `chatcmpl-${calls.length}`,
        object: 'chat.completion',
        created: 1,
        model: parsed.model,
        choices: [
          {
            index: 0,
            finish_reason: 'stop',
            message: { role: 'assistant', content: r.content ?? JSON.stringify(validAnswer) },
          },
        ],
        ...(r.rawUsage !== undefined ? { usage: r.rawUsage } : usageField(usage)),
      }),
    );
  });
  return { ...server, calls, baseUrl: `${server.url}/v1`, batch };
}

/** The `usage` member of a chat completion as OpenAI reports it (none when `usage` is null). */
export function usageField(usage: { prompt: number; cached?: number; completion: number } | null) {
  if (!usage) return {};
  return {
    usage: {
      prompt_tokens: usage.prompt,
      completion_tokens: usage.completion,
      total_tokens: usage.prompt + usage.completion,
      prompt_tokens_details: { cached_tokens: usage.cached ?? 0 },
    },
  };
}
