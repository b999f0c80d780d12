// Builds the smallest "interesting" JSON value valid against a JSON Schema (and Gemini's OpenAPI
// subset, whose types are upper-case). Only required properties are produced, enums take their
// first value, numbers their lower bound; strings are "mock" so streamed arguments are non-empty.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Schema = Record<string, unknown>;

const MAX_DEPTH = 12;

const STRING_FORMATS: Record<string, string> = {
  "date-time": "1970-01-01T00:00:00Z",
  date: "1970-01-01",
  time: "00:00:00Z",
  email: "mock@example.com",
  uri: "https://example.com/",
  url: "https://example.com/",
  uuid: "00000000-0000-4000-8000-000000000000",
  hostname: "example.com",
  ipv4: "127.0.0.1",
  ipv6: "::1",
};

function isSchema(value: unknown): value is Schema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function resolveRef(ref: string, root: Schema): unknown {
  if (!ref.startsWith("#/")) return {};
  let node: unknown = root;
  for (const raw of ref.slice(2).split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    node = isSchema(node) ? node[key] : undefined;
  }
  return node ?? {};
}

function typeOf(schema: Schema): string | undefined {
  const t = schema.type;
  if (typeof t === "string") return t.toLowerCase();
  if (Array.isArray(t)) {
    const first = t.find((x) => typeof x === "string" && x.toLowerCase() !== "null") ?? t[0];
    return typeof first === "string" ? first.toLowerCase() : undefined;
  }
  if (isSchema(schema.properties)) return "object";
  if (schema.items !== undefined) return "array";
  return undefined;
}

function numberFor(schema: Schema, integer: boolean): number {
  const min = typeof schema.minimum === "number" ? schema.minimum : undefined;
  const exMin = typeof schema.exclusiveMinimum === "number" ? schema.exclusiveMinimum : undefined;
  let value = min ?? (exMin !== undefined ? exMin + (integer ? 1 : 0.5) : 0);
  if (integer) value = Math.ceil(value);
  const max = typeof schema.maximum === "number" ? schema.maximum : undefined;
  return max !== undefined && value > max ? max : value;
}

function stringFor(schema: Schema): string {
  const format = typeof schema.format === "string" ? STRING_FORMATS[schema.format] : undefined;
  let value = format ?? "mock";
  const minLength = typeof schema.minLength === "number" ? schema.minLength : 0;
  while (value.length < minLength) value += "x";
  const maxLength = typeof schema.maxLength === "number" ? schema.maxLength : undefined;
  return maxLength !== undefined ? value.slice(0, maxLength) : value;
}

function instance(node: unknown, root: Schema, depth: number): Json {
  if (!isSchema(node) || depth > MAX_DEPTH) return null;
  if (typeof node.$ref === "string") return instance(resolveRef(node.$ref, root), root, depth + 1);
  if ("const" in node) return node.const as Json;
  if (Array.isArray(node.enum) && node.enum.length > 0) return node.enum[0] as Json;
  for (const key of ["anyOf", "oneOf"] as const) {
    const options = node[key];
    if (Array.isArray(options) && options.length > 0) {
      const nonNull = options.find((o) => !(isSchema(o) && o.type === "null")) ?? options[0];
      return instance(nonNull, root, depth + 1);
    }
  }
  if (Array.isArray(node.allOf) && node.allOf.length > 0) {
    const merged: Schema = {};
    const properties: Schema = {};
    const required: string[] = [];
    for (const part of node.allOf) {
      const resolved = isSchema(part) && typeof part.$ref === "string" ? resolveRef(part.$ref, root) : part;
      if (!isSchema(resolved)) continue;
      Object.assign(merged, resolved);
      if (isSchema(resolved.properties)) Object.assign(properties, resolved.properties);
      if (Array.isArray(resolved.required)) required.push(...resolved.required.filter((r) => typeof r === "string"));
    }
    return instance({ ...merged, allOf: undefined, properties, required }, root, depth + 1);
  }
  switch (typeOf(node)) {
    case "object":
      return objectFor(node, root, depth);
    case "array": {
      const count = typeof node.minItems === "number" ? node.minItems : 0;
      const items: Json[] = [];
      for (let i = 0; i < count; i++) items.push(instance(node.items ?? {}, root, depth + 1));
      return items;
    }
    case "string":
      return stringFor(node);
    case "integer":
      return numberFor(node, true);
    case "number":
      return numberFor(node, false);
    case "boolean":
      return false;
    case "null":
      return null;
    default:
      return {};
  }
}

function objectFor(node: Schema, root: Schema, depth: number): Json {
  const out: { [key: string]: Json } = {};
  const properties = isSchema(node.properties) ? node.properties : {};
  const required = Array.isArray(node.required) ? node.required : [];
  for (const name of required) {
    if (typeof name !== "string") continue;
    out[name] = instance(properties[name] ?? {}, root, depth + 1);
  }
  return out;
}

/** A minimal JSON value valid against `schema` (anything non-object yields `{}`). */
export function minimalInstance(schema: unknown): Json {
  if (!isSchema(schema)) return {};
  return instance(schema, schema, 0);
}
