import type { Readable } from "node:stream";

/**
 * A whole body as text, with a hard size cap, via plain stream events (an async iterator per request
 * costs measurably more on the hot path). Used for client request bodies and upstream answers alike.
 */
export function collectText(
  stream: Readable,
  maxBytes: number,
  on: {
    /** Called when the cap is crossed; the stream is left to it (discard or destroy), its error is the result. */
    tooLarge(): Error;
    /** Called when the stream closes before its end; null ignores it (the end or an error decides). */
    prematureClose(): Error | null;
  },
): Promise<string> {
  return new Promise((resolve, reject) => {
    let first: Buffer | null = null;
    let rest: Buffer[] | null = null;
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        cleanup();
        // A stream given up on (destroyed when too large) still emits its error later: with no listener
        // left, that would be an uncaught exception and take the process down.
        stream.on("error", ignore);
        reject(on.tooLarge());
        return;
      }
      if (first === null) first = chunk;
      else (rest ??= [first]).push(chunk);
    };
    const onEnd = () => {
      cleanup();
      const buf = rest ? Buffer.concat(rest, size) : first;
      resolve(buf ? buf.toString("utf8") : "");
    };
    const onError = (err: Error) => {
      cleanup();
      reject(err);
    };
    const onClose = () => {
      const err = on.prematureClose();
      if (err) onError(err);
    };
    const cleanup = () => {
      stream.off("data", onData);
      stream.off("end", onEnd);
      stream.off("error", onError);
      stream.off("close", onClose);
    };
    stream.on("data", onData);
    stream.on("end", onEnd);
    stream.on("error", onError);
    stream.on("close", onClose);
  });
}

function ignore(): void {}
