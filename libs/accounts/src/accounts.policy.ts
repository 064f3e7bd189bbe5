import { DEFAULT_ACCOUNTS_POLICY, type AccountsPolicy } from './account/decide';

export const ACCOUNTS_POLICY = Symbol('AccountsPolicy');

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

function merge<T>(base: T, override: DeepPartial<T> | undefined): T {
  if (override === undefined || override === null) return base;
  if (typeof base !== 'object' || base === null) return override as T;
  const result: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries(override)) {
    if (!(key in result)) throw new Error(`O2C_ACCOUNTS_POLICY: unknown setting "${key}"`);
    result[key] = merge(result[key], value as never);
  }
  return result as T;
}

/** The defaults (README), overridden by `O2C_ACCOUNTS_POLICY`: a JSON object with only the settings to change. */
export function accountsPolicyFrom(json: string | undefined = process.env.O2C_ACCOUNTS_POLICY): AccountsPolicy {
  if (json === undefined || json.trim() === '') return DEFAULT_ACCOUNTS_POLICY;
  let override: DeepPartial<AccountsPolicy>;
  try {
    override = JSON.parse(json) as DeepPartial<AccountsPolicy>;
  } catch {
    throw new Error('O2C_ACCOUNTS_POLICY must be a JSON object');
  }
  return merge(DEFAULT_ACCOUNTS_POLICY, override);
}
