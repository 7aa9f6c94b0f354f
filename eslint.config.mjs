import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'cdktf.out/', '**/dist/', 'coverage/', '.plan/', '.data/', 'docs/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
      },
    },
    rules: {
      // The package root of @cdktf/provider-aws loads every resource class: about 2 s and 550 MB per process.
      // Import each class by its deep path instead (@cdktf/provider-aws/lib/<resource>).
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: '@cdktf/provider-aws', message: 'Import by deep path: @cdktf/provider-aws/lib/<resource>.' }],
          patterns: [
            {
              regex: '^@cdktf/provider-aws/lib/?$',
              message: 'Import by deep path: @cdktf/provider-aws/lib/<resource>.',
            },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
);
