// Lint findings are errors, never warnings: a warning nobody fixes is noise that hides the next one.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  { ignores: ['dist/**', 'web/dist/**', 'node_modules/**', 'test-artifacts/**'] },
  js.configs.recommended,
  { languageOptions: { globals: { ...globals.node } } },
  ...tseslint.configs.recommended,
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'error',
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    // Only the config module may read the environment.
    files: ['src/**/*.ts'],
    ignores: ['src/config/**', 'src/bench/dev/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Read configuration from the Config object (src/config).',
        },
      ],
    },
  },
  {
    // The dashboard runs in the browser and follows the rules of hooks (and the React Compiler's checks).
    files: ['web/src/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat.recommended,
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // Features never import each other (shared code lives in web/src/lib and web/src/components; the app
    // layer composes features). From features/<a>/<dir>/x.tsx, "../../<b>/…" is another feature.
    files: ['web/src/features/*/*/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^\\.\\./\\.\\./(?!\\.\\./)',
              message:
                'Do not import from another feature; move shared code to web/src/lib or web/src/components.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['bin/**', 'src/bench/dev/**', 'scripts/**', 'src/cli/**', 'test/**', '**/*.test.ts', '.ci/**'],
    rules: { 'no-console': 'off' },
  },
);
