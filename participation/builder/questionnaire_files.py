"""An uploaded questionnaire file, whichever format: ours (JSON) or a LimeSurvey survey (.lss).

The upload page and the CLI both read files here, so both check a file the same way: a
LimeSurvey survey is converted first and then passes the same `validate_document` as a JSON
file. Only a document without problems is returned; importing it is the caller's step.
"""

from dataclasses import dataclass, field

from participation.builder import limesurvey, transfer

MAX_BYTES = max(transfer.MAX_BYTES, limesurvey.MAX_BYTES)


@dataclass(frozen=True)
class ReadFile:
    document: dict | None  # importable as it is, or None
    problems: list[str] = field(default_factory=list)  # why nothing can be imported
    notes: list[str] = field(default_factory=list)  # what a LimeSurvey import leaves out


def read_questionnaire_file(raw: bytes, filename: str = "") -> ReadFile:
    if not limesurvey.is_limesurvey(raw, filename):
        document, problems = transfer.validate_document(raw)
        return ReadFile(document, problems)
    document, notes = limesurvey.convert(raw)
    if document is None:
        return ReadFile(None, notes)
    document, problems = transfer.validate_document(transfer.to_json_bytes(document))
    return ReadFile(document, problems, notes)
