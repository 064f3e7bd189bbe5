import { INGRESS_DATA_CLASSES, INGRESS_TOPICS, ORDER_MESSAGE_TYPES, PAYMENT_MESSAGE_TYPES, BOUNDED_CONTEXTS, topicOf, type BoundedContext } from '@o2c/contracts';
import { HEADERS } from '@o2c/messaging';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- class-transformer exports its storage only by path
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as { defaultMetadataStorage: object };
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';
import { createGenerator } from 'ts-json-schema-generator';
import { join } from 'node:path';

/**
 * The published contracts as an AsyncAPI 3.0 document, generated from the
 * code: the TypeScript interfaces of libs/contracts for what each context
 * publishes, the class-validator rules for what internal services send to the
 * ingress. `npm run contracts:doc` writes it; test/contracts checks it is current.
 */

/** Each context's map of published type -> payload interface, in libs/contracts/src/<context>.events.ts. */
const PUBLISHED_MAPS: Record<BoundedContext, string> = {
  accounts: 'AccountsPublishedEvents',
  invoicing: 'InvoicingPublishedEvents',
  collections: 'CollectionsPublishedEvents',
  disputes: 'DisputesPublishedEvents',
  agency: 'AgencyPublishedEvents',
};

type Schema = Record<string, unknown>;

/** Payload interfaces are named `<Type>V<n>`: the suffix is the schema version the translators publish. */
export function versionOfPayload(typeName: string, interfaceName: string): number {
  const match = /V(\d+)$/.exec(interfaceName);
  if (!match) throw new Error(`published event ${typeName}: its payload interface ${interfaceName} has no V<n> suffix (the schema version)`);
  return Number(match[1]);
}

const refName = (ref: unknown): string => String(ref).replace('#/definitions/', '');

/** Amounts are integer minor units by convention (every field named `...Minor`): the document says so exactly. */
function integerMinorUnits(schema: unknown): void {
  if (!schema || typeof schema !== 'object') return;
  if (Array.isArray(schema)) return schema.forEach(integerMinorUnits);
  const s = schema as Schema;
  if (s.properties && typeof s.properties === 'object') {
    for (const [name, property] of Object.entries(s.properties as Record<string, Schema>)) {
      if (name.endsWith('Minor') && property.type === 'number') {
        property.type = 'integer';
        property.description ??= 'integer minor units of the currency';
      }
    }
  }
  for (const value of Object.values(s)) integerMinorUnits(value);
}

/** class-validator-jsonschema writes IsISO8601 as oneOf [date, date-time]; a full date-time is also a date to a format-blind reader, so say anyOf. */
function formatAlternativesAsAnyOf(schema: unknown): void {
  if (!schema || typeof schema !== 'object') return;
  if (Array.isArray(schema)) return schema.forEach(formatAlternativesAsAnyOf);
  const s = schema as Schema;
  if (Array.isArray(s.oneOf) && s.oneOf.every((alternative: Schema) => alternative.type === 'string' && typeof alternative.format === 'string')) {
    s.anyOf = s.oneOf;
    delete s.oneOf;
  }
  for (const value of Object.values(s)) formatAlternativesAsAnyOf(value);
}

