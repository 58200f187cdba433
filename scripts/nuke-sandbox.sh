#!/usr/bin/env bash
# Empties the sandbox account with aws-nuke v3, and refuses anything it cannot prove is the sandbox.
#
# Usage: the arguments are the aws-nuke invocation itself, exactly as a person types it (config/sandbox/nuke.ts
# nukeArguments builds it; `pulumi stack output nukeCommand` shows it):
#
#   pulumi stack output nukeConfig > nuke.yaml
#   NUKE_SANDBOX_ALIAS=$(pulumi stack output sandboxAlias) \
#   bash scripts/nuke-sandbox.sh aws-nuke run --config nuke.yaml --no-prompt --prompt-delay 3 \
#       --max-wait-retries 360 --log-level info --log-format standard \
#       --assume-role-arn arn:aws:iam::<SANDBOX>:role/OrganizationAccountAccessRole [--no-dry-run]
#
# aws-nuke runs with exactly these arguments, on a private copy of the config file. Every flag but
# --no-dry-run is required, so nothing in the invocation is left to defaults or the environment:
#   --config FILE         a file: aws-nuke v3 stats and reads a path (pkg/common/commands.go CheckFilePath),
#                         `-` is not standard input;
#   --no-prompt           nothing answers prompts here; aws-nuke still waits --prompt-delay once per prompt;
#   --prompt-delay N      N >= 3, aws-nuke's minimum (libnuke pkg/nuke/nuke.go Validate);
#   --max-wait-retries N  N >= 1: 0, the default, waits forever on a stuck resource (libnuke nuke.go handleWaiting);
#   --log-level info, --log-format standard: the text lines this script reads
#                         (aws-nuke pkg/commands/global/global.go).
#
# Run it with the management account's credentials (environment or AWS_PROFILE, not both: aws-nuke
# refuses that, pkg/awsutil/session.go Credentials.Validate), as --assume-role-arn expects. Each
# guard refuses before aws-nuke starts:
#   1. the arguments are that invocation and nothing else (no --no-alias-check, no other account);
#   2. the config lists exactly one account under `accounts`, the role ARN's, and its non-empty
#      `blocklist` does not contain it;
#   3. the identity the role ARN leads to is that account (`aws sts get-caller-identity`), and that
#      account carries the sandbox's alias, given in NUKE_SANDBOX_ALIAS (the stack output
#      sandboxAlias): a fact about the account that does not come from the role ARN itself;
#   4. aws-nuke is installed and is v3.
# The variables through which the environment would change what aws-nuke does or prints (the EnvVars
# of its flags: pkg/commands/nuke/nuke.go, pkg/commands/global/global.go) are cleared first.
# Then aws-nuke runs (its output teed to a log; pipefail keeps its exit code through the pipe). After
# a real run, a second, dry run must find nothing left to remove. A summary ends every run.
#
# Exit codes:
#   0  done: a dry run, or a real run that the verifying dry run finds clean;
#   2  refused before aws-nuke ran (usage, config, environment, identity, aws-nuke missing or not v3);
#   3  a real run left resources behind: aws-nuke stopped with resources in failed state (it exits 1
#      and never prints `Nuke complete:`), or past --max-wait-retries, or the verifying dry run still
#      finds something to remove or gives no evidence that nothing is left;
#   any other non-zero code is aws-nuke's own (1: its config, account, alias or credential checks,
#   before it deleted anything), passed through.
set -euo pipefail

readonly ME="nuke-sandbox"
readonly INSTALL_HINT="install aws-nuke v3 (ekristen/aws-nuke, the maintained fork; rebuy-de/aws-nuke v2 is archived):
  brew install aws-nuke
  or download a release binary from https://github.com/ekristen/aws-nuke/releases and put it on PATH
then check with: aws-nuke version   (expect v3.x)"
readonly MIN_PROMPT_DELAY=3
readonly USAGE="aws-nuke run --config FILE --no-prompt --prompt-delay N --max-wait-retries N --log-level info --log-format standard --assume-role-arn ARN [--no-dry-run]"

# No pager for the AWS CLI: this runs without a terminal.
export AWS_PAGER=""

