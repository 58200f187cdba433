/**
 * The adopted config as a stack file that reads like the hand-written examples (Pulumi.dev.yaml,
 * Pulumi.prod.yaml): the schema line for editors, a header saying where it came from, keys in the
 * order people write them, short lists on one line, and the import ids last, set apart.
 */
import { Document, isScalar, visit } from "yaml";
import { NAMESPACE } from "../config/load";
import { visible } from "../plan/escape";
import type { Adoption } from "./toConfig";

const ORDER = ["organization", "organizationalUnits", "accounts", "permissionSets", "groups", "users", "identityCenter", "imports"] as const;

const COMMENTS: Partial<Record<(typeof ORDER)[number], string>> = {
    organization:
        " The organisation, adopted: imported by id on the first `pulumi up`, never recreated.\n" +
        " enabledPolicyTypes: every policy type enabled in its root, and exactly those (a type left out is disabled).",
    identityCenter: " The Identity Center instance the estate was read from.",
    imports:
        " Import ids of what existed when `npm run adopt` read the estate (README: \"Adopting what exists\").\n" +
        " The first `pulumi up` imports these resources instead of creating them; after that the entries\n" +
        " change nothing. Not for editing: a resource added to the config above is created.",
};

/** The stack file's text. `note`, a line for the header (the built-in example says it is one). */
export function renderStackFile(adoption: Adoption, stack: string, note?: string): string {
    const config: Record<string, unknown> = {
        "aws:region": adoption.region,
        "aws:retryMode": "adaptive",
        "aws:maxRetries": 10,
    };
    for (const key of ORDER) {
        const value = adoption.config[key];
        if (isEmpty(value)) continue;
        config[`${NAMESPACE}:${key}`] = value;
    }
    const doc = new Document({ config });
    // Lists of plain values on one line, as the examples write access maps and policy lists.
    visit(doc, {
        Seq(_, node) {
            if (node.items.every(isScalar)) node.flow = true;
        },
    });
    const section = doc.get("config") as { items: { key: { value: string; commentBefore?: string } }[] };
    const retry = section.items.find((p) => p.key.value === "aws:retryMode");
    if (retry) retry.key.commentBefore = " Organizations and Identity Center throttle bursts of writes; let the provider back off.";
    for (const [key, comment] of Object.entries(COMMENTS)) {
        const pair = section.items.find((p) => p.key.value === `${NAMESPACE}:${key}`);
        if (pair) pair.key.commentBefore = comment;
    }
    const header = [
        "# yaml-language-server: $schema=./config/stack.schema.json",
        "#",
        `# Stack ${stack}: the estate of organisation ${adoption.config.organization.id} as it was when \`npm run adopt\``,
        `# read it (Identity Center in ${adoption.region}). Review it, then \`pulumi preview\` and \`pulumi up\`:`,
        "# the first update imports what exists and creates nothing. Every key is described in the README's",
        "# config reference.",
        ...(note ? ["#", `# ${note}`] : []),
        ...(adoption.warnings.length
            ? ["#", "# Not in this file, because the config cannot express it yet (adopt printed these too):", ...adoption.warnings.map((w) => `#   - ${visible(w)}`)]
            : []),
    ];
    return `${header.join("\n")}\n${doc.toString({ lineWidth: 0, flowCollectionPadding: false })}`;
}

function isEmpty(value: unknown): boolean {
    return value === undefined || (typeof value === "object" && value !== null && Object.keys(value).length === 0);
}
