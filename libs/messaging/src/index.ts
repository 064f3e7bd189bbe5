export * from './transport/message-transport';
export * from './transport/in-process-transport';
export * from './transport/kafka-transport';
