// Gemini 3 rejects a replayed functionCall without the thoughtSignature it was generated with, and
// OpenAI clients only round-trip the tool call id. So the signature rides inside the id, after a
// separator, and is peeled off again when the conversation comes back.
const SEPARATOR = "__thought__";

export function encodeToolCallId(base: string, thoughtSignature: string | undefined): string {
  return thoughtSignature ? `${base}${SEPARATOR}${thoughtSignature}` : base;
}

export function thoughtSignatureFromToolCallId(id: string): string | undefined {
  const at = id.indexOf(SEPARATOR);
  return at === -1 ? undefined : id.slice(at + SEPARATOR.length);
}

/** Documented placeholder that tells Gemini to skip signature validation for calls made elsewhere. */
export const SKIP_THOUGHT_SIGNATURE = "skip_thought_signature_validator";
