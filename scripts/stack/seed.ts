import bcrypt from "bcryptjs";
import { listModels } from "@switchboard/catalog";
import { createPrismaClient, migrateDatabase, seedDemo, syncCatalog, DEMO_USER_EMAIL } from "@switchboard/db";
import { generateApiKey, hashApiKey, displayPrefixOf } from "@switchboard/keys";
import type { LocalState } from "./state.js";

export interface DemoCredentials {
  email: string;
  password: string;
  apiKey: string;
}

/** Apply migrations, sync the model catalog and make sure the demo tenant, user and key exist. */
export async function migrateAndSeed(databaseUrl: string, state: LocalState & { save(): void }): Promise<DemoCredentials> {
  await migrateDatabase(databaseUrl, { log: () => {} });
  const prisma = createPrismaClient(databaseUrl);
  try {
    await syncCatalog(prisma, listModels().map((m) => ({ ...m, aliases: [...m.aliases], prices: m.prices.map((p) => ({ ...p })) })));
    if (!state.demoApiKey) {
      state.demoApiKey = generateApiKey().key;
      state.save();
    }
    await seedDemo(prisma, {
      // bcrypt (cost 12), the same scheme the dashboard's sign-in verifies.
      demoPasswordHash: await bcrypt.hash(state.demoPassword, 12),
      demoApiKeyHash: hashApiKey(state.demoApiKey),
      demoApiKeyPrefix: displayPrefixOf(state.demoApiKey),
    });
    return { email: DEMO_USER_EMAIL, password: state.demoPassword, apiKey: state.demoApiKey };
  } finally {
    await prisma.$disconnect();
  }
}
