import { INGRESS_DATA_CLASSES, INGRESS_TOPICS, IngressEnvelope, ORDER_MESSAGE_TYPES, PAYMENT_MESSAGE_TYPES, type IngressMessage, type IngressMessageType } from '@o2c/contracts';
import { DomainException, domainError } from '@o2c/kernel';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { compileCheck } from './compiled-check';

export type IngressChannel = keyof Omit<typeof INGRESS_TOPICS, 'deadLetters'>;

/** The message types each ingress channel (topic or HTTP path) carries. */
export const INGRESS_TYPES: Record<IngressChannel, readonly IngressMessageType[]> = {
  orders: ORDER_MESSAGE_TYPES,
  payments: PAYMENT_MESSAGE_TYPES,
};

export const channelOfTopic = (topic: string): IngressChannel | undefined =>
  topic === INGRESS_TOPICS.orders ? 'orders' : topic === INGRESS_TOPICS.payments ? 'payments' : undefined;

function problems(errors: readonly ValidationError[], parent: string): { field: string; problem: string }[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = e.constraints ? Object.values(e.constraints).map((problem) => ({ field, problem })) : [];
    return [...own, ...problems(e.children ?? [], field)];
  });
}

function invalid(code: string, message: string, field?: string, details?: Record<string, unknown>): DomainException {
  return new DomainException(domainError('validation', code, message, { field, details }));
}

const isPrimitive = (value: unknown): boolean => value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

const envelopeCheck = compileCheck(IngressEnvelope);
const dataChecks = new Map(Object.entries(INGRESS_DATA_CLASSES).map(([type, target]) => [type, compileCheck(target as new () => object)]));

/**
 * The message when class-validator's own rules, run directly, find it valid and its data holds only primitives (so the
 * data instance is what plainToInstance would make); undefined otherwise, and class-validator decides and names the field.
 */
function decodeValid(channel: IngressChannel, raw: Record<string, unknown>): IngressMessage | undefined {
  if (!envelopeCheck?.(raw)) return undefined;
  const type = raw.type as IngressMessageType;
  if (!INGRESS_TYPES[channel].includes(type) || (raw.schemaVersion ?? 1) !== 1) return undefined;
  const data = raw.data as Record<string, unknown>;
  const check = dataChecks.get(type);
  if (!check || !Object.values(data).every(isPrimitive) || !check(data)) return undefined;
  return { messageId: raw.messageId, type, schemaVersion: 1, data: Object.assign(new (INGRESS_DATA_CLASSES[type] as new () => object)(), data) } as unknown as IngressMessage;
}

/**
 * Validates an ingress message (the same envelope on Kafka and HTTP) with
 * class-validator's rules: unknown fields are refused, and the error names the
 * first bad field (all of them in `details.fields`). A valid message is checked
 * by those rules run directly (compiled-check.ts); any other goes through
 * class-validator itself, which builds the errors.
 */
export function decodeIngress(channel: IngressChannel, raw: unknown): IngressMessage {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw invalid('ingress.not_an_object', 'an ingress message is a JSON object');
  return decodeValid(channel, raw as Record<string, unknown>) ?? decodeIngressByClassValidator(channel, raw);
}

/** decodeIngress through class-validator alone: the reference the compiled check is tested against. */
export function decodeIngressByClassValidator(channel: IngressChannel, raw: unknown): IngressMessage {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw invalid('ingress.not_an_object', 'an ingress message is a JSON object');
  const envelope = plainToInstance(IngressEnvelope, raw);
  const envelopeErrors = problems(validateSync(envelope, { whitelist: true, forbidNonWhitelisted: true }), '');
  if (envelopeErrors.length) {
    throw invalid('ingress.invalid', `invalid ingress message: ${envelopeErrors.map((p) => `${p.field}: ${p.problem}`).join('; ')}`, envelopeErrors[0].field, { fields: envelopeErrors });
  }
  const type = envelope.type as IngressMessageType;
  if (!INGRESS_TYPES[channel].includes(type)) {
    throw invalid('ingress.unknown_type', `"${envelope.type}" is not a ${channel} message type (expected one of ${INGRESS_TYPES[channel].join(', ')})`, 'type');
  }
  const version = envelope.schemaVersion ?? 1;
  if (version !== 1) throw invalid('ingress.unsupported_version', `${type} schemaVersion ${version} is not supported (supported: 1)`, 'schemaVersion');
  const data = plainToInstance(INGRESS_DATA_CLASSES[type] as new () => object, envelope.data);
  const dataErrors = problems(validateSync(data, { whitelist: true, forbidNonWhitelisted: true }), 'data');
  if (dataErrors.length) {
    throw invalid('ingress.invalid', `invalid ${type}: ${dataErrors.map((p) => `${p.field}: ${p.problem}`).join('; ')}`, dataErrors[0].field, { fields: dataErrors });
  }
  return { messageId: envelope.messageId, type, schemaVersion: 1, data } as IngressMessage;
}
