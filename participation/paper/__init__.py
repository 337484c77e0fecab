"""Paper questionnaires: numbered copies to print, and keyed entry of the filled-in sheets."""
