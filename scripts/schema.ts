/** Writes config/stack.schema.json from the zod schema: `npm run schema`. */
import { writeFileSync } from "fs";
import { join } from "path";
import { stackFileJsonSchema } from "../config/jsonSchema";

const path = join(__dirname, "..", "config", "stack.schema.json");
writeFileSync(path, JSON.stringify(stackFileJsonSchema(), null, 2) + "\n");
console.log(`wrote ${path}`);
