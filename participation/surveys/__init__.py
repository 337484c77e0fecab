"""The questionnaire core every feature uses: models, the question-kind registry, content in
one language with the German fallback, conditions, translation coverage, fields of action,
and the shared reads and writes. It has no handlers."""
