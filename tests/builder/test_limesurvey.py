"""Converting LimeSurvey survey structure files (.lss): structure, conditions, types, report."""

import pytest

from participation.builder import limesurvey, transfer
from tests.builder.limesurvey_files import (
    FROM_LIMESURVEY,
    NO_GERMAN,
    OWN,
    answer,
    by_key,
    converted,
    fixture,
    importable,
    question,
    sub,
    survey,
)
from tests.factories import municipality

CHOICES = [question(1, "L", "Q1", "Wie wohnen Sie?"), question(2, "N", "N1", "Alter?"),
           question(3, "M", "M1", "Was nutzen Sie?"), sub(31, 3, "SQ001", "Treff"),
           sub(32, 3, "SQ002", "Mittagstisch"), question(4, "5", "S5", "Wie gut?"),
           question(5, "T", "T1", "Sonst noch etwas?")]
CHOICE_ANSWERS = [answer(1, "A1", "Allein", 1), answer(1, "A2", "Zu zweit", 2),
                  answer(1, "A3", "Mit Familie", 3)]


def condition_of(equation: str) -> tuple[dict | None, list[str]]:
    later = question(9, "S", "Later", "Zum Schluss", relevance=equation)
    document, report = converted(survey(CHOICES + [later], answers=CHOICE_ANSWERS))
    return by_key(document)["later"].get("settings", {}).get("show_if"), report


# --- the fixtures -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", [*FROM_LIMESURVEY, OWN])
def test_every_fixture_converts_to_a_valid_document(name):
    document, report = converted(importable(name))
    checked, problems = transfer.validate_document(transfer.to_json_bytes(document))
    assert problems == []
    assert checked == document
    assert all(isinstance(line, str) and line for line in report)


@pytest.mark.parametrize("name", [*FROM_LIMESURVEY, OWN])
def test_every_fixture_imports_whole(session, name):
    document, _report = converted(importable(name))
    target = municipality(session, "wendlingen").id
    imported = transfer.import_questionnaire(session, target, document)
    exported = transfer.export_questionnaire(session, imported.id)
    assert imported.status == "draft"
    assert [(q["key"], q["kind"]) for q in exported["questions"]] == [
        (q["key"], q["kind"]) for q in document["questions"]]
    assert exported["languages"] == document["languages"]
    session.rollback()


@pytest.mark.parametrize("name", [n for n in FROM_LIMESURVEY if b"[CDATA[de]]" not in fixture(n)])
def test_a_survey_without_german_is_refused_and_says_so(name):
    document, report = limesurvey.convert(fixture(name))
    assert document is None
    assert len(report) == 1 and report[0].startswith(NO_GERMAN)
    assert "(Sprachen in der Datei: en" in report[0]


