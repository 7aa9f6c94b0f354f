import js from '@eslint/js';
import jsdoc from 'eslint-plugin-jsdoc';
import tseslint from 'typescript-eslint';

/** A member of an exported interface in modules/: the public surface a stack or another module programs against. */
const EXPORTED_MEMBER = 'ExportNamedDeclaration > TSInterfaceDeclaration > TSInterfaceBody > TSPropertySignature';

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
  {
    // Modules document their public surface: every member of an exported interface says what it is for, and an
    // optional one states its default (and why) in a @default tag, as aws-ecs-patterns' props do.
    files: ['modules/**/*.ts'],
    ignores: ['**/__tests__/**', '**/*.test.ts'],
    plugins: { jsdoc },
    rules: {
      'jsdoc/require-jsdoc': [
        'error',
        {
          require: { FunctionDeclaration: false },
          contexts: [EXPORTED_MEMBER, 'TSMethodSignature'],
        },
      ],
      'jsdoc/no-restricted-syntax': [
        'error',
        {
          contexts: [
            {
              // Any optional member in modules/: this rule matches simple selectors only (no `>` paths).
              context: 'TSPropertySignature[optional=true]',
              comment: 'JsdocBlock:not(:has(JsdocTag[tag="default"]))',
              message: 'An optional member needs a @default tag: what happens when it is left out, and why.',
            },
          ],
        },
      ],
      'jsdoc/require-description': ['error', { contexts: [EXPORTED_MEMBER] }],
    },
  },
  {
    // jest loads its runtime, environment and reporters with a plain require(), untranspiled, and `npm test` runs
    // scripts/test.js before any loader: they are CommonJS.
    files: ['scripts/jest-*.js', 'scripts/test.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
