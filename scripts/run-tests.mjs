// Runs vitest over the whole monorepo and closes with one plain summary line ("N passed, N failed"),
// which CI reads. Extra args go to vitest (e.g. a path filter).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const out = path.join(os.tmpdir(), `sb-vitest-${process.pid}.json`);
const res = spawnSync("pnpm", ["exec", "vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${out}`, ...process.argv.slice(2)], { stdio: "inherit" });
let passed = 0, failed = 0, skipped = 0;
if (fs.existsSync(out)) {
  const report = JSON.parse(fs.readFileSync(out, "utf8"));
  passed = report.numPassedTests;
  // A file that failed outside any test (an import error, a hook) counts once; its failed tests are already counted.
  const brokenFiles = report.testResults.filter((r) => r.status === "failed" && !r.assertionResults.some((a) => a.status === "failed")).length;
  failed = report.numFailedTests + brokenFiles;
  skipped = report.numPendingTests + report.numTodoTests;
  fs.rmSync(out);
} else {
  failed = 1;
}
console.log(`\nTests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(res.status === 0 && failed === 0 && passed > 0 ? 0 : 1);