def test_the_own_survey_keeps_sections_matrix_choices_and_conditions():
    document, report = converted(fixture(OWN))
    entries = by_key(document)
    assert document["languages"] == ["de", "en"]
    assert document["title"] == {"de": "Älter werden in Musterstadt",
                                 "en": "Growing older in Musterstadt"}
    assert document["slug"] == "aelter-werden-in-musterstadt"
    assert document["intro"]["de"].startswith("Eine Befragung des Seniorenbüros & der Stadt.")
    sections = [e for e in document["questions"] if e["kind"] == "section"]
    assert [s["text"]["de"] for s in sections] == ["Über Sie", "Leben im Quartier"]
    assert sections[0]["hint"]["de"] == ("Zuerst ein paar Fragen zu Ihrer Person und Ihrer "
                                         "Wohnsituation.")
    # the text display at the start of the group became part of its introduction
    assert sections[1]["hint"]["de"].endswith("Bitte denken Sie an die letzten zwölf Monate.")
    assert sections[1]["settings"] == {"show_if": {"question": "alter", "answered": True}}

    matrix = entries["zufrieden"]
    rows = [e for e in document["questions"] if e.get("settings", {}).get("group") == "zufrieden"]
    assert matrix["kind"] == "matrix" and matrix["settings"]["answer"] == "scale"
    assert [key for key, _labels in matrix["options"]] == ["1", "2", "3", "4", "5"]
    assert matrix["options"][0][1] == {"de": "sehr unzufrieden", "en": "very dissatisfied"}
    assert len(rows) == 5 and {r["kind"] for r in rows} == {"scale"}
    assert all("options" not in r and r["required"] for r in rows)
    assert rows[0]["text"] == {"de": "Ihrer Wohnung", "en": "your home"}

    assert entries["angebote"]["settings"] == {"exclusive": ["sq004"]}
    assert entries["angebote"]["options"][3] == ["sq004", {"de": "Nichts davon",
                                                           "en": "None of these"}]
    assert entries["wohnform"]["settings"] == {"other": True}
    assert entries["alter"]["settings"] == {"min": 18, "max": 120}
    assert entries["alter"]["required"] and not entries["hilfe"]["required"]
    assert entries["haushalt"]["kind"] == "number_group"
    assert [entries[k]["settings"] for k in ("haushalt_erw", "haushalt_kinder")] == [
        {"group": "haushalt", "min": 0, "max": 20}] * 2
    assert (entries["zuzug"]["kind"], entries["arzt"]["kind"]) == ("month_year", "date")

    shown = {key: e["settings"]["show_if"] for key, e in entries.items()
             if "show_if" in e.get("settings", {}) and e["kind"] != "section"}
    assert shown == {
        "hilfe": {"question": "alter", "ge": 75},
        "stunden": {"all": [{"question": "hilfe", "any_of": ["yes"]},
                            {"question": "alter", "ge": 75}]},
        "zuzug": {"question": "wohnform", "none_of": ["a3"]},
        "treff": {"question": "angebote", "any_of": ["sq001"]},
        "nachbarn": {"question": "wohnform", "any_of": ["a1", "a2"]},
    }
    assert report == [
        "Frage „wichtig“ (Typ „Rangfolge“): Diese Fragenart wird nicht unterstützt und wurde "
        "weggelassen.",
        "Frage „punkte“ (Typ „Gleichung“): Diese Fragenart wird nicht unterstützt und wurde "
        "weggelassen.",
        "Bedingung von „anmerkungen“ (count(angebote) > 2) kann nicht übernommen werden; die "
        "Frage wird immer gestellt.",
        "Bedingung von „vorher“ (spaeter == \"Y\") bezieht sich auf „spaeter“, eine spätere "
        "oder nicht übernommene Frage; die Frage wird immer gestellt.",
        "Textanzeige „dank“: Danach folgt keine Frage mehr; der Text wurde weggelassen.",
    ]
    assert "wichtig" not in entries and "punkte" not in entries and "dank" not in entries


def test_a_german_limesurvey_export_keeps_its_german_and_fills_the_gaps():
    document, report = converted(fixture("limesurvey_survey_remote_api_group_language.lss"))
    section = document["questions"][0]
    assert section["text"] == {"de": "Das Deutsch title", "en": "My first question group"}
    assert section["hint"] == {"de": "German description", "en": "A description"}
    # the German title is empty in the file: the base language's title stands in
    assert document["title"]["de"] == "Test remote api question group language"
    assert report == ["1 Text hat keine deutsche Fassung; dort steht jetzt der Text einer "
                      "anderen Sprache oder der Fragecode. Bitte übersetzen Sie ihn."]


def test_limesurvey_2_condition_rows_are_used_when_the_equation_cannot_be():
    raw = importable("limesurvey_survey_allinoneCondition.lss")
    expected = {"question": "q00", "any_of": ["f"]}
    document, report = converted(raw)
    assert by_key(document)["g02q02"]["settings"]["show_if"] == expected
    assert not any("G02Q02" in line and "Bedingung" in line for line in report)
    without_equation = raw.replace(b'((Q481.NAOK == "F"))', b"")
    assert by_key(converted(without_equation)[0])["g02q02"]["settings"]["show_if"] == expected
    gender = by_key(document)["q00"]
    assert gender["kind"] == "single_choice"
    assert [key for key, _labels in gender["options"]] == ["f", "m"]


