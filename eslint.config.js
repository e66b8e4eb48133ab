// typescript-eslint's recommended rules, tuned to the project's style (see notes/decisions/lint.md).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['idl/gen/**', 'node_modules/**', 'dist/**', 'build/**', '.bench-build/**', 'log/**', 'bin/**', 'scripts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-constant-condition': ['error', { checkLoops: false }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'prefer-const': 'error',
      // escaping control characters out of logs and terminals is a job of ours (src/log/escape.ts)
      'no-control-regex': 'off',
    },
  },
  {
    files: ['**/*.js'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        setTimeout: 'readonly',
        setInterval: 'readonly',
        clearTimeout: 'readonly',
        Buffer: 'readonly',
      },
    },
  },
  {
    // the Thrift round-trip test drives the untyped generated service object
    files: ['test/thrift-roundtrip.test.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
