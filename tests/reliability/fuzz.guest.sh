# Guest suite rel-fuzz: the ABI fuzzer, 64-bit and 32-bit (compat) callers.
# Knobs: PAGESNAP_G_REL_SEED, PAGESNAP_G_REL_SCALE (random-phase seconds).
rel_begin
SEED=${PAGESNAP_G_REL_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}
SECS=$(rel_secs 10 20)
RACE=$(rel_secs 3 6)
rel_run pagesnap-rel fuzz --seed "$SEED" --seconds "$SECS" --race-seconds "$RACE"
if [ -x /bin/pagesnap-rel32 ]; then
	rel_run pagesnap-rel32 fuzz --seed "$SEED" --seconds "$SECS" --race-seconds "$RACE"
else
	rel_fail fuzz32_compat "no pagesnap-rel32: gcc -m32 -static unavailable on the host"
fi
rel_end
