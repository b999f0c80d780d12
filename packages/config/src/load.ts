import fs from "node:fs";
import { LineCounter, parseDocument, isMap, isSeq, type Node } from "yaml";
import { createCatalog, CatalogValidationError, type Catalog } from "@switchboard/catalog";
import { configSchema, type SwitchboardConfig } from "./schema.js";

/** A config problem located in the file: `file:line:column field: message`. */
export class ConfigError extends Error {
  constructor(readonly issues: Array<{ file: string; line: number; column: number; field: string; message: string }>) {
    super(issues.map((i) => `${i.file}:${i.line}:${i.column} ${i.field || "(root)"}: ${i.message}`).join("\n"));
    this.name = "ConfigError";
  }
}

export interface LoadedConfig {
  config: SwitchboardConfig;
  /** Built-in catalog merged with the file's extra models. */
  catalog: Catalog;
}

/** Walk the YAML AST along a zod issue path to find where the offending value is written. */
function locate(doc: ReturnType<typeof parseDocument>, path: readonly PropertyKey[], lc: LineCounter): { line: number; column: number } {
  let node: unknown = doc.contents;
  let last: Node | null = (doc.contents as Node | null) ?? null;
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === seg);
      if (!pair) break;
      last = (pair.value as Node | null) ?? (pair.key as Node);
      node = pair.value;
    } else if (isSeq(node) && typeof seg === "number") {
      node = node.items[seg];
      if (!node) break;
      last = node as Node;
    } else break;
  }
  const offset = last?.range?.[0] ?? 0;
  const pos = lc.linePos(offset);
  return { line: pos.line, column: pos.col };
}

function fieldName(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : `${i ? "." : ""}${String(p)}`)).join("");
}

/** Parse and validate YAML text; every problem is reported with its file, line and field. */
export function parseConfig(text: string, file: string): LoadedConfig {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new ConfigError(doc.errors.map((e) => {
      const pos = lc.linePos(e.pos[0]);
      return { file, line: pos.line, column: pos.col, field: "", message: e.message.split("\n")[0]! };
    }));
  }
  const parsed = configSchema.safeParse(doc.toJS() ?? {});
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => ({ file, ...locate(doc, i.path, lc), field: fieldName(i.path), message: i.message })));
  }
  const config = parsed.data;
  let catalog: Catalog;
  try {
    catalog = createCatalog(config.models, {
      providers: config.providers.map((p) => ({ id: p.id, name: p.name ?? p.id, kind: p.kind, defaultBaseUrl: p.base_url, apiKeyEnv: p.api_key_env })),
    });
  } catch (err) {
    if (err instanceof CatalogValidationError) {
      const pos = locate(doc, ["models"], lc);
      throw new ConfigError([{ file, ...pos, field: "models", message: err.message }]);
    }
    throw err;
  }
  const issues: ConstructorParameters<typeof ConfigError>[0] = [];
  config.routes.forEach((r, ri) => {
    r.targets.forEach((t, ti) => {
      if (!catalog.getModel(t.model)) issues.push({ file, ...locate(doc, ["routes", ri, "targets", ti, "model"], lc), field: `routes[${ri}].targets[${ti}].model`, message: `unknown model '${t.model}'` });
    });
  });
  if (issues.length) throw new ConfigError(issues);
  return { config, catalog };
}

export function loadConfigFile(file: string): LoadedConfig {
  return parseConfig(fs.readFileSync(file, "utf8"), file);
}

/**
 * Watch the file and hand each valid new version to `onChange`; an invalid edit is reported and the
 * running config stays (requests in flight keep the objects they started with).
 */
export function watchConfigFile(file: string, onChange: (c: LoadedConfig) => void, onError: (e: unknown) => void): () => void {
  let timer: NodeJS.Timeout | null = null;
  const reload = () => {
    timer = null;
    try {
      onChange(loadConfigFile(file));
    } catch (e) {
      onError(e);
    }
  };
  // Editors replace files (rename), which ends an fs.watch; watchFile polls the path itself.
  const listener = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(reload, 100);
  };
  fs.watchFile(file, { interval: 250 }, listener);
  return () => {
    fs.unwatchFile(file, listener);
    if (timer) clearTimeout(timer);
  };
}
