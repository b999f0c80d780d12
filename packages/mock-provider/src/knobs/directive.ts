import { setKnob, type Knobs } from "./knobs.js";

const OPEN = "[[mock";
const CLOSE = "]]";
const SPACES = /\s+/;

export interface Directive {
  knobs: Knobs;
  /** The directive text as written, the key for `times` counting. */
  raw: string;
}

/**
 * Parses every `[[mock key=value ...]]` in `text`; later directives override earlier ones.
 * Unknown keys and unparsable values are ignored so a typo never turns into a failure.
 */
export function parseDirectives(text: string): Directive | undefined {
  let at = text.indexOf(OPEN);
  if (at < 0) return undefined;
  const knobs: Knobs = {};
  let raw = "";
  while (at >= 0) {
    const end = text.indexOf(CLOSE, at + OPEN.length);
    if (end < 0) break;
    const body = text.slice(at + OPEN.length, end);
    raw += text.slice(at, end + CLOSE.length);
    for (const pair of body.split(SPACES)) {
      const eq = pair.indexOf("=");
      if (eq <= 0) continue;
      setKnob(knobs, pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
    at = text.indexOf(OPEN, end + CLOSE.length);
  }
  return raw ? { knobs, raw } : undefined;
}
