"""The short questionnaire the tests answer: eleven questions of the first starter template,
seeded in place of the full template (tests/conftest.py) so that tests can name its
questions by position and key."""

QUESTIONNAIRE = {
    "slug": "gut-aelter-werden",
    "languages": ["de", "en"],
    "title": {"de": "Gut älter werden im Quartier",
              "en": "Growing older well in your neighbourhood"},
    "intro": {
        "de": "Ihre Gemeinde möchte wissen, was Sie brauchen, um in Ihrem Quartier möglichst "
              "lange selbstständig zu leben: beim Wohnen, Einkaufen, bei Kontakten, Gesundheit, "
              "Beratung, Pflege und im Alltag.\n\n"
              "Die Befragung ist Teil des Projekts „Quartiersforscher“ des Landkreises Esslingen. "
              "Die Ergebnisse werden für jedes Quartier ausgewertet und öffentlich besprochen.",
        "en": "Your municipality would like to know what you need to live independently in your "
              "neighbourhood for as long as possible: housing, shopping, social contact, health, "
              "advice, care and everyday life.\n\n"
              "The survey is part of the \"Quartiersforscher\" project of the district of "
              "Esslingen. The results are analysed for each neighbourhood and discussed in public.",
    },
    "questions": [
        {"key": "housing_satisfaction", "kind": "scale", "field": "housing",
         "text": {"de": "Wie zufrieden sind Sie mit Ihrer Wohnsituation?",
                  "en": "How satisfied are you with your housing situation?"},
         "hint": {"de": "1 bedeutet sehr unzufrieden, 5 bedeutet sehr zufrieden.",
                  "en": "1 means very dissatisfied, 5 means very satisfied."},
         "options": [
             ("1", {"de": "1 – sehr unzufrieden", "en": "1 – very dissatisfied"}),
             ("2", {"de": "2", "en": "2"}), ("3", {"de": "3", "en": "3"}),
             ("4", {"de": "4", "en": "4"}),
             ("5", {"de": "5 – sehr zufrieden", "en": "5 – very satisfied"})]},
        {"key": "step_free", "kind": "yes_no", "field": "housing",
         "text": {"de": "Können Sie Ihre Wohnung ohne Stufen erreichen und nutzen?",
                  "en": "Can you reach and use your home without steps?"},
         "hint": {"de": "Zum Beispiel mit einem Rollator.", "en": "For example with a walker."}},
        {"key": "household_size", "kind": "number", "field": "housing",
         "settings": {"min": 1, "max": 20},
         "text": {"de": "Wie viele Personen leben in Ihrem Haushalt, Sie eingeschlossen?",
                  "en": "How many people live in your household, including you?"},
         "hint": {"de": "Bitte geben Sie eine Zahl ein, zum Beispiel 2.",
                  "en": "Please enter a number, for example 2."}},
        {"key": "walking_distance", "kind": "multiple_choice", "field": "infrastructure",
         "text": {"de": "Was erreichen Sie zu Fuß in höchstens 10 Minuten?",
                  "en": "What can you reach on foot within 10 minutes?"},
         "hint": {"de": "Wählen Sie alles aus, was zutrifft.", "en": "Select all that apply."},
         "options": [
             ("grocery", {"de": "Lebensmittelgeschäft", "en": "Grocery shop"}),
             ("doctor", {"de": "Hausarztpraxis", "en": "GP practice"}),
             ("pharmacy", {"de": "Apotheke", "en": "Pharmacy"}),
             ("bus_stop", {"de": "Bushaltestelle", "en": "Bus stop"}),
             ("bank", {"de": "Bank oder Geldautomat", "en": "Bank or cash machine"}),
             ("none", {"de": "Nichts davon", "en": "None of these"})]},
        {"key": "meetings", "kind": "single_choice", "field": "participation",
         "text": {"de": "Wie oft gehen Sie zu Treffen, Vereinen oder Veranstaltungen im Quartier?",
                  "en": "How often do you go to meetings, clubs or events in your neighbourhood?"},
         "options": [
             ("weekly_more", {"de": "Mehrmals in der Woche", "en": "Several times a week"}),
             ("weekly", {"de": "Etwa einmal in der Woche", "en": "About once a week"}),
             ("monthly", {"de": "Etwa einmal im Monat", "en": "About once a month"}),
             ("rarely", {"de": "Seltener", "en": "Less often"}),
             ("never", {"de": "Nie", "en": "Never"})]},
        {"key": "exercise_offer", "kind": "yes_no", "field": "prevention",
         "text": {"de": "Würden Sie bei einem Bewegungsangebot für Ältere in Ihrem Quartier "
                        "mitmachen?",
                  "en": "Would you join an exercise group for older people in your "
                        "neighbourhood?"},
         "hint": {"de": "Zum Beispiel eine Spaziergruppe oder Sitzgymnastik.",
                  "en": "For example a walking group or chair exercises."}},
        {"key": "medical_care", "kind": "scale", "field": "health",
         "text": {"de": "Wie zufrieden sind Sie mit der ärztlichen Versorgung in Ihrer Nähe?",
                  "en": "How satisfied are you with the medical care near you?"},
         "hint": {"de": "1 bedeutet sehr unzufrieden, 5 bedeutet sehr zufrieden.",
                  "en": "1 means very dissatisfied, 5 means very satisfied."},
         "options": [
             ("1", {"de": "1 – sehr unzufrieden", "en": "1 – very dissatisfied"}),
             ("2", {"de": "2", "en": "2"}), ("3", {"de": "3", "en": "3"}),
             ("4", {"de": "4", "en": "4"}),
             ("5", {"de": "5 – sehr zufrieden", "en": "5 – very satisfied"})]},
        {"key": "advice_known", "kind": "single_choice", "field": "counselling",
         "text": {"de": "Wissen Sie, wo Sie sich zu Fragen des Älterwerdens beraten lassen können?",
                  "en": "Do you know where to get advice on questions about growing older?"},
         "options": [
             ("yes", {"de": "Ja, genau", "en": "Yes, exactly"}),
             ("roughly", {"de": "Ungefähr", "en": "Roughly"}),
             ("no", {"de": "Nein", "en": "No"})]},
        {"key": "care_wish", "kind": "single_choice", "field": "care",
         "text": {"de": "Wo möchten Sie leben, wenn Sie einmal Pflege brauchen?",
                  "en": "Where would you like to live if you ever need care?"},
         "options": [
             ("home", {"de": "In meiner jetzigen Wohnung", "en": "In my current home"}),
             ("assisted", {"de": "In einer betreuten Wohnung im Quartier",
                           "en": "In assisted living in the neighbourhood"}),
             ("shared", {"de": "In einer Pflege-Wohngemeinschaft im Quartier",
                         "en": "In a shared care flat in the neighbourhood"}),
             ("nursing_home", {"de": "In einem Pflegeheim", "en": "In a care home"}),
             ("undecided", {"de": "Weiß ich noch nicht", "en": "I don't know yet"})]},
        {"key": "everyday_help", "kind": "multiple_choice", "field": "support",
         "required": False,
         "text": {"de": "Wobei würden Sie sich im Alltag Unterstützung wünschen?",
                  "en": "What would you like help with in everyday life?"},
         "hint": {"de": "Wählen Sie alles aus, was zutrifft.", "en": "Select all that apply."},
         "options": [
             ("shopping", {"de": "Einkaufen", "en": "Shopping"}),
             ("rides", {"de": "Fahrten zu Ärztinnen und Ärzten", "en": "Rides to the doctor"}),
             ("household", {"de": "Haushalt", "en": "Housework"}),
             ("garden", {"de": "Garten", "en": "Garden"}),
             ("paperwork", {"de": "Briefe von Ämtern", "en": "Letters from authorities"}),
             ("technology", {"de": "Handy und Computer", "en": "Phone and computer"})]},
        {"key": "wishes", "kind": "text", "field": None, "required": False,
         "text": {"de": "Was würde Ihnen helfen, in Ihrem Quartier gut älter zu werden?",
                  "en": "What would help you to grow older well in your neighbourhood?"}},
    ],
}

# Demo events: in every municipality a neighbourhood walk through its first Quartier
# (German, English, Turkish, Leichte Sprache) and a café (German, English); one staff
# training of the district (German, English). "{quartier}" and "{place}" are filled in.
# Days are counted from the day the demo is seeded; times are local (Europe/Berlin).