def test_a_limesurvey_2_file_with_a_language_we_do_not_offer():
    document, report = converted(importable("limesurvey_survey_OldCodes.lss"))
    assert document["languages"] == ["de"]
    assert by_key(document)["old_code1"]["kind"] == "scale"
    assert [k for k, _l in by_key(document)["old_code1"]["options"]] == ["1", "2", "3", "4", "5"]
    assert report[0] == ("Die Sprache „es“ wird auf dieser Plattform nicht angeboten und wurde "
                         "weggelassen.")
    assert ("Bedingung von „OLD_CODE2“ (OLD_CODE1.shown>2) kann nicht übernommen werden; die "
            "Frage wird immer gestellt.") in report
    assert ("Bedingung von „Second group“ (OLD_CODE1.shown>2) kann nicht übernommen werden; "
            "der Abschnitt wird immer gezeigt.") in report


def test_conditions_on_left_out_questions_are_reported():
    document, report = converted(importable("limesurvey_survey_ArrayNumberCheckbox.lss"))
    assert "question" not in by_key(document)
    assert report[0] == ("Frage „question“ (Typ „Matrix mit Zahlen“): Diese Fragenart wird "
                         "nicht unterstützt und wurde weggelassen.")
    assert ("Bedingung von „QHiddenJS“ (!is_empty(question_SY003_SX002)) bezieht sich auf "
            "„question_SY003_SX002“, eine spätere oder nicht übernommene Frage; die Frage wird "
            "immer gestellt.") in report


# --- relevance equations ----------------------------------------------------------------------


@pytest.mark.parametrize(("equation", "expected"), [
    ('Q1 == "A1"', {"question": "q1", "any_of": ["a1"]}),
    ('Q1.NAOK == "A1"', {"question": "q1", "any_of": ["a1"]}),
    ("Q1 eq 'A1'", {"question": "q1", "any_of": ["a1"]}),
    ('"A1" == Q1', {"question": "q1", "any_of": ["a1"]}),
    ('Q1 != "A2"', {"question": "q1", "none_of": ["a2"]}),
    ("N1 > 3", {"question": "n1", "gt": 3}),
    ("N1.NAOK >= 75", {"question": "n1", "ge": 75}),
    ("N1 == 80", {"question": "n1", "equals": 80}),
    ('(Q1 == "A1" or Q1 == "A2")', {"question": "q1", "any_of": ["a1", "a2"]}),
    ('Q1 == "A1" || Q1 == "A3"', {"question": "q1", "any_of": ["a1", "a3"]}),
    ('Q1 == "A1" and N1 < 90', {"all": [{"question": "q1", "any_of": ["a1"]},
                                        {"question": "n1", "lt": 90}]}),
    ('Q1 == "A1" && (N1 <= 70 || N1 > 80)',
     {"all": [{"question": "q1", "any_of": ["a1"]},
              {"any": [{"question": "n1", "le": 70}, {"question": "n1", "gt": 80}]}]}),
    ('!(Q1 == "A1")', {"question": "q1", "none_of": ["a1"]}),
    ('!(Q1 == "A1" and N1 > 3)', {"not": {"all": [{"question": "q1", "any_of": ["a1"]},
                                                  {"question": "n1", "gt": 3}]}}),
    ("is_empty(N1)", {"question": "n1", "answered": False}),
    ("!is_empty(T1)", {"question": "t1", "answered": True}),
    ('Q1 == ""', {"question": "q1", "answered": False}),
    ('M1_SQ001 == "Y"', {"question": "m1", "any_of": ["sq001"]}),
    ('M1_SQ002.NAOK != "Y"', {"question": "m1", "none_of": ["sq002"]}),
    ("S5 >= 4", {"question": "s5", "any_of": ["4", "5"]}),
    ("{N1 > 64}", {"question": "n1", "gt": 64}),
])
def test_simple_equations_become_conditions(equation, expected):
    condition, report = condition_of(equation)
    assert condition == expected
    assert report == []


