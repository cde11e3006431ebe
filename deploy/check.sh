#!/usr/bin/env bash
# Offline checks of the deployment kit (deploy/). Exits non-zero when any check fails; every
# check runs, so one run shows every problem. Nothing here reaches the network.
#
#   KUBERNETES_VALIDATE  kubernetes-validate (PyPI kubernetes-validate==1.37.0, which ships
#                        its schemas) [default: .tools/venv/bin/kubernetes-validate]. Required.
#   K8S_VERSIONS         Kubernetes versions to validate against [default: 1.30.0 1.33.0 1.37.0].
#                        1.30 is the oldest the manifests support (preStop `sleep`).
#   KUBECTL              kubectl, to render the kustomization (`kubectl kustomize`, offline)
#                        and validate what `kubectl apply -k` would send [default: kubectl on
#                        PATH; skipped when there is none]. Fails when set but missing.
#   HADOLINT             hadolint, to lint the Dockerfile [default: hadolint on PATH; skipped
#                        when there is none]. Fails when set but missing.
#   PYTHON               Python 3.11+ with PyYAML [default: the interpreter of
#                        KUBERNETES_VALIDATE, which has PyYAML as a dependency].
#
# systemd-analyze checks the unit when it is installed, and is skipped otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
deploy="$root/deploy"

