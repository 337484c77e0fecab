"""Per-Quartier result digests, e-mailed to municipalities; the outbox for organisers."""
