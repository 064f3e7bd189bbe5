export * from './ingress-decoder';
export * from './ingress-consumer';
