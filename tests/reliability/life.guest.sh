# Guest suite rel-life: module lifecycle (life.c); leaves pagesnap loaded.
# kmemleak (debug-6.12) is scanned by /init after all suites.
rel_begin
SECS=$(rel_secs 15 40)
CYC=$(rel_secs 60 30)
rel_run pagesnap-rel life --cycles "$CYC" --seconds "$SECS" --scans 2
grep -q '^pagesnap ' /proc/modules || insmod /pagesnap.ko $(cat /etc/pagesnap-modparams)
rel_end
