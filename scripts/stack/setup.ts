/** Migrate + seed against DATABASE_URL and print the demo credentials (the compose `setup` service). */
import path from "node:path";
import { migrateAndSeed } from "./seed.js";
import { loadLocalState } from "./state.js";

const url = process.env.DATABASE_URL;
if (!url) throw new Error("DATABASE_URL is required");
const state = loadLocalState(path.resolve(process.env.SB_DATA_DIR ?? ".data"));
const demo = await migrateAndSeed(url, state);
console.log(`Demo login: ${demo.email} / ${demo.password}\nDemo API key: ${demo.apiKey}`);