const rewriteRefs = (schema: unknown, prefix: string): unknown =>
  JSON.parse(JSON.stringify(schema), (key, value: unknown) => (key === '$ref' && typeof value === 'string' ? value.replace(/^#\/definitions\//, prefix) : value));

export interface AsyncApiDocument {
  readonly asyncapi: '3.0.0';
  readonly info: Schema;
  readonly defaultContentType: string;
  readonly channels: Record<string, Schema>;
  readonly operations: Record<string, Schema>;
  readonly components: { schemas: Record<string, Schema>; messages: Record<string, Schema> };
}

export function buildAsyncApi(root: string, version: string): AsyncApiDocument {
  const generator = createGenerator({
    path: join(root, 'libs/contracts/src/index.ts'),
    tsconfig: join(root, 'tsconfig.json'),
    type: '*',
    expose: 'export',
    jsDoc: 'extended',
    skipTypeCheck: true,
    topRef: false,
    additionalProperties: false,
  });
  const schemas: Record<string, Schema> = {};
  const messages: Record<string, Schema> = {};
  const channels: Record<string, Schema> = {};
  const operations: Record<string, Schema> = {};
  const addDefinitions = (definitions: Record<string, unknown> | undefined) => {
    for (const [name, definition] of Object.entries(definitions ?? {})) schemas[name] = rewriteRefs(definition, '#/components/schemas/') as Schema;
  };

  addDefinitions({ PublishedEventMetadata: generator.createSchema('PublishedEventMetadata') });
  delete (schemas.PublishedEventMetadata as Schema).$schema;

  for (const context of BOUNDED_CONTEXTS) {
    const map = generator.createSchema(PUBLISHED_MAPS[context]);
    addDefinitions(map.definitions);
    const channelMessages: Record<string, Schema> = {};
    for (const [type, property] of Object.entries((map.properties ?? {}) as Record<string, Schema>)) {
      const payload = refName(property.$ref);
      const schemaVersion = versionOfPayload(type, payload);
      const id = `${context}.${type}.v${schemaVersion}`;
      messages[id] = {
        name: type,
        title: `${type} v${schemaVersion}`,
        summary: (schemas[payload]?.description as string | undefined) ?? `${type}, published by ${context}`,
        contentType: 'application/json',
        headers: { $ref: '#/components/schemas/PublishedHeaders' },
        payload: {
          type: 'object',
          required: ['type', 'schemaVersion', 'context', 'key', 'data', 'metadata'],
          additionalProperties: false,
          properties: {
            type: { const: type },
            schemaVersion: { const: schemaVersion },
            context: { const: context },
            key: { type: 'string', description: 'the account id: one account\'s events stay in order on one partition' },
            data: { $ref: `#/components/schemas/${payload}` },
            metadata: { $ref: '#/components/schemas/PublishedEventMetadata' },
          },
        },
        bindings: { kafka: { key: { type: 'string', description: 'the account id' } } },
      };
      channelMessages[type] = { $ref: `#/components/messages/${id}` };
      // Older versions stay documented: a consumer still reads them (upcast), an older release may still send them.
      for (let older = schemaVersion - 1; older >= 1; older--) {
        const olderPayload = `${type}V${older}`;
        addDefinitions({ ...generator.createSchema(olderPayload).definitions });
        const olderId = `${context}.${type}.v${older}`;
        const current = messages[id] as { payload: { properties: Record<string, unknown> } };
        messages[olderId] = {
          ...messages[id],
          title: `${type} v${older}`,
          summary: `${type} as version ${older} had it; consumers read it as version ${schemaVersion} through libs/contracts' PUBLISHED_UPCASTERS.`,
          deprecated: true,
          payload: { ...current.payload, properties: { ...current.payload.properties, schemaVersion: { const: older }, data: { $ref: `#/components/schemas/${olderPayload}` } } },
        };
        channelMessages[`${type}V${older}`] = { $ref: `#/components/messages/${olderId}` };
      }
    }
    const topic = topicOf(context);
    channels[topic] = { address: topic, description: `What the ${context} context publishes (relay: at least once, keyed by account id).`, messages: channelMessages };
    operations[`${context}.publish`] = {
      action: 'send',
      channel: { $ref: `#/channels/${topic}` },
      summary: `The ${context} relay publishes its translated events`,
    };
  }

  schemas.PublishedHeaders = {
    type: 'object',
    description: 'Kafka headers set on every published message',
    properties: Object.fromEntries(Object.values(HEADERS).map((header) => [header, { type: 'string' }])),
  };

  // Ingress: the class-validator rules are the schema internal services must meet.
  const ingressSchemas = validationMetadatasToSchemas({ refPointerPrefix: '#/components/schemas/', classTransformerMetadataStorage: defaultMetadataStorage as never }) as Record<string, Schema>;
  const ingressChannels: Record<'orders' | 'payments', readonly string[]> = { orders: ORDER_MESSAGE_TYPES, payments: PAYMENT_MESSAGE_TYPES };
  for (const [channel, types] of Object.entries(ingressChannels) as ['orders' | 'payments', readonly string[]][]) {
    const channelMessages: Record<string, Schema> = {};
    for (const type of types) {
      const dataClass = INGRESS_DATA_CLASSES[type as keyof typeof INGRESS_DATA_CLASSES].name;
      const dataSchema = ingressSchemas[dataClass];
      if (!dataSchema) throw new Error(`ingress ${type}: no class-validator schema for ${dataClass}`);
      schemas[dataClass] = dataSchema;
      for (const [name, schema] of Object.entries(ingressSchemas)) if (!schemas[name] && JSON.stringify(dataSchema).includes(`/${name}"`)) schemas[name] = schema;
      const id = `ingress.${type}.v1`;
      messages[id] = {
        name: type,
        title: `${type} v1 (ingress)`,
        summary: `Sent by internal services to ${INGRESS_TOPICS[channel]} (or POST /ingress/${channel}); idempotent on messageId`,
        contentType: 'application/json',
        payload: {
          type: 'object',
          required: ['messageId', 'type', 'data'],
          properties: {
            messageId: (ingressSchemas.IngressEnvelope?.properties as Record<string, Schema> | undefined)?.messageId ?? { type: 'string' },
            type: { const: type },
            schemaVersion: { const: 1, description: 'optional; 1 when absent' },
            data: { $ref: `#/components/schemas/${dataClass}` },
          },
        },
      };
      channelMessages[type] = { $ref: `#/components/messages/${id}` };
    }
    channels[INGRESS_TOPICS[channel]] = { address: INGRESS_TOPICS[channel], description: `Ingress for internal services (${channel}); a message that can never be handled goes to ${INGRESS_TOPICS.deadLetters}.`, messages: channelMessages };
    operations[`ingress.${channel}.receive`] = { action: 'receive', channel: { $ref: `#/channels/${INGRESS_TOPICS[channel]}` }, summary: `o2c consumes ${channel} from internal services` };
  }
  channels[INGRESS_TOPICS.deadLetters] = {
    address: INGRESS_TOPICS.deadLetters,
    description: 'Ingress messages that can never be handled: the original value and headers, plus o2c-dlq-* headers (code, reason, field, group, source topic, partition, offset, at).',
  };

  integerMinorUnits(schemas);
  formatAlternativesAsAnyOf(schemas);
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'o2c published contracts',
      version,
      description:
        'What o2c\'s bounded contexts publish to Kafka (o2c.<context>.events, keyed by account id) and what internal services send to its ingress. ' +
        'A message\'s type is stable; schemaVersion says which shape data has (an additive change is a new version read through an upcaster, a breaking one a new type). Generated from libs/contracts by `npm run contracts:doc`.',
    },
    defaultContentType: 'application/json',
    channels,
    operations,
    components: { schemas: sortKeys(schemas), messages: sortKeys(messages) },
  };
}

const sortKeys = <T>(record: Record<string, T>): Record<string, T> => Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