failures=0
step() { printf '\n==> %s\n' "$*"; }
fail() { printf 'FAIL: %s\n' "$*" >&2; failures=$((failures + 1)); }
skip() { printf 'SKIP: %s\n' "$*"; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Prints the path of an optional tool: the variable's value when set (status 1 when that is
# not an executable), else the tool found on PATH, else nothing.
optional_tool() {
    local value=$1 command=$2
    if [ -n "$value" ]; then
        command -v "$value"
    else
        command -v "$command" || true
    fi
}

# --- Kubernetes ------------------------------------------------------------------------------
step "Kubernetes manifests (kubernetes-validate --strict)"
validator=${KUBERNETES_VALIDATE:-$root/.tools/venv/bin/kubernetes-validate}
if ! [ -x "$validator" ]; then
    printf 'error: kubernetes-validate not found at %s\n' "$validator" >&2
    printf '  scripts/test installs it there from tests/requirements.txt (kubernetes-validate==1.37.0),\n' >&2
    printf '  or point KUBERNETES_VALIDATE at it\n' >&2
    exit 1
fi
echo "kubernetes-validate $("$validator" --version)"
read -r -a k8s_versions <<<"${K8S_VERSIONS:-1.30.0 1.33.0 1.37.0}"
version_args=()
for version in "${k8s_versions[@]}"; do version_args+=(-k "$version"); done

# kubernetes-validate exits 0 on a kind it has no schema for (a typo in apiVersion or kind),
# printing only a WARN line. With --quiet it prints nothing else on success: any output fails.
validate() {
    local label=$1 output status=0
    shift
    output=$("$validator" --strict --quiet "${version_args[@]}" "$@" 2>&1) || status=$?
    if [ "$status" -ne 0 ] || [ -n "$output" ]; then
        printf '%s\n' "$output" >&2
        fail "kubernetes-validate: $label"
    else
        printf 'ok: %s (Kubernetes %s)\n' "$label" "${k8s_versions[*]}"
    fi
}
manifests=()
for file in deploy/kubernetes/*.yaml; do
    [ "$(basename "$file")" = kustomization.yaml ] || manifests+=("$file")
done
echo "manifests: ${manifests[*]#deploy/kubernetes/}"
validate "${#manifests[@]} manifests in deploy/kubernetes" "${manifests[@]}"

kubectl=$(optional_tool "${KUBECTL:-}" kubectl) || fail "KUBECTL=${KUBECTL:-} is not an executable"
if [ -n "$kubectl" ]; then
    if "$kubectl" kustomize deploy/kubernetes >"$tmp/rendered.yaml" 2>"$tmp/kustomize.err"; then
        validate "the output of $kubectl kustomize deploy/kubernetes" "$tmp/rendered.yaml"
    else
        cat "$tmp/kustomize.err" >&2
        fail "$kubectl kustomize deploy/kubernetes"
    fi
elif [ -z "${KUBECTL:-}" ]; then
    skip "kubectl not found: the kustomization is not rendered (set KUBECTL to check it)"
fi

# --- Cross-file rules ------------------------------------------------------------------------
step "settings that must agree across files"
if [ -n "${PYTHON:-}" ]; then
    read -r -a python <<<"$PYTHON"
else
    read -r -a python <<<"$(sed -n '1s/^#! *//p' "$validator")"
fi
if ! "${python[@]}" -c 'import sys, tomllib, yaml' 2>/dev/null; then
    fail "no Python 3.11+ with PyYAML (tried: ${python[*]:-nothing}); set PYTHON"
elif ! "${python[@]}" - "$deploy" <<'PY'
"""Rules that no schema knows: timeouts that must fit inside each other, paths that must
match between a config file and where it is mounted, and example keys that must stay fake."""
import configparser, pathlib, re, sys, tomllib, yaml

deploy = pathlib.Path(sys.argv[1])
problems = []

def seconds(text):
    """A gateway duration (500ms, 10s, 2m, 1h, bare seconds) or a systemd one (45s, 2min)."""
    match = re.fullmatch(r"\s*([\d.]+)\s*(ms|s|sec|m|min|h)?\s*", str(text))
    if not match:
        raise ValueError(f"cannot read duration {text!r}")
    scale = {None: 1, "s": 1, "sec": 1, "ms": 0.001, "m": 60, "min": 60, "h": 3600}
    return float(match.group(1)) * scale[match.group(2)]

def toml(path):
    with open(path, "rb") as file:
        return tomllib.load(file)

# Kubernetes: the kustomization names files that exist, and every manifest that is not an
# example is applied.
kdir = deploy / "kubernetes"
kustomization = yaml.safe_load((kdir / "kustomization.yaml").read_text())
listed = set(kustomization.get("resources", []))
for generator in kustomization.get("configMapGenerator", []):
    listed.update(generator.get("files", []))
for name in sorted(listed):
    if not (kdir / name).is_file():
        problems.append(f"kustomization.yaml lists {name}, which does not exist")
for path in sorted(kdir.glob("*.yaml")):
    if path.name != "kustomization.yaml" and not path.name.endswith(".example.yaml") \
            and path.name not in listed:
        problems.append(f"{path.name} is neither in kustomization.yaml nor named *.example.yaml")

# Kubernetes: the grace period covers the preStop sleep and the gateway's drain.
gateway = toml(kdir / "gateway.toml")
deployment = yaml.safe_load((kdir / "deployment.yaml").read_text())
pod = deployment["spec"]["template"]["spec"]
container = pod["containers"][0]
grace = pod["terminationGracePeriodSeconds"]
pre_stop = container["lifecycle"]["preStop"]["sleep"]["seconds"]
drain = seconds(gateway["limits"]["shutdown_grace"])
if grace <= pre_stop + drain:
    problems.append(f"deployment.yaml: terminationGracePeriodSeconds {grace} must exceed the "
                    f"preStop sleep {pre_stop} + shutdown_grace {drain:g} (gateway.toml)")

# Kubernetes: the OCI config's key_file is where the Secret's key is mounted.
secret = yaml.safe_load((kdir / "secret.example.yaml").read_text())
mounts = {m["name"]: m["mountPath"] for m in container["volumeMounts"]}
env = {e["name"]: e.get("value") for e in container["env"]}
for volume in pod["volumes"]:
    if volume.get("secret", {}).get("secretName") != secret["metadata"]["name"]:
        continue
    files = {item["key"]: f'{mounts[volume["name"]]}/{item["path"]}' for item in volume["secret"]["items"]}
    if env.get("OCI_CONFIG_FILE") != files.get("oci-config"):
        problems.append(f"deployment.yaml: OCI_CONFIG_FILE {env.get('OCI_CONFIG_FILE')} is not "
                        f"where the Secret's oci-config is mounted ({files.get('oci-config')})")
    config = configparser.ConfigParser()
    config.read_string(secret["stringData"]["oci-config"])
    if config["DEFAULT"].get("key_file") != files.get("oci-key.pem"):
        problems.append(f"secret.example.yaml: key_file must be {files.get('oci-key.pem')}")

# OCI Load Balancer example: idle timeout above the longest silence of a non-streamed answer.
lb = yaml.safe_load((kdir / "service-oci-lb.example.yaml").read_text())
idle = float(lb["metadata"]["annotations"]
             ["service.beta.kubernetes.io/oci-load-balancer-connection-idle-timeout"])
longest = seconds(gateway["upstream"]["request_timeout"]) + seconds(gateway["upstream"]["retry_budget"])
if idle <= longest:
    problems.append(f"service-oci-lb.example.yaml: idle timeout {idle:g}s must exceed "
                    f"request_timeout + retry_budget ({longest:g}s, gateway.toml)")

# systemd: TimeoutStopSec covers the drain; key_file and OCI_CONFIG_FILE name credentials.
unit_path = deploy / "systemd" / "oci-openai-gateway.service"
unit = unit_path.read_text()
def directives(name):
    return re.findall(rf"^{name}=(.*)$", unit, re.MULTILINE)
stop = seconds(directives("TimeoutStopSec")[0])
drain = seconds(toml(deploy / "systemd" / "gateway.toml")["limits"]["shutdown_grace"])
if stop <= drain:
    problems.append(f"{unit_path.name}: TimeoutStopSec {stop:g}s must exceed shutdown_grace "
                    f"{drain:g}s (systemd/gateway.toml)")
credentials = {line.split(":", 1)[0] for line in directives("LoadCredential")}
credentials_dir = f"/run/credentials/{unit_path.name}"
environment = dict(line.split("=", 1) for line in directives("Environment"))
for variable in ("OCI_CONFIG_FILE", "GATEWAY_CONFIG"):
    value = environment.get(variable, "")
    if not value.startswith("%d/") or value[3:] not in credentials:
        problems.append(f"{unit_path.name}: {variable} must be %d/<a LoadCredential name>")
config = configparser.ConfigParser()
config.read_string((deploy / "systemd" / "oci-config.example").read_text())
key_file = config["DEFAULT"].get("key_file", "")
if not key_file.startswith(credentials_dir + "/") or key_file.rsplit("/", 1)[1] not in credentials:
    problems.append(f"oci-config.example: key_file {key_file} is not a credential of the unit "
                    f"({credentials_dir}/<one of {sorted(credentials)}>)")

# Examples hold placeholders, never key material.
for path in sorted(p for p in deploy.rglob("*") if p.is_file()):
    text = path.read_text(errors="replace")
    for body in re.findall(r"-----BEGIN [A-Z ]+-----\s*(.*?)\s*-----END", text, re.DOTALL):
        if body.strip() != "REPLACE_ME":
            problems.append(f"{path.relative_to(deploy)}: a PEM block holds more than REPLACE_ME")

for problem in problems:
    print(f"FAIL: {problem}", file=sys.stderr)
if not problems:
    print("ok: kustomization files, grace periods, idle timeout, key paths, placeholders")
sys.exit(1 if problems else 0)
PY
then
    fail "settings that must agree across files"
fi

# --- systemd ---------------------------------------------------------------------------------
step "systemd unit (systemd-analyze)"
unit=deploy/systemd/oci-openai-gateway.service
if ! command -v systemd-analyze >/dev/null 2>&1; then
    skip "systemd-analyze is not installed: the unit is not verified"
else
    systemd-analyze --version | sed -n 1p
    # verify checks that ExecStart's binary exists, and the binary is not installed here: check
    # the unit unchanged in a scratch root that has the system's units and a stand-in binary.
    sysroot="$tmp/root"
    exec_start=$(awk '/^ExecStart=/ { sub(/^ExecStart=/, ""); print $1; exit }' "$unit")
    mkdir -p "$sysroot/usr/lib/systemd" "$sysroot/etc/systemd/system" "$sysroot$(dirname "$exec_start")"
    for dir in /usr/lib/systemd/system /lib/systemd/system; do
        if [ -d "$dir" ]; then cp -a "$dir" "$sysroot/usr/lib/systemd/system"; break; fi
    done
    printf '#!/bin/sh\nexit 0\n' >"$sysroot$exec_start"
    chmod 0755 "$sysroot$exec_start"
    cp "$unit" "$sysroot/etc/systemd/system/"
    name=$(basename "$unit")

    # verify reports unknown keys and unparsable values but still exits 0: any output fails.
    status=0
    output=$(systemd-analyze verify --man=no --root="$sysroot" "$name" 2>&1) || status=$?
    if [ "$status" -ne 0 ] || [ -n "$output" ]; then
        printf '%s\n' "$output" >&2
        fail "systemd-analyze verify $unit"
    else
        echo "ok: systemd-analyze verify $unit"
    fi

    # The exposure is 1.2 with systemd 252; fail when a change weakens the sandbox past 1.5.
    status=0
    output=$(systemd-analyze security --offline=yes --root="$sysroot" --threshold=15 --no-pager "$name" 2>&1) || status=$?
    summary=$(grep 'Overall exposure level' <<<"$output" || true)
    if [ "$status" -ne 0 ] || [ -z "$summary" ]; then
        printf '%s\n' "$output" >&2
        fail "systemd-analyze security $unit: exposure above 1.5"
    else
        echo "ok: ${summary#→ }"
    fi
fi

# --- Dockerfile ------------------------------------------------------------------------------
step "Dockerfile (non-root user, no secrets)"
failures_before=$failures
dockerfile=deploy/Dockerfile
user=$(grep -E '^USER[[:space:]]' "$dockerfile" | tail -n 1 | awk '{ print $2 }')
uid=${user%%:*}
if ! [[ "$uid" =~ ^[0-9]+$ ]] || [ "$uid" -eq 0 ]; then
    fail "$dockerfile: the last USER must be a numeric non-root uid (found '${user:-none}')"
fi
if grep -nEi '^(ARG|ENV)[[:space:]]+[A-Z0-9_]*(KEY|SECRET|TOKEN|PASSWORD|PASS_PHRASE|FINGERPRINT)' "$dockerfile"; then
    fail "$dockerfile: a secret-looking ARG or ENV (secrets are mounted at run time)"
fi
if grep -nEi '^(COPY|ADD)[[:space:]].*(\.pem|\.oci|oci[-_]?config|api[-_]?keys?|\.env)' "$dockerfile"; then
    fail "$dockerfile: COPY or ADD of key material or an OCI config"
fi
if grep -nE 'PRIVATE KEY|ocid1\.' "$dockerfile"; then
    fail "$dockerfile: holds key material or an OCID"
fi
grep -qE '^RUN[[:space:]]+cargo build --release --locked -p gateway' "$dockerfile" \
    || fail "$dockerfile: must build with cargo build --release --locked -p gateway"
grep -qE '^ENV[[:space:]]+GATEWAY_LISTEN=0\.0\.0\.0:8050' "$dockerfile" \
    || fail "$dockerfile: must set GATEWAY_LISTEN=0.0.0.0:8050"
grep -qE '^EXPOSE[[:space:]]+8050' "$dockerfile" || fail "$dockerfile: must EXPOSE 8050"
ignore="$dockerfile.dockerignore"
if ! [ -f "$ignore" ] || [ "$(grep -v '^#' "$ignore" | grep -m1 .)" != '*' ]; then
    fail "$ignore must exist and start from '*' (an allow list)"
fi
# A root .dockerignore (for builders that do not read Dockerfile.dockerignore) must match it.
if [ -f .dockerignore ] && ! cmp -s .dockerignore "$ignore"; then
    fail ".dockerignore differs from $ignore (copy one onto the other)"
fi
if [ "$failures" -eq "$failures_before" ]; then
    echo "ok: USER $user, no secret-looking ARG/ENV/COPY, --locked, listens on 0.0.0.0:8050"
fi

hadolint=$(optional_tool "${HADOLINT:-}" hadolint) || fail "HADOLINT=${HADOLINT:-} is not an executable"
if [ -n "$hadolint" ]; then
    if "$hadolint" --no-color "$dockerfile"; then
        echo "ok: hadolint $("$hadolint" --version)"
    else
        fail "hadolint $dockerfile"
    fi
elif [ -z "${HADOLINT:-}" ]; then
    skip "hadolint not found: the Dockerfile is not linted (set HADOLINT to lint it)"
fi

# ---------------------------------------------------------------------------------------------
if [ "$failures" -ne 0 ]; then
    printf '\ndeploy/check.sh: %d check(s) failed\n' "$failures" >&2
    exit 1
fi
printf '\ndeploy/check.sh: all checks passed\n'
