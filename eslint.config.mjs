import tseslint from 'typescript-eslint';

/** The bounded contexts: none may import another; they share only libs/contracts (and the infrastructure libs). */
/** analytics is a read side, not a context, but the same rule holds: it reads published contracts through translators handed to it, never a context's code. */
export const CONTEXTS = ['accounts', 'invoicing', 'collections', 'disputes', 'agency', 'analytics'];

const boundaryRules = CONTEXTS.map((context) => {
  const others = CONTEXTS.filter((c) => c !== context);
  return {
    files: [`libs/${context}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: others.flatMap((o) => [`@o2c/${o}`, `@o2c/${o}/**`, `**/libs/${o}/**`, `../../${o}/**`, `../../../${o}/**`, `../../../../${o}/**`]),
              message: `bounded context "${context}" must not import another context: react to its published events in @o2c/contracts instead`,
            },
          ],
        },
      ],
    },
  };
});

const infrastructureRules = ['kernel', 'event-store', 'contracts', 'messaging'].map((lib) => ({
  files: [`libs/${lib}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            group: CONTEXTS.flatMap((c) => [`@o2c/${c}`, `@o2c/${c}/**`, `**/libs/${c}/**`]),
            message: `libs/${lib} is shared infrastructure: it must not depend on a bounded context`,
          },
        ],
      },
    ],
  },
}));

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '**/*.js', '**/*.cjs', '**/*.mjs'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  { files: ['bench/**/*.ts', 'scripts/**/*.ts', 'apps/*/src/main.ts', 'test/**/*.ts', '**/*.spec.ts'], rules: { 'no-console': 'off' } },
  // Tests read untyped JSON responses.
  { files: ['test/**/*.ts', '**/*.spec.ts'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
  // Domain code is pure: no clock reads inside deciders and projections' evolve functions.
  {
    files: ['libs/*/src/**/decide.ts', 'libs/*/src/**/evolve.ts', 'libs/*/src/**/*.decider.ts'],
    rules: {
      'no-restricted-syntax': ['error', { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'domain code takes "now" from the command or the injected clock' }],
    },
  },
  ...boundaryRules,
  ...infrastructureRules,
);
