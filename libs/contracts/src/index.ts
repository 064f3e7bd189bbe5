export * from './published-event';
export * from './accounts.events';
export * from './invoicing.events';
export * from './ingress';
