# Guest suite rel-resp: bounded, killable, no stall on one vCPU (resp.c).
# Single-vCPU time stays above the 20 s soft-lockup and 21 s RCU-stall
# thresholds.
rel_begin
SECS=${PAGESNAP_G_REL_SINGLE_CPU_SECONDS:-$(rel_secs 25 25)}
rel_run pagesnap-rel resp --single-cpu-seconds "$SECS" --kills "$(rel_secs 6 2)" --reps "$(rel_secs 2 1)"
rel_end
