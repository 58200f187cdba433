/**
 * The AWS CLI v2 config a person needs to reach their accounts through the access portal: one
 * `[sso-session]` and one `[profile <account key>-<permission set>]` per account and permission set
 * they can reach. Works with `aws sso login --sso-session <name>` and tools that read the same file.
 */
import type { Reach } from "./access";

export interface AwsCliConfigArgs {
    /** The portal's start URL, `https://<identity store id>.awsapps.com/start`. */
    readonly portalUrl: string;
    /** Where Identity Center lives (the stack's `aws:region`); also each profile's default region. */
    readonly region: string;
    /** What the user can reach, as the stack output `access` lists it. */
    readonly reach: readonly Reach[];
    /** @default "landing-zone" */
    readonly sessionName?: string;
}

/** The predictable profile name: `<account key>-<permission set>`, e.g. `sandbox-DeveloperUserAccess`. */
export const profileName = (r: Pick<Reach, "account" | "permissionSet">): string => `${r.account}-${r.permissionSet}`;

export function awsCliConfig(args: AwsCliConfigArgs): string {
    const session = args.sessionName ?? "landing-zone";
    const sections = [
        `[sso-session ${session}]`,
        `sso_start_url = ${args.portalUrl}`,
        `sso_region = ${args.region}`,
        "sso_registration_scopes = sso:account:access",
        "",
    ];
    const sortedReach = [...args.reach].sort((a, b) => (profileName(a) < profileName(b) ? -1 : profileName(a) > profileName(b) ? 1 : 0));
    for (const r of sortedReach) {
        sections.push(
            `[profile ${profileName(r)}]`,
            `sso_session = ${session}`,
            `sso_account_id = ${r.accountId}`,
            `sso_role_name = ${r.permissionSet}`,
            `region = ${args.region}`,
            "",
        );
    }
    return sections.join("\n");
}

/** Every user's config, for the stack output `awsCliConfig`: user → config text. */
export function awsCliConfigs(access: Readonly<Record<string, readonly Reach[]>>, portalUrl: string, region: string): Record<string, string> {
    return Object.fromEntries(Object.entries(access).map(([user, reach]) => [user, awsCliConfig({ portalUrl, region, reach })]));
}
