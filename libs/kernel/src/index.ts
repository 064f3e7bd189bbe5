export * from './clock/clock';
export * from './errors/domain-error';
export * from './money/money';
export * from './postgres/embedded-postgres';
export * from './http/domain-exception.filter';
export * from './http/validation';
