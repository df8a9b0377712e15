import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

let cachedSecret: string | undefined;

/**
 * SESSION_SECRET signs the session cookie. Without it (local use) a random secret is generated once and
 * kept in .data/session-secret, so restarts keep people signed in. Set it explicitly in production,
 * the same value on every app server.
 */
export function getSessionSecret(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SESSION_SECRET) return env.SESSION_SECRET;
  if (cachedSecret) return cachedSecret;
  const file = path.resolve(process.cwd(), ".data", "session-secret");
  if (fs.existsSync(file)) {
    cachedSecret = fs.readFileSync(file, "utf8").trim();
  } else {
    cachedSecret = crypto.randomBytes(32).toString("hex");
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, cachedSecret, { mode: 0o600 });
    console.warn(`SESSION_SECRET is not set: generated a development secret in ${file}`);
  }
  return cachedSecret;
}
