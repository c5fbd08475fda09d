import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

const schema = z.object({ dashboardToken: z.string().min(24), webhookSecret: z.string().min(24) }).strict();
export type LocalSecrets = z.infer<typeof schema>;

export const LOCAL_SECRETS_FILE = 'local-secrets.json';

/**
 * For sandbox runs without configured secrets: a dashboard token and a webhook secret
 * generated once per state directory, kept in a 0600 file next to the store, so a
 * newcomer's first start works in strict mode and the token survives restarts. Live
 * mode never uses this: its secrets must be configured.
 *
 * @category adapters
 */
export const loadOrCreateLocalSecrets = async (stateDir: string): Promise<{ secrets: LocalSecrets; path: string; created: boolean }> => {
  const path = join(stateDir, LOCAL_SECRETS_FILE);
  try {
    return { secrets: schema.parse(JSON.parse(await readFile(path, 'utf8'))), path, created: false };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`${path} is unreadable; delete it to generate new local secrets`);
  }
  const secrets: LocalSecrets = { dashboardToken: randomBytes(24).toString('base64url'), webhookSecret: randomBytes(24).toString('base64url') };
  await mkdir(stateDir, { recursive: true });
  await writeFile(path, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  await chmod(path, 0o600);
  return { secrets, path, created: true };
};

/**
 * The webhook variables a sandbox run uses when none are set: the generated secret for
 * every header or URL secret, so strict mode holds and the smoke checklist can probe.
 */
export const sandboxWebhookEnv = (secret: string): Record<string, string> => ({
  WEBHOOK_BEARER_TOKEN: secret,
  INSTANTLY_WEBHOOK_SECRET: secret,
  CLAY_WEBHOOK_SECRET: secret,
  RB2B_WEBHOOK_SECRET: secret,
  HEYREACH_WEBHOOK_SECRET: secret,
  GHL_STANDARD_WEBHOOK_SECRET: `whsec_${Buffer.from(secret).toString('base64')}`,
});
