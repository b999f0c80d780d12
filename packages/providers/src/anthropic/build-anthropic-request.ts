import type { ChatCompletionRequest, UpstreamRequest, UpstreamTarget } from "@switchboard/spec";
import { joinUrl } from "../http/retry-after.js";
import { planThinking } from "./anthropic-thinking.js";
import { readAnthropicQuirks, STRUCTURED_OUTPUT_TOOL } from "./anthropic-quirks.js";
import { convertToAnthropicMessages } from "./convert-to-anthropic-messages.js";

type AnthropicToolChoice = { type: "auto" | "any" | "none" } | { type: "tool"; name: string };

function mapToolChoice(choice: ChatCompletionRequest["tool_choice"]): AnthropicToolChoice | undefined {
  if (choice === undefined) return undefined;
  if (choice === "auto") return { type: "auto" };
  if (choice === "none") return { type: "none" };
  if (choice === "required") return { type: "any" };
  return { type: "tool", name: choice.function.name };
}

export function buildAnthropicChatRequest(req: ChatCompletionRequest, target: UpstreamTarget): UpstreamRequest {
  const q = readAnthropicQuirks(target.quirks);
  const { system, messages } = convertToAnthropicMessages(req.messages);
  const clientMax = req.max_completion_tokens ?? req.max_tokens ?? undefined;
  let toolChoice = mapToolChoice(req.tool_choice);
  const forcedTool = toolChoice?.type === "any" || toolChoice?.type === "tool";
  const useToolFallback = req.response_format?.type === "json_schema" && q.structuredOutput === "tool";
  // Anthropic rejects extended thinking together with a forced tool choice; the tool choice wins.
  const plan = planThinking(forcedTool || useToolFallback ? undefined : req.reasoning_effort, clientMax, q.defaultMaxTokens, q.thinkingBudgets);

  const body: Record<string, unknown> = { model: target.upstreamModel, max_tokens: plan.maxTokens, messages };
  if (req.response_format?.type === "json_object") {
    system.push({ type: "text", text: "Respond only with a single valid JSON object." });
  }
  if (system.length > 0) body.system = system;
  if (req.stop != null) body.stop_sequences = typeof req.stop === "string" ? [req.stop] : req.stop;
  // Thinking requires the default sampling settings.
  if (!plan.thinking) {
    if (req.temperature != null) body.temperature = Math.min(req.temperature, 1);
    if (req.top_p != null) body.top_p = req.top_p;
  } else body.thinking = plan.thinking;
  if (req.stream) body.stream = true;
  if (req.user) body.metadata = { user_id: req.user };

  const tools: Array<Record<string, unknown>> = (req.tools ?? []).map((t) => ({
    name: t.function.name,
    ...(t.function.description ? { description: t.function.description } : {}),
    input_schema: t.function.parameters ?? { type: "object", properties: {} },
    ...(t.function.strict ? { strict: true } : {}),
  }));
  if (req.response_format?.type === "json_schema") {
    const schema = req.response_format.json_schema.schema ?? { type: "object" };
    if (useToolFallback) {
      tools.push({ name: STRUCTURED_OUTPUT_TOOL, description: "Return the final answer as this tool's input.", input_schema: schema });
      toolChoice = { type: "tool", name: STRUCTURED_OUTPUT_TOOL };
    } else {
      body.output_config = { format: { type: "json_schema", schema } };
    }
  }
  // A tool_choice without tools is meaningless to Anthropic (and rejected), so both travel together.
  if (tools.length > 0) {
    body.tools = tools;
    const tc: Record<string, unknown> = { ...(toolChoice ?? { type: "auto" }) };
    if (req.parallel_tool_calls === false && tc.type !== "none") tc.disable_parallel_tool_use = true;
    if (toolChoice || tc.disable_parallel_tool_use) body.tool_choice = tc;
  }

  return {
    url: joinUrl(target.baseUrl, "/v1/messages"),
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: req.stream ? "text/event-stream" : "application/json",
      "x-api-key": target.apiKey,
      "anthropic-version": q.anthropicVersion,
      ...target.headers,
    },
    body: JSON.stringify(body),
  };
}
