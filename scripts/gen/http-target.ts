import type { AccountOpening } from './accounts';
import type { OutgoingMessage } from './portfolio';

/** A failure that stops the run, with what the server said. */
export class GenerationStopped extends Error {
  constructor(
    message: string,
    readonly status?: number,
    readonly body?: unknown,
  ) {
    super(message);
    this.name = 'GenerationStopped';
  }
}

export interface HttpTargetOptions {
  /** Attempts on 502/503/504/429 and connection errors before giving up. */
  readonly attempts?: number;
  /** How long a message may wait for invoicing to learn an account just opened (its AccountOpened travels asynchronously). */
  readonly unknownAccountWaitMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

const RETRIED_STATUSES = new Set([429, 502, 503, 504]);
/** `invoicing.account_unknown` (404): the account's AccountOpened has not reached invoicing yet. */
const NOT_YET_KNOWN = /(^|\.)account_unknown$/;

const errorCodeOf = (body: unknown): string | undefined => (body as { error?: { code?: unknown } } | null)?.error?.code as string | undefined;

/**
 * The running o2c app over HTTP (keep-alive fetch): POST /accounts and the
 * ingress endpoints. Transient trouble (503, connection refused or reset) is
 * retried with exponential backoff; any other 4xx or 5xx stops the run with
 * the server's error body.
 */
export class HttpTarget {
  readonly base: string;
  retries = 0;
  private readonly attempts: number;
  private readonly unknownAccountWaitMs: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(base: string, options: HttpTargetOptions = {}) {
    this.base = base.replace(/\/+$/, '');
    this.attempts = options.attempts ?? 10;
    this.unknownAccountWaitMs = options.unknownAccountWaitMs ?? 120_000;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** The application's clock (GET /clock), or undefined when the app does not answer it. */
  async clock(): Promise<string | undefined> {
    try {
      const response = await fetch(`${this.base}/clock`);
      if (!response.ok) return undefined;
      return ((await response.json()) as { now?: string }).now;
    } catch {
      return undefined;
    }
  }

  async openAccount(opening: AccountOpening): Promise<'opened' | 'already_open'> {
    const { status } = await this.request('POST', '/accounts', opening, { conflictIsDone: true, label: `account ${opening.accountId}` });
    return status === 409 ? 'already_open' : 'opened';
  }

  async ingress(message: OutgoingMessage): Promise<void> {
    await this.request('POST', `/ingress/${message.channel}`, message.envelope, { label: `${message.envelope.type} ${message.envelope.messageId}` });
  }

  async get(path: string): Promise<{ status: number; body: unknown }> {
    return this.request('GET', path, undefined, { label: `GET ${path}`, any: true });
  }

  private async request(
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    options: { label: string; conflictIsDone?: boolean; any?: boolean },
  ): Promise<{ status: number; body: unknown }> {
    const started = Date.now();
    for (let attempt = 1; ; attempt++) {
      let response: Response;
      try {
        response = await fetch(`${this.base}${path}`, {
          method,
          headers: body === undefined ? { 'x-o2c-actor': 'svc:generator' } : { 'content-type': 'application/json', 'x-o2c-actor': 'svc:generator' },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
      } catch (error) {
        if (attempt >= this.attempts) {
          const cause = (error as { cause?: { code?: string; message?: string } }).cause;
          throw new GenerationStopped(`${options.label}: cannot reach ${this.base} (${cause?.code ?? cause?.message ?? (error as Error).message}) after ${attempt} attempts; is the app running (npm start)?`);
        }
        await this.backoff(attempt);
        continue;
      }
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        // Not JSON: kept as text for the error message.
      }
      if (response.ok || options.any) return { status: response.status, body: parsed };
      if (response.status === 409 && options.conflictIsDone) return { status: 409, body: parsed };
      if (RETRIED_STATUSES.has(response.status) && attempt < this.attempts) {
        await this.backoff(attempt);
        continue;
      }
      if (response.status === 404 && NOT_YET_KNOWN.test(errorCodeOf(parsed) ?? '') && Date.now() - started < this.unknownAccountWaitMs) {
        this.retries += 1;
        await this.sleep(Math.min(2_000, 100 * attempt));
        continue;
      }
      throw new GenerationStopped(`${options.label}: ${method} ${path} answered ${response.status}: ${typeof parsed === 'string' ? parsed : JSON.stringify(parsed)}`, response.status, parsed);
    }
  }

  private async backoff(attempt: number): Promise<void> {
    this.retries += 1;
    await this.sleep(Math.min(5_000, 100 * 2 ** (attempt - 1)));
  }
}
