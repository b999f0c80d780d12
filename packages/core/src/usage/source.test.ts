import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addUtcDays, startOfUtcDay, tenantSpendSince, usageByModelDay, usageTotals } from "../index.js";
import { ctxFor, makeTenant, openHarness, type Harness } from "../testutil/fixtures.js";
import { usageCutover } from "./source.js";

/**
 * The dashboard reads the daily rollup before the cutover and hourly rows after it. A stale
 * daily row for today (the rollup ran at :05, more traffic came since) must not be counted on
 * top of the hourly rows, and an hour of fresh traffic must show before any rollup runs.
 */
let h: Harness;
let t: Awaited<ReturnType<typeof makeTenant>>;
const today = startOfUtcDay(new Date());
const thisHour = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);

beforeAll(async () => {
  h = await openHarness();
  t = await makeTenant(h.db, "usage");
  const row = { tenantId: t.tenant.id, apiKeyId: "k", model: "m", provider: "p" };
  await h.db.usageDaily.create({ data: { ...row, day: addUtcDays(today, -5), requests: 1n, costPicoUsd: 1_000n } });
  // Stale rollup of today: 2 requests, while the hourly table already holds 3.
  await h.db.usageDaily.create({ data: { ...row, day: today, requests: 2n, costPicoUsd: 20n } });
  await h.db.usageHourly.create({ data: { ...row, hour: thisHour, requests: 3n, costPicoUsd: 30n } });
});
afterAll(async () => {
  await h?.close();
});

describe("usage source", () => {
  it("cuts over at the start of yesterday (UTC)", () => {
    expect(usageCutover(new Date("2026-03-10T12:34:00Z")).toISOString()).toBe("2026-03-09T00:00:00.000Z");
  });

  it("counts the daily rollup before the cutover and hourly rows after, never both", async () => {
    const ctx = ctxFor(h, t.tenant.id, t.users.owner, "owner");
    const range = { from: addUtcDays(today, -10), to: today };
    expect(await usageTotals({ ctx, input: range })).toMatchObject({ requests: 4n, costPicoUsd: 1_030n });
    const days = await usageByModelDay({ ctx, input: range });
    expect(days.map((d) => [d.day, d.requests])).toEqual([
      [addUtcDays(today, -5).toISOString().slice(0, 10), 1n],
      [today.toISOString().slice(0, 10), 3n],
    ]);
    expect(await tenantSpendSince(h.db, t.tenant.id, addUtcDays(today, -1))).toBe(30n);
  });
});
