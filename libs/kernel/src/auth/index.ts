export * from './roles';
export * from './roles.decorator';
export * from './roles.guard';
export * from './actor.decorator';
export * from './auth.module';
export * from './token';
export * from './token-revocations';
export * from './token-revocations.http.controller';