@pytest.mark.parametrize(("equation", "source"), [
    ("count(M1) > 1", None), ("Q1 == N1", None), ("N1 > 3.5", None),
    ('Q1.shown == "Allein"', None), ('Q1 == "ZZ"', None), ("N1 + 1 > 3", None),
    ('T1 == "ja"', None), ('Later == "x"', "Later"), ('Nowhere == "Y"', "Nowhere"),
    ("12345X1X2 == 'A1'", None),
])
def test_other_equations_are_reported_and_the_question_kept(equation, source):
    condition, report = condition_of(equation)
    assert condition is None
    shown = " ".join(equation.split())
    if source:
        assert report == [f"Bedingung von „Later“ ({shown}) bezieht sich auf „{source}“, eine "
                          "spätere oder nicht übernommene Frage; die Frage wird immer gestellt."]
    else:
        assert report == [f"Bedingung von „Later“ ({shown}) kann nicht übernommen werden; die "
                          "Frage wird immer gestellt."]


def test_limesurvey_2_condition_rows_and_scenarios():
    rows = [{"qid": 9, "cqid": 1, "cfieldname": "4711X1X1", "method": "==", "value": "A1",
             "scenario": 1},
            {"qid": 9, "cqid": 1, "cfieldname": "4711X1X1", "method": "==", "value": "A2",
             "scenario": 1},
            {"qid": 9, "cqid": 3, "cfieldname": "4711X1X3SQ002", "method": "==", "value": "Y",
             "scenario": 1},
            {"qid": 9, "cqid": 2, "cfieldname": "4711X1X2", "method": ">=", "value": "75",
             "scenario": 2}]
    later = question(9, "S", "Later", "Zum Schluss", relevance="")
    document, report = converted(survey(CHOICES + [later], answers=CHOICE_ANSWERS,
                                        conditions=rows))
    assert by_key(document)["later"]["settings"]["show_if"] == {"any": [
        {"all": [{"question": "q1", "any_of": ["a1", "a2"]},
                 {"question": "m1", "any_of": ["sq002"]}]},
        {"question": "n1", "ge": 75}]}
    assert report == []


# --- question types ---------------------------------------------------------------------------


def test_arrays_become_a_matrix_with_one_row_per_subquestion():
    questions = []
    for index, kind in enumerate("ABCEFH"):  # qids 10 … 15
        questions.append(question(10 + index, kind, f"A{kind}", f"Matrix {kind}"))
        questions += [sub(100 + 10 * index + n, 10 + index, f"SQ{n}", f"Zeile {n}")
                      for n in (1, 2, 3)]
    answers = [answer(14, "X", "gut", 1), answer(14, "Y", "schlecht", 2),
               answer(15, "1", "wenig", 1), answer(15, "2", "viel", 2)]
    document, report = converted(survey(questions, languages=("de", "en"), answers=answers))
    entries = by_key(document)
    options = {key: [k for k, _labels in entries[key]["options"]]
               for key in ("aa", "ab", "ac", "ae", "af", "ah")}
    assert options == {"aa": ["1", "2", "3", "4", "5"], "ab": [str(n) for n in range(1, 11)],
                       "ac": ["y", "u", "n"], "ae": ["i", "s", "d"], "af": ["x", "y"],
                       "ah": ["1", "2"]}
    answers_kind = {key: entries[key]["settings"]["answer"] for key in options}
    assert answers_kind == {"aa": "scale", "ab": "scale", "ac": "single_choice",
                            "ae": "single_choice", "af": "single_choice", "ah": "scale"}
    assert entries["ac"]["options"][1][1] == {"de": "Unsicher", "en": "Uncertain"}
    assert entries["af_sq2"] == {"key": "af_sq2", "kind": "single_choice", "field": None,
                                 "required": False, "settings": {"group": "af"},
                                 "text": {"de": "Zeile 2", "en": "Zeile 2 (en)"}}
    assert report == ["Frage „AH“ (Matrix nach Spalten) wird als Matrix mit einer Zeile je "
                      "Teilfrage übernommen."]


