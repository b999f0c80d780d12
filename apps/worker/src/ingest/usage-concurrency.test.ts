import { describe, expect, it } from "vitest";
import { createUsageConcurrency } from "./usage-concurrency.js";

describe("usage job concurrency follows the job size", () => {
  it("starts as if jobs were full, rises to maxJobs for small jobs, falls back for a backlog of full batches", () => {
    const c = createUsageConcurrency({ maxJobs: 2_000, maxEventsInFlight: 20_000 });
    expect(c.initial).toBe(40);
    let n = c.initial;
    for (let i = 0; i < 200; i++) n = c.observe(1);
    expect(n).toBe(2_000);
    for (let i = 0; i < 200; i++) n = c.observe(500);
    expect(n).toBeGreaterThanOrEqual(40);
    expect(n).toBeLessThanOrEqual(41);
    // Mixed sizes: about maxEventsInFlight events held.
    for (let i = 0; i < 2_000; i++) n = c.observe(i % 2 === 0 ? 10 : 90);
    expect(n * c.meanJobSize()).toBeGreaterThan(18_000);
    expect(n * c.meanJobSize()).toBeLessThanOrEqual(20_000);
  });

  it("never goes below one job nor above maxJobs", () => {
    const c = createUsageConcurrency({ maxJobs: 8, maxEventsInFlight: 100 });
    expect(c.initial).toBe(1);
    expect(c.observe(1_000)).toBe(1);
    let n = 1;
    for (let i = 0; i < 500; i++) n = c.observe(0);
    expect(n).toBe(8);
  });
});
