"""Spreading a questionnaire: public and short links, A4 posters with QR codes."""
