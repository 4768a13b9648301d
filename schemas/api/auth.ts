// API key configuration: a JSON file (--keys) and/or PATHCOST_API_KEYS. A file may hold the key's SHA-256
// instead of the key itself, so it need not be a secret.
import { z } from 'zod';
import { Role } from './common.ts';

export const ApiKeyEntry = z
  .object({
    name: z.string().min(1).max(64).describe('Who holds the key (logged instead of the key).'),
    role: Role,
    key: z.string().min(1).optional().describe('The key itself.'),
    key_sha256: z.string().regex(/^[0-9a-f]{64}$/).optional().describe('Hex SHA-256 of the key, instead of the key.'),
  })
  .refine((e) => (e.key === undefined) !== (e.key_sha256 === undefined), { message: 'give exactly one of key or key_sha256' });
export type ApiKeyEntry = z.infer<typeof ApiKeyEntry>;

export const ApiKeyConfig = z.object({ keys: z.array(ApiKeyEntry) });
export type ApiKeyConfig = z.infer<typeof ApiKeyConfig>;

/** `key1:analyst,key2:clinician` (the form PATHCOST_API_KEYS takes). */
export const ApiKeysEnv = z
  .string()
  .transform((s) => s.split(',').map((p) => p.trim()).filter(Boolean))
  .pipe(z.array(z.string().regex(/^[^:\s]+:(analyst|clinician|admin)$/, 'each entry must be <key>:<analyst|clinician|admin>')));