def test_choice_text_number_and_date_types():
    questions = [
        question(1, "!", "drop", "Auswahl"), question(2, "O", "comment", "Mit Kommentar"),
        question(3, "P", "pcomment", "Mehrfach mit Kommentar", other="Y"),
        sub(31, 3, "a", "Eins"), question(4, "G", "gender", "Geschlecht", mandatory="Y"),
        question(5, "Y", "yes", "Ja oder nein?"), question(6, "U", "huge", "Viel Text"),
        question(7, "S", "short", "Kurz"), question(8, "Q", "multi", "Ihre Kontakte"),
        sub(81, 8, "tel", "Telefon"), sub(82, 8, "mail", "E-Mail"),
        question(9, "K", "count", "Wie viele …"), sub(91, 9, "erw", "Erwachsene"),
        question(10, "D", "year", "Geburtsjahr"), question(11, "D", "time", "Uhrzeit"),
        question(12, "D", "day", "Datum"), question(13, "L", "empty", "Ohne Antworten"),
        question(14, "N", "soft", "Weiche Pflicht", mandatory="S")]
    answers = [answer(1, "a", "A", 1), answer(1, "b", "B", 2), answer(2, "a", "A", 1),
               answer(2, "b", "B", 2)]
    attributes = [(10, "date_format", "yyyy"), (10, "date_min", "1900-01-01"),
                  (11, "date_format", "HH:MM"), (9, "min_num_value", "1"),
                  (9, "max_num_value", "12"), (3, "min_answers", "1")]
    document, report = converted(survey(questions, answers=answers, attributes=attributes))
    kinds = {e["key"]: e["kind"] for e in document["questions"]}
    assert kinds == {"abschnitt_1": "section", "drop": "single_choice",
                     "comment": "single_choice", "pcomment": "multiple_choice",
                     "gender": "single_choice", "yes": "yes_no", "huge": "text",
                     "short": "short_text", "multi_tel": "short_text", "multi_mail": "short_text",
                     "count": "number_group", "count_erw": "number", "year": "number",
                     "day": "date", "soft": "number"}
    entries = by_key(document)
    assert entries["pcomment"]["settings"] == {"other": True, "min": 1}
    assert entries["gender"]["options"] == [["f", {"de": "Weiblich"}], ["m", {"de": "Männlich"}]]
    assert entries["count"]["settings"] == {"total_min": 1, "total_max": 12}
    assert entries["year"]["settings"] == {"min": 1900}
    assert entries["multi_tel"]["text"]["de"] == "Ihre Kontakte\nTelefon"
    assert not entries["soft"]["required"] and entries["gender"]["required"]
    assert report == [
        "Frage „comment“ (Liste mit Kommentar): Das Kommentarfeld wird nicht übernommen, nur "
        "die Auswahl.",
        "Frage „pcomment“ (Mehrfachauswahl mit Kommentaren): Die Kommentarfelder werden nicht "
        "übernommen, nur die Auswahl.",
        "Frage „multi“ (Mehrfache Kurztexte) wurde in 2 einzelne Textfragen aufgeteilt.",
        "Frage „year“ fragt nur nach einem Jahr und wird als Zahl übernommen.",
        "Frage „time“ fragt nur nach einer Uhrzeit; diese Fragenart wird nicht unterstützt und "
        "wurde weggelassen.",
        "Frage „empty“ hat keine oder zu wenige Antwortmöglichkeiten und wurde weggelassen.",
        "Frage „soft“: Die weiche Pflicht wird als freiwillige Frage übernommen.",
    ]


@pytest.mark.parametrize(("kind", "name"), [
    ("*", "Gleichung"), ("R", "Rangfolge"), ("|", "Datei-Upload"),
    ("1", "Matrix mit zwei Skalen"), (":", "Matrix mit Zahlen"), (";", "Matrix mit Texten"),
    ("W", "W"),
])
def test_unsupported_types_are_left_out_one_report_line_each(kind, name):
    document, report = converted(survey([question(1, kind, "Q7"), question(2, "T", "keep")]))
    assert [e["key"] for e in document["questions"]] == ["abschnitt_1", "keep"]
    assert report == [f"Frage „Q7“ (Typ „{name}“): Diese Fragenart wird nicht unterstützt und "
                      "wurde weggelassen."]


