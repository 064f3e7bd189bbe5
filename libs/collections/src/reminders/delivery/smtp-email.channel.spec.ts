import type { AddressInfo } from 'node:net';
import { PostgresEventStore } from '@o2c/event-store/postgres';
import { ManualClock } from '@o2c/kernel';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { DataSource } from 'typeorm';
import { createTestDatabase } from '../../../../../test/support/database';
import { ReminderOutboxDispatcher, type ReminderDispatcherOptions } from '../outbox/reminder-dispatcher';
import { OUTBOX } from '../outbox/reminder-outbox';
import { ReminderOutboxSender } from '../outbox/reminder-sender';
import { ReminderService, reminderMessageId } from '../schedule-reminder/reminder.service';
import { headPosition, onlyChannels, reminderRequest, scheduler, streamTypes } from '../testing/reminder-fixtures';
import { SmtpEmailChannel } from './smtp-email.channel';

/** A real SMTP server on loopback: every SMTP transaction it accepted, parsed. */
class TestMailServer {
  readonly transactions: ParsedMail[] = [];
  private temporaryRefusals = new Map<string, number>();
  private server!: SMTPServer;
  port = 0;

  /** The mailbox as a receiving system that collapses one Message-ID sees it. */
  get mailbox(): ParsedMail[] {
    return [...new Map(this.transactions.map((mail) => [mail.messageId, mail])).values()];
  }

  refuseTemporarily(address: string, times: number): void {
    this.temporaryRefusals.set(address, times);
  }

