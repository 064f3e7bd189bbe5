export * from './context-runtime';
export * from './published';
