import http from 'node:http';
import https from 'node:https';
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
  /** Bearer token sent on every request. */
  readonly token?: string;
  /** Attempts on 502/503/504/429 and connection errors before giving up. */
  readonly attempts?: number;
  /** How long a message may wait for invoicing to learn an account just opened (its AccountOpened travels asynchronously). */
  readonly unknownAccountWaitMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Sockets kept alive to the app (at least the concurrency). */
  readonly sockets?: number;
  /**
   * Pace the ingress to the app's reacting contexts: before sending, wait while its consumer groups are more than this
   * many messages behind in all (GET /health), until they are back under half of it. Unset: never wait.
   */
  readonly maxBehind?: number;
}

const RETRIED_STATUSES = new Set([429, 502, 503, 504]);
/** A stream that kept changing under the decider runner's own retries (another writer on the same account): transient too. */
const RETRIED_CODES = new Set(['command.too_many_conflicts']);
/** `invoicing.account_unknown` (404): the account's AccountOpened has not reached invoicing yet. */
const NOT_YET_KNOWN = /(^|\.)account_unknown$/;

const errorCodeOf = (body: unknown): string | undefined => (body as { error?: { code?: unknown } } | null)?.error?.code as string | undefined;

/**
 * The running o2c app over HTTP (node:http with a keep-alive agent: several
 * times cheaper per request than fetch here): POST /accounts and the
 * ingress endpoints. Transient trouble (503, connection refused or reset, a
 * stream too busy to decide on) is retried with exponential backoff; any other 4xx or 5xx stops the run with
 * the server's error body.
 */
export class HttpTarget {
  readonly base: string;
  retries = 0;
  private readonly attempts: number;
  private readonly unknownAccountWaitMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly url: URL;
  private readonly agent: http.Agent;
  private readonly token: string | undefined;
  private readonly maxBehind: number | undefined;
  private pacing: Promise<void> | undefined;
  private pacedAt = 0;
  /** Times the ingress waited for the consumers, and how long in all (ms). */
  readonly paced = { pauses: 0, waitedMs: 0, mostBehind: 0 };

