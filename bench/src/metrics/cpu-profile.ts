import fs from "node:fs";
import { SourceMap, type SourceMapPayload } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { REPO_DIR } from "../config.js";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileEntry {
  name: string;
  /** original source location (through the bundle's source map when there is one) */
  where: string;
  selfMs: number;
  pct: number;
}

export interface ProfileSummary {
  totalMs: number;
  functions: ProfileEntry[];
  /** self time grouped by package / area (node internals, GC, each dependency, each workspace package) */
  areas: ProfileEntry[];
  /** inclusive (self + callees) time of our own functions (apps/, packages/): which hot-path step costs what */
  inclusive: ProfileEntry[];
}

/** Self time per function of a `node --cpu-prof` profile, bundle positions mapped back to the TypeScript sources. */
export function summariseCpuProfile(file: string, opts: { top?: number; skipFirstMs?: number } = {}): ProfileSummary {
  const top = opts.top ?? 30;
  const prof = JSON.parse(fs.readFileSync(file, "utf8")) as CpuProfile;
  const self = new Map<number, number>();
  // Start-up (module loading, one-time tables) and warm-up are left out when skipFirstMs is given.
  let clock = 0;
  for (let i = 0; i < prof.samples.length; i++) {
    clock += prof.timeDeltas[i] ?? 0;
    if (clock < (opts.skipFirstMs ?? 0) * 1000) continue;
    // timeDeltas[i] is the time since the previous sample: charge it to the sample that follows it.
    const id = prof.samples[i]!;
    self.set(id, (self.get(id) ?? 0) + (prof.timeDeltas[i + 1] ?? 0));
  }
  const maps = new Map<string, SourceMap | null>();
  const byFn = new Map<string, ProfileEntry>();
  const byArea = new Map<string, ProfileEntry>();
  let total = 0;
  for (const node of prof.nodes) {
    const us = self.get(node.id) ?? 0;
    if (!us) continue;
    total += us;
    const { where, area } = locate(node.callFrame, maps);
    const name = node.callFrame.functionName || "(anonymous)";
    const key = `${name} ${where}`;
    add(byFn, key, name, where, us);
    add(byArea, area, area, "", us);
  }
  const finish = (m: Map<string, ProfileEntry>, n: number) =>
    [...m.values()]
      .map((e) => ({ ...e, selfMs: e.selfMs / 1000, pct: (e.selfMs / total) * 100 }))
      .sort((a, b) => b.selfMs - a.selfMs)
      .slice(0, n);
  const inclusive = inclusiveTimes(prof, self, maps);
  return { totalMs: total / 1000, functions: finish(byFn, top), areas: finish(byArea, top), inclusive: finish(inclusive, top) };
}

function inclusiveTimes(prof: CpuProfile, self: Map<number, number>, maps: Map<string, SourceMap | null>): Map<string, ProfileEntry> {
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const memo = new Map<number, number>();
  const subtree = (id: number): number => {
    const hit = memo.get(id);
    if (hit !== undefined) return hit;
    const n = byId.get(id)!;
    const v = (self.get(id) ?? 0) + (n.children ?? []).reduce((a, c) => a + subtree(c), 0);
    memo.set(id, v);
    return v;
  };
  const out = new Map<string, ProfileEntry>();
  // A function that recurses (or appears under itself) is counted once per path from the root.
  const walk = (id: number, open: Set<string>) => {
    const n = byId.get(id)!;
    const { where } = locate(n.callFrame, maps);
    const name = n.callFrame.functionName || "(anonymous)";
    const key = `${name} ${where}`;
    const ours = /^(apps|packages)\//.test(where);
    const fresh = ours && !open.has(key);
    if (fresh) {
      add(out, key, name, where, subtree(id));
      open.add(key);
    }
    for (const c of n.children ?? []) walk(c, open);
    if (fresh) open.delete(key);
  };
  walk(prof.nodes[0]!.id, new Set());
  return out;
}

function add(m: Map<string, ProfileEntry>, key: string, name: string, where: string, us: number): void {
  const e = m.get(key);
  if (e) e.selfMs += us;
  else m.set(key, { name, where, selfMs: us, pct: 0 });
}

function locate(cf: ProfileNode["callFrame"], maps: Map<string, SourceMap | null>): { where: string; area: string } {
  if (!cf.url) return { where: "", area: cf.functionName.startsWith("(") ? cf.functionName : "(native/V8 builtins)" };
  if (cf.url.startsWith("node:")) return { where: `${cf.url}:${cf.lineNumber + 1}`, area: "node internals" };
  const file = cf.url.startsWith("file://") ? fileURLToPath(cf.url) : cf.url;
  let map = maps.get(file);
  if (map === undefined) {
    map = fs.existsSync(`${file}.map`) ? new SourceMap(JSON.parse(fs.readFileSync(`${file}.map`, "utf8")) as SourceMapPayload) : null;
    maps.set(file, map);
  }
  const entry = map?.findEntry(cf.lineNumber, cf.columnNumber);
  const original = entry && "originalSource" in entry && entry.originalSource ? entry.originalSource : null;
  const absolute = original ? path.resolve(path.dirname(file), original.replace(/^file:\/\//, "")) : file;
  const source = path.relative(REPO_DIR, absolute);
  const line = entry && "originalLine" in entry ? entry.originalLine + 1 : cf.lineNumber + 1;
  return { where: `${source}:${line}`, area: areaOf(source) };
}

function areaOf(source: string): string {
  const nm = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(source);
  if (nm) return nm[1]!;
  const ws = /(apps|packages)\/([^/]+)\/src\/([^/]+)/.exec(source);
  if (ws) return `${ws[1]}/${ws[2]}/${ws[3]}`;
  return source;
}

export function profileMarkdown(title: string, s: ProfileSummary): string {
  const rows = (es: ProfileEntry[], withWhere: boolean) =>
    es.map((e) => `| ${e.name.replace(/\|/g, "\\|")}${withWhere ? ` | ${e.where}` : ""} | ${e.selfMs.toFixed(0)} | ${e.pct.toFixed(1)}% |`).join("\n");
  return `## ${title}\n\nSampled ${s.totalMs.toFixed(0)} ms of CPU.\n\n### Self time by area\n\n| Area | Self ms | Share |\n| --- | --- | --- |\n${rows(s.areas.slice(0, 15), false)}\n\n### Top functions by self time\n\n| Function | Source | Self ms | Share |\n| --- | --- | --- | --- |\n${rows(s.functions, true)}\n\n### Gateway and workspace functions by inclusive time (self + callees)\n\n| Function | Source | Total ms | Share |\n| --- | --- | --- | --- |\n${rows(s.inclusive.slice(0, 25), true)}\n`;
}