say() { printf '%s: %s\n' "$ME" "$*"; }
refuse() {
    printf '%s: REFUSED: %s\n' "$ME" "$*" >&2
    exit 2
}
usage() {
    refuse "$* (usage: $0 $USAGE)"
}

# --- 1. The invocation ---------------------------------------------------------------------------
[[ $# -ge 2 && $1 == "aws-nuke" && $2 == "run" ]] || usage "the arguments must start with: aws-nuke run"
shift 2
config_arg="" role_arn="" no_prompt=0 no_dry_run=0 prompt_delay="" max_wait_retries="" log_level="" log_format=""
# Takes the value of flag $1 into the variable named $2, once.
value() {
    [[ $3 -ge 2 && -z ${!2} && -n $4 ]] || usage "$1 needs one value, given once"
    printf -v "$2" '%s' "$4"
}
while [[ $# -gt 0 ]]; do
    case $1 in
        --config) value "$1" config_arg $# "${2:-}"; shift 2 ;;
        --assume-role-arn) value "$1" role_arn $# "${2:-}"; shift 2 ;;
        --prompt-delay) value "$1" prompt_delay $# "${2:-}"; shift 2 ;;
        --max-wait-retries) value "$1" max_wait_retries $# "${2:-}"; shift 2 ;;
        --log-level) value "$1" log_level $# "${2:-}"; shift 2 ;;
        --log-format) value "$1" log_format $# "${2:-}"; shift 2 ;;
        --no-prompt) no_prompt=1; shift ;;
        --no-dry-run) no_dry_run=1; shift ;;
        *) usage "unsupported argument '$1': only the flags of the usage pass" ;;
    esac
done
[[ -n $config_arg ]] || usage "--config FILE is required"
[[ $config_arg != "-" ]] ||
    usage "--config - is not standard input to aws-nuke v3, which reads a file: pulumi stack output nukeConfig > nuke.yaml, then --config nuke.yaml"
[[ -n $role_arn ]] || usage "--assume-role-arn ARN is required"
[[ $no_prompt -eq 1 ]] || usage "--no-prompt is required (nothing answers aws-nuke's prompts here)"
[[ $prompt_delay =~ ^[0-9]+$ && $prompt_delay -ge $MIN_PROMPT_DELAY && $prompt_delay -le 3600 ]] ||
    usage "--prompt-delay must be a number of seconds from $MIN_PROMPT_DELAY (aws-nuke's minimum) to 3600"
[[ $max_wait_retries =~ ^[0-9]+$ && $max_wait_retries -ge 1 && $max_wait_retries -le 100000 ]] ||
    usage "--max-wait-retries must be from 1 to 100000 (0, aws-nuke's default, waits forever on a stuck resource)"
[[ $log_level == "info" ]] || usage "--log-level info is required (the summary reads aws-nuke's info lines)"
[[ $log_format == "standard" ]] || usage "--log-format standard is required (the summary reads aws-nuke's text lines)"
expected_alias=${NUKE_SANDBOX_ALIAS:-}
[[ $expected_alias =~ ^[a-z0-9]([a-z0-9-]*[a-z0-9])?$ ]] ||
    refuse "set NUKE_SANDBOX_ALIAS to the sandbox's account alias (pulumi stack output sandboxAlias)"
if [[ $role_arn =~ ^arn:aws:iam::([0-9]{12}):role/[A-Za-z0-9+=,.@_/-]+$ ]]; then
    account=${BASH_REMATCH[1]}
else
    usage "--assume-role-arn '$role_arn' is not an IAM role ARN (arn:aws:iam::<12 digits>:role/NAME)"
fi
mode="dry run"
[[ $no_dry_run -eq 1 ]] && mode="REAL RUN (deletes)"

