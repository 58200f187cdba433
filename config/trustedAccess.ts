/**
 * Which services the organisation trusts through this program: pure code, shared by the
 * Organization component, the import ids and `npm run adopt`.
 */
import { compareText } from "./schema";

/** Identity Center cannot be used in an organisation that does not trust it. */
export const ALWAYS_TRUSTED = ["sso.amazonaws.com"] as const;

/** The services the program keeps trusted: `sso.amazonaws.com` and the configured ones, sorted, once each. */
export function trustedServices(configured: readonly string[]): string[] {
    return [...new Set([...ALWAYS_TRUSTED, ...configured])].sort(compareText);
}
