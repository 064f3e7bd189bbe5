export * from './transport/message-transport';
export * from './transport/in-process-transport';
export * from './transport/kafka-transport';
export * from './schema';
export * from './consumer/message-consumer';
export * from './relay/relay';
export * from './host';
export * from './ingress';