  async start(): Promise<void> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onRcptTo: (address, _session, callback) => {
        const refuse = (code: number, message: string) => callback(Object.assign(new Error(message), { responseCode: code }));
        if (address.address.endsWith('@bounce.test')) return refuse(550, '5.1.1 no such mailbox');
        const left = this.temporaryRefusals.get(address.address) ?? 0;
        if (left > 0) {
          this.temporaryRefusals.set(address.address, left - 1);
          return refuse(451, '4.3.0 try again later');
        }
        callback();
      },
      onData: (stream, _session, callback) => {
        simpleParser(stream).then(
          (mail) => {
            this.transactions.push(mail);
            callback();
          },
          (error: Error) => callback(error),
        );
      },
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', () => resolve()));
    this.port = (this.server.server.address() as AddressInfo).port;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

describe('reminders by e-mail, through the outbox, on a real SMTP server', () => {
  const mail = new TestMailServer();
  const clock = new ManualClock('2026-11-18T06:00:00Z');
  const timer = new ManualClock('2026-11-18T06:00:00Z');
  let store: PostgresEventStore;
  let dataSource: DataSource;
  let reminders: ReminderService;
  let sender: ReminderOutboxSender;
  let email: SmtpEmailChannel;

  const dispatcher = (options: ReminderDispatcherOptions = {}) =>
    new ReminderOutboxDispatcher(reminders, dataSource, onlyChannels({ email }), clock, { leaseMs: 60_000, backoffMs: () => 60_000, timer, ...options });
  const queued = async () => sender.waitFor(await headPosition(store));
  const row = async (reminderId: string) => (await dataSource.query(`SELECT * FROM ${OUTBOX} WHERE reminder_id = $1`, [reminderId]))[0];
  const transactionsFor = (reminderId: string) => mail.transactions.filter((m) => m.headers.get('x-o2c-reminder-id') === reminderId);

  beforeAll(async () => {
    await mail.start();
    const url = await createTestDatabase('reminders_smtp');
    store = await PostgresEventStore.connect({ url });
    dataSource = await new DataSource({ type: 'postgres', url }).initialize();
    reminders = new ReminderService(store, clock);
    sender = new ReminderOutboxSender(store, dataSource, { retryDelayMs: 50 });
    await sender.start();
    email = new SmtpEmailChannel({ url: `smtp://127.0.0.1:${mail.port}`, from: 'Recouvrement <recouvrement@o2c.test>' });
  });
  afterAll(async () => {
    email?.close();
    await sender?.stop();
    await dataSource?.destroy();
    await store?.close();
    await mail.stop();
  });

  it('sends one notice per account listing every overdue item, the charges and the total, exactly from minor units; once', async () => {
    const request = reminderRequest({ reminderId: 'R-mail-1' });
    await reminders.schedule(request, scheduler(request.reminderId));
    await reminders.schedule(request, { ...scheduler(request.reminderId), causationId: 'a-retry-of-the-run' });
    await queued();
    expect(await dispatcher().runOnce()).toBe(1);
    expect(await dispatcher().runOnce()).toBe(0);

    expect(transactionsFor('R-mail-1')).toHaveLength(1);
    const [received] = transactionsFor('R-mail-1');
    expect(received.messageId).toBe(`<${reminderMessageId('R-mail-1')}@reminders.o2c>`);
    expect(received.to && !Array.isArray(received.to) ? received.to.value[0].address : undefined).toBe('compta@acme.test');
    expect(received.subject).toBe('Relance : factures impayées - compte ACME');
    const text = received.text ?? '';
    expect(text).toContain('Facture INV-2026-000123 - échéance 31/10/2026 - 18 jours de retard - 1 234,56 EUR');
    expect(text).toContain('Facture INV-2026-000200 - échéance 05/11/2026 - 13 jours de retard - 99,05 EUR');
    expect(text).toContain('Total des factures : 1 333,61 EUR');
    expect(text).toContain('Indemnité forfaitaire pour frais de recouvrement (art. D441-5 du Code de commerce) : 40,00 EUR');
    expect(text).toContain('Total dû : 1 373,61 EUR');
    expect(received.html).toContain('1 373,61 EUR');

    expect(await streamTypes(store, 'R-mail-1')).toEqual(['ReminderDue', 'ReminderSent']);
    const [due, sent] = await store.readStream('reminder-R-mail-1');
    expect(sent.data).toMatchObject({ channel: 'email', messageId: reminderMessageId('R-mail-1'), contentDigest: (due.data as { contentDigest: string }).contentDigest, attempt: 1, invoiceIds: ['INV-2026-000123', 'INV-2026-000200'], totalMinor: 1_333_61 });
    expect(await row('R-mail-1')).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('English on request', async () => {
    const request = reminderRequest({ reminderId: 'R-mail-en', language: 'en', templateId: 'due-reminder.b2b', stepId: 'due-reminder' });
    await reminders.schedule(request, scheduler(request.reminderId));
    await queued();
    await dispatcher().runOnce();
    const [received] = transactionsFor('R-mail-en');
    expect(received.subject).toBe('Your invoices are due - account ACME');
    expect(received.text).toContain('Invoice INV-2026-000123 - due 2026-10-31 - 18 days late - EUR 1,234.56');
    expect(received.text).toContain('Total due : EUR 1,373.61');
  });

  it('a dispatcher that dies after the SMTP server accepted but before noting it re-sends with the same Message-ID: the mailbox holds it once, the stream records it once', async () => {
    const request = reminderRequest({ reminderId: 'R-mail-crash-1' });
    await reminders.schedule(request, scheduler(request.reminderId));
    await queued();
    const crashing = dispatcher({
      crashPoints: {
        afterProviderAccepted: () => {
          throw new Error('process killed');
        },
      },
    });
    await crashing.runOnce();
    expect(transactionsFor('R-mail-crash-1')).toHaveLength(1);
    expect(await streamTypes(store, 'R-mail-crash-1')).toEqual(['ReminderDue']);
    expect(await row('R-mail-crash-1')).toMatchObject({ status: 'sending', attempts: 1 });

    // The restarted process: the dead worker's claim holds until its lease expires.
    expect(await dispatcher().runOnce()).toBe(0);
    timer.advance(61_000);
    expect(await dispatcher().runOnce()).toBe(1);

    const sent = transactionsFor('R-mail-crash-1');
    expect(sent).toHaveLength(2); // at least once to the provider...
    expect(new Set(sent.map((m) => m.messageId)).size).toBe(1); // ...with one Message-ID
    expect(mail.mailbox.filter((m) => m.headers.get('x-o2c-reminder-id') === 'R-mail-crash-1')).toHaveLength(1);
    expect(sent[1].text).toBe(sent[0].text);
    expect(await streamTypes(store, 'R-mail-crash-1')).toEqual(['ReminderDue', 'ReminderSent']);
    expect(await row('R-mail-crash-1')).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('a dispatcher that dies between the accepted send and its record records it on restart without sending again', async () => {
    const request = reminderRequest({ reminderId: 'R-mail-crash-2' });
    await reminders.schedule(request, scheduler(request.reminderId));
    await queued();
    await dispatcher({
      crashPoints: {
        afterAcceptedNoted: () => {
          throw new Error('process killed');
        },
      },
    }).runOnce();
    expect(await streamTypes(store, 'R-mail-crash-2')).toEqual(['ReminderDue']);
    expect(await row('R-mail-crash-2')).toMatchObject({ status: 'accepted' });

    timer.advance(61_000);
    expect(await dispatcher().runOnce()).toBe(1);
    expect(transactionsFor('R-mail-crash-2')).toHaveLength(1);
    expect(await streamTypes(store, 'R-mail-crash-2')).toEqual(['ReminderDue', 'ReminderSent']);
    expect(await row('R-mail-crash-2')).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('a 5xx at RCPT is a bounce: a permanent ReminderDeliveryFailed, never retried', async () => {
    const request = reminderRequest({ reminderId: 'R-mail-bounce', recipient: { name: 'Gone', email: 'gone@bounce.test' } });
    await reminders.schedule(request, scheduler(request.reminderId));
    await queued();
    await dispatcher().runOnce();
    const [, failed] = await store.readStream('reminder-R-mail-bounce');
    expect(failed.type).toBe('ReminderDeliveryFailed');
    expect(failed.data).toMatchObject({ reason: 'bounce', permanent: true, attempt: 1 });
    expect((failed.data as { detail: string }).detail).toContain('550');
    expect(await row('R-mail-bounce')).toMatchObject({ status: 'failed', failure_reason: 'bounce' });
    timer.advance(3_600_000);
    expect(await dispatcher().runOnce()).toBe(0);
    expect(transactionsFor('R-mail-bounce')).toHaveLength(0);
  });

  it('no e-mail address, or not an address: bad_address, without asking the server', async () => {
    for (const [reminderId, recipient] of [
      ['R-mail-none', { name: 'No mail' }],
      ['R-mail-bad', { name: 'Bad mail', email: 'not an address' }],
    ] as const) {
      await reminders.schedule(reminderRequest({ reminderId, recipient }), scheduler(reminderId));
    }
    await queued();
    await dispatcher().runOnce();
    for (const reminderId of ['R-mail-none', 'R-mail-bad']) {
      const [, failed] = await store.readStream(`reminder-${reminderId}`);
      expect(failed.data).toMatchObject({ reason: 'bad_address', permanent: true });
    }
  });

  it('a 4xx is transient: recorded, retried after the backoff, then sent with the same Message-ID', async () => {
    mail.refuseTemporarily('later@acme.test', 1);
    const request = reminderRequest({ reminderId: 'R-mail-later', recipient: { name: 'Later', email: 'later@acme.test' } });
    await reminders.schedule(request, scheduler(request.reminderId));
    await queued();
    await dispatcher().runOnce();
    expect(await row('R-mail-later')).toMatchObject({ status: 'pending', attempts: 1 });
    expect(await dispatcher().runOnce()).toBe(0); // backing off
    timer.advance(60_001);
    expect(await dispatcher().runOnce()).toBe(1);
    const events = await store.readStream('reminder-R-mail-later');
    expect(events.map((e) => [e.type, (e.data as { permanent?: boolean; attempt?: number }).permanent, (e.data as { attempt?: number }).attempt])).toEqual([
      ['ReminderDue', undefined, undefined],
      ['ReminderDeliveryFailed', false, 1],
      ['ReminderSent', undefined, 2],
    ]);
    expect(transactionsFor('R-mail-later')).toHaveLength(1);
    expect(transactionsFor('R-mail-later')[0].messageId).toBe(`<${reminderMessageId('R-mail-later')}@reminders.o2c>`);
  });

  it('a transient failure that keeps happening becomes permanent after the last attempt', async () => {
    mail.refuseTemporarily('never@acme.test', 10);
    const request = reminderRequest({ reminderId: 'R-mail-never', recipient: { name: 'Never', email: 'never@acme.test' } });
    await reminders.schedule(request, scheduler(request.reminderId));
    await queued();
    for (let i = 0; i < 3; i++) {
      await dispatcher({ maxAttempts: 3 }).runOnce();
      timer.advance(60_001);
    }
    const events = await store.readStream('reminder-R-mail-never');
    expect(events.map((e) => (e.data as { permanent?: boolean }).permanent)).toEqual([undefined, false, false, true]);
    expect((events[3].data as { detail: string }).detail).toContain('gave up after 3 attempts');
    expect(await row('R-mail-never')).toMatchObject({ status: 'failed' });
  });
});
