import type { Prisma, PrismaClient } from "./generated/prisma/client";

/** Integer micro-USD per 1M tokens; strings and numbers are accepted if they are exact integers. */
export type MicroUsdPerMtok = bigint | number | string;

export interface CatalogPriceInput {
  effectiveFrom: Date | string;
  inputPerMtok: MicroUsdPerMtok;
  outputPerMtok: MicroUsdPerMtok;
  cachedInputPerMtok?: MicroUsdPerMtok | null;
  cacheWritePerMtok?: MicroUsdPerMtok | null;
  reasoningPerMtok?: MicroUsdPerMtok | null;
}

export interface CatalogModelInput {
  /** canonical "provider/model" */
  id: string;
  provider: string;
  kind: string;
  upstreamModel: string;
  aliases: readonly string[];
  mode: string;
  contextWindow?: number | null;
  maxOutputTokens?: number | null;
  /** any JSON-serialisable object */
  capabilities: object;
  prices: readonly CatalogPriceInput[];
  source?: { url?: string | null; retrieved?: Date | string | null } | null;
}

export interface SyncCatalogResult {
  models: number;
  prices: number;
}

function toMicroUsd(value: MicroUsdPerMtok, field: string, modelId: string): bigint {
  if (typeof value === "number" && !Number.isSafeInteger(value)) {
    throw new Error(`${modelId}: ${field} must be an integer number of micro-USD per 1M tokens, got ${value}`);
  }
  try {
    return BigInt(value);
  } catch {
    throw new Error(`${modelId}: ${field} is not an integer: ${String(value)}`);
  }
}

function optionalMicroUsd(value: MicroUsdPerMtok | null | undefined, field: string, modelId: string): bigint | null {
  return value === null || value === undefined ? null : toMicroUsd(value, field, modelId);
}

function toDate(value: Date | string, field: string, modelId: string): Date {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) throw new Error(`${modelId}: ${field} is not a date: ${String(value)}`);
  return date;
}

/**
 * Upserts catalog models and their price rows (keyed by model + effectiveFrom). Idempotent; never
 * deletes, because request logs and invoices keep referring to retired models and old prices.
 */
export async function syncCatalog(prisma: PrismaClient, models: readonly CatalogModelInput[]): Promise<SyncCatalogResult> {
  let prices = 0;
  for (const model of models) {
    const fields = {
      provider: model.provider,
      kind: model.kind,
      upstreamModel: model.upstreamModel,
      aliases: [...model.aliases],
      mode: model.mode,
      contextWindow: model.contextWindow ?? null,
      maxOutputTokens: model.maxOutputTokens ?? null,
      // round trip: rejects non-JSON values (bigint, cycles) here rather than inside Prisma
      capabilities: JSON.parse(JSON.stringify(model.capabilities)) as Prisma.InputJsonValue,
      sourceUrl: model.source?.url ?? null,
      sourceRetrieved: model.source?.retrieved ? toDate(model.source.retrieved, "source.retrieved", model.id) : null,
    };
    const priceRows = model.prices.map((price) => ({
      effectiveFrom: toDate(price.effectiveFrom, "effectiveFrom", model.id),
      inputPerMtok: toMicroUsd(price.inputPerMtok, "inputPerMtok", model.id),
      outputPerMtok: toMicroUsd(price.outputPerMtok, "outputPerMtok", model.id),
      cachedInputPerMtok: optionalMicroUsd(price.cachedInputPerMtok, "cachedInputPerMtok", model.id),
      cacheWritePerMtok: optionalMicroUsd(price.cacheWritePerMtok, "cacheWritePerMtok", model.id),
      reasoningPerMtok: optionalMicroUsd(price.reasoningPerMtok, "reasoningPerMtok", model.id),
    }));
    await prisma.$transaction([
      prisma.model.upsert({ where: { id: model.id }, create: { id: model.id, ...fields }, update: fields }),
      ...priceRows.map(({ effectiveFrom, ...amounts }) =>
        prisma.modelPrice.upsert({
          where: { modelId_effectiveFrom: { modelId: model.id, effectiveFrom } },
          create: { modelId: model.id, effectiveFrom, ...amounts },
          update: amounts,
        }),
      ),
    ]);
    prices += priceRows.length;
  }
  return { models: models.length, prices };
}
