# SPDX-License-Identifier: GPL-2.0
# Guest demo without the CLI: pagesnap-demo speaks raw ioctls.
echo "===== PAGESNAP-DEMO BEGIN ====="
echo 'madvise' > /sys/kernel/mm/transparent_hugepage/enabled
cd /tmp && /bin/pagesnap-demo
rc=$?
echo "===== PAGESNAP-DEMO END ====="
exit $rc
