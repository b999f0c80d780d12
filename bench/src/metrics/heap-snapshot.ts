import fs from "node:fs";

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

export interface HeapGroup {
  name: string;
  count: number;
  selfMB: number;
}

/** Self size of a V8 heap snapshot grouped by node type and constructor/name: what fills the JS heap. */
export function summariseHeapSnapshot(file: string, top = 25): { totalMB: number; groups: HeapGroup[] } {
  const snap = JSON.parse(fs.readFileSync(file, "utf8")) as Snapshot;
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const width = fields.length;
  const iType = fields.indexOf("type");
  const iName = fields.indexOf("name");
  const iSize = fields.indexOf("self_size");
  const groups = new Map<string, HeapGroup>();
  let total = 0;
  for (let i = 0; i < snap.nodes.length; i += width) {
    const type = types[snap.nodes[i + iType]!] ?? "?";
    const size = snap.nodes[i + iSize]!;
    total += size;
    // Strings and code are grouped by type only; objects by constructor name.
    const raw = snap.strings[snap.nodes[i + iName]!] ?? "";
    const name = type === "object" || type === "closure" || type === "native" ? `${type}: ${raw.slice(0, 60)}` : type;
    const g = groups.get(name) ?? { name, count: 0, selfMB: 0 };
    g.count++;
    g.selfMB += size;
    groups.set(name, g);
  }
  const sorted = [...groups.values()].map((g) => ({ ...g, selfMB: g.selfMB / 2 ** 20 })).sort((a, b) => b.selfMB - a.selfMB);
  return { totalMB: total / 2 ** 20, groups: sorted.slice(0, top) };
}

export function heapMarkdown(title: string, s: { totalMB: number; groups: HeapGroup[] }): string {
  const rows = s.groups.map((g) => `| ${g.name.replace(/\|/g, "\\|")} | ${g.count} | ${g.selfMB.toFixed(1)} |`).join("\n");
  return `## ${title}\n\nJS heap in the snapshot: ${s.totalMB.toFixed(1)} MB.\n\n| Type: constructor | Objects | Self MB |\n| --- | --- | --- |\n${rows}\n`;
}
