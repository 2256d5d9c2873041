# SPDX-License-Identifier: GPL-2.0
# Guest demo with pagesnap-cli answering real queries.
echo "===== PAGESNAP-DEMO BEGIN ====="
echo madvise > /sys/kernel/mm/transparent_hugepage/enabled
run() {
	echo
	echo "# $*"
	# through a file: stdout and stderr are not the console (no progress)
	"$@" > /tmp/demo.out 2>&1
	rc=$?
	cat /tmp/demo.out
	[ $rc -eq 0 ] || { echo "demo: '$*' failed ($rc)"; fail=1; }
}
fail=0
cd /tmp
run pagesnap-cli info
run pagesnap-cli pfn 0x1000
run pagesnap-cli pfn 0x100000+4
run pagesnap-cli pfn 0x90000
/bin/pagesnap-demo --hold > /tmp/hold.out &
holder=$!
i=0
while [ ! -s /tmp/hold.out ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
read -r addr len < /tmp/hold.out
echo; echo "# a process ($holder) holding a THP at $addr"
run pagesnap-cli addr "$holder" "$addr+0x3000"
run pagesnap-cli pfn "$(pagesnap-cli addr "$holder" "$addr" | awk 'NR == 2 { print "0x" $3 }')"
printf 'hello, page cache\n' > /tmp/demo.txt
dd if=/dev/zero bs=4096 count=3 >> /tmp/demo.txt 2>/dev/null
cat /tmp/demo.txt > /dev/null
run stat -c "%n: device %D (hex major:minor) inode %i" /tmp/demo.txt
run pagesnap-cli file /tmp/demo.txt
run pagesnap-cli stats
kill $holder
echo "===== PAGESNAP-DEMO END ====="
exit $fail
