import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/** Local, generated-once secrets and demo credentials for the embedded stack (kept in the ignored data folder). */
export interface LocalState {
  authSecret: string;
  secretsKeyring: string;
  demoPassword: string;
  demoApiKey?: string;
}

export function loadLocalState(dataDir: string): LocalState & { save(): void } {
  fs.mkdirSync(dataDir, { recursive: true });
  // Postgres (run as an unprivileged user when we are root) must be able to enter the data folder.
  fs.chmodSync(dataDir, 0o755);
  const file = path.join(dataDir, "local-state.json");
  const existing: Partial<LocalState> = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : {};
  const state: LocalState = {
    authSecret: existing.authSecret ?? randomBytes(32).toString("base64url"),
    secretsKeyring: existing.secretsKeyring ?? `1:${randomBytes(32).toString("base64")}`,
    demoPassword: existing.demoPassword ?? `demo-${randomBytes(6).toString("base64url")}`,
    demoApiKey: existing.demoApiKey,
  };
  const save = () => fs.writeFileSync(file, JSON.stringify(state, null, 2), { mode: 0o600 });
  save();
  return Object.assign(state, { save });
}
