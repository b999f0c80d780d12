import { fnv1a } from "./hash.js";
import { wordTokens } from "./tokens.js";

const FILLER = (
  "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut " +
  "labore et dolore magna aliqua enim ad minim veniam quis nostrud exercitation ullamco laboris"
).split(" ");

const WHITESPACE_RUN = /\s+/g;
const DIRECTIVE = /\[\[mock[^\]]*\]\]/g;

/** The user's text as echoed in replies: directives removed, whitespace collapsed, 40 chars. */
export function echoOf(userText: string): string {
  if (userText.length === 0) return "";
  let text = userText;
  if (text.includes("[[mock")) text = text.replace(DIRECTIVE, " ");
  return text.replace(WHITESPACE_RUN, " ").trim().slice(0, 40).trim();
}

function fill(tokens: string[], target: number, seed: number): string[] {
  for (let i = 0; tokens.length < target; i++) {
    tokens.push(" " + FILLER[(seed + i) % FILLER.length]);
  }
  return tokens;
}

/**
 * "Mock reply to: <echo>" followed by filler words until `target` word tokens. `salt` varies the
 * filler (used for the n-th choice) while keeping it deterministic.
 */
export function replyWordTokens(userText: string, target: number, salt = 0): string[] {
  const echo = echoOf(userText);
  const head = echo ? `Mock reply to: ${echo}` : "Mock reply to:";
  return fill(wordTokens(head), target, fnv1a(echo) + salt * 7);
}

/** Exactly `count` word tokens of deterministic "thinking" text. */
export function reasoningWordTokens(userText: string, count: number): string[] {
  if (count <= 0) return [];
  const echo = echoOf(userText);
  const tokens = wordTokens(echo ? `Thinking about: ${echo}` : "Thinking about the request");
  return fill(tokens, count, fnv1a(echo) + 3).slice(0, count);
}
