import { randomUUID } from 'node:crypto';
import type { CommandContext } from '@o2c/kernel';

/** An HTTP request's command context: its own causation id, or the caller's idempotency key when given. */
export const httpContext = (actor: string, idempotencyKey?: string): CommandContext => ({ causationId: idempotencyKey ? `http:${idempotencyKey}` : `http:${randomUUID()}`, actor });
