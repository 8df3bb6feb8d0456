import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

const determinism = {
  'no-restricted-globals': [
    'error',
    { name: 'Date', message: 'The engine is deterministic: use the simulator clock (virtual time).' },
    { name: 'setTimeout', message: 'The engine has no timers: schedule an event on the simulator.' },
    { name: 'setInterval', message: 'The engine has no timers: schedule an event on the simulator.' },
    { name: 'setImmediate', message: 'The engine has no timers: the tool layer yields between chunks.' },
    { name: 'performance', message: 'The engine is deterministic: measure time in benchmarks, not here.' },
    { name: 'process', message: 'The engine is pure: take what you need as a parameter.' },
    { name: 'console', message: 'The engine does not log: return a trace.' },
    { name: 'crypto', message: 'Use the seeded Rng from the simulation context.' },
  ],
  'no-restricted-properties': [
    'error',
    { object: 'Math', property: 'random', message: 'Use the seeded Rng from the simulation context.' },
  ],
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        { group: ['node:*'], message: 'The engine is pure: no Node.js modules.' },
        { group: ['@modelcontextprotocol/*'], message: 'The engine knows nothing of MCP.' },
        { group: ['**/tools/**', '**/server*', '**/cli*', '**/log*'], message: 'The engine imports nothing above it.' },
      ],
    },
  ],
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      // stdout is the JSON-RPC wire: nothing in src/ may print (the CLI writes through its injected io).
      'no-console': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/explicit-module-boundary-types': 'error',
    },
  },
  { files: ['src/engine/**/*.ts'], rules: determinism },
  {
    // Tests and benchmarks read JSON they just produced; typing every JSON.parse would only add noise.
    files: ['test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
    },
  },
  {
    files: ['src/tools/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/engine/*/**', '!**/engine/index.js'],
              message: 'Tools import the engine only through src/engine/index.ts.',
            },
            { group: ['node:*'], message: 'Tools are pure apart from their context: no Node.js modules.' },
          ],
        },
      ],
    },
  },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
  prettier,
);
