"""Residents answer: the journey, drafts and the submit, resume codes, shared tablets."""
