export * from './audit.module';
export * from './presentation/recorded-event.view';
export * from './verify-log/verify-log';
export * from './export-events/export-events';
export * from './trace-event/trace-event';
export * from './event-index/event-index.projection';
export * from './verify-log/checkpoint-scheduler';
