// Lint for correctness, not style: the recommended rule sets of ESLint and typescript-eslint,
// without type information (tsc --noEmit already type-checks, and typed linting would double the
// run time). Formatting is left to the editor.
import js from "@eslint/js";
import { defineConfig } from "eslint/config";
import tseslint from "typescript-eslint";

export default defineConfig(
    {
        ignores: ["node_modules/", "bin/", "plan-out/", ".pulumi/", ".bench-test-*/"],
    },
    js.configs.recommended,
    tseslint.configs.recommended,
    {
        rules: {
            // `_`-prefixed names mark parameters that an interface requires but this code does not
            // use (Pulumi's mock callbacks, for one). tsc's noUnusedLocals/Parameters agrees.
            "@typescript-eslint/no-unused-vars": [
                "error",
                { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_" },
            ],
            // `import program = require("../index")` is how TypeScript imports a module that uses
            // `export =` (Pulumi's program convention); plain `require()` calls stay forbidden.
            "@typescript-eslint/no-require-imports": ["error", { allowAsImport: true }],
        },
    },
    {
        // Tests build deliberately malformed configs by mutating plain objects; `any` is the tool
        // for that, and the assertions, not the types, are what they check.
        files: ["tests/**/*.ts"],
        rules: {
            "@typescript-eslint/no-explicit-any": "off",
        },
    },
    {
        // Plain Node scripts run by the workflows without a build step.
        files: ["**/*.mjs", "**/*.cjs", "**/*.js"],
        languageOptions: {
            globals: { console: "readonly", process: "readonly" },
        },
    },
    {
        // CommonJS files: mocha loads its reporter with require().
        files: ["**/*.cjs"],
        languageOptions: { sourceType: "commonjs", globals: { require: "readonly", module: "writable" } },
        rules: { "@typescript-eslint/no-require-imports": "off" },
    },
);
