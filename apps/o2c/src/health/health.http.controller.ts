import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { EVENT_STORE, type EventStore } from '@o2c/event-store';
import { CLOCK, Public, type Clock } from '@o2c/kernel';
import { ContextHost, type HostStatus } from '@o2c/messaging/nest';
import type { Response } from 'express';

class StoreHealthView {
  @ApiProperty({ enum: ['up', 'down'] }) status!: 'up' | 'down';
  @ApiProperty({ enum: ['postgresql', 'eventstoredb'] }) adapter!: string;
  @ApiProperty({ required: false, description: '$all head position (decimal string)' }) headPosition?: string;
  @ApiProperty({ required: false }) detail?: string;
}

class HealthView {
  @ApiProperty({ enum: ['up', 'down'] }) status!: 'up' | 'down';
  @ApiProperty({ type: StoreHealthView }) store!: StoreHealthView;
  @ApiProperty({ description: "the application's clock (manual in demo mode)" }) now!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'the contexts hosted here, the transport, and the state of every projection, consumer group and relay; each consumer group\'s `behind` (messages not committed yet, in total and per topic in `behindByTopic`; null when the transport did not answer within a second)',
  })
  host!: HostStatus;
}

@ApiTags('health')
@Public()
@Controller('health')
export class HealthHttpController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly host: ContextHost,
  ) {}

  @Get()
  @ApiOperation({ summary: "The process and its event store's state; 503 while the store is down" })
  @ApiOkResponse({ type: HealthView })
  @ApiServiceUnavailableResponse({ type: HealthView })
  async health(@Res({ passthrough: true }) response: Response): Promise<HealthView> {
    const [store, host] = await Promise.all([this.store.health(), this.host.statusWithLag()]);
    if (store.status !== 'up') response.status(HttpStatus.SERVICE_UNAVAILABLE);
    return {
      status: store.status,
      store: { status: store.status, adapter: store.adapter, headPosition: store.headPosition?.toString(), detail: store.detail },
      now: this.clock.now().toISOString(),
      host,
    };
  }
}
