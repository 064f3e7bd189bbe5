import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** The boundary check is part of `npm test` through `npm run lint`; this proves the rule fires and names the problem. */
describe('bounded-context boundaries (eslint)', () => {
  const root = join(__dirname, '..', '..');

  // ESLint loads its flat config with import(), which Jest's sandbox refuses: run the real CLI on stdin instead.
  async function problems(filePath: string, code: string): Promise<string[]> {
    const run = spawnSync(process.execPath, [join(root, 'node_modules', 'eslint', 'bin', 'eslint.js'), '--format', 'json', '--stdin', '--stdin-filename', filePath], {
      cwd: root,
      input: code,
      encoding: 'utf8',
    });
    if (run.status === 2 || !run.stdout) throw new Error(`eslint failed: ${run.stderr}`);
    const [result] = JSON.parse(run.stdout) as { messages: { ruleId: string; message: string }[] }[];
    return result.messages.map((m) => `${m.ruleId}: ${m.message}`);
  }

  it('refuses a context importing another context, by alias or by path', async () => {
    const byAlias = await problems('libs/accounts/src/x.ts', "import { Invoice } from '@o2c/invoicing';\nexport const y: unknown = Invoice;\n");
    expect(byAlias.join('\n')).toMatch(/no-restricted-imports: .*"accounts" must not import another context/);
    const byPath = await problems('libs/collections/src/a/b.ts', "import { Dispute } from '../../../disputes/src/dispute';\nexport const y: unknown = Dispute;\n");
    expect(byPath.join('\n')).toMatch(/"collections" must not import another context/);
  });

  it('refuses the analytics read side importing a context (it gets translators handed over)', async () => {
    const found = await problems('libs/analytics/src/x.ts', "import { invoicingTranslator } from '@o2c/invoicing';\nexport const y: unknown = invoicingTranslator;\n");
    expect(found.join('\n')).toMatch(/"analytics" must not import another context/);
  });

  it('lets a context import the contracts and the infrastructure libs', async () => {
    const ok = await problems(
      'libs/accounts/src/x.ts',
      "import { money } from '@o2c/kernel';\nimport * as contracts from '@o2c/contracts';\nexport const y: unknown = [money, contracts];\n",
    );
    expect(ok).toEqual([]);
  });

  it('refuses shared infrastructure depending on a context', async () => {
    const found = await problems('libs/kernel/src/x.ts', "import { Invoice } from '@o2c/invoicing';\nexport const y: unknown = Invoice;\n");
    expect(found.join('\n')).toMatch(/libs\/kernel is shared infrastructure/);
  });
});
