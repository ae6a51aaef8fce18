import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'coverage', 'test/artifacts', 'config/*.json', '.scratch*/', '.bench-tmp/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      'no-console': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Engine code knows the connector interface, never a vendor SDK (style dependency rule).
    files: ['src/**'],
    ignores: ['src/cli.ts', 'src/main/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['jsforce', '@jsforce/*', '@hubspot/*', '**/connectors/hubspot/*', '**/connectors/salesforce/*'], message: 'use connectors/types.ts' }] },
      ],
    },
  },
  {
    // Pure domain modules: no I/O, no clock, no logger (style rule 10).
    files: ['src/scoring/**', 'src/stages/**', 'src/mapping/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*', 'pino', 'express', 'ioredis', 'bullmq', 'jsforce', '@jsforce/*', '@hubspot/*'], message: 'pure module: no I/O' },
            { group: ['**/connectors/**', '**/state/**', '**/sync/**', '**/http/**', '**/queue/**'], message: 'pure module: no I/O' },
          ],
        },
      ],
    },
  },
  {
    files: ['bin/**', 'test/bench/**'],
    languageOptions: { globals: { process: 'readonly' } },
    rules: { 'no-console': 'off' },
  },
);
