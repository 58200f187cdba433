import * as pulumi from "@pulumi/pulumi";

/**
 * A tag map as a resource input. The Pulumi SDK labels each plain input value with a template
 * string (`${value}`, runtime/rpc.ts transferProperties), which throws for a map with a tag keyed
 * `toString` ("Cannot convert object to primitive value"); an Output it labels "Output<T>" without
 * looking inside. So a tag key is data here too: `toString: yes` is an ordinary tag.
 */
export function tagInput(tags: Readonly<Record<string, string>> | undefined): pulumi.Input<Record<string, string>> | undefined {
    return tags === undefined ? undefined : pulumi.output(tags);
}
