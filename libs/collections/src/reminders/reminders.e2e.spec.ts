import { mkdtemp, rm, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Injectable, Module, type INestApplication } from '@nestjs/common';
import { ManualClock } from '@o2c/kernel';
import type { BoundedContextDefinition, ContextRuntime } from '@o2c/messaging';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { createTestDatabase } from '../../../../test/support/database';
import { REMINDER_PORT, type ReminderPort } from './reminder-port';
import { RemindersModule } from './reminders.module';
import type { ReminderView } from './get-reminder/reminder.queries';
import { reminderRequest, scheduler } from './testing/reminder-fixtures';
import { callerFor, createTestApp, headersOf } from '../../../../test/support/auth';

// The collections core owns the real runtime; this one only lets the host load RemindersModule.
@Injectable()
class RemindersOnlyRuntime implements ContextRuntime {
  readonly context = 'collections' as const;
}
@Module({ imports: [RemindersModule], providers: [RemindersOnlyRuntime], exports: [RemindersOnlyRuntime, RemindersModule] })
class RemindersOnlyModule {}
const remindersOnly: BoundedContextDefinition = { name: 'collections', module: RemindersOnlyModule, runtime: RemindersOnlyRuntime, projections: [] };

describe('reminders in the host: port in, e-mail, SMS and letter out, GET endpoints', () => {
  const clock = new ManualClock('2026-11-18T06:00:00Z');
  const mails: ParsedMail[] = [];
  const sms: unknown[] = [];
  let smtp: SMTPServer;
  let gateway: Server;
  let lettersDir: string;
  let app: INestApplication;
  let base: string;
  const saved = { ...process.env };

  const get = async (path: string) => {
    const response = await fetch(`${base}${path}`, { headers: await headersOf(callerFor(path, 'collector')) });
    return { status: response.status, body: (await response.json()) as unknown };
  };
  const settled = async (reminderId: string): Promise<ReminderView> => {
    for (;;) {
      const { status, body } = await get(`/collections/reminders/${reminderId}`);
      const view = body as ReminderView;
      if (status === 200 && (view.status === 'sent' || view.status === 'failed')) return view;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData: (stream, _session, callback) => void simpleParser(stream).then((mail) => (mails.push(mail), callback()), callback),
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
    gateway = createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
      req.on('end', () => {
        sms.push(JSON.parse(raw));
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ id: 'gw-1' }));
      });
    });
    await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', () => resolve()));
    lettersDir = await mkdtemp(join(tmpdir(), 'o2c-letters-e2e-'));
    process.env.O2C_SMTP_URL = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
    process.env.O2C_SMTP_FROM = 'Recouvrement <recouvrement@o2c.test>';
    process.env.O2C_SMS_URL = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/sms`;
    process.env.O2C_LETTERS_DIR = lettersDir;
    process.env.O2C_REMINDER_POLL_MS = '50';
    const databaseUrl = await createTestDatabase('reminders_e2e');
    app = await createTestApp({ eventStore: { adapter: 'postgresql', databaseUrl }, clock, databaseUrl, contexts: [remindersOnly] }, false);
    await app.listen(0, '127.0.0.1');
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });
  afterAll(async () => {
    await app?.close();
    process.env = saved;
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    await new Promise<void>((resolve) => gateway.close(() => resolve()));
    await rm(lettersDir, { recursive: true, force: true });
  });

  it('a reminder scheduled through REMINDER_PORT goes out on its channel, once, and is readable by API', async () => {
    const port = app.get<ReminderPort>(REMINDER_PORT);
    const email = reminderRequest({ reminderId: 'E2E-mail' });
    const text = reminderRequest({ reminderId: 'E2E-sms', channel: 'sms', templateId: 'due-reminder.b2c', charges: [] });
    const letter = reminderRequest({ reminderId: 'E2E-letter', channel: 'letter', templateId: 'second-letter', stepId: 'letter-2' });
    for (const request of [email, text, letter]) await port.schedule(request, scheduler(request.reminderId));
    await port.schedule(email, { ...scheduler(email.reminderId), causationId: 'again' });

    const mailView = await settled('E2E-mail');
    expect(mailView).toMatchObject({ status: 'sent', channel: 'email', attempts: 1, stepId: 'letter-1', policyId: 'standard.b2b', policyVersion: 3, totalMinor: 1_333_61, invoiceIds: ['INV-2026-000123', 'INV-2026-000200'] });
    expect(mailView.providerMessageId).toBeTruthy();
    expect(await settled('E2E-sms')).toMatchObject({ status: 'sent', channel: 'sms', providerMessageId: 'gw-1' });
    const letterView = await settled('E2E-letter');
    expect(letterView).toMatchObject({ status: 'sent', channel: 'letter', documentPath: join(lettersDir, 'ACME', 'E2E-letter.pdf') });
    expect((await stat(letterView.documentPath!)).size).toBeGreaterThan(1000);

    expect(mails).toHaveLength(1);
    expect(mails[0].text).toContain('Total dû : 1 373,61 EUR');
    expect(sms).toHaveLength(1);

    const { status, body } = await get('/collections/accounts/ACME/reminders');
    expect(status).toBe(200);
    expect((body as ReminderView[]).map((r) => [r.reminderId, r.status]).sort()).toEqual([
      ['E2E-letter', 'sent'],
      ['E2E-mail', 'sent'],
      ['E2E-sms', 'sent'],
    ]);
  });

  it('a delivery failure is readable: status failed, its reason and attempts', async () => {
    const port = app.get<ReminderPort>(REMINDER_PORT);
    const request = reminderRequest({ reminderId: 'E2E-no-address', accountId: 'NOMAIL', recipient: { name: 'Nobody' } });
    await port.schedule(request, scheduler(request.reminderId));
    const view = await settled('E2E-no-address');
    expect(view).toMatchObject({ status: 'failed', attempts: 1, failure: { reason: 'bad_address', detail: 'the recipient has no e-mail address' } });
    expect(view.deliveryAttempts).toEqual([expect.objectContaining({ attempt: 1, outcome: 'failed', reason: 'bad_address' })]);
    for (;;) {
      const listed = (await get('/collections/accounts/NOMAIL/reminders')).body as ReminderView[];
      if (listed[0]?.status === 'failed') {
        expect(listed[0]).toMatchObject({ reminderId: 'E2E-no-address', failure: { reason: 'bad_address' } });
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });

  it('an unknown reminder is a 404 naming the field; a malformed request is refused before anything is recorded', async () => {
    const { status, body } = await get('/collections/reminders/nope');
    expect(status).toBe(404);
    expect(body).toMatchObject({ error: { code: 'reminder.not_found', field: 'reminderId' } });
    const port = app.get<ReminderPort>(REMINDER_PORT);
    await expect(port.schedule(reminderRequest({ reminderId: 'E2E-bad', totalMinor: 1 }), scheduler('E2E-bad'))).rejects.toMatchObject({ error: { code: 'reminder.invalid_request', field: 'totalMinor' } });
    expect((await get('/collections/reminders/E2E-bad')).status).toBe(404);
  });

  it('the OpenAPI document lists both endpoints', async () => {
    const { body } = await get('/docs/openapi.json');
    const paths = Object.keys((body as { paths: Record<string, unknown> }).paths);
    expect(paths).toEqual(expect.arrayContaining(['/collections/reminders/{reminderId}', '/collections/accounts/{accountId}/reminders']));
  });
});
