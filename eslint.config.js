// Lint: recommended + type-aware rules that catch floating promises and unsafe money code.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'chaincode/dist/**',
      'bench/fabric/minimal-chaincode/dist/**',
      '.cache/**',
      '.runtime/**',
      'out/**',
      'bin/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { console: 'readonly', process: 'readonly' } },
  },
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      // Money is bigint: parseFloat has no place in this codebase.
      'no-restricted-globals': [
        'error',
        { name: 'parseFloat', message: 'Money is bigint; parse with parseAmount.' },
      ],
    },
  },
);
