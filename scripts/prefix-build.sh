# Shared by scripts/build-proj.sh and scripts/build-pango.sh, which build a library posture links
# statically from Debian's own source, once a machine, into a prefix outside the repository
# (sourced, not run). Each script names its version, checksum and build options; the prefix
# keeps a stamp of them in the file the caller names in stamp_file, so a prefix built otherwise
# is built again.

# prefix_is_built PREFIX STAMP FILE...: the prefix has this stamp and every FILE under it.
prefix_is_built() {
    local prefix=$1 stamp=$2
    shift 2
    [[ -f "$prefix/$stamp_file" && "$(cat "$prefix/$stamp_file")" == "$stamp" ]] ||
        return 1
    local file
    for file in "$@"; do
        [[ -f "$prefix/$file" ]] || return 1
    done
}

# prefix_start NAME PREFIX: sets as_root (sudo when the prefix's parent is not writable) and
# work (a temporary directory removed on exit).
prefix_start() {
    local name=$1 prefix=$2
    as_root=()
    local parent
    parent=$(dirname "$prefix")
    while [[ ! -d "$parent" ]]; do parent=$(dirname "$parent"); done
    if [[ ! -w "$parent" ]]; then
        if ! command -v sudo >/dev/null 2>&1; then
            echo "$name: cannot write $prefix; run as root, install sudo, or give a PREFIX" >&2
            exit 1
        fi
        as_root=(sudo)
    fi
    work=$(mktemp -d "${TMPDIR:-/tmp}/posture-build-XXXXXX")
    # shellcheck disable=SC2064 # expand now: work is global and could change
    trap "rm -rf '$work'" EXIT
}

# prefix_fetch URL SHA256: downloads URL into $work, checks it, unpacks it there.
prefix_fetch() {
    local url=$1 sha256=$2 file
    file="$work/$(basename "$url")"
    curl -fsS --retry 3 -o "$file" "$url"
    echo "$sha256  $file" | sha256sum -c --quiet -
    tar -xf "$file" -C "$work"
}

# prefix_step NAME LOG COMMAND...: runs COMMAND with its output in $work/LOG, which ends the
# message when it fails.
prefix_step() {
    local name=$1 log=$2
    shift 2
    if ! "$@" >"$work/$log" 2>&1; then
        echo "$name: failed: $*" >&2
        tail -n 40 "$work/$log" >&2
        exit 1
    fi
}

# prefix_finish PREFIX STAMP STAGED: replaces PREFIX by the staged install STAGED, stamped.
prefix_finish() {
    local prefix=$1 stamp=$2 staged=$3
    echo "$stamp" >"$staged/$stamp_file"
    "${as_root[@]}" rm -rf "$prefix"
    "${as_root[@]}" mkdir -p "$(dirname "$prefix")"
    "${as_root[@]}" cp -a "$staged" "$prefix"
}
