import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/**
 * Lookups of identity store users and groups that an external identity provider syncs (SCIM):
 * the program never creates them. Both run at preview as well as at `up`.
 *
 * The provider's data sources call GetGroupId / GetUserId with a unique attribute, then
 * DescribeGroup / DescribeUser (terraform-provider-aws internal/service/identitystore/
 * group_data_source.go and user_data_source.go). A name that matches nothing fails the invoke with
 * the API's ResourceNotFoundException: the failure is turned here into a RunError that names the
 * config entry and the identity store, which Pulumi prints without a stack trace.
 */

/** The identity store group id of the external group whose display name is `displayName`. */
export function externalGroupId(displayName: string, identityStoreId: pulumi.Input<string>, parent: pulumi.Resource): pulumi.Output<string> {
    // GetGroupId: "For the unique attribute, the only valid path is displayName" (Identity Store API reference).
    return lookUp(`groups.${displayName}`, `group with display name ${JSON.stringify(displayName)}`, identityStoreId, (store) =>
        aws.identitystore
            .getGroup({ identityStoreId: store, alternateIdentifier: { uniqueAttribute: { attributePath: "displayName", attributeValue: displayName } } }, { parent })
            .then((found) => found.groupId),
    );
}

/** The identity store user id of the external user whose user name is `userName`. */
export function externalUserId(userName: string, identityStoreId: pulumi.Input<string>, parent: pulumi.Resource): pulumi.Output<string> {
    // GetUserId: "the only valid paths are userName and emails.value" (Identity Store API reference).
    return lookUp(`users.${userName}`, `user with user name ${JSON.stringify(userName)}`, identityStoreId, (store) =>
        aws.identitystore
            .getUser({ identityStoreId: store, alternateIdentifier: { uniqueAttribute: { attributePath: "userName", attributeValue: userName } } }, { parent })
            .then((found) => found.userId),
    );
}

/** The id `find` answers in the identity store, or a RunError naming the config entry (`path`) and the store. */
function lookUp(path: string, what: string, identityStoreId: pulumi.Input<string>, find: (store: string) => Promise<string>): pulumi.Output<string> {
    return pulumi.output(identityStoreId).apply((store) =>
        find(store).catch((err: unknown) => {
            throw lookupError(path, what, store, err);
        }),
    );
}

function lookupError(path: string, what: string, store: string, err: unknown): pulumi.RunError {
    const cause = err instanceof Error ? err.message : String(err);
    if (/ResourceNotFoundException/.test(cause)) {
        return runError(
            `${path}: external: no ${what} in identity store ${store}. It is looked up, not created: check the name as ` +
                "your identity provider syncs it, that the provider has synced it (SCIM provisioning), or remove external: true to " +
                "have the program create it.",
        );
    }
    return runError(`${path}: external: looking up the ${what} in identity store ${store} failed: ${cause}`);
}

/**
 * A RunError (Pulumi prints its message alone, no stack trace: cmd/run/run.js) whose message stays
 * as written. The failed lookup's Output flows into resource inputs and stack outputs, and the SDK
 * prefixes `error serializing property "<name>": ` to the *same* error's message at each of them
 * (runtime/rpc.js serializeProperties), which would bury the one sentence the user must read.
 */
function runError(message: string): pulumi.RunError {
    const err = new pulumi.RunError(message);
    Object.defineProperty(err, "message", { get: () => message, set: () => undefined, enumerable: false, configurable: true });
    return err;
}
