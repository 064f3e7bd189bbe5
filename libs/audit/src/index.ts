export * from './audit.module';
export * from './presentation/recorded-event.view';
export * from './verify-log/verify-log';
