/** What the status line needs of a stream: process.stderr, or any writable in a test. */
export interface LineStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

/**
 * The one progress note redrawn in place at the bottom of a terminal. Every other write to
 * the same stream goes through `print`, which clears the note first and draws it again
 * after, so a warning never lands on the end of "[2/4] x: ok".
 */
export interface StatusLine {
  /** Replaces the note ('' removes it). */
  draw(text: string): void;
  /** Writes whole lines above the note. */
  print(text: string): void;
}

const CLEAR = '\r\x1b[K';
// One per stream: the logger, the command's progress and the error boundary share what is on screen.
const lines = new WeakMap<LineStream, StatusLine>();

export function statusLineOf(stream: LineStream): StatusLine {
  let line = lines.get(stream);
  if (!line) {
    let shown = '';
    line = {
      draw(text) {
        if (!shown && !text) return;
        stream.write(`${CLEAR}${text}`);
        shown = text;
      },
      print(text) {
        const body = text.endsWith('\n') ? text : `${text}\n`;
        stream.write(shown ? `${CLEAR}${body}${shown}` : body);
      },
    };
    lines.set(stream, line);
  }
  return line;
}
