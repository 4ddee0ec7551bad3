/** The key that signs the application form's start token (core/form-token.ts), made on first use. */
import { randomBytes } from 'node:crypto';
import * as keys from './keys.ts';
import { keptSecret } from './kept-secrets.ts';

let cached: Promise<string> | undefined;

export function formTokenKey(): Promise<string> {
  cached ??= keptSecret(keys.formKey(), () => ({ key: randomBytes(32).toString('base64url') })).then((s) => s.key);
  cached.catch(() => {
    cached = undefined; // a failed read is tried again on the next request
  });
  return cached;
}
