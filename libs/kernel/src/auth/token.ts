import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { SignJWT, errors, jwtVerify } from 'jose';
import { isRole, ROLES, type Role } from './roles';

/** How tokens are signed and checked: HS256 with one shared secret (O2C_AUTH_SECRET). */
export interface AuthConfig {
  readonly secret: Uint8Array;
  readonly issuer: string;
  readonly audience: string;
}

/** Who is calling, from a verified token. */
export interface Principal {
  /** The token's `sub`. */
  readonly subject: string;
  /** The actor recorded in every event's metadata: `sub` when it is already `user:`/`svc:`/`system:`, else `user:<sub>`. */
  readonly actor: string;
  readonly roles: readonly Role[];
  /** The token's id (`jti`): what an admin revokes one token by. */
  readonly tokenId: string;
  /** The token's `iat` (whole seconds): a subject-wide revocation refuses tokens issued up to an instant. */
  readonly issuedAt: Date;
}

export const AUTH_ISSUER = 'o2c';
export const AUTH_AUDIENCE = 'o2c';
const MIN_SECRET_BYTES = 32;
export const SUBJECT = /^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,199}$/;
const ACTOR_PREFIX = /^(user|svc|system):/;

export function authConfig(secret: string | Uint8Array): AuthConfig {
  const bytes = typeof secret === 'string' ? new TextEncoder().encode(secret) : secret;
  if (bytes.length < MIN_SECRET_BYTES) throw new Error(`the token secret must be at least ${MIN_SECRET_BYTES} bytes (O2C_AUTH_SECRET), got ${bytes.length}`);
  return { secret: bytes, issuer: AUTH_ISSUER, audience: AUTH_AUDIENCE };
}

export function actorOf(subject: string): string {
  return ACTOR_PREFIX.test(subject) ? subject : `user:${subject}`;
}

export interface TokenRequest {
  readonly subject: string;
  readonly roles: readonly Role[];
  /** jose's time span (`8h`, `30m`, `7d`) or seconds; default 8 hours. */
  readonly expiresIn?: string | number;
}

/** A signed token (JWT, HS256) carrying `sub`, `roles`, `iss`, `aud`, `iat`, `exp` and a random `jti` (its id, for revocation). */
export async function signToken(config: AuthConfig, request: TokenRequest): Promise<string> {
  if (!SUBJECT.test(request.subject)) throw new Error('subject must be 1-200 letters, digits or _ . : @ - (e.g. alice, svc:oms)');
  if (request.roles.length === 0 || !request.roles.every(isRole)) throw new Error(`roles must be one or more of ${ROLES.join(', ')}`);
  const expiresIn = request.expiresIn ?? '8h';
  return new SignJWT({ roles: [...request.roles] })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(request.subject)
    .setIssuer(config.issuer)
    .setAudience(config.audience)
    .setJti(randomUUID())
    .setIssuedAt()
    .setExpirationTime(typeof expiresIn === 'number' ? Math.floor(Date.now() / 1000) + expiresIn : expiresIn)
    .sign(config.secret);
}

/** Why a token was refused, in words a caller can act on. */
export class TokenRefused extends Error {}

/**
 * Verifies signature, issuer, audience and expiry against the wall clock (not the
 * application's clock: a demo's manual clock must not make tokens valid or expired).
 */
export async function verifyToken(config: AuthConfig, token: string): Promise<Principal> {
  return (await verifyTokenUntil(config, token)).principal;
}

/** verifyToken, with the instant (ms since the epoch) from which the token is expired. */
async function verifyTokenUntil(config: AuthConfig, token: string): Promise<{ principal: Principal; expiresAtMs: number }> {
  try {
    const { payload } = await jwtVerify(token, config.secret, { algorithms: ['HS256'], issuer: config.issuer, audience: config.audience, requiredClaims: ['sub', 'exp', 'iat', 'jti'] });
    const subject = payload.sub!;
    if (!SUBJECT.test(subject)) throw new TokenRefused('the token subject is not a valid actor');
    const roles = Array.isArray(payload.roles) ? payload.roles.filter(isRole) : [];
    if (roles.length === 0) throw new TokenRefused('the token carries no known role');
    return { principal: { subject, actor: actorOf(subject), roles, tokenId: payload.jti!, issuedAt: new Date(payload.iat! * 1000) }, expiresAtMs: payload.exp! * 1000 };
  } catch (error) {
    if (error instanceof TokenRefused) throw error;
    if (error instanceof errors.JWTExpired) throw new TokenRefused('the token has expired');
    if (error instanceof errors.JWSSignatureVerificationFailed) throw new TokenRefused('the token signature does not verify');
    if (error instanceof errors.JWTClaimValidationFailed) throw new TokenRefused(`the token's ${error.claim} claim is not accepted`);
    if (error instanceof errors.JOSEError) throw new TokenRefused(`the token is not a valid signed token (${error.code})`);
    throw error;
  }
}

/**
 * Tokens already verified, kept until they expire: a client that sends the same token with every request pays the
 * signature check (a few hundred microseconds of CPU under load) once. Expiry is checked against the wall clock on
 * every hit; refused tokens are not kept; bounded (the oldest entry goes first).
 */
export class VerifiedTokens {
  private readonly entries = new Map<string, { principal: Principal; expiresAtMs: number }>();

  constructor(
    private readonly config: AuthConfig,
    private readonly maxTokens = 10_000,
  ) {}

  async verify(token: string): Promise<Principal> {
    const known = this.entries.get(token);
    if (known && Date.now() < known.expiresAtMs) return known.principal;
    if (known) this.entries.delete(token);
    const verified = await verifyTokenUntil(this.config, token);
    this.entries.set(token, verified);
    if (this.entries.size > this.maxTokens) this.entries.delete(this.entries.keys().next().value as string);
    return verified.principal;
  }
}

/** Where the secret comes from, said once at start. */
export interface AuthSecretSource {
  readonly config: AuthConfig;
  /** `env` (O2C_AUTH_SECRET) or the file it was read from or created in (demo). */
  readonly source: 'env' | { readonly file: string; readonly created: boolean };
}

/** The demo secret file when O2C_AUTH_SECRET is unset. */
export function authSecretFile(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.O2C_AUTH_SECRET_FILE || '.o2c/auth-secret');
}

/**
 * O2C_AUTH_SECRET when set; otherwise the secret in O2C_AUTH_SECRET_FILE
 * (default `.o2c/auth-secret`), created with a random 32-byte value (mode 600)
 * when `create` and it does not exist yet: so `npm start` is never open, and
 * `npm run o2c -- token` on the same machine signs with the same secret.
 */
export function authSecretFromEnv(env: NodeJS.ProcessEnv = process.env, options: { create: boolean } = { create: false }): AuthSecretSource {
  if (env.O2C_AUTH_SECRET) return { config: authConfig(env.O2C_AUTH_SECRET), source: 'env' };
  const file = authSecretFile(env);
  let created = false;
  if (!existsSync(file)) {
    if (!options.create) throw new Error(`no O2C_AUTH_SECRET and no secret file at ${file}: set O2C_AUTH_SECRET (32+ bytes), or start the server once (npm start) to create the demo file`);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
    created = true;
  }
  return { config: authConfig(readFileSync(file, 'utf8').trim()), source: { file, created } };
}
