import 'reflect-metadata';
export * from './published-event';
export * from './accounts.events';
export * from './invoicing.events';
export * from './collections.events';
export * from './disputes.events';
export * from './agency.events';
export * from './ingress';
export * from './upcasters';
