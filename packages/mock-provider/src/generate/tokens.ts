// The mock's token model, documented in the README so other packages' tests can recompute usage:
// - prompt tokens: ceil(characters of all text sent / 4), at least 1;
// - prose output: one token per word, a word carrying its leading whitespace;
// - JSON output (structured replies, tool arguments): one token per 4-character slice.

export function promptTokensFromChars(chars: number): number {
  return chars <= 0 ? 1 : Math.ceil(chars / 4);
}

function isSpace(code: number): boolean {
  return code === 32 || code === 10 || code === 9 || code === 13;
}

/** Splits prose into word tokens; joining the result gives back `text` exactly. */
export function wordTokens(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    while (i < n && isSpace(text.charCodeAt(i))) i++;
    while (i < n && !isSpace(text.charCodeAt(i))) i++;
    out.push(text.slice(start, i));
    start = i;
  }
  return out;
}

/** Splits JSON text into fixed-size slices; joining the result gives back `text` exactly. */
export function sliceTokens(text: string, size = 4): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

export interface TokenGroup {
  text: string;
  tokens: number;
}

/**
 * Groups tokens into `groups` stream chunks as evenly as possible (earlier chunks take the
 * remainder). Without a group count every token is its own chunk, like the real APIs.
 */
export function groupTokens(tokens: readonly string[], groups?: number): TokenGroup[] {
  if (!groups || groups >= tokens.length) return tokens.map((text) => ({ text, tokens: 1 }));
  const out: TokenGroup[] = [];
  const base = Math.floor(tokens.length / groups);
  let extra = tokens.length % groups;
  let at = 0;
  for (let g = 0; g < groups; g++) {
    const size = base + (extra > 0 ? 1 : 0);
    if (extra > 0) extra--;
    out.push({ text: tokens.slice(at, at + size).join(""), tokens: size });
    at += size;
  }
  return out;
}
