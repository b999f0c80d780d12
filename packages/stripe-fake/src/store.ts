import { randomBytes } from "node:crypto";
import fixtures from "./fixtures/objects.json" with { type: "json" };
import { noSuch } from "./errors.js";

export type StripeObject = Record<string, unknown> & { id: string; object: string };
type FixtureName = keyof typeof fixtures;

/** A deep copy of Stripe's published example object: every field a real response carries, in Stripe's shape. */
export function template(name: FixtureName): Record<string, unknown> {
  return structuredClone(fixtures[name]) as Record<string, unknown>;
}

export interface ListResult {
  object: "list";
  data: StripeObject[];
  has_more: boolean;
  url: string;
}

/** In-memory objects by kind, in insertion order; ids look like Stripe's (`cus_…`, `price_…`). */
export class Store {
  private readonly tables = new Map<string, Map<string, StripeObject>>();
  /** Seconds since the epoch; tests may move it (e.g. to age an invoice). */
  clock: () => number = () => Math.floor(Date.now() / 1000);

  newId(prefix: string): string {
    return `${prefix}_${randomBytes(12).toString("base64url").replace(/[-_]/g, "x").slice(0, 14)}`;
  }

  private table(kind: string): Map<string, StripeObject> {
    let t = this.tables.get(kind);
    if (!t) {
      t = new Map();
      this.tables.set(kind, t);
    }
    return t;
  }

  put<T extends StripeObject>(obj: T): T {
    this.table(obj.object).set(obj.id, obj);
    return obj;
  }

  find(kind: string, id: string): StripeObject | undefined {
    return this.table(kind).get(id);
  }

  get(kind: string, id: string, label = kind, param = "id"): StripeObject {
    const o = this.find(kind, id);
    if (!o) throw noSuch(label, id, param);
    return o;
  }

  all(kind: string): StripeObject[] {
    return [...this.table(kind).values()];
  }

  /** Newest first, like Stripe; `limit` (default 10, max 100) and `starting_after` cursor. */
  list(kind: string, url: string, filter: (o: StripeObject) => boolean, params: { limit?: string; starting_after?: string }): ListResult {
    const limit = Math.min(100, Math.max(1, Number(params.limit ?? 10) || 10));
    let rows = this.all(kind).filter(filter).reverse();
    if (params.starting_after) {
      const i = rows.findIndex((o) => o.id === params.starting_after);
      rows = i >= 0 ? rows.slice(i + 1) : [];
    }
    return { object: "list", data: rows.slice(0, limit), has_more: rows.length > limit, url };
  }
}
