#!/usr/bin/env bash
# Empties the sandbox account with aws-nuke v3, and refuses anything it cannot prove is the sandbox.
#
# Usage: the arguments are the aws-nuke invocation itself, exactly as a reviewer would type it:
#
#   scripts/nuke-sandbox.sh aws-nuke run --config FILE --no-prompt --assume-role-arn ARN [--no-dry-run]
#
# FILE `-` reads the config from standard input; that is how the SandboxNuke command resource passes
# the generated config. By hand:
#
#   pulumi stack output nukeConfig > nuke.yaml
#   NUKE_SANDBOX_ALIAS=$(pulumi stack output sandboxAlias) \
#   scripts/nuke-sandbox.sh aws-nuke run --config nuke.yaml --no-prompt \
#       --assume-role-arn arn:aws:iam::<SANDBOX>:role/OrganizationAccountAccessRole
#
# Run it with the management account's credentials (environment or AWS_PROFILE), as aws-nuke's
# --assume-role-arn expects. Each guard refuses before aws-nuke starts:
#   1. the arguments are that invocation and nothing else (no --no-alias-check, no other account);
#   2. the config lists exactly one account under `accounts`, the role ARN's, and its non-empty
#      `blocklist` does not contain it;
#   3. the identity the role ARN leads to is that account (`aws sts get-caller-identity`), and that
#      account carries the sandbox's alias, given in NUKE_SANDBOX_ALIAS (the stack output
#      sandboxAlias): a fact about the account that does not come from the role ARN itself;
#   4. aws-nuke is installed and is v3.
# Then aws-nuke runs (its output teed to a log; pipefail keeps its exit code through the pipe).
# After a real run, a second, dry run must find nothing left to remove. A summary ends every run.
#
# Exit codes: 0 done; 2 refused (usage, config, identity, aws-nuke missing or not v3); 3 the real
# run left resources behind (failed, or still nukeable in the check); any other non-zero code is
# aws-nuke's own, passed through.
set -euo pipefail

readonly ME="nuke-sandbox"
readonly INSTALL_HINT="install aws-nuke v3 (ekristen/aws-nuke, the maintained fork; rebuy-de/aws-nuke v2 is archived):
  brew install aws-nuke
  or download a release binary from https://github.com/ekristen/aws-nuke/releases and put it on PATH
then check with: aws-nuke version   (expect 3.x)"

# No pager for the AWS CLI: this runs without a terminal.
export AWS_PAGER=""

say() { printf '%s: %s\n' "$ME" "$*"; }
refuse() {
    printf '%s: REFUSED: %s\n' "$ME" "$*" >&2
    exit 2
}
usage() {
    refuse "$* (usage: $0 aws-nuke run --config FILE|- --no-prompt --assume-role-arn ARN [--no-dry-run])"
}

