"""Organisers read results: disclosure-controlled summaries, results pages, CSV/XLSX exports."""
