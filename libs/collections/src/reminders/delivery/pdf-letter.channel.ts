import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import type { RenderedNotice } from '../templates/render';
import { failure, type DeliveryResult, type ReminderChannelAdapter, type ReminderDelivery } from './delivery.port';

export interface PdfLetterOptions {
  /** Where letters are stored for printing and posting (O2C_LETTERS_DIR). */
  readonly dir: string;
  /** The sender's address block, printed top left. */
  readonly senderLines?: readonly string[];
}

const safe = (name: string): string => name.replace(/[^A-Za-z0-9._@:-]/g, '_');

/** Renders a notice as an A4 PDF with pdfkit; the same notice always gives the same bytes (dates come from the notice). */
export function renderLetterPdf(notice: RenderedNotice, recipient: { name: string; postalAddress: readonly string[] }, issuedOn: string, senderLines: readonly string[] = []): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margin: 56,
      info: { Title: notice.subject, Author: 'o2c', CreationDate: new Date(`${issuedOn}T00:00:00Z`), ModDate: new Date(`${issuedOn}T00:00:00Z`) },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.font('Helvetica').fontSize(10);
    for (const line of senderLines) doc.text(line);
    doc.moveDown(2);
    const addressX = 320;
    const top = doc.y;
    doc.text(recipient.name, addressX, top);
    for (const line of recipient.postalAddress) doc.text(line, addressX);
    doc.moveDown(2);
    doc.x = doc.page.margins.left;
    doc.text(notice.dateLine, { align: 'right' });
    doc.text(notice.accountLine);
    doc.moveDown();
    doc.font('Helvetica-Bold').fontSize(notice.formalNotice ? 14 : 12).text(notice.subject);
    doc.font('Helvetica').fontSize(10).moveDown();
    doc.text(notice.greeting).moveDown(0.5);
    for (const line of notice.intro) doc.text(line).moveDown(0.3);
    doc.moveDown(0.5);
    for (const line of notice.items) doc.text(line, { indent: 12 });
    doc.moveDown();
    notice.totals.forEach(([label, amount], i) => {
      if (i === notice.totals.length - 1) doc.font('Helvetica-Bold');
      doc.text(`${label} : ${amount}`);
    });
    doc.font('Helvetica').moveDown();
    for (const line of notice.closing) doc.text(line).moveDown(0.3);
    doc.moveDown().text(notice.signature);
    doc.end();
  });
}

/**
 * Letters and registered letters: the notice as a PDF in a folder, one file
 * per reminder (`<dir>/<accountId>/<reminderId>.pdf`) that the print-and-post
 * step picks up. Written to a temporary name and renamed, so a re-send after
 * a crash replaces it with the same content, never a half-written file.
 */
export class PdfLetterChannel implements ReminderChannelAdapter {
  constructor(private readonly options: PdfLetterOptions) {}

  async deliver(delivery: ReminderDelivery): Promise<DeliveryResult> {
    const { recipient } = delivery.request;
    const postalAddress = (recipient.postalAddress ?? []).filter((line) => line.trim() !== '');
    if (postalAddress.length === 0) return failure('bad_address', true, 'the recipient has no postal address');
    try {
      const pdf = await renderLetterPdf(delivery.notice, { name: recipient.name, postalAddress }, delivery.issuedOn, this.options.senderLines);
      const folder = join(this.options.dir, safe(delivery.accountId));
      await mkdir(folder, { recursive: true });
      const path = join(folder, `${safe(delivery.reminderId)}.pdf`);
      const temporary = `${path}.${delivery.attempt}.tmp`;
      await writeFile(temporary, pdf);
      await rename(temporary, path);
      return { ok: true, providerMessageId: delivery.messageId, documentPath: path };
    } catch (error) {
      return failure('provider_error', false, `letter not stored: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