# --- 1. The invocation ---------------------------------------------------------------------------
[[ $# -ge 2 && $1 == "aws-nuke" && $2 == "run" ]] || usage "the arguments must start with: aws-nuke run"
shift 2
config_arg="" role_arn="" no_prompt=0 no_dry_run=0
while [[ $# -gt 0 ]]; do
    case $1 in
        --config)
            [[ $# -ge 2 && -z $config_arg ]] || usage "--config needs one FILE (or -), given once"
            config_arg=$2
            shift 2
            ;;
        --assume-role-arn)
            [[ $# -ge 2 && -z $role_arn ]] || usage "--assume-role-arn needs one ARN, given once"
            role_arn=$2
            shift 2
            ;;
        --no-prompt) no_prompt=1; shift ;;
        --no-dry-run) no_dry_run=1; shift ;;
        *) usage "unsupported argument '$1': only --config, --no-prompt, --assume-role-arn and --no-dry-run pass" ;;
    esac
done
[[ -n $config_arg ]] || usage "--config FILE is required"
[[ -n $role_arn ]] || usage "--assume-role-arn ARN is required"
[[ $no_prompt -eq 1 ]] || usage "--no-prompt is required (nothing answers aws-nuke's prompts here)"
expected_alias=${NUKE_SANDBOX_ALIAS:-}
[[ $expected_alias =~ ^[a-z0-9]([a-z0-9-]*[a-z0-9])?$ ]] ||
    refuse "set NUKE_SANDBOX_ALIAS to the sandbox's account alias (pulumi stack output sandboxAlias)"
if [[ $role_arn =~ ^arn:aws:iam::([0-9]{12}):role/[A-Za-z0-9+=,.@_/-]+$ ]]; then
    account=${BASH_REMATCH[1]}
else
    usage "--assume-role-arn '$role_arn' is not an IAM role ARN (arn:aws:iam::<12 digits>:role/NAME)"
fi
mode="dry run"
[[ $no_dry_run -eq 0 ]] || mode="REAL RUN (deletes)"

command -v aws >/dev/null 2>&1 || refuse "the AWS CLI (aws) is not installed; it checks the assumed identity"
command -v aws-nuke >/dev/null 2>&1 || refuse "aws-nuke is not installed; $INSTALL_HINT"

workdir=$(mktemp -d)
trap 'rm -rf "$workdir"' EXIT

# --- 2. The config -------------------------------------------------------------------------------
# aws-nuke reads a private copy, so the file cannot change between the checks, the run and the
# verifying dry run.
config="$workdir/nuke-config.yaml"
if [[ $config_arg == "-" ]]; then
    cat >"$config"
else
    [[ -f $config_arg && -r $config_arg ]] || refuse "config file '$config_arg' does not exist or cannot be read"
    cat -- "$config_arg" >"$config"
fi
[[ -s $config ]] || refuse "the config is empty (pass the generated config: pulumi stack output nukeConfig)"

# Reads the block-style YAML config/nuke.ts writes: prints `blocklist ID` for each blocklisted id
# (aws-nuke also honours the deprecated account-blocklist/account-blacklist keys) and `account ID`
# for each key under `accounts`. Anything in another style yields nothing, which is refused below.
config_ids() {
    awk '
        /^[^ #][^:]*:/ { section = $0; sub(/:.*/, "", section); next }
        (section == "blocklist" || section == "account-blocklist" || section == "account-blacklist") && /^  *- / {
            id = $0; sub(/^  *- */, "", id); gsub(/["'\''[:space:]]/, "", id); print "blocklist " id; next
        }
        section == "accounts" && /^  [^ #-][^:]*: *$/ {
            id = $0; sub(/:[[:space:]]*$/, "", id); gsub(/["'\''[:space:]]/, "", id); print "account " id
        }
    ' "$1"
}
ids=$(config_ids "$config")
accounts=$(awk '$1 == "account" { print $2 }' <<<"$ids")
blocklist=$(awk '$1 == "blocklist" { print $2 }' <<<"$ids")
[[ -n $accounts ]] || refuse "the config lists no account under accounts: (is it the generated config?)"
[[ $accounts == "$account" ]] || refuse "the config's accounts (${accounts//$'\n'/, }) must be exactly the role ARN's account $account"
[[ -n $blocklist ]] || refuse "the config's blocklist is empty; it must name every other account, the management account included"
if grep -qx -- "$account" <<<"$blocklist"; then
    refuse "account $account is in the config's blocklist"
fi

# --- 3. The identity -----------------------------------------------------------------------------
# aws-nuke gets the caller's credentials and --assume-role-arn, and assumes the role itself. This
# check assumes the same role from the same credentials and asks STS who that is, so it sees the
# identity aws-nuke will run as. The temporary credentials live only in the environment of that one
# `aws` call: aws-nuke must not get them, because it assumes the role itself (that is the
# invocation reviewers read, and a role usually cannot assume itself). A named profile
# (--profile sandbox) would instead depend on each workstation's ~/.aws/config and could point
# anywhere.
say "checking that $role_arn leads to account $account"
if ! creds=$(aws sts assume-role --role-arn "$role_arn" --role-session-name "landing-zone-nuke-check" \
    --query 'Credentials.[AccessKeyId,SecretAccessKey,SessionToken]' --output text); then
    refuse "could not assume $role_arn with the current credentials (use the management account's)"
fi
read -r key secret token <<<"$creds" || true
[[ -n ${key:-} && -n ${secret:-} && -n ${token:-} ]] || refuse "aws sts assume-role returned no credentials"
if ! identity=$(env -u AWS_PROFILE -u AWS_DEFAULT_PROFILE \
    AWS_ACCESS_KEY_ID="$key" AWS_SECRET_ACCESS_KEY="$secret" AWS_SESSION_TOKEN="$token" \
    aws sts get-caller-identity --query Account --output text); then
    refuse "aws sts get-caller-identity failed with the assumed role"
fi
identity=${identity//[[:space:]]/}
[[ $identity == "$account" ]] || refuse "the assumed identity is account ${identity:-unknown}, not the sandbox $account"
# The role ARN names its own account, so the check above mostly proves the ARN is well formed. The
# alias is what ties the account to the sandbox: the program gave it to the sandbox account alone.
if ! alias=$(env -u AWS_PROFILE -u AWS_DEFAULT_PROFILE     AWS_ACCESS_KEY_ID="$key" AWS_SECRET_ACCESS_KEY="$secret" AWS_SESSION_TOKEN="$token"     aws iam list-account-aliases --query 'AccountAliases[0]' --output text); then
    refuse "aws iam list-account-aliases failed with the assumed role"
fi
alias=${alias//[[:space:]]/}
[[ $alias == "$expected_alias" ]] || refuse "account $account has the alias '${alias:-none}', not the sandbox's '$expected_alias'"
unset key secret token creds

# --- 4. aws-nuke v3 -------------------------------------------------------------------------------
# v3 prints `aws-nuke version v3.x.y`; v2 prints `version: v2.x.y`, and its bare form nukes without `run`.
version_output=$(aws-nuke version 2>&1) || true
version=$(grep -Eo 'v?[0-9]+\.[0-9]+\.[0-9]+' <<<"$version_output" | head -n 1) || true
major=${version#v}
major=${major%%.*}
[[ $major == "3" ]] || refuse "aws-nuke ${version:-of an unknown version} is not v3; $INSTALL_HINT"

# --- Running -------------------------------------------------------------------------------------
# Runs aws-nuke with the checked arguments plus "$@", output teed to $1; returns aws-nuke's status.
nuke() {
    local log=$1
    shift
    local -a cmd=(aws-nuke run --config "$config" --no-prompt --assume-role-arn "$role_arn" "$@")
    say "running: ${cmd[*]}"
    local status=0
    "${cmd[@]}" 2>&1 | tee "$log" || status=$?
    return "$status"
}

# Reads aws-nuke's summary lines from a log into SCAN_NUKEABLE, SCAN_FILTERED, NUKE_FAILED and
# NUKE_FINISHED (empty when a line is missing), falling back to counting resource lines.
read_log() {
    local text
    text=$(sed -E $'s/\x1b\\[[0-9;]*m//g' "$1")
    SCAN_NUKEABLE="" SCAN_FILTERED="" NUKE_FAILED="" NUKE_FINISHED=""
    local re_scan='Scan complete: ([0-9]+) total, ([0-9]+) nukeable, ([0-9]+) filtered'
    local re_nuke='Nuke complete: ([0-9]+) failed, ([0-9]+) skipped, ([0-9]+) finished'
    local line
    while IFS= read -r line; do
        if [[ $line =~ $re_scan ]]; then
            SCAN_NUKEABLE=${BASH_REMATCH[2]} SCAN_FILTERED=${BASH_REMATCH[3]}
        elif [[ $line =~ $re_nuke ]]; then
            NUKE_FAILED=${BASH_REMATCH[1]} NUKE_FINISHED=${BASH_REMATCH[3]}
        fi
    done <<<"$text"
    WOULD_REMOVE_LINES=$(grep -c -- ' - would remove' <<<"$text") || true
    REMOVED_LINES=$(grep -c -- ' - removed$' <<<"$text") || true
    FAILED_LINES=$(grep -- ' - failed$' <<<"$text" | sort -u | grep -c .) || true
}

summary() {
    say "summary ($mode, account $account): would remove ${1:-?}, removed ${2:-0}, failed ${3:-0}, filtered ${4:-?}"
}

log="$workdir/run.log"
say "$mode of account $account (identity checked, aws-nuke $version)"
status=0
if [[ $no_dry_run -eq 0 ]]; then
    nuke "$log" || status=$?
    read_log "$log"
    summary "${SCAN_NUKEABLE:-$WOULD_REMOVE_LINES}" 0 0 "$SCAN_FILTERED"
    [[ $status -eq 0 ]] || say "aws-nuke failed with exit code $status"
    exit "$status"
fi

nuke "$log" --no-dry-run || status=$?
read_log "$log"
failed=${NUKE_FAILED:-$FAILED_LINES}
summary "${SCAN_NUKEABLE:-$WOULD_REMOVE_LINES}" "${NUKE_FINISHED:-$REMOVED_LINES}" "$failed" "$SCAN_FILTERED"
if [[ $status -ne 0 ]]; then
    say "aws-nuke failed with exit code $status; resources may be left behind"
    exit "$status"
fi
if [[ $failed -gt 0 ]]; then
    say "aws-nuke finished, but $failed resources failed to be removed"
    exit 3
fi

say "checking with a second dry run that nothing is left to remove"
check="$workdir/check.log"
check_status=0
nuke "$check" || check_status=$?
if [[ $check_status -ne 0 ]]; then
    say "the verifying dry run failed with exit code $check_status"
    exit "$check_status"
fi
read_log "$check"
# Clean needs evidence: the scan's summary line, or aws-nuke saying there is nothing to delete.
left=${SCAN_NUKEABLE:-}
if [[ -z $left ]] && grep -q 'No resource to delete' "$check"; then left=0; fi
if [[ -z $left ]]; then
    say "NOT VERIFIED: the verifying dry run printed no scan summary (Scan complete: ...), so nothing proves the account is clean"
    exit 3
fi
if [[ $left -ne 0 || $WOULD_REMOVE_LINES -ne 0 ]]; then
    say "NOT CLEAN: the verifying dry run still finds ${left} resource(s) to remove:"
    grep -- ' - would remove' "$check" >&2 || true
    exit 3
fi
say "clean: the verifying dry run finds nothing left to remove"
