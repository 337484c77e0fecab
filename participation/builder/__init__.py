"""Organisers build questionnaires: settings, questions, translations, preview, JSON transfer."""
