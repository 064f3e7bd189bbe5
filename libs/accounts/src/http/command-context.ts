import { randomUUID } from 'node:crypto';
import type { CommandContext } from '@o2c/kernel';

/** An HTTP request's command context: its own causation id (a request is not redelivered) and the actor. */
export const httpContext = (actor: string): CommandContext => ({ causationId: `http:${randomUUID()}`, actor });
