# Guest suite rel-fuzz: the ABI fuzzer, 64-bit and 32-bit (compat) callers.
# Knobs: PAGESNAP_G_REL_SEED, PAGESNAP_G_REL_SCALE (random-phase seconds),
# PAGESNAP_G_REL_FUZZ_CALLS (calls of the two callers together: each goes
# on past its seconds until it made half of them; make reliability sets
# 1000000).
# On debug-6.12 (~10x slower) struct sizes past VER0 + 64 are strided and
# fewer random command words are sent; the scale knob restores them.
rel_begin
SEED=${PAGESNAP_G_REL_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}
SECS=$(rel_secs 8 15)
RACE=$(rel_secs 3 5)
CALLS=${PAGESNAP_G_REL_FUZZ_CALLS:-0}
MIN="--min-calls $(((CALLS + 1) / 2))"
rel_fig calls_wanted "$CALLS"
case "$REL_KERNEL" in
debug*)	ARGS64="--size-stride $((8 / ${PAGESNAP_G_REL_SCALE:-1} + 1)) --random-cmds $(rel_secs 0 4000)"
	ARGS32="--size-stride $((32 / ${PAGESNAP_G_REL_SCALE:-1} + 1)) --random-cmds $(rel_secs 0 1000)" ;;
*)	ARGS64="" ARGS32="" ;;
esac
rel_run pagesnap-rel fuzz --seed "$SEED" --seconds "$SECS" --race-seconds "$RACE" $MIN $ARGS64
if [ -x /bin/pagesnap-rel32 ]; then
	rel_run pagesnap-rel32 fuzz --seed "$SEED" --seconds "$SECS" --race-seconds "$RACE" $MIN $ARGS32
else
	rel_fail fuzz32_compat "no pagesnap-rel32: gcc -m32 -static unavailable on the host"
fi
rel_end
