export * from './audit.module';
export * from './presentation/recorded-event.view';
