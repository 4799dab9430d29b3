import tseslint from 'typescript-eslint';
import jest from 'eslint-plugin-jest';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  {
    // The dashboard's browser modules are hand-written JavaScript: linted (see below), not ignored.
    ignores: [
      'dist/**',
      'node_modules/**',
      'infra/**/.run/**',
      'coverage/**',
      '**/*.js',
      '**/*.mjs',
      '!apps/api/public/**/*.js',
    ],
  },
  ...tseslint.configs.recommended,
  prettier,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['../../*'], message: 'Use a @casetrail/* path alias.' }] },
      ],
    },
  },
  {
    // The domain is pure: no framework, no I/O, no clock, no id generation.
    files: ['libs/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '@nestjs/*',
                'typeorm',
                'pg',
                'kafkajs',
                'class-validator',
                'class-transformer',
                'node:*',
                'crypto',
                'fs',
              ],
              message: 'libs/domain is pure TypeScript.',
            },
            {
              group: ['@casetrail/*', '!@casetrail/domain'],
              message: 'libs/domain depends on nothing else.',
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'Time arrives in the command.',
        },
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'Time arrives in the command.',
        },
        {
          selector: "CallExpression[callee.property.name='randomUUID']",
          message: 'Ids arrive in the command.',
        },
      ],
    },
  },
  {
    // The dashboard runs in the browser as ES modules (Chart.js arrives as window.Chart).
    files: ['apps/api/public/**/*.js'],
    languageOptions: {
      sourceType: 'module',
      globals: Object.fromEntries(
        [
          'window',
          'document',
          'sessionStorage',
          'fetch',
          'URL',
          'Node',
          'CSS',
          'TextDecoder',
          'TextDecoderStream',
          'atob',
          'setTimeout',
          'clearTimeout',
          'setInterval',
          'AbortController',
        ].map((name) => [name, 'readonly']),
      ),
    },
    rules: { 'no-undef': 'error' },
  },
  {
    // kafkajs lives behind the messaging port.
    files: ['apps/**/*.ts', 'libs/!(messaging)/**/*.ts'],
    ignores: ['**/*.spec.ts', 'libs/testing/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'kafkajs', message: 'Only libs/messaging imports kafkajs.' }],
          patterns: [{ group: ['../../*'], message: 'Use a @casetrail/* path alias.' }],
        },
      ],
    },
  },
  {
    // A migration means the same forever: frozen SQL, not today's code.
    files: ['libs/database/src/migrations/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'kafkajs', message: 'Only libs/messaging imports kafkajs.' }],
          patterns: [
            {
              group: ['@casetrail/*', '@api/*', '@scheduler/*', '@seeds/*', '../*'],
              message: 'A migration is frozen DDL: it imports nothing of the project.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', 'test/**/*.ts'],
    plugins: { jest },
    rules: {
      ...jest.configs['flat/recommended'].rules,
      'jest/no-focused-tests': 'error',
      'jest/no-disabled-tests': 'error',
      'jest/expect-expect': [
        'error',
        {
          assertFunctionNames: [
            'expect',
            'expect*',
            'given*',
            '*.then*',
            'then*',
            'request.**.expect',
            'http.**.expect',
          ],
        },
      ],
    },
  },
);
