import { isJsonObject } from "@switchboard/spec";

// Keys of Gemini's `Schema` object (an OpenAPI 3.0 subset). Anything else (`additionalProperties`,
// `$schema`, `strict`, `$ref`, `patternProperties`...) makes the API reject the request.
const ALLOWED = new Set([
  "type",
  "format",
  "title",
  "description",
  "nullable",
  "enum",
  "maxItems",
  "minItems",
  "properties",
  "required",
  "minProperties",
  "maxProperties",
  "minLength",
  "maxLength",
  "pattern",
  "example",
  "anyOf",
  "propertyOrdering",
  "default",
  "items",
  "minimum",
  "maximum",
]);

/** JSON Schema → Gemini Schema: unsupported keywords dropped, `const` → enum, `["x","null"]` → nullable. */
export function cleanGeminiJsonSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(cleanGeminiJsonSchema);
  if (!isJsonObject(schema)) return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === "const") out.enum = [value];
    else if (!ALLOWED.has(key)) continue;
    else if (key === "properties" && isJsonObject(value)) {
      out.properties = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cleanGeminiJsonSchema(v)]));
    } else if (key === "items" || key === "anyOf") out[key] = cleanGeminiJsonSchema(value);
    else if (key === "type" && Array.isArray(value)) {
      const types = value.filter((t) => t !== "null");
      if (types.length !== value.length) out.nullable = true;
      if (types.length === 1) out.type = types[0];
      else if (types.length > 1) out.anyOf = types.map((t) => ({ type: t }));
    } else out[key] = value;
  }
  if (Array.isArray(out.enum) && out.type === undefined) out.type = "string";
  return out;
}
