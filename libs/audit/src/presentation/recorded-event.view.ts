import { ApiProperty } from '@nestjs/swagger';
import type { RecordedEvent, StreamInfo } from '@o2c/event-store';

/** An event as auditors read it: every field and all metadata; bigint positions as decimal strings (JSON has no bigint). */
export class RecordedEventView {
  @ApiProperty({ example: '0b7c7d64-3f5e-4d5c-9e0a-0f3b6a0d1c11' }) id!: string;
  @ApiProperty({ example: 'InvoiceIssued' }) type!: string;
  @ApiProperty({ example: 1 }) schemaVersion!: number;
  @ApiProperty({ example: 'invoice-INV-2026-000123' }) streamName!: string;
  @ApiProperty({ example: '0', description: 'revision in its stream (decimal string)' }) revision!: string;
  @ApiProperty({ example: '42', description: 'position in $all (decimal string)' }) position!: string;
  @ApiProperty({ example: '2026-11-25T09:00:00.000Z' }) recordedAt!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) data!: unknown;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: { correlationId: 'c-1', causationId: 'm-1', actor: 'svc:orders', occurredAt: '2026-11-25T09:00:00.000Z' },
  })
  metadata!: Record<string, unknown>;
}

export function presentEvent(event: RecordedEvent): RecordedEventView {
  return {
    id: event.id,
    type: event.type,
    schemaVersion: event.schemaVersion,
    streamName: event.streamName,
    revision: event.revision.toString(),
    position: event.position.toString(),
    recordedAt: event.recordedAt.toISOString(),
    data: event.data,
    metadata: { ...event.metadata },
  };
}

export class StreamInfoView {
  @ApiProperty({ example: 'invoice-INV-2026-000123' }) streamName!: string;
  @ApiProperty({ example: '3', description: 'last revision (decimal string)' }) revision!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export function presentStream(stream: StreamInfo): StreamInfoView {
  return {
    streamName: stream.streamName,
    revision: stream.revision.toString(),
    createdAt: stream.createdAt.toISOString(),
    updatedAt: stream.updatedAt.toISOString(),
  };
}

export class EventPageView {
  @ApiProperty({ type: [RecordedEventView] }) events!: RecordedEventView[];
  @ApiProperty({ nullable: true, type: String, description: 'pass as `from` to read the next page; null at the end' })
  next!: string | null;
}

export class StreamPageView {
  @ApiProperty({ type: [StreamInfoView] }) streams!: StreamInfoView[];
  @ApiProperty({ nullable: true, type: String, description: 'pass as `after` to read the next page; null at the end' })
  next!: string | null;
}
