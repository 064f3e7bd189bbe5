import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { renderNotice } from '../templates/render';
import { reminderRequest } from '../testing/reminder-fixtures';
import type { ReminderDelivery } from './delivery.port';
import { HttpMessageChannel } from './http-message.channel';

interface Received {
  readonly headers: IncomingHttpHeaders;
  readonly body: { kind: string; to: string; text: string; reference: string; language: string };
}

/** A stand-in SMS gateway on loopback: answers each request with the next scripted status, deduplicates on Idempotency-Key like a real one. */
class TestSmsGateway {
  readonly requests: Received[] = [];
  readonly delivered = new Map<string, Received>();
  private script: number[] = [];
  private server!: Server;
  url = '';

  answer(...statuses: number[]): void {
    this.script = statuses;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
      req.on('end', () => {
        const received = { headers: req.headers, body: JSON.parse(raw) as Received['body'] };
        this.requests.push(received);
        const status = this.script.shift() ?? 200;
        res.statusCode = status;
        res.setHeader('content-type', 'application/json');
        if (status >= 200 && status < 300) {
          const key = String(req.headers['idempotency-key']);
          if (!this.delivered.has(key)) this.delivered.set(key, received);
          res.end(JSON.stringify({ id: `sms-${[...this.delivered.keys()].indexOf(key) + 1}` }));
        } else {
          res.end(JSON.stringify({ error: status < 500 ? 'invalid destination number' : 'upstream unavailable' }));
        }
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', () => resolve()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/messages`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const delivery = (overrides: Partial<ReminderDelivery['request']> = {}, attempt = 1): ReminderDelivery => {
  const request = reminderRequest({ reminderId: 'R-sms-1', channel: 'sms', templateId: 'due-reminder.b2c', stepId: 'due-reminder', charges: [], ...overrides });
  return {
    reminderId: request.reminderId,
    accountId: request.accountId,
    channel: request.channel,
    messageId: 'msg-R-sms-1',
    request,
    notice: renderNotice(request, request.language ?? 'fr', '2026-11-18'),
    contentDigest: 'd',
    issuedOn: '2026-11-18',
    attempt,
  };
};

describe('SMS through the HTTP provider adapter, against a local gateway', () => {
  const gateway = new TestSmsGateway();
  const waits: number[] = [];
  const channel = () =>
    new HttpMessageChannel({
      url: gateway.url,
      kind: 'sms',
      tries: 3,
      sleep: (ms) => {
        waits.push(ms);
        return Promise.resolve();
      },
    });

  beforeAll(() => gateway.start());
  afterAll(() => gateway.stop());
  beforeEach(() => {
    gateway.requests.length = 0;
    gateway.delivered.clear();
    waits.length = 0;
  });

  it('200: sent, with the message id as the Idempotency-Key and the total due in the text', async () => {
    gateway.answer(200);
    expect(await channel().deliver(delivery())).toEqual({ ok: true, providerMessageId: 'sms-1' });
    expect(gateway.requests).toHaveLength(1);
    const [{ headers, body }] = gateway.requests;
    expect(headers['idempotency-key']).toBe('msg-R-sms-1');
    expect(body).toMatchObject({ kind: 'sms', to: '+33612345678', reference: 'msg-R-sms-1', language: 'fr' });
    expect(body.text).toContain('2 factures');
    expect(body.text).toContain('Total dû 1 333,61 EUR');
  });

  it('a re-send after a crash carries the same key: the gateway sends it once', async () => {
    gateway.answer(200, 200);
    await channel().deliver(delivery());
    expect(await channel().deliver(delivery({}, 2))).toEqual({ ok: true, providerMessageId: 'sms-1' });
    expect(gateway.requests.map((r) => r.headers['idempotency-key'])).toEqual(['msg-R-sms-1', 'msg-R-sms-1']);
    expect(gateway.delivered.size).toBe(1);
  });

  it('4xx (a number the gateway refuses) is a permanent bad_address, not retried', async () => {
    gateway.answer(400);
    const result = await channel().deliver(delivery());
    expect(result).toMatchObject({ ok: false, reason: 'bad_address', permanent: true });
    expect(result.ok ? '' : result.detail).toContain('HTTP 400');
    expect(gateway.requests).toHaveLength(1);
  });

  it('5xx is retried with exponential backoff, then succeeds', async () => {
    gateway.answer(503, 502, 200);
    expect(await channel().deliver(delivery())).toEqual({ ok: true, providerMessageId: 'sms-1' });
    expect(gateway.requests).toHaveLength(3);
    expect(waits).toEqual([200, 400]);
  });

  it('5xx on every try is a transient provider_error, left to the dispatcher to retry later', async () => {
    gateway.answer(500, 500, 500);
    const result = await channel().deliver(delivery());
    expect(result).toMatchObject({ ok: false, reason: 'provider_error', permanent: false });
    expect(gateway.requests).toHaveLength(3);
  });

  it('no phone, or not a phone number: bad_address without calling the gateway', async () => {
    expect(await channel().deliver(delivery({ recipient: { name: 'No phone' } }))).toMatchObject({ ok: false, reason: 'bad_address', permanent: true });
    expect(await channel().deliver(delivery({ recipient: { name: 'Bad', phone: 'call me' } }))).toMatchObject({ ok: false, reason: 'bad_address', permanent: true });
    expect(gateway.requests).toHaveLength(0);
  });

  it('a gateway that does not answer is a transient failure', async () => {
    const unreachable = new HttpMessageChannel({ url: 'http://127.0.0.1:1/messages', kind: 'sms', tries: 2, sleep: () => Promise.resolve() });
    expect(await unreachable.deliver(delivery())).toMatchObject({ ok: false, reason: 'provider_error', permanent: false });
  });

  it('no provider configured: transient, so the reminder waits in the outbox', async () => {
    expect(await new HttpMessageChannel({ url: undefined, kind: 'voicemail' }).deliver(delivery())).toMatchObject({ ok: false, permanent: false });
  });
});
