# Guest suite rel-priv: privilege and leak proofs (priv.c).
rel_begin
rel_run pagesnap-rel priv
rel_end
