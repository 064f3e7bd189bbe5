export * from './published-event';
