import type { IncomingMessage } from "node:http";

/**
 * Collects the request body as text. Past `limit` bytes the rest is drained and discarded (so
 * the client can still read the 413) and `done` receives undefined.
 */
export function readBody(req: IncomingMessage, limit: number, done: (text: string | undefined) => void): void {
  let first: Buffer | undefined;
  let chunks: Buffer[] | undefined;
  let size = 0;
  let tooLarge = false;
  req.on("data", (chunk: Buffer) => {
    if (tooLarge) return;
    size += chunk.length;
    if (size > limit) {
      tooLarge = true;
      first = undefined;
      chunks = undefined;
      return;
    }
    if (!first) first = chunk;
    else (chunks ??= [first]).push(chunk);
  });
  req.on("end", () => {
    if (tooLarge) done(undefined);
    else if (chunks) done(Buffer.concat(chunks).toString("utf8"));
    else done(first ? first.toString("utf8") : "");
  });
}
