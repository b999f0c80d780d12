/** A decoded form value: Stripe's v1 API nests with brackets, `a[b][0][c]=x`. */
export type FormValue = string | FormValue[] | { [key: string]: FormValue };
export type FormObject = { [key: string]: FormValue };

function keyPath(key: string): string[] {
  const first = key.indexOf("[");
  if (first < 0) return [key];
  const parts = [key.slice(0, first)];
  for (const m of key.slice(first).matchAll(/\[([^\]]*)\]/g)) parts.push(m[1] ?? "");
  return parts;
}

// Objects whose keys are exactly 0..n-1 were arrays on the client (the SDK writes `indices` format).
function arraysFromIndexedObjects(value: FormValue): FormValue {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.map(arraysFromIndexedObjects);
  const keys = Object.keys(value);
  const converted: FormObject = {};
  for (const k of keys) converted[k] = arraysFromIndexedObjects(value[k] as FormValue);
  if (keys.length > 0 && keys.every((k, i) => k === String(i))) return keys.map((k) => converted[k] as FormValue);
  return converted;
}

/** Parses an application/x-www-form-urlencoded body (or query string) into nested objects and arrays. */
export function parseForm(body: string): FormObject {
  const root: FormObject = {};
  for (const [rawKey, value] of new URLSearchParams(body)) {
    const path = keyPath(rawKey);
    let node: FormObject = root;
    for (let i = 0; i < path.length; i++) {
      const part = path[i] ?? "";
      const last = i === path.length - 1;
      const nextIsPush = path[i + 1] === "";
      if (last) {
        node[part] = value;
      } else if (nextIsPush) {
        // `a[]=x&a[]=y`: an array of strings.
        const arr = Array.isArray(node[part]) ? (node[part] as FormValue[]) : [];
        arr.push(value);
        node[part] = arr;
        break;
      } else {
        const existing = node[part];
        const child: FormObject = existing && typeof existing === "object" && !Array.isArray(existing) ? existing : {};
        node[part] = child;
        node = child;
      }
    }
  }
  return arraysFromIndexedObjects(root) as FormObject;
}

export function str(v: FormValue | undefined): string | undefined {
  return typeof v === "string" ? v : undefined;
}

export function obj(v: FormValue | undefined): FormObject | undefined {
  return v && typeof v === "object" && !Array.isArray(v) ? v : undefined;
}

export function list(v: FormValue | undefined): FormValue[] {
  return Array.isArray(v) ? v : [];
}

/** Metadata keeps only string values, like Stripe; an empty string deletes a key on update. */
export function metadataFrom(v: FormValue | undefined, base: Record<string, string> = {}): Record<string, string> {
  const out = { ...base };
  for (const [k, val] of Object.entries(obj(v) ?? {})) {
    if (typeof val !== "string") continue;
    if (val === "") delete out[k];
    else out[k] = val;
  }
  return out;
}
