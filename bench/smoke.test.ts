import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { defaultConfig } from "./src/config.js";
import { parseSummaryTable } from "./src/report/table.js";
import { writeReport } from "./src/report/write.js";
import { runBench } from "./src/runner.js";

// The whole harness in smoke mode (a couple of seconds per phase). Asserts the report's shape, never speed.
describe("bench harness (smoke)", () => {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "sb-bench-smoke-"));
  afterAll(() => fs.rmSync(outDir, { recursive: true, force: true }));

  it("measures every target and writes a well-formed results table", { timeout: 90_000 }, async () => {
    const cfg = defaultConfig("smoke", outDir);
    const run = await runBench(cfg, () => {});
    await writeReport(run, "vitest bench/smoke.test.ts");

    const md = fs.readFileSync(path.join(outDir, "results.md"), "utf8");
    const { header, rows } = parseSummaryTable(md);
    expect(header[0]).toBe("Target");
    expect(rows).toHaveLength(cfg.targets.length);
    for (const r of rows) expect(r).toHaveLength(header.length);

    const labels = rows.map((r) => r[0]);
    expect(labels.some((l) => l?.startsWith("mock upstream"))).toBe(true);
    expect(labels.some((l) => l?.startsWith("Switchboard"))).toBe(true);
    expect(labels.some((l) => l?.startsWith("Portkey"))).toBe(true);

    // The floor and Switchboard must always be measured; Portkey only when it could be installed and started.
    const measured = run.results.map((r) => r.name);
    expect(measured).toEqual(expect.arrayContaining(["mock", "switchboard"]));
    for (const r of rows) {
      if (r[1] === "not measured") continue;
      expect(Number(r[1]!.replace(/,/g, ""))).toBeGreaterThan(0);
    }
    for (const r of run.results) {
      expect(r.throughput.wrk.rps).toBeGreaterThan(0);
      expect(r.streams.every((s) => s.requests > 0)).toBe(true);
      expect(r.slowStreams.completed).toBeGreaterThan(0);
    }
    expect(run.results.find((r) => r.name === "switchboard")?.soak?.samples.length).toBeGreaterThan(0);
    expect(fs.existsSync(path.join(outDir, "chart.svg"))).toBe(true);
  });
});
