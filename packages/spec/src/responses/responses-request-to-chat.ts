import type { ChatMessage, ToolCall, UserContentPart } from "../chat/chat-message.js";
import type { ChatCompletionRequest, ChatTool, ResponseFormat, ToolChoice } from "../chat/chat-request.js";
import type { ResponsesInputContent, ResponsesInputItem, ResponsesRequest } from "./responses-request.js";

function toUserParts(content: ResponsesInputContent[]): UserContentPart[] {
  const parts: UserContentPart[] = [];
  for (const c of content) {
    switch (c.type) {
      case "input_text":
      case "output_text":
        parts.push({ type: "text", text: c.text });
        break;
      case "input_image":
        if (c.image_url) {
          parts.push({ type: "image_url", image_url: c.detail ? { url: c.image_url, detail: c.detail } : { url: c.image_url } });
        }
        break;
      case "input_file": {
        const file: { filename?: string; file_data?: string; file_id?: string } = {};
        if (c.filename !== undefined) file.filename = c.filename;
        if (c.file_data !== undefined) file.file_data = c.file_data;
        if (c.file_id) file.file_id = c.file_id;
        parts.push({ type: "file", file });
        break;
      }
      case "refusal":
        parts.push({ type: "text", text: c.refusal });
        break;
    }
  }
  return parts;
}

function textOf(content: string | ResponsesInputContent[]): string {
  if (typeof content === "string") return content;
  let out = "";
  for (const c of content) {
    if (c.type === "input_text" || c.type === "output_text") out += c.text;
    else if (c.type === "refusal") out += c.refusal;
  }
  return out;
}

function convertItem(item: ResponsesInputItem, messages: ChatMessage[]): void {
  if (item.type === "reasoning") return;
  if (item.type === "function_call") {
    const call: ToolCall = { id: item.call_id, type: "function", function: { name: item.name, arguments: item.arguments } };
    const last = messages[messages.length - 1];
    // Parallel calls arrive as consecutive items; chat expects them on one assistant turn.
    if (last && last.role === "assistant" && (last.tool_calls || !last.content)) {
      last.tool_calls = [...(last.tool_calls ?? []), call];
    } else {
      messages.push({ role: "assistant", content: null, tool_calls: [call] });
    }
    return;
  }
  if (item.type === "function_call_output") {
    messages.push({ role: "tool", tool_call_id: item.call_id, content: textOf(item.output) });
    return;
  }
  switch (item.role) {
    case "assistant":
      messages.push({ role: "assistant", content: textOf(item.content) });
      return;
    case "system":
    case "developer":
      messages.push({ role: item.role, content: textOf(item.content) });
      return;
    case "user":
      messages.push({ role: "user", content: typeof item.content === "string" ? item.content : toUserParts(item.content) });
  }
}

function convertFormat(format: NonNullable<NonNullable<ResponsesRequest["text"]>["format"]>): ResponseFormat {
  if (format.type !== "json_schema") return { type: format.type };
  const jsonSchema: { name: string; schema: Record<string, unknown>; description?: string; strict?: boolean | null } = {
    name: format.name,
    schema: format.schema,
  };
  if (format.description !== undefined) jsonSchema.description = format.description;
  if (format.strict !== undefined) jsonSchema.strict = format.strict;
  return { type: "json_schema", json_schema: jsonSchema };
}

/** Translates a Responses API request into the canonical Chat Completions request. */
export function responsesRequestToChat(req: ResponsesRequest): ChatCompletionRequest {
  const messages: ChatMessage[] = [];
  if (req.instructions) messages.push({ role: "system", content: req.instructions });
  if (typeof req.input === "string") messages.push({ role: "user", content: req.input });
  else for (const item of req.input) convertItem(item, messages);

  const out: ChatCompletionRequest = { model: req.model, messages };
  if (req.tools && req.tools.length > 0) {
    out.tools = req.tools.map((t): ChatTool => {
      const fn: ChatTool["function"] = { name: t.name };
      if (t.description) fn.description = t.description;
      if (t.parameters) fn.parameters = t.parameters;
      if (t.strict !== undefined && t.strict !== null) fn.strict = t.strict;
      return { type: "function", function: fn };
    });
  }
  if (req.tool_choice !== undefined) {
    const tc = req.tool_choice;
    const choice: ToolChoice = typeof tc === "string" ? tc : { type: "function", function: { name: tc.name } };
    out.tool_choice = choice;
  }
  if (req.parallel_tool_calls !== undefined && req.parallel_tool_calls !== null) out.parallel_tool_calls = req.parallel_tool_calls;
  if (req.text?.format) out.response_format = convertFormat(req.text.format);
  if (req.reasoning?.effort) out.reasoning_effort = req.reasoning.effort;
  if (req.max_output_tokens) out.max_completion_tokens = req.max_output_tokens;
  if (req.temperature !== undefined) out.temperature = req.temperature;
  if (req.top_p !== undefined) out.top_p = req.top_p;
  if (req.metadata) out.metadata = req.metadata;
  if (req.store !== undefined) out.store = req.store;
  if (req.user !== undefined) out.user = req.user;
  if (req.stream) {
    out.stream = true;
    out.stream_options = { include_usage: true };
  }
  return out;
}
