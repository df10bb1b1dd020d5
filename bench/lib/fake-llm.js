// A local OpenAI-compatible chat endpoint for the analyze benchmarks: every call gets the same
// valid analysis after `latencyMs`, with a fixed usage (900 tokens in, 80 out).
import { createServer } from 'node:http';

const answer = JSON.stringify({
  summary: 'A lab reports a result.',
  significance: 5,
  categories: ['capabilities'],
  signposts: [{ code: 'swe_bench_85', value: 70, confidence: 0.7 }],
  evidenceTier: 'B',
  rationale: 'It reports a score.',
});
const body = JSON.stringify({
  id: 'x',
  object: 'chat.completion',
  created: 1,
  model: 'gpt-4o-mini',
  choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: answer } }],
  usage: { prompt_tokens: 900, completion_tokens: 80, total_tokens: 980, prompt_tokens_details: { cached_tokens: 0 } },
});

/**
 * Starts the endpoint on 127.0.0.1; returns its base URL (…/v1), how many calls it has answered
 * (`calls()`, so a benchmark can check no event was sent twice) and how to close it.
 */
export async function startFakeLlm(latencyMs) {
  let calls = 0;
  const server = createServer((req, res) => {
    calls++;
    req.resume();
    req.on('end', () => {
      const reply = () => {
        res.setHeader('content-type', 'application/json');
        res.end(body);
      };
      if (latencyMs > 0) setTimeout(reply, latencyMs);
      else reply();
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    baseUrl: `http://127.0.0.1:${server.address().port}/v1`,
    calls: () => calls,
    close: () => new Promise((r) => server.close(r)),
  };
}
