import { describe, expect, it } from "vitest";
import { parseDirectives } from "../knobs/directive.js";
import { minimalInstance } from "./json-instance.js";
import { groupTokens, sliceTokens, wordTokens } from "./tokens.js";

describe("minimalInstance", () => {
  it("builds required properties only, following refs, enums, consts, formats and bounds", () => {
    const schema = {
      type: "object",
      $defs: { Unit: { enum: ["c", "f"] } },
      properties: {
        when: { type: "string", format: "date-time" },
        unit: { $ref: "#/$defs/Unit" },
        kind: { const: "fixed" },
        count: { type: "integer", exclusiveMinimum: 0 },
        maybe: { anyOf: [{ type: "null" }, { type: "boolean" }] },
        nested: { type: "object", properties: { a: { type: ["null", "number"], minimum: 2.5 } }, required: ["a"] },
        optional: { type: "string" },
      },
      required: ["when", "unit", "kind", "count", "maybe", "nested"],
    };
    expect(minimalInstance(schema)).toEqual({ when: "1970-01-01T00:00:00Z", unit: "c", kind: "fixed", count: 1, maybe: false, nested: { a: 2.5 } });
  });

  it("handles Gemini's upper-case types and non-schemas", () => {
    expect(minimalInstance({ type: "OBJECT", properties: { n: { type: "NUMBER" } }, required: ["n"] })).toEqual({ n: 0 });
    expect(minimalInstance(undefined)).toEqual({});
  });
});

describe("tokens", () => {
  it("splits words and slices losslessly and groups evenly", () => {
    expect(wordTokens("Mock reply  to: x")).toEqual(["Mock", " reply", "  to:", " x"]);
    expect(sliceTokens('{"a":"b"}')).toEqual(['{"a"', ':"b"', "}"]);
    expect(groupTokens(["a", "b", "c", "d", "e"], 2)).toEqual([
      { text: "abc", tokens: 3 },
      { text: "de", tokens: 2 },
    ]);
  });
});

describe("parseDirectives", () => {
  it("reads every directive, ignores unknown keys and bad values", () => {
    const d = parseDirectives("hi [[mock status=429 retry_after=1.5 bogus=1]] and [[mock fault=stall after=3 tps=x]]");
    expect(d?.knobs).toEqual({ status: 429, retryAfter: 1.5, fault: "stall", after: 3 });
    expect(d?.raw).toBe("[[mock status=429 retry_after=1.5 bogus=1]][[mock fault=stall after=3 tps=x]]");
    expect(parseDirectives("no directive")).toBeUndefined();
  });
});
