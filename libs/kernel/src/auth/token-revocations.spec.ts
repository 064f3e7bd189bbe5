import { DomainException } from '../errors/domain-error';
import { authConfig, signToken, verifyToken } from './token';
import { TokenRevocations } from './token-revocations';

describe('TokenRevocations when PostgreSQL cannot be read', () => {
  it('refuses the token with 503 auth.revocations_unavailable instead of letting it through unchecked', async () => {
    const config = authConfig('a-secret-of-at-least-thirty-two-bytes!!');
    const principal = await verifyToken(config, await signToken(config, { subject: 'alice', roles: ['collector'] }));
    // Port 1 on loopback: nothing listens, the connection is refused at once.
    const revocations = TokenRevocations.connect('postgres://postgres:o2c@127.0.0.1:1/o2c', { cacheMs: 0 });
    try {
      const refusal = await revocations.revokedBecause(principal).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(refusal).toBeInstanceOf(DomainException);
      expect((refusal as DomainException).error).toMatchObject({ kind: 'unavailable', code: 'auth.revocations_unavailable' });
    } finally {
      await revocations.close();
    }
  });
});
