// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// `import { z } from 'zod'` keeps all of zod and its 60 locales in a bundle (~440 KB, tens of ms of every cold
// start); the namespace import lets esbuild trim it (core/validation/zod-german.ts). Type-only imports cost nothing.
const zodNamespaceOnly = {
  selector: "ImportDeclaration[source.value='zod'][importKind!='type'] > ImportSpecifier[importKind!='type']",
  message: "Import zod as a namespace: import * as z from 'zod'.",
};

export default tseslint.config(
  { ignores: ['node_modules/', 'cdk.out/', 'dist/', '.kim/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['eslint.config.js'] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': 'off',
      'no-restricted-syntax': ['error', zodNamespaceOnly],
    },
  },
  {
    // The domain core stays free of AWS SDK imports; only core/adapters talks to AWS.
    files: ['core/**/*.ts'],
    ignores: ['core/adapters/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@aws-sdk/*', 'aws-cdk-lib', 'aws-cdk-lib/*'], message: 'core/ has no AWS imports; put this in core/adapters/.' }] }],
    },
  },
  { files: ['eslint.config.js'], ...tseslint.configs.disableTypeChecked },
);
