import { describe, expect, it } from "vitest";
import { usageForIncompleteStream } from "../src/metering/stream-usage.js";
import { countTextTokens } from "../src/metering/tokenizer.js";

describe("usage billed for an incomplete stream", () => {
  const sent = "Mock reply to: Tell me a story about a lighthouse keeper";
  const counted = countTextTokens(sent);

  it("without any upstream report: our prompt count and the tokens actually sent", () => {
    expect(usageForIncompleteStream(null, 21, sent)).toEqual({ prompt_tokens: 21, completion_tokens: counted, total_tokens: 21 + counted });
  });

  it("an Anthropic-style partial report (output_tokens 1 from message_start) never under-bills what was sent", () => {
    const reported = { prompt_tokens: 113, completion_tokens: 1, total_tokens: 114, prompt_tokens_details: { cached_tokens: 100, cache_write_tokens: 0 } };
    expect(usageForIncompleteStream(reported, 21, sent)).toEqual({ ...reported, completion_tokens: counted, total_tokens: 113 + counted });
  });

  it("a running upstream count above ours (e.g. Gemini thoughts not forwarded) is kept", () => {
    const reported = { prompt_tokens: 13, completion_tokens: 40, total_tokens: 53, completion_tokens_details: { reasoning_tokens: 30 } };
    expect(usageForIncompleteStream(reported, 21, sent)).toEqual(reported);
  });
});
