#!/bin/sh
# tools/list-migrations.sh DIR: the migrations in DIR (src/store/sql), one
# file name a line, sorted, for meson.build to embed at configure time.
# Fails, saying why, unless every file is NNN_name.sql or
# NNN_name.BACKEND.sql (BACKEND sqlite or postgres), each number has one
# name, the numbers run 001, 002, ... without a gap, and every backend has
# a file for every number (the portable one, or both variants).
set -eu
dir=${1:?usage: list-migrations.sh DIR}
export LC_ALL=C
cd "$dir"
names=$(ls -1 | sort)
[ -n "$names" ] || { echo "list-migrations: no migrations in $dir" >&2; exit 1; }
prev=0
last_num='' last_name='' portable=0 sqlite=0 postgres=0
check_number() { # the number just finished has a file for each backend
	[ -z "$last_num" ] && return 0
	if [ "$portable" -eq 0 ] && { [ "$sqlite" -eq 0 ] || [ "$postgres" -eq 0 ]; }; then
		echo "list-migrations: ${last_num}_$last_name: no ${last_num}_$last_name.sql and not both variants" >&2
		exit 1
	fi
}
for f in $names; do
	if ! printf '%s\n' "$f" | grep -Eq '^[0-9]{3}_[a-z0-9_]+(\.(sqlite|postgres))?\.sql$'; then
		echo "list-migrations: $dir/$f is not NNN_name.sql or NNN_name.BACKEND.sql" >&2
		exit 1
	fi
	num=${f%%_*}
	rest=${f#*_}
	name=${rest%%.*}
	case $rest in
	*.sqlite.sql) kind=sqlite ;;
	*.postgres.sql) kind=postgres ;;
	*) kind=portable ;;
	esac
	if [ "$num" != "$last_num" ]; then
		check_number
		n=$(expr "$num" + 0)
		if [ "$n" -ne $((prev + 1)) ]; then
			echo "list-migrations: $f: expected number $(printf '%03d' $((prev + 1)))" >&2
			exit 1
		fi
		prev=$n last_num=$num last_name=$name portable=0 sqlite=0 postgres=0
	elif [ "$name" != "$last_name" ]; then
		echo "list-migrations: $num is used by ${num}_$last_name and ${num}_$name" >&2
		exit 1
	fi
	eval "$kind=1"
	printf '%s\n' "$f"
done
check_number
