# Guest suite rel-resp: bounded, killable, no stall on one vCPU (resp.c).
rel_begin
SECS=${PAGESNAP_G_REL_SINGLE_CPU_SECONDS:-$(rel_secs 30 45)}
rel_run pagesnap-rel resp --single-cpu-seconds "$SECS" --kills 8 --reps 2
rel_end
