export * from './event-store.module';
export * from './create-event-store';
