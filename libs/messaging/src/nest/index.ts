export * from './host.options';
export * from './context-host.service';
export * from './context-host.module';
export * from './ingress.http.controller';
export * from './projections.http.controller';
export * from './view-as-of';