  constructor(base: string, options: HttpTargetOptions = {}) {
    this.base = base.replace(/\/+$/, '');
    this.url = new URL(this.base);
    const agentOptions = { keepAlive: true, maxSockets: options.sockets ?? 64 };
    this.agent = this.url.protocol === 'https:' ? new https.Agent(agentOptions) : new http.Agent(agentOptions);
    this.token = options.token;
    this.maxBehind = options.maxBehind;
    this.attempts = options.attempts ?? 10;
    this.unknownAccountWaitMs = options.unknownAccountWaitMs ?? 120_000;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** The application's clock (GET /clock), or undefined when the app does not answer it. */
  async clock(): Promise<string | undefined> {
    try {
      const { status, text } = await this.exchange('GET', '/clock', undefined);
      if (status !== 200) return undefined;
      return (JSON.parse(text) as { now?: string }).now;
    } catch {
      return undefined;
    }
  }

  /**
   * Whether anything answers HTTP at the base URL: undefined when it does, else the last connection error's message.
   * Tried `tries` times a second apart (an app that has just started, or a socket refused once, is not "nothing").
   */
  async unreachable(tries = 5): Promise<string | undefined> {
    let reason = 'no answer';
    for (let attempt = 1; attempt <= tries; attempt++) {
      try {
        await this.exchange('GET', '/health', undefined);
        return undefined;
      } catch (error) {
        reason = error instanceof Error ? error.message || (error as NodeJS.ErrnoException).code || error.name : String(error);
        if (attempt < tries) await this.sleep(1000);
      }
    }
    return reason;
  }

  /**
   * Waits while the app's consumer groups are more than maxBehind messages behind (see HttpTargetOptions.maxBehind);
   * asks /health at most once a second, one request for every sender waiting on it. A /health without the figure (an
   * older app, a Kafka lag not known yet) does not hold the ingress.
   */
  async keepPace(): Promise<void> {
    if (this.maxBehind === undefined || Date.now() - this.pacedAt < 1000) return;
    this.pacing ??= this.pace(this.maxBehind).finally(() => (this.pacing = undefined));
    await this.pacing;
  }

  /** Every consumer group's messages not yet committed, summed over /health's host.consumers; undefined when not known. */
  async consumersBehind(): Promise<number | undefined> {
    try {
      const { status, text } = await this.exchange('GET', '/health', undefined);
      if (status !== 200) return undefined;
      const consumers = (JSON.parse(text) as { host?: { consumers?: { behind?: number | null }[] } }).host?.consumers;
      if (!consumers || consumers.some((c) => typeof c.behind !== 'number')) return undefined;
      return consumers.reduce((sum, c) => sum + (c.behind as number), 0);
    } catch {
      return undefined;
    }
  }

  private async pace(maxBehind: number): Promise<void> {
    let waitingSince: number | undefined;
    for (;;) {
      const behind = await this.consumersBehind();
      this.pacedAt = Date.now();
      if (behind !== undefined) this.paced.mostBehind = Math.max(this.paced.mostBehind, behind);
      const limit = waitingSince === undefined ? maxBehind : maxBehind / 2;
      if (behind === undefined || behind <= limit) break;
      if (waitingSince === undefined) {
        waitingSince = Date.now();
        this.paced.pauses += 1;
      }
      await this.sleep(1000);
    }
    if (waitingSince !== undefined) this.paced.waitedMs += Date.now() - waitingSince;
  }

  /** Closes the kept-alive sockets. */
  close(): void {
    this.agent.destroy();
  }

  private exchange(method: 'GET' | 'POST', path: string, body: unknown): Promise<{ status: number; text: string }> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string | number> = { accept: 'application/json' };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (payload !== undefined) Object.assign(headers, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
    const client = this.url.protocol === 'https:' ? https : http;
    const basePath = this.url.pathname.replace(/\/+$/, '');
    return new Promise((resolve, reject) => {
      const request = client.request(
        { protocol: this.url.protocol, hostname: this.url.hostname, port: this.url.port, path: `${basePath}${path}`, method, headers, agent: this.agent },
        (response) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (text += chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
          response.on('error', reject);
        },
      );
      request.on('error', reject);
      request.end(payload);
    });
  }

  async openAccount(opening: AccountOpening): Promise<'opened' | 'already_open'> {
    const { status } = await this.request('POST', '/accounts', opening, { conflictIsDone: true, label: `account ${opening.accountId}` });
    return status === 409 ? 'already_open' : 'opened';
  }

  async ingress(message: OutgoingMessage): Promise<void> {
    await this.keepPace();
    await this.request('POST', `/ingress/${message.channel}`, message.envelope, { label: `${message.envelope.type} ${message.envelope.messageId}` });
  }

  /**
   * Sends messages in one POST /ingress/batch. Items refused for a transient reason (503, a busy stream, an account
   * invoicing does not know yet, or not attempted after one of those) are sent again, in their order; any other
   * refusal stops the run naming the message.
   */
  async ingressBatch(messages: readonly OutgoingMessage[]): Promise<void> {
    await this.keepPace();
    const started = Date.now();
    let pending = messages;
    for (let attempt = 1; ; attempt++) {
      const { body } = await this.request('POST', '/ingress/batch', { messages: pending.map((m) => m.envelope) }, { label: `batch of ${pending.length} messages` });
      const results = (body as { results: { status: number; error?: { code?: string; message?: string; field?: string } }[] }).results;
      const again: OutgoingMessage[] = [];
      let waitingForAccount = false;
      for (const [i, item] of results.entries()) {
        if (item.status < 300) continue;
        const code = item.error?.code ?? '';
        const unknownAccount = item.status === 404 && NOT_YET_KNOWN.test(code) && Date.now() - started < this.unknownAccountWaitMs;
        const transient = unknownAccount || item.status === 424 || ((RETRIED_STATUSES.has(item.status) || RETRIED_CODES.has(code)) && attempt < this.attempts);
        if (!transient) {
          const { type, messageId } = pending[i].envelope;
          throw new GenerationStopped(`${type} ${messageId}: POST /ingress/batch answered ${item.status} for it: ${JSON.stringify(item.error)}`, item.status, item);
        }
        waitingForAccount ||= unknownAccount;
        again.push(pending[i]);
      }
      if (again.length === 0) return;
      pending = again;
      if (waitingForAccount) {
        this.retries += 1;
        await this.sleep(Math.min(2_000, 100 * attempt));
      } else await this.backoff(attempt);
    }
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
      let status: number;
      let text: string;
      try {
        ({ status, text } = await this.exchange(method, path, body));
      } catch (error) {
        if (attempt >= this.attempts) {
          const code = (error as { code?: string }).code;
          throw new GenerationStopped(`${options.label}: cannot reach ${this.base} (${code ?? (error as Error).message}) after ${attempt} attempts; is the app running (npm start)?`);
        }
        await this.backoff(attempt);
        continue;
      }
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        // Not JSON: kept as text for the error message.
      }
      const ok = status >= 200 && status < 300;
      if (ok || options.any) return { status, body: parsed };
      const code = errorCodeOf(parsed) ?? '';
      if (status === 409 && options.conflictIsDone && !RETRIED_CODES.has(code)) return { status: 409, body: parsed };
      if ((RETRIED_STATUSES.has(status) || RETRIED_CODES.has(code)) && attempt < this.attempts) {
        await this.backoff(attempt);
        continue;
      }
      if (status === 404 && NOT_YET_KNOWN.test(code) && Date.now() - started < this.unknownAccountWaitMs) {
        this.retries += 1;
        await this.sleep(Math.min(2_000, 100 * attempt));
        continue;
      }
      throw new GenerationStopped(`${options.label}: ${method} ${path} answered ${status}: ${typeof parsed === 'string' ? parsed : JSON.stringify(parsed)}`, status, parsed);
    }
  }

  private async backoff(attempt: number): Promise<void> {
    this.retries += 1;
    await this.sleep(Math.min(5_000, 100 * 2 ** (attempt - 1)));
  }
}