def test_keys_are_valid_unique_and_the_same_every_time():
    codes = ["Q1", "q1", "1abc", "Ärger-Frage", "x__other", "abschnitt_1", "Q1"]
    raw = survey([question(n + 1, "S", code) for n, code in enumerate(codes)])
    document, _report = converted(raw)
    keys = [e["key"] for e in document["questions"]]
    assert keys == ["abschnitt_1", "q1", "q1_2", "q_1abc", "aerger_frage", "x_other",
                    "abschnitt_1_2", "q1_3"]
    assert converted(raw)[0] == document
    assert transfer.validate_document(transfer.to_json_bytes(document))[1] == []


def test_html_and_markup_become_plain_text():
    text = ('<p>Wie <b>zufrieden</b> sind Sie?</p><script>alert(1)</script>'
            '<p>a &lt;b&gt; c&nbsp;&amp; d</p>')
    document, _report = converted(survey([question(1, "T", "html", text)]))
    assert by_key(document)["html"]["text"]["de"] == "Wie zufrieden sind Sie?\n\na < b> c & d"
    assert transfer.validate_document(transfer.to_json_bytes(document))[1] == []


@pytest.mark.parametrize(("languages", "expected", "report"), [
    (("de-informal",), ["de"], []),
    (("de", "de-informal"), ["de"], ["Die Sprache „de-informal“ wurde weggelassen: „de“ wird "
                                     "schon als „de“ übernommen."]),
    (("de", "de-easy", "tr"), ["de", "de-x-ls", "tr"], []),
    (("en", "de", "pt-BR"), ["de", "en"], ["Die Sprache „pt-BR“ wird auf dieser Plattform "
                                           "nicht angeboten und wurde weggelassen."]),
])
def test_limesurvey_languages_become_ours(languages, expected, report):
    document, found = converted(survey([question(1, "T", "q")], languages=languages))
    assert document["languages"] == expected
    assert found == report


def test_without_german_nothing_is_converted():
    document, report = limesurvey.convert(survey([question(1, "T", "q")],
                                                 languages=("en", "fr")))
    assert document is None
    assert report == [f"{NO_GERMAN} (Sprachen in der Datei: en, fr). Importiert werden können "
                      "nur Umfragen mit Deutsch als einer ihrer Sprachen."]


@pytest.mark.parametrize(("equation", "expected"), [
    ("!is_empty(M1)", {"question": "m1", "answered": True}),
    ('M1 == "SQ001"', None),
])
def test_a_multiple_choice_as_a_whole(equation, expected):
    condition, report = condition_of(equation)
    assert condition == expected
    assert report == ([] if expected else [
        f"Bedingung von „Later“ ({equation}) kann nicht übernommen werden; die Frage wird "
        "immer gestellt."])


def test_a_text_display_after_questions_starts_a_section_of_its_own():
    long_text = "<p>" + "Nun folgen Fragen zu Ihrer Gesundheit. " * 5 + "</p><p>Zweiter Absatz.</p>"
    questions = [question(1, "X", "intro", "<b>Willkommen</b>"), question(2, "T", "first"),
                 question(3, "X", "health", long_text, relevance='first == ""'),
                 question(4, "T", "second"), question(5, "X", "bye", "Danke!")]
    document, report = converted(survey(questions))
    assert [e["key"] for e in document["questions"]] == ["abschnitt_1", "first", "health",
                                                         "second"]
    section = by_key(document)["health"]
    assert section["kind"] == "section" and len(section["text"]["de"]) <= 120
    assert section["text"]["de"].endswith("…") and "\n" not in section["text"]["de"]
    assert section["hint"]["de"].endswith("Gesundheit.\n\nZweiter Absatz.")
    assert section["settings"] == {"show_if": {"question": "first", "answered": False}}
    assert by_key(document)["abschnitt_1"]["hint"] == {"de": "Willkommen"}
    assert report == ["Textanzeige „bye“: Danach folgt keine Frage mehr; der Text wurde "
                      "weggelassen."]
