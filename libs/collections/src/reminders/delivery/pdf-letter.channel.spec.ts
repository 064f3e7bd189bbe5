import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { PostgresEventStore } from '@o2c/event-store/postgres';
import { ManualClock } from '@o2c/kernel';
import { DataSource } from 'typeorm';
import { createTestDatabase } from '../../../../../test/support/database';
import { ReminderOutboxDispatcher } from '../outbox/reminder-dispatcher';
import { ReminderOutboxSender } from '../outbox/reminder-sender';
import { ReminderService, reminderMessageId } from '../schedule-reminder/reminder.service';
import { renderNotice } from '../templates/render';
import { headPosition, onlyChannels, reminderRequest, scheduler } from '../testing/reminder-fixtures';
import { PdfLetterChannel, renderLetterPdf } from './pdf-letter.channel';

// pdf.js loads its worker by dynamic import, which jest's VM refuses: extract in a plain node process.
const EXTRACT = `const { PDFParse } = require('pdf-parse');
const parser = new PDFParse({ data: new Uint8Array(require('node:fs').readFileSync(process.argv[1])) });
parser.getText().then((r) => { process.stdout.write(r.text); return parser.destroy(); });`;
async function pdfText(path: string): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', EXTRACT, path], { cwd: process.cwd() });
  return stdout.replace(/[ \t]+/g, ' ');
}

describe('letters rendered to PDF', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'o2c-letters-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('the same notice always gives the same bytes', async () => {
    const request = reminderRequest();
    const notice = renderNotice(request, 'fr', '2026-11-18');
    const recipient = { name: request.recipient.name, postalAddress: request.recipient.postalAddress! };
    expect((await renderLetterPdf(notice, recipient, '2026-11-18')).equals(await renderLetterPdf(notice, recipient, '2026-11-18'))).toBe(true);
  });

  it('a registered letter is the formal notice: stored as a PDF whose text holds every item, the indemnity and the total, its path in ReminderSent', async () => {
    const url = await createTestDatabase('reminders_pdf');
    const store = await PostgresEventStore.connect({ url });
    const dataSource = await new DataSource({ type: 'postgres', url }).initialize();
    const clock = new ManualClock('2026-12-28T06:00:00Z');
    const reminders = new ReminderService(store, clock);
    const sender = new ReminderOutboxSender(store, dataSource);
    try {
      await sender.start();
      const request = reminderRequest({ reminderId: 'R-formal-1', channel: 'registered_letter', templateId: 'formal-notice', stepId: 'formal-notice' });
      await reminders.schedule(request, scheduler(request.reminderId));
      await sender.waitFor(await headPosition(store));
      const letters = new PdfLetterChannel({ dir, senderLines: ['o2c SAS', '1 place du Marché', '69001 Lyon'] });
      await new ReminderOutboxDispatcher(reminders, dataSource, onlyChannels({ letter: letters, registered_letter: letters }), clock).runOnce();

      const events = await store.readStream('reminder-R-formal-1');
      expect(events.map((e) => e.type)).toEqual(['ReminderDue', 'ReminderSent', 'FormalNoticeSent']);
      const path = join(dir, 'ACME', 'R-formal-1.pdf');
      expect(events[1].data).toMatchObject({ channel: 'registered_letter', documentPath: path, providerMessageId: reminderMessageId('R-formal-1') });
      expect(events[2].data).toMatchObject({ documentPath: path, invoiceIds: ['INV-2026-000123', 'INV-2026-000200'], totalMinor: 1_333_61 });

      const text = await pdfText(path);
      expect((await readFile(path)).subarray(0, 5).toString()).toBe('%PDF-');
      expect(text).toContain('MISE EN DEMEURE');
      expect(text).toContain('1 234,56 EUR');
      expect(text).toContain('99,05 EUR');
      expect(text).toContain('INV-2026-000123');
      expect(text).toContain('40,00 EUR');
      expect(text).toContain('1 373,61 EUR');
      expect(text).toContain('75011 Paris');
      expect(text).toContain('Le 28/12/2026');
    } finally {
      await sender.stop();
      await dataSource.destroy();
      await store.close();
    }
  });

  it('no postal address is a permanent bad_address', async () => {
    const request = reminderRequest({ channel: 'letter', recipient: { name: 'Nowhere' } });
    const result = await new PdfLetterChannel({ dir }).deliver({
      reminderId: request.reminderId,
      accountId: request.accountId,
      channel: 'letter',
      messageId: 'm',
      request,
      notice: renderNotice(request, 'fr', '2026-11-18'),
      contentDigest: 'd',
      issuedOn: '2026-11-18',
      attempt: 1,
    });
    expect(result).toEqual({ ok: false, reason: 'bad_address', permanent: true, detail: 'the recipient has no postal address' });
  });
});
