// The round-trip reference for bench/analyze.js: the same number of chat-completion POSTs
// with plain fetch at the same concurrency, doing nothing else. Usage: bare-http.js URL N C
const [url, n, c] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4])];
const body = JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x'.repeat(4000) }] });
let next = 0;
async function worker() {
  while (next < n) {
    next++;
    const res = await fetch(`${url}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    await res.json();
  }
}
await Promise.all(Array.from({ length: c }, worker));
