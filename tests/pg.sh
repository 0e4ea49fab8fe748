# tests/pg.sh: a throwaway PostgreSQL cluster for the tests, sourced by
# tests/run.sh. pg_start makes one in a temporary directory (initdb and
# pg_ctl from Debian's postgresql package, as the postgres user when we are
# root, since initdb refuses root), listening on a free port of 127.0.0.1;
# it sets SWITCHBOARD_TEST_PG. pg_stop stops it and removes everything.

pg_bin() {
	ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

pg_as() {
	if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

pg_start() {
	local bin
	bin=$(pg_bin)
	[ -n "$bin" ] || { echo "PostgreSQL is not installed" >&2; return 1; }
	PG_DIR=$(mktemp -d /tmp/sb-pg-XXXXXX)
	[ "$(id -u)" -eq 0 ] && chown postgres "$PG_DIR"
	PG_PORT=$(pg_free_port)
	pg_as "$bin/initdb" -D "$PG_DIR/data" -U postgres --auth=trust --encoding=UTF8 \
		--locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 || { cat "$PG_DIR/initdb.log"; return 1; }
	pg_as "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
		-o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" \
		start >/dev/null || { cat "$PG_DIR/server.log"; return 1; }
	export SWITCHBOARD_TEST_PG="postgres://postgres@127.0.0.1:$PG_PORT"
	export PG_DIR PG_PORT
}

pg_stop() {
	[ -n "${PG_DIR:-}" ] || return 0
	pg_as "$(pg_bin)/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
	rm -rf "$PG_DIR"
	unset PG_DIR SWITCHBOARD_TEST_PG
}
