#!/usr/bin/env bash
# A throw-away PostgreSQL server for the store's tests.
#
#   eval "$(scripts/test-postgres.sh start)"   # prints export WANGGE_TEST_PG_URL=… (and _DIR)
#   cargo test -p wangge-store
#   scripts/test-postgres.sh stop              # stops the server in $WANGGE_TEST_PG_DIR, removes it
#   scripts/test-postgres.sh restart DIR       # a fast restart of the server in DIR (clients cut off)
#
# If WANGGE_TEST_PG_URL is already set, `start` does nothing: the caller has a server.
# Only `export` lines go to stdout; everything else goes to stderr, so `eval` stays safe.
# PostgreSQL refuses to run as root, so as root the cluster belongs to the `postgres` user;
# as anyone else it belongs to that user. Durability settings are off: the data is disposable.
set -euo pipefail

say() { echo "test-postgres: $*" >&2; }

find_bin_dir() {
    local dir
    # The newest installed major version.
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [[ -z "$dir" || ! -x "$dir/initdb" ]]; then
        say "no PostgreSQL server binaries under /usr/lib/postgresql/*/bin (apt-get install postgresql)"
        exit 1
    fi
    echo "$dir"
}

# Runs a command as the cluster's owner.
as_owner() {
    if [[ $(id -u) -eq 0 ]]; then
        if command -v runuser >/dev/null; then
            runuser -u postgres -- "$@"
        else
            su postgres -s /bin/sh -c "$(printf '%q ' "$@")"
        fi
    else
        "$@"
    fi
}

port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

free_port() {
    local port
    for port in $(seq 55432 55532); do
        if ! port_in_use "$port"; then
            echo "$port"
            return
        fi
    done
    say "no free port in 55432-55532"
    exit 1
}

start() {
    if [[ -n "${WANGGE_TEST_PG_URL:-}" ]]; then
        say "WANGGE_TEST_PG_URL is already set; using that server"
        return
    fi
    local bin dir port
    bin=$(find_bin_dir)
    dir=$(mktemp -d "${TMPDIR:-/tmp}/wangge-pg.XXXXXX")
    if [[ $(id -u) -eq 0 ]]; then
        if ! id postgres >/dev/null 2>&1; then
            say "running as root but there is no postgres user to own the server"
            exit 1
        fi
        chown postgres: "$dir"
        chmod 700 "$dir"
    fi
    as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || {
        say "initdb failed:"; cat "$dir/initdb.log" >&2; exit 1; }
    port=$(free_port)
    # Loopback only, trust auth, no fsync: a test fixture, never a real server.
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start -o \
        "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
        >&2 || { say "the server did not start:"; cat "$dir/server.log" >&2; exit 1; }
    as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres wangge_test >&2
    say "PostgreSQL $(basename "$(dirname "$bin")") on 127.0.0.1:$port, data in $dir"
    echo "export WANGGE_TEST_PG_URL=postgres://postgres@127.0.0.1:$port/wangge_test"
    echo "export WANGGE_TEST_PG_DIR=$dir"
}

stop() {
    local dir="${1:-${WANGGE_TEST_PG_DIR:-}}"
    if [[ -z "$dir" ]]; then
        say "nothing to stop (no WANGGE_TEST_PG_DIR and no directory given)"
        return
    fi
    if [[ ! -d "$dir/data" ]]; then
        say "$dir holds no server; nothing to stop"
        return
    fi
    local bin
    bin=$(find_bin_dir)
    as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >&2 || true
    rm -rf "$dir"
    say "stopped and removed $dir"
    echo "unset WANGGE_TEST_PG_URL WANGGE_TEST_PG_DIR"
}

# A test of reconnection restarts its own server (never the shared one): `-m fast` ends every
# client's connection at once, as a crash or a failover would.
restart() {
    local dir="${1:-${WANGGE_TEST_PG_DIR:-}}"
    if [[ -z "$dir" || ! -d "$dir/data" ]]; then
        say "no server to restart in '${dir}'"
        exit 1
    fi
    local bin
    bin=$(find_bin_dir)
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -m fast -w -t 60 restart >&2
    say "restarted the server in $dir"
}

case "${1:-}" in
    start) start ;;
    stop) shift; stop "$@" ;;
    restart) shift; restart "$@" ;;
    *) say "usage: $0 start | stop [dir] | restart [dir]"; exit 2 ;;
esac
