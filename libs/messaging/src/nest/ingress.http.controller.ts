import { Body, Controller, HttpCode, Inject, Post, Res } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { INGRESS_TOPICS, IngressEnvelope, type IngressMessageType } from '@o2c/contracts';
import { DomainException, domainError, Roles } from '@o2c/kernel';
import type { Response } from 'express';
import type { IngressHandler, IngressOutcome } from '../host/context-runtime';
import { decodeBatch, MAX_INGRESS_BATCH, runBatch, type BatchMessage, type IngressBatchItem } from '../ingress/ingress-batch';
import { decodeIngress, type IngressChannel } from '../ingress/ingress-decoder';
import { MESSAGE_TRANSPORT, type MessageTransport } from '../transport/message-transport';
import { ContextHost } from './context-host.service';

const EXAMPLE_ORDER = {
  messageId: 'oms-2026-11-25-000123',
  type: 'OrderPlaced',
  data: { orderId: 'ORD-000123', accountId: 'ACME', currency: 'EUR', amountMinor: 125_000, placedAt: '2026-11-25T09:30:00Z' },
};
const EXAMPLE_PAYMENT = {
  messageId: 'bank-2026-11-25-000042',
  type: 'PaymentReceived',
  data: { paymentId: 'PAY-000042', accountId: 'ACME', amountMinor: 60_000, currency: 'EUR', receivedAt: '2026-11-25T10:00:00Z', method: 'transfer', reference: 'INV-ORD-000123' },
};

/**
 * Ingress for internal services by HTTP: the same envelope as the Kafka
 * topics. A message whose context runs in this process becomes its command
 * at once (200 with the outcome); otherwise it is put on the ingress topic
 * for the process that runs that context (202).
 */
@ApiTags('ingress')
@Controller('ingress')
export class IngressHttpController {
  constructor(
    private readonly host: ContextHost,
    @Inject(MESSAGE_TRANSPORT) private readonly transport: MessageTransport,
  ) {}

  @Post('orders')
  @Roles('publisher')
  @HttpCode(200)
  @ApiOperation({ summary: 'Publish an order fact: OrderPlaced (credit check), OrderCancelled, OrderDelivered (invoice issued)' })
  @ApiBody({ type: IngressEnvelope, examples: { OrderPlaced: { value: EXAMPLE_ORDER } } })
  @ApiResponse({ status: 200, description: 'handled: the outcome (e.g. released, held, invoice_issued, already_handled)' })
  @ApiResponse({ status: 202, description: 'queued on o2c.ingress.orders for the process that runs the owning context' })
  @ApiResponse({ status: 400, description: 'invalid message: the error names the field; nothing is recorded' })
  orders(@Body() body: IngressEnvelope, @Res({ passthrough: true }) response: Response): Promise<IngressOutcome> {
    return this.accept('orders', body, response);
  }

  @Post('payments')
  @Roles('publisher')
  @HttpCode(200)
  @ApiOperation({ summary: 'Publish a payment fact: PaymentReceived (allocated to invoices), PaymentReversed (bounced debit, chargeback)' })
  @ApiBody({ type: IngressEnvelope, examples: { PaymentReceived: { value: EXAMPLE_PAYMENT } } })
  @ApiResponse({ status: 200, description: 'handled: the outcome' })
  @ApiResponse({ status: 202, description: 'queued on o2c.ingress.payments for the process that runs the owning context' })
  @ApiResponse({ status: 400, description: 'invalid message: the error names the field; nothing is recorded' })
  payments(@Body() body: IngressEnvelope, @Res({ passthrough: true }) response: Response): Promise<IngressOutcome> {
    return this.accept('payments', body, response);
  }

