import { newId } from "../generate/ids.js";
import { buildPlan, type NeutralRequest, type Plan } from "../generate/plan.js";
import { groupTokens } from "../generate/tokens.js";
import type { Endpoint, EndpointContext, ErrorSpec } from "../server/endpoint.js";
import { JSON_HEADERS, afterDelay, generationDelay, sendBody, statusRecorder } from "../server/respond.js";
import { playStream, SSE_HEADERS, type Frame } from "../stream/stream-player.js";
import { invalidParam, openaiDialect } from "./openai-dialect.js";
import { FINISH_REASON, logprobOf, systemFingerprint } from "./openai-shared.js";

// POST /v1/completions (legacy): `prompt` in, `choices[].text` out; default max_tokens is 16 as
// in the real API, so long replies end with finish_reason "length" unless max_tokens is raised.

const LEGACY_DEFAULT_MAX_TOKENS = 16;
const GARBAGE = 'data: {"id":"cmpl-garbage","object":"text_completion","choices":[{"text":\n\n';

interface LegacyRequest {
  neutral: NeutralRequest;
  stream: boolean;
  includeUsage: boolean;
  n: number;
  logprobs: number | undefined;
  seed?: number;
}

function parse(body: Record<string, unknown>): LegacyRequest | ErrorSpec {
  if (typeof body.model !== "string" || body.model === "") return invalidParam("model", "you must provide a model parameter");
  const prompts = Array.isArray(body.prompt) ? body.prompt : [body.prompt ?? ""];
  let promptChars = 0;
  let last = "";
  for (const p of prompts) {
    // Token-id prompts (number arrays) count one token per id.
    const text = typeof p === "string" ? p : Array.isArray(p) ? "x".repeat(p.length * 4) : "";
    promptChars += text.length;
    if (typeof p === "string") last = p;
  }
  const streamOptions = typeof body.stream_options === "object" && body.stream_options !== null ? body.stream_options : {};
  return {
    neutral: {
      model: body.model,
      promptChars,
      lastUserText: last,
      lastIsToolResult: false,
      tools: [],
      toolChoice: { mode: "none" },
      format: { type: "text" },
      reasoningTokens: 0,
      maxTokens: typeof body.max_tokens === "number" ? body.max_tokens : LEGACY_DEFAULT_MAX_TOKENS,
    },
    stream: body.stream === true,
    includeUsage: (streamOptions as Record<string, unknown>).include_usage === true,
    n: typeof body.n === "number" && body.n > 1 ? Math.min(Math.floor(body.n), 128) : 1,
    logprobs: typeof body.logprobs === "number" ? body.logprobs : undefined,
    seed: typeof body.seed === "number" ? body.seed : undefined,
  };
}

function legacyLogprobs(tokens: readonly string[], offset: number, top: number) {
  let textOffset = 0;
  const textOffsets: number[] = [];
  for (const t of tokens) {
    textOffsets.push(textOffset);
    textOffset += t.length;
  }
  return {
    tokens: [...tokens],
    token_logprobs: tokens.map((t, i) => logprobOf(t, offset + i)),
    top_logprobs: tokens.map((t, i) => (top > 0 ? { [t]: logprobOf(t, offset + i) } : null)),
    text_offset: textOffsets,
  };
}

function usage(plans: readonly Plan[]) {
  const prompt = (plans[0] as Plan).promptTokens;
  const completion = plans.reduce((sum, p) => sum + p.completionTokens, 0);
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}

function respond(ctx: EndpointContext, legacy: LegacyRequest): void {
  const plans: Plan[] = [];
  for (let i = 0; i < legacy.n; i++) {
    plans.push(buildPlan(legacy.neutral, ctx.knobs, { defaultTokens: ctx.settings.defaultTokens, toolIdPrefix: "call_", toolIdLength: 24, choice: i }));
  }
  const id = newId("cmpl-", 29);
  const created = Math.floor(Date.now() / 1000);
  const model = legacy.neutral.model;
  if (!legacy.stream) {
    const body = JSON.stringify({
      id,
      object: "text_completion",
      created,
      model,
      system_fingerprint: systemFingerprint(legacy.seed),
      choices: plans.map((p, index) => ({
        text: p.text.join(""),
        index,
        logprobs: legacy.logprobs !== undefined ? legacyLogprobs(p.text, 0, legacy.logprobs) : null,
        finish_reason: FINISH_REASON[p.finish],
      })),
      usage: usage(plans),
    });
    const tokens = plans.reduce((sum, p) => sum + p.completionTokens, 0);
    afterDelay(ctx.res, generationDelay(ctx.knobs, tokens), () => sendBody(ctx.res, 200, JSON_HEADERS, body, ctx.knobs, ctx.record));
    return;
  }
  const chunk = (choices: unknown[], extra = "") =>
    `data: {"id":"${id}","object":"text_completion","created":${created},"choices":${JSON.stringify(choices)},"model":${JSON.stringify(model)}${extra}}\n\n`;
  const frames: Frame[] = [];
  plans.forEach((plan, index) => {
    let offset = 0;
    for (const group of groupTokens(plan.text, ctx.knobs.chunks)) {
      const slice = plan.text.slice(offset, offset + group.tokens);
      const logprobs = legacy.logprobs !== undefined ? legacyLogprobs(slice, offset, legacy.logprobs) : null;
      offset += group.tokens;
      frames.push({ data: chunk([{ text: group.text, index, logprobs, finish_reason: null }]), tokens: group.tokens });
    }
    frames.push({ data: chunk([{ text: "", index, logprobs: null, finish_reason: FINISH_REASON[plan.finish] }]), tokens: 0 });
  });
  if (legacy.includeUsage) frames.push({ data: chunk([], `,"usage":${JSON.stringify(usage(plans))}`), tokens: 0 });
  frames.push({ data: "data: [DONE]\n\n", tokens: 0, terminal: true });
  playStream(ctx.res, { frames, garbage: GARBAGE, headers: SSE_HEADERS, onStatus: statusRecorder(ctx.record) }, ctx.knobs);
}

export const legacyCompletionsEndpoint: Endpoint = {
  dialect: openaiDialect,
  inspect(body) {
    const legacy = parse(body);
    if ("status" in legacy) return legacy;
    return {
      model: legacy.neutral.model,
      directiveText: legacy.neutral.lastUserText,
      stream: legacy.stream,
      neutral: legacy.neutral,
      respond: (ctx) => respond(ctx, legacy),
    };
  },
};
