# Guest suite rel-life: module lifecycle (life.c); leaves pagesnap loaded.
# kmemleak (debug-6.12) is scanned by /init after all suites.
rel_begin
SECS=$(rel_secs 15 25)
CYC=$(rel_secs 60 20)
SCANS=$(rel_secs 1 1)
rel_run pagesnap-rel life --cycles "$CYC" --seconds "$SECS" --scans "$SCANS"
grep -q '^pagesnap ' /proc/modules || insmod /pagesnap.ko $(cat /etc/pagesnap-modparams)
rel_end
