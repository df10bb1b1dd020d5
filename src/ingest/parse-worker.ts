import { parentPort } from 'node:worker_threads';
import { errorMessage } from '../core/errors.js';
import { type ParseJob, parseFeedBody } from './parse-body.js';

// A parse worker: feed bytes in (transferred, not copied), normalised items out. Parsing is
// the CPU-heavy stage of fetch; here it runs beside the main thread's HTTP and inserts.
parentPort?.on('message', (message: { id: number; job: ParseJob }) => void answer(message));

async function answer(message: { id: number; job: ParseJob }): Promise<void> {
  try {
    const result = await parseFeedBody(message.job);
    parentPort?.postMessage({ id: message.id, ok: true, result });
  } catch (err) {
    parentPort?.postMessage({ id: message.id, ok: false, error: errorMessage(err) });
  }
}
