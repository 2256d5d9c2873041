#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The help text, the man page and the bash completion of pagesnap-cli list
# the same commands and options; every exported libpagesnap function is in
# the public header, the version script and has a man page.
# Prints "N passed, N failed, N skipped".

TOP=$(cd "$(dirname "$0")/../.." && pwd)
CLI=${CLI:-$TOP/tools/pagesnap-cli}
MAN8=$TOP/tools/pagesnap-cli.8
COMP=$TOP/tools/bash-completion/pagesnap-cli
MAP=$TOP/libpagesnap/libpagesnap.map
HDR=$TOP/libpagesnap/include/pagesnap.h
MAN3=$TOP/libpagesnap/man
pass=0
fail=0
skip=0

ok()  { pass=$((pass + 1)); echo "ok    $*"; }
bad() { fail=$((fail + 1)); echo "FAIL  $*"; }

# same NAME A B: compare two sorted word lists
same() {
	local what=$1 a b
	a=$(tr ' ' '\n' <<< "$2" | sed '/^$/d' | sort -u)
	b=$(tr ' ' '\n' <<< "$3" | sed '/^$/d' | sort -u)
	if [ -n "$a" ] && [ "$a" = "$b" ]; then
		ok "$what ($(wc -l <<< "$a") entries)"
	else
		bad "$what differ:"
		diff <(echo "$a") <(echo "$b") | sed 's/^/      /'
	fi
}

for f in "$CLI" "$MAN8" "$COMP" "$MAP" "$HDR"; do
	[ -e "$f" ] || { bad "missing $f"; echo "$pass passed, $fail failed"; exit 1; }
done

help_json=$("$CLI" -j help)
help_cmds=$(python3 -c 'import json,sys; print(" ".join(json.loads(sys.argv[1])["commands"]))' "$help_json")
help_opts=$(python3 -c 'import json,sys; print(" ".join(json.loads(sys.argv[1])["options"]))' "$help_json")
# the text help too, not only its JSON twin
text_cmds=$("$CLI" help | awk '/^Commands/ {c=1; next} /^Options/ {c=0} c {print $1}' | tr '\n' ' ')
text_opts=$("$CLI" help | grep -o -- '--[a-z-]*' | sed 's/^--//' | tr '\n' ' ')

# man page: ".B name" right after ".TP" in COMMANDS; "\-\-name" in OPTIONS
man_cmds=$(awk '/^\.SH COMMANDS/ {s=1; next} /^\.SH/ {s=0}
	s && prev == ".TP" && $1 == ".B" {print $2} {prev=$0}' "$MAN8" | tr '\n' ' ')
man_opts=$(awk '/^\.SH OPTIONS/ {s=1; next} /^\.SH/ {s=0} s && /^\.BR/' "$MAN8" |
	grep -o -- '\\-\\-[a-z\\-]*' | sed 's/^\\-\\-//; s/\\-/-/g' | tr '\n' ' ')

# the completion asks the CLI (bpftool style): what it offers, run for real
BC=/usr/share/bash-completion/bash_completion
complete_line() { # WORDS...: the completions of the last word
	PATH=$(dirname "$CLI"):$PATH bash -c 'source "$1"; source "$2"; shift 2
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"
		COMP_POINT=${#COMP_LINE}; COMPREPLY=(); _pagesnap_cli 2>/dev/null
		echo "${COMPREPLY[*]}"' x "$BC" "$COMP" "$@"
}
if [ ! -f "$BC" ]; then
	echo "bash-completion not installed: the completion cannot be exercised"
	echo "$pass passed, $((fail + 1)) failed"
	exit 1
fi
comp_cmds=$(complete_line pagesnap-cli "")
comp_opts=$(complete_line pagesnap-cli --  | sed 's/--//g')

same "commands: help JSON vs help text" "$help_cmds" "$text_cmds"
same "commands: help vs man page" "$help_cmds" "$man_cmds"
same "commands: help vs completion" "$help_cmds" "$comp_cmds"
same "options: help JSON vs help text" "$help_opts" "$text_opts"
same "options: help vs man page" "$help_opts" "$man_opts"
same "options: help vs completion" "$help_opts" "$comp_opts"

# columns and flag names offered by the completion are the real ones
cli_cols=$("$CLI" scan --columns help | awk 'NR > 1 {print $1}' | tr '\n' ' ')
comp_cols=$(complete_line pagesnap-cli scan --columns "" | sed 's/\bhelp\b//')
same "columns: CLI vs completion" "$cli_cols" "$comp_cols"
cli_flags=$("$CLI" describe list | awk '/^ *[0-9]/ {print $3}' | tr '\n' ' ')
comp_flags=$(complete_line pagesnap-cli --bits "" | sed 's/\banonymous\b//; s/\bcompound\b//')
same "flag names: CLI vs completion" "$cli_flags" "$comp_flags"

# library: header, version script, man pages
map_syms=$(sed -n 's/^[[:space:]]*\(pagesnap_[a-z0-9_]*\);/\1/p' "$MAP" | tr '\n' ' ')
# exported declarations, and the inline wrappers that keep the 0.1 names
hdr_syms=$(grep -o '^\(PAGESNAP_API\|static inline\) .*[ *]\(pagesnap_[a-z0-9_]*\)(' "$HDR" |
	grep -o 'pagesnap_[a-z0-9_]*($' | tr -d '(' | tr '\n' ' ')
man_syms=$(cd "$MAN3" && ls *.3 | sed 's/\.3$//' | tr '\n' ' ')
same "exports: header vs version script" "$hdr_syms" "$map_syms"
same "exports: version script vs man3 pages" "$map_syms" "$man_syms"
if [ -f "$TOP/libpagesnap/libpagesnap.so" ]; then
	so_syms=$(nm -D --defined-only "$TOP/libpagesnap/libpagesnap.so" |
		awk '$2 == "T" {sub(/@.*/, "", $3); print $3}' | tr '\n' ' ')
	same "exports: version script vs shared library" "$map_syms" "$so_syms"
fi

# man pages have the sections the project asks for
missing=""
for f in "$MAN3"/*.3; do
	grep -q '^\.so ' "$f" && continue
	for s in NAME SYNOPSIS DESCRIPTION "RETURN VALUE" ERRORS "SEE ALSO"; do
		grep -q "^\.SH $s" "$f" || missing="$missing $(basename "$f"):$s"
	done
done
for s in NAME SYNOPSIS DESCRIPTION COMMANDS OPTIONS EXAMPLES; do
	grep -q "^\.SH $s" "$MAN8" || missing="$missing pagesnap-cli.8:$s"
done
grep -q '"error"' "$MAN8" && grep -q '^{' "$MAN8" || missing="$missing pagesnap-cli.8:JSON-example"
[ -z "$missing" ] && ok "man pages have every section" || bad "man sections missing:$missing"

# .so links point at pages that exist
broken=""
for f in "$MAN3"/*.3; do
	t=$(sed -n 's/^\.so man3\///p' "$f")
	[ -z "$t" ] || [ -f "$MAN3/$t" ] || broken="$broken $(basename "$f")"
done
[ -z "$broken" ] && ok "man3 links resolve" || bad "broken man3 links:$broken"

# the completion loads and completes a prefix
if [ -f /usr/share/bash-completion/bash_completion ]; then
	got=$(complete_line pagesnap-cli st)
	[ "$got" = "stats" ] && ok "completion completes 'st' to stats" ||
		bad "completion of 'st': '$got'"
else
	skip=$((skip + 1))
	echo "SKIP  completion of 'st': bash-completion not installed"
fi

echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