  @Post('batch')
  @Roles('publisher')
  @HttpCode(200)
  @ApiOperation({
    summary: `Publish up to ${MAX_INGRESS_BATCH} order and payment facts in one request, each with its own outcome`,
    description:
      'Each element is the envelope of POST /ingress/orders or /ingress/payments (the channel follows from its type) and is idempotent on its messageId. ' +
      "Each gets its own item (index, messageId, status, and the outcome or the error naming the field); a bad one does not stop the others. An account's messages " +
      'are handled in the order given; after one fails, that account\'s later messages in the batch are not attempted (status 424, ingress.not_attempted): resend them after it.',
  })
  @ApiBody({ schema: { type: 'object', required: ['messages'], properties: { messages: { type: 'array', maxItems: MAX_INGRESS_BATCH, items: { type: 'object' } } } }, examples: { batch: { value: { messages: [EXAMPLE_ORDER, EXAMPLE_PAYMENT] } } } })
  @ApiResponse({ status: 200, description: '{ results: [{ index, messageId, status, result | error }] } in the order of the request; result/error as the single endpoints answer' })
  @ApiResponse({ status: 400, description: 'not a batch (messages missing, not an array, empty or too long): nothing is handled' })
  async batch(@Body() body: unknown): Promise<{ results: IngressBatchItem[] }> {
    const raw = (body as { messages?: unknown } | null)?.messages;
    if (!Array.isArray(raw) || raw.length === 0 || raw.length > MAX_INGRESS_BATCH) {
      throw new DomainException(domainError('validation', 'ingress.invalid_batch', `messages: an array of 1 to ${MAX_INGRESS_BATCH} ingress messages`, { field: 'messages' }));
    }
    const decoded = decodeBatch(raw);
    const handlerOf = (m: BatchMessage) => this.host.runtimeFor((r) => r.ingress?.[m.message.type as IngressMessageType] !== undefined)?.ingress?.[m.message.type] as IngressHandler | undefined;
    // Messages no context here handles go to their ingress topic (Kafka keeps each account's order), in one publish per channel.
    const queued = new Map<number, IngressBatchItem>();
    if (this.transport.kind === 'kafka') {
      for (const channel of ['orders', 'payments'] as const) {
        const remote = decoded.messages.filter((m) => m.channel === channel && !handlerOf(m));
        if (remote.length === 0) continue;
        await this.transport.publish(
          INGRESS_TOPICS[channel],
          remote.map((m) => ({ key: m.key, value: JSON.stringify(raw[m.index]), headers: { 'o2c-message-id': `ingress:${m.message.messageId}` } })),
        );
        for (const m of remote) queued.set(m.index, { index: m.index, messageId: m.message.messageId, status: 202, result: { outcome: 'queued', topic: INGRESS_TOPICS[channel] } });
      }
    }
    const results = await runBatch(raw.length, decoded, async (m) => {
      const done = queued.get(m.index);
      if (done) return done;
      const handler = handlerOf(m);
      if (!handler) throw new DomainException(domainError('unavailable', 'ingress.no_handler', `no context in this process handles ${m.message.type}`, { field: 'type' }));
      const outcome = await handler(m.message, { messageId: m.message.messageId, via: 'http' });
      return { index: m.index, messageId: m.message.messageId, status: 200, result: outcome };
    });
    return { results };
  }

  private async accept(channel: IngressChannel, body: unknown, response: Response): Promise<IngressOutcome> {
    const message = decodeIngress(channel, body);
    const runtime = this.host.runtimeFor((r) => r.ingress?.[message.type as IngressMessageType] !== undefined);
    if (runtime) {
      const handler = runtime.ingress![message.type] as IngressHandler;
      return handler(message, { messageId: message.messageId, via: 'http' });
    }
    if (this.transport.kind !== 'kafka') {
      throw new DomainException(domainError('unavailable', 'ingress.no_handler', `no context in this process handles ${message.type}`, { field: 'type' }));
    }
    const key = (message.data as { accountId: string }).accountId;
    await this.transport.publish(INGRESS_TOPICS[channel], [{ key, value: JSON.stringify(body), headers: { 'o2c-message-id': `ingress:${message.messageId}` } }]);
    response.status(202);
    return { outcome: 'queued', topic: INGRESS_TOPICS[channel] };
  }
}
