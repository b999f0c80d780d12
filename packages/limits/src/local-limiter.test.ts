import { describe, expect, it } from "vitest";
import { createLocalLimiter } from "./local-limiter.js";
import { createNoopLimiter } from "./noop-limiter.js";
import type { AdmitInput, BudgetInput } from "./types.js";

const T0 = Date.UTC(2026, 10, 21, 12, 0, 30);
let seq = 0;
function input(overrides: Partial<AdmitInput> = {}): AdmitInput {
  seq += 1;
  return {
    tenantId: "t",
    keyId: "k",
    requestId: `r${seq}`,
    keyLimits: { rpm: null, tpm: null },
    tenantLimits: { rpm: null, tpm: null },
    estimatedTokens: 10,
    reservePico: 0,
    budgets: [],
    nowMs: T0,
    ...overrides,
  };
}

describe("createLocalLimiter", () => {
  it("applies the same window semantics as Redis, per process", async () => {
    const limiter = createLocalLimiter();
    const results = await Promise.all(Array.from({ length: 50 }, () => limiter.admit(input({ keyLimits: { rpm: 7, tpm: null } }))));
    expect(results.filter((r) => r.allowed)).toHaveLength(7);
    expect(results.every((r) => r.source === "local")).toBe(true);
    expect((await limiter.admit(input({ keyLimits: { rpm: 7, tpm: null }, nowMs: T0 + 30_000 }))).allowed).toBe(true);
  });

  it("enforces budgets against the last spend Redis reported plus local spend", async () => {
    const limiter = createLocalLimiter();
    const budgets: BudgetInput[] = [{ id: "b", limitPico: 1000n, period: "monthly", mode: "hard" }];
    limiter.observe("t", [
      {
        id: "b",
        period: "monthly",
        periodKey: "2026-11",
        mode: "hard",
        limitPico: 1000n,
        spentPico: 700n,
        reservedPico: 100n,
        remainingPico: 200n,
        exceeded: false,
        resetAt: null,
      },
    ]);
    const first = input({ reservePico: 150n, budgets });
    expect((await limiter.admit(first)).allowed).toBe(true);
    expect((await limiter.admit(input({ reservePico: 100n, budgets }))).allowed).toBe(false); // 800 + 150 + 100 > 1000
    await limiter.settle({ tenantId: "t", keyId: "k", requestId: first.requestId, costPico: 120n, actualTokens: 1, budgets, nowMs: T0 });
    expect(await limiter.settle({ tenantId: "t", keyId: "k", requestId: first.requestId, costPico: 120n, actualTokens: 1, budgets, nowMs: T0 })).toEqual({
      settled: false,
      source: "local",
    });
    const after = await limiter.admit(input({ reservePico: 80n, budgets }));
    expect(after.allowed).toBe(true);
    expect(after.budgets[0]).toMatchObject({ spentPico: 920n, reservedPico: 80n });
  });

  it("expires local reservations and corrects TPM on settle", async () => {
    const limiter = createLocalLimiter();
    const budgets: BudgetInput[] = [{ id: "b", limitPico: 100n, period: "total", mode: "hard" }];
    const a = input({ reservePico: 100n, budgets, reservationTtlMs: 1000, keyLimits: { rpm: null, tpm: 100 }, estimatedTokens: 90 });
    expect((await limiter.admit(a)).allowed).toBe(true);
    expect((await limiter.admit(input({ reservePico: 1n, budgets }))).allowed).toBe(false);
    expect((await limiter.admit(input({ reservePico: 1n, budgets, nowMs: T0 + 1000 }))).allowed).toBe(true);
    await limiter.settle({ tenantId: "t", keyId: "k", requestId: a.requestId, costPico: 0n, actualTokens: 20, budgets: [], nowMs: T0 });
    const b = await limiter.admit(input({ keyLimits: { rpm: null, tpm: 100 }, estimatedTokens: 60, nowMs: T0 + 1000 }));
    expect(b.allowed).toBe(true);
    expect(b.rate.key.tokens.used).toBe(20 + 10 + 60); // 20 corrected, 10 from the 1-pico request, 60 now
  });
});

describe("createNoopLimiter", () => {
  it("admits everything", async () => {
    const limiter = createNoopLimiter();
    const result = await limiter.admit(input({ keyLimits: { rpm: 0, tpm: 0 } }));
    expect(result).toMatchObject({ allowed: true, source: "noop" });
    expect(await limiter.settle({ tenantId: "t", keyId: "k", requestId: "x", costPico: 1n, actualTokens: 1, budgets: [] })).toEqual({ settled: true, source: "noop" });
  });
});
