/**
 * The JSON Schema of a stack file (Pulumi.<stack>.yaml), generated from the zod schema so editors
 * can complete and check the `landing-zone:` keys. `npm run schema` writes it to
 * config/stack.schema.json; a test keeps the checked-in copy in step with the schema.
 */
import { z } from "zod";
import { NAMESPACE } from "./load";
import { regionSchema, stackConfigSchema } from "./schema";

export function stackFileJsonSchema(): Record<string, unknown> {
    const options = { io: "input", unrepresentable: "any" } as const;
    const namespace = z.toJSONSchema(stackConfigSchema, options) as {
        properties: Record<string, unknown>;
        required?: string[];
    };
    const keys = Object.keys(namespace.properties);
    const properties: Record<string, unknown> = { "aws:region": strip(z.toJSONSchema(regionSchema, options)) };
    for (const key of keys) properties[`${NAMESPACE}:${key}`] = namespace.properties[key];
    return {
        $schema: "https://json-schema.org/draft/2020-12/schema",
        $id: "https://landing-zone.local/stack.schema.json",
        title: "landing-zone stack file (Pulumi.<stack>.yaml)",
        type: "object",
        properties: {
            config: {
                type: "object",
                properties,
                required: ["aws:region", ...(namespace.required ?? []).map((k) => `${NAMESPACE}:${k}`)],
                // Other providers' namespaces are free; a misspelled landing-zone key is not.
                patternProperties: { [`^${NAMESPACE}:(?!(${keys.join("|")})$)`]: false },
            },
            secretsprovider: { type: "string" },
            encryptedkey: { type: "string" },
            encryptionsalt: { type: "string" },
            environment: {},
        },
        additionalProperties: false,
    };
}

function strip(schema: Record<string, unknown>): Record<string, unknown> {
    const { $schema: _ignored, ...rest } = schema;
    return rest;
}