# --- The environment -----------------------------------------------------------------------------
# aws-nuke refuses a profile together with keys, even where the AWS CLI accepts them (keys win
# there): pkg/awsutil/session.go Credentials.Validate, reading the EnvVars of --profile,
# --access-key-id, --secret-access-key and --session-token (pkg/commands/nuke/nuke.go).
trim() { local v=${1//[[:space:]]/}; printf '%s' "$v"; }
if [[ -n $(trim "${AWS_PROFILE:-}") ]]; then
    for key in AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN; do
        [[ -z $(trim "${!key:-}") ]] ||
            refuse "AWS_PROFILE ('$AWS_PROFILE') and $key are both set, and aws-nuke refuses a profile together with keys: unset one (the profile, or the keys)"
    done
fi
# Variables that set aws-nuke flags this invocation does not pin, and would change what it does or
# prints (the EnvVars in pkg/commands/nuke/nuke.go and pkg/commands/global/global.go): cleared.
# AWS_NUKE_LOG_FORMAT_JSON would even override --log-format (global.go Before: --json wins).
# LOGLEVEL and AWS_NUKE_LOG_LEVEL, AWS_NUKE_LOG_FORMAT lose to the flags; cleared all the same.
for var in LOGLEVEL AWS_NUKE_LOG_LEVEL AWS_NUKE_LOG_FORMAT AWS_NUKE_LOG_FORMAT_JSON AWS_NUKE_LOG_CALLER \
    AWS_NUKE_LOG_DISABLE_COLORS AWS_NUKE_LOG_FORCE_COLORS AWS_NUKE_RUN_SLEEP_DELAY AWS_NUKE_PARALLEL_QUERIES \
    AWS_NUKE_MAX_QUEUE_SIZE AWS_ASSUME_ROLE_ARN AWS_ASSUME_ROLE_SESSION_NAME AWS_ASSUME_ROLE_EXTERNAL_ID; do
    if [[ -n ${!var+set} ]]; then
        say "ignoring $var from the environment (it would change what aws-nuke does or prints)"
        unset "$var"
    fi
done

command -v aws >/dev/null 2>&1 || refuse "the AWS CLI (aws) is not installed; it checks the assumed identity"
command -v aws-nuke >/dev/null 2>&1 || refuse "aws-nuke is not installed; $INSTALL_HINT"

workdir=$(mktemp -d)
trap 'rm -rf "$workdir"' EXIT

# --- 2. The config -------------------------------------------------------------------------------
# aws-nuke reads a private copy, so the file cannot change between the checks, the run and the
# verifying dry run.
config="$workdir/nuke-config.yaml"
[[ -f $config_arg && -r $config_arg ]] || refuse "config file '$config_arg' does not exist or cannot be read"
cat -- "$config_arg" >"$config"
[[ -s $config ]] || refuse "the config is empty (pass the generated config: pulumi stack output nukeConfig)"

# Reads the block-style YAML config/sandbox/nuke.ts writes: prints `blocklist ID` for each blocklisted id
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
# identity aws-nuke will run as. The temporary credentials live only in the environment of the two
# `aws` calls below, exported inside a subshell: never in a command's arguments, where the process
# list (ps, /proc/PID/cmdline) would show them to every user of the machine. aws-nuke must not get
# them, because it assumes the role itself (that is the invocation reviewers read, and a role
# usually cannot assume itself). A named profile (--profile sandbox) would instead depend on each
# workstation's ~/.aws/config and could point anywhere.
say "checking that $role_arn leads to account $account"
if ! creds=$(aws sts assume-role --role-arn "$role_arn" --role-session-name "landing-zone-nuke-check" \
    --query 'Credentials.[AccessKeyId,SecretAccessKey,SessionToken]' --output text); then
    refuse "could not assume $role_arn with the current credentials (use the management account's)"
fi
read -r key secret token <<<"$creds" || true
unset creds
[[ -n ${key:-} && -n ${secret:-} && -n ${token:-} ]] || refuse "aws sts assume-role returned no credentials"
# Runs `aws "$@"` as the assumed role: the keys are exported (a builtin, no new process) in a
# subshell, so they reach that one `aws` through its environment and go no further.
as_sandbox() {
    (
        unset AWS_PROFILE AWS_DEFAULT_PROFILE
        export AWS_ACCESS_KEY_ID="$key" AWS_SECRET_ACCESS_KEY="$secret" AWS_SESSION_TOKEN="$token"
        aws "$@"
    )
}
if ! identity=$(as_sandbox sts get-caller-identity --query Account --output text); then
    refuse "aws sts get-caller-identity failed with the assumed role"
fi
identity=${identity//[[:space:]]/}
[[ $identity == "$account" ]] || refuse "the assumed identity is account ${identity:-unknown}, not the sandbox $account"
# The role ARN names its own account, so the check above mostly proves the ARN is well formed. The
# alias is what ties the account to the sandbox: the program gave it to the sandbox account alone,
# and the guardrails deny everyone in the sandbox but the access role changing it.
if ! alias=$(as_sandbox iam list-account-aliases --query 'AccountAliases[0]' --output text); then
    refuse "aws iam list-account-aliases failed with the assumed role"
fi
alias=${alias//[[:space:]]/}
# `--output text` prints JMESPath's null as None: the account has no alias.
[[ $alias != "None" ]] || alias=""
[[ $alias == "$expected_alias" ]] || refuse "account $account has the alias '${alias:-none}', not the sandbox's '$expected_alias'"
unset key secret token

# --- 4. aws-nuke v3 -------------------------------------------------------------------------------
# v3 prints `aws-nuke version v3.x.y`; v2 prints `version: v2.x.y`, and its bare form nukes without `run`.
version_output=$(aws-nuke version 2>&1) || true
version=$(grep -Eo 'v?[0-9]+\.[0-9]+\.[0-9]+' <<<"$version_output" | head -n 1) || true
major=${version#v}
major=${major%%.*}
[[ $major == "3" ]] || refuse "aws-nuke ${version:-of an unknown version} is not v3; $INSTALL_HINT"

# --- Running -------------------------------------------------------------------------------------
# Runs aws-nuke with the checked invocation plus "$@", output teed to $1; returns aws-nuke's status.
nuke() {
    local log=$1
    shift
    local -a cmd=(aws-nuke run --config "$config" --no-prompt --prompt-delay "$prompt_delay"
        --max-wait-retries "$max_wait_retries" --log-level "$log_level" --log-format "$log_format"
        --assume-role-arn "$role_arn" "$@")
    say "running: ${cmd[*]}"
    local status=0
    "${cmd[@]}" 2>&1 | tee "$log" || status=$?
    return "$status"
}

# Reads a log of aws-nuke v3 (libnuke v1.3.0) into:
#   SCAN_NUKEABLE, SCAN_FILTERED  from `Scan complete: T total, N nukeable, F filtered.` (pkg/nuke/nuke.go Scan);
#   REMOVAL_FAILED, REMOVAL_FINISHED  from the last `Removal requested: W waiting, F failed, S skipped,
#       N finished` (nuke.go HandleQueue, printed after every round of a real run);
#   NUKE_FAILED, NUKE_FINISHED  from `Nuke complete: F failed, S skipped, N finished.` (nuke.go Run,
#       printed only when nothing is left failed);
#   FAILED_STOP  1 when aws-nuke gave up on failed resources: `There are resources in failed state, but
#       none are ready for deletion, anymore.` (nuke.go handleFailure), then each failed item, then exit 1;
#   WAIT_STOP  1 when it gave up waiting: `max wait retries of N exceeded` (nuke.go handleWaiting);
#   WOULD_REMOVE_LINES  resource lines `<region> - <Type> - <String()> - [props] - would remove`
#       (pkg/log/formatter.go, pkg/queue/item.go Print); resources without a String() are logged as
#       logrus text lines with msg="would remove" instead, and are counted too;
#   FAILED_ITEMS  the distinct items listed as failed after FAILED_STOP's line.
# Empty when a line is missing.
read_log() {
    local text
    text=$(sed -E $'s/\x1b\\[[0-9;]*m//g' "$1")
    SCAN_NUKEABLE="" SCAN_FILTERED="" REMOVAL_FAILED="" REMOVAL_FINISHED="" NUKE_FAILED="" NUKE_FINISHED=""
    FAILED_STOP=0 WAIT_STOP=0
    local re_scan='^Scan complete: ([0-9]+) total, ([0-9]+) nukeable, ([0-9]+) filtered\.'
    local re_removal='^Removal requested: ([0-9]+) waiting, ([0-9]+) failed, ([0-9]+) skipped, ([0-9]+) finished'
    local re_nuke='^Nuke complete: ([0-9]+) failed, ([0-9]+) skipped, ([0-9]+) finished\.'
    local line
    while IFS= read -r line; do
        if [[ $line =~ $re_scan ]]; then
            SCAN_NUKEABLE=${BASH_REMATCH[2]} SCAN_FILTERED=${BASH_REMATCH[3]}
        elif [[ $line =~ $re_removal ]]; then
            REMOVAL_FAILED=${BASH_REMATCH[2]} REMOVAL_FINISHED=${BASH_REMATCH[4]}
        elif [[ $line =~ $re_nuke ]]; then
            NUKE_FAILED=${BASH_REMATCH[1]} NUKE_FINISHED=${BASH_REMATCH[3]}
        elif [[ $line == "There are resources in failed state, but none are ready for deletion, anymore." ]]; then
            FAILED_STOP=1
        elif [[ $line =~ max\ wait\ retries\ of\ [0-9]+\ exceeded ]]; then
            WAIT_STOP=1
        fi
    done <<<"$text"
    WOULD_REMOVE_LINES=$(grep -cE -- ' - would remove$|msg="would remove"' <<<"$text") || true
    FAILED_ITEMS=$(sed -n '/^There are resources in failed state/,$p' <<<"$text" | grep -E -- ' - failed$' | sort -u | grep -c .) || true
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
failed=${NUKE_FAILED:-${REMOVAL_FAILED:-0}}
[[ $FAILED_STOP -eq 0 || $FAILED_ITEMS -le $failed ]] || failed=$FAILED_ITEMS
summary "${SCAN_NUKEABLE:-$WOULD_REMOVE_LINES}" "${NUKE_FINISHED:-${REMOVAL_FINISHED:-0}}" "$failed" "$SCAN_FILTERED"
if [[ $status -ne 0 ]]; then
    if [[ $FAILED_STOP -eq 1 ]]; then
        say "NOT CLEAN: aws-nuke stopped with $failed resource(s) it could not remove (exit code $status); keep what the organisation runs in the sandbox with sandbox.nuke.keep"
        exit 3
    fi
    if [[ $WAIT_STOP -eq 1 ]]; then
        say "NOT CLEAN: aws-nuke stopped waiting for resources to go after --max-wait-retries $max_wait_retries rounds (exit code $status)"
        exit 3
    fi
    if [[ -n $REMOVAL_FINISHED ]]; then
        say "NOT CLEAN: aws-nuke failed with exit code $status after it started removing resources"
        exit 3
    fi
    say "aws-nuke failed with exit code $status before removing anything"
    exit "$status"
fi
if [[ $failed -gt 0 ]]; then
    say "NOT CLEAN: aws-nuke finished, but $failed resource(s) failed to be removed"
    exit 3
fi

say "checking with a second dry run that nothing is left to remove"
check="$workdir/check.log"
check_status=0
nuke "$check" || check_status=$?
if [[ $check_status -ne 0 ]]; then
    say "NOT VERIFIED: the verifying dry run failed with exit code $check_status"
    exit 3
fi
read_log "$check"
# Clean needs evidence: the scan's summary line, or aws-nuke saying there is nothing to delete.
left=${SCAN_NUKEABLE:-}
if [[ -z $left ]] && grep -qx 'No resource to delete\.' "$check"; then left=0; fi
if [[ -z $left ]]; then
    say "NOT VERIFIED: the verifying dry run printed no scan summary (Scan complete: ...), so nothing proves the account is clean"
    exit 3
fi
if [[ $left -ne 0 || $WOULD_REMOVE_LINES -ne 0 ]]; then
    say "NOT CLEAN: the verifying dry run still finds ${left} resource(s) to remove:"
    grep -E -- ' - would remove$|msg="would remove"' "$check" >&2 || true
    exit 3
fi
say "clean: the verifying dry run finds nothing left to remove"
