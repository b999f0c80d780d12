import type { ServerResponse } from "node:http";
import type { Knobs } from "../knobs/knobs.js";

/** One serialised SSE event, ready to write. */
export interface Frame {
  data: string;
  /** Output tokens this event carries; paces the stream at `tps`. */
  tokens: number;
  /** The stream's terminator ([DONE], message_stop, response.completed, the finishReason chunk). */
  terminal?: boolean;
}

export interface StreamPlayback {
  frames: Frame[];
  /** A syntactically broken event in this dialect's framing, for `fault=malformed`. */
  garbage: string;
  headers: Record<string, string>;
  /** Called with the HTTP status once known (for the request log). */
  onStatus?: (status: number) => void;
}

export const SSE_HEADERS = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache",
  connection: "keep-alive",
};

type Ending = "end" | "stall" | "destroy";

/** Applies the stream faults to the frame list and decides how the stream ends. */
function applyFaults(frames: Frame[], knobs: Knobs, garbage: string): { frames: Frame[]; ending: Ending } {
  let out = frames;
  if (knobs.fault === "no_done") out = out.filter((f) => !f.terminal);
  if (knobs.fault === "malformed") {
    const at = Math.max(1, knobs.at ?? 2) - 1;
    if (at < out.length) out = out.map((f, i) => (i === at ? { data: garbage, tokens: f.tokens } : f));
  }
  if (knobs.fault === "stall" || knobs.fault === "cut") {
    out = out.slice(0, knobs.after ?? 1);
    return { frames: out, ending: knobs.fault === "stall" ? "stall" : "destroy" };
  }
  return { frames: out, ending: "end" };
}

function finish(res: ServerResponse, ending: Ending): void {
  if (ending === "end") res.end();
  // A cut stream dies without the chunked-encoding terminator, which clients see as an abrupt EOF.
  else if (ending === "destroy") res.destroy();
  // "stall": leave the socket open; the 'close' listener cleans up when the client gives up.
}

/**
 * Writes the frames with the configured timing: everything up to and including the first frame
 * carrying tokens after `ttftMs`, then each frame after tokens / tps seconds. Unpaced streams are
 * written in a single call. A client disconnect cancels the pending timer at once.
 */
export function playStream(res: ServerResponse, playback: StreamPlayback, knobs: Knobs): void {
  const { frames, ending } = applyFaults(playback.frames, knobs, playback.garbage);
  res.writeHead(200, playback.headers);
  playback.onStatus?.(200);
  const ttftMs = knobs.ttftMs ?? 0;
  const tps = knobs.tps ?? 0;

  if (ttftMs <= 0 && tps <= 0) {
    let body = "";
    for (const f of frames) body += f.data;
    if (ending === "end") res.end(body);
    else if (ending === "destroy") res.write(body, () => res.destroy());
    else res.write(body);
    return;
  }

  res.flushHeaders();
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  res.once("close", () => {
    closed = true;
    if (timer) clearTimeout(timer);
    timer = undefined;
  });

  let index = 0;
  let sawTokens = false;
  const step = (): void => {
    timer = undefined;
    if (closed) return;
    let chunk = "";
    // Frames that carry no tokens (role chunk, pings, stops) go out with their neighbour, and
    // everything before the first token arrives together with it at ttft.
    do {
      const frame = frames[index++] as Frame;
      chunk += frame.data;
      if (frame.tokens > 0) sawTokens = true;
    } while (index < frames.length && (!sawTokens || (frames[index] as Frame).tokens === 0));
    if (index >= frames.length) {
      if (ending === "destroy") res.write(chunk, () => res.destroy());
      else {
        res.write(chunk);
        finish(res, ending);
      }
      return;
    }
    res.write(chunk);
    const next = frames[index] as Frame;
    const delay = tps > 0 ? (next.tokens * 1000) / tps : 0;
    timer = setTimeout(step, delay);
  };

  if (frames.length === 0) {
    timer = setTimeout(() => {
      timer = undefined;
      if (!closed) finish(res, ending);
    }, ttftMs);
    return;
  }
  timer = setTimeout(step, ttftMs);
}
