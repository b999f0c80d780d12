import { describe, expect, it } from "vitest";
import { computePeriodKey, isoWeek, periodOfKey, periodResetAt, periodStartAt } from "./periods.js";

const d = (iso: string) => new Date(iso);

describe("computePeriodKey", () => {
  it("formats each period in UTC", () => {
    const at = d("2026-11-21T23:59:59.999Z");
    expect(computePeriodKey("daily", at)).toBe("2026-11-21");
    expect(computePeriodKey("weekly", at)).toBe("2026-W47");
    expect(computePeriodKey("monthly", at)).toBe("2026-11");
    expect(computePeriodKey("total", at)).toBe("total");
    // A local-time offset must not move the day: this is still Nov 21 in UTC.
    expect(computePeriodKey("daily", d("2026-11-21T23:30:00-00:00"))).toBe("2026-11-21");
    expect(computePeriodKey("daily", d("2026-11-22T00:30:00+02:00"))).toBe("2026-11-21");
  });

  it.each([
    // [instant, ISO week key] around year boundaries
    ["2020-12-31T12:00:00Z", "2020-W53"],
    ["2021-01-03T23:59:59Z", "2020-W53"], // Sunday still in 2020's week 53
    ["2021-01-04T00:00:00Z", "2021-W01"],
    ["2024-12-30T00:00:00Z", "2025-W01"], // Monday of week 1 of 2025 lies in 2024
    ["2024-12-29T23:59:59Z", "2024-W52"],
    ["2026-01-01T00:00:00Z", "2026-W01"], // Thursday
    ["2027-01-01T00:00:00Z", "2026-W53"], // Friday: belongs to 2026's week 53
    ["2027-01-04T00:00:00Z", "2027-W01"],
    ["2026-11-23T00:00:00Z", "2026-W48"],
  ])("ISO week of %s is %s", (iso, key) => {
    expect(computePeriodKey("weekly", d(iso))).toBe(key);
  });

  it("matches a brute-force ISO week count for every day of 2019-2031", () => {
    for (let t = Date.UTC(2019, 0, 1); t < Date.UTC(2032, 0, 1); t += 86_400_000) {
      const date = new Date(t);
      const { year, week } = isoWeek(date);
      // Week 1 starts on the Monday on or before January 4th.
      const jan4 = Date.UTC(year, 0, 4);
      const week1 = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * 86_400_000;
      expect(Math.floor((t - week1) / (7 * 86_400_000)) + 1).toBe(week);
    }
  });
});

describe("periodResetAt", () => {
  it("resets daily at the next UTC midnight", () => {
    expect(periodResetAt("daily", d("2026-11-21T00:00:00Z"))).toEqual(d("2026-11-22T00:00:00Z"));
    expect(periodResetAt("daily", d("2026-12-31T23:59:59Z"))).toEqual(d("2027-01-01T00:00:00Z"));
  });
  it("resets weekly on Monday 00:00 UTC", () => {
    expect(periodResetAt("weekly", d("2026-11-21T10:00:00Z"))).toEqual(d("2026-11-23T00:00:00Z")); // Saturday
    expect(periodResetAt("weekly", d("2026-11-23T00:00:00Z"))).toEqual(d("2026-11-30T00:00:00Z")); // Monday itself
    expect(periodResetAt("weekly", d("2026-11-22T23:59:59Z"))).toEqual(d("2026-11-23T00:00:00Z")); // Sunday
    expect(periodResetAt("weekly", d("2027-01-01T00:00:00Z"))).toEqual(d("2027-01-04T00:00:00Z"));
    expect(periodStartAt("weekly", d("2027-01-01T00:00:00Z"))).toEqual(d("2026-12-28T00:00:00Z"));
  });
  it("resets monthly on the 1st, across year ends and short months", () => {
    expect(periodResetAt("monthly", d("2026-12-15T00:00:00Z"))).toEqual(d("2027-01-01T00:00:00Z"));
    expect(periodResetAt("monthly", d("2028-02-29T12:00:00Z"))).toEqual(d("2028-03-01T00:00:00Z"));
    expect(periodResetAt("monthly", d("2026-01-31T23:59:59Z"))).toEqual(d("2026-02-01T00:00:00Z"));
  });
  it("never resets total", () => {
    expect(periodResetAt("total", d("2026-11-21T00:00:00Z"))).toBeNull();
  });
});

describe("periodOfKey", () => {
  it("recognises each key shape", () => {
    expect(periodOfKey("2026-11-21")).toBe("daily");
    expect(periodOfKey("2026-W47")).toBe("weekly");
    expect(periodOfKey("2026-11")).toBe("monthly");
    expect(periodOfKey("total")).toBe("total");
    expect(periodOfKey("2026")).toBeNull();
  });
});
