"""Demo data: Landkreis Esslingen, its nine Quartiersforscher municipalities, and the starter
events. The questionnaire is the starter template, participation/questionnaire_template.json."""

DISTRICT = ("landkreis-esslingen", "Landkreis Esslingen")

VILLAGE_PARTS = ("Ortskern", "Wohngebiete am Ortsrand")

MUNICIPALITIES = {
    "aichtal": ("Aichtal", ("Aich", "Grötzingen", "Neuenhaus")),
    "denkendorf": ("Denkendorf", VILLAGE_PARTS),
    "erkenbrechtsweiler": ("Erkenbrechtsweiler", VILLAGE_PARTS),
    "kohlberg": ("Kohlberg", VILLAGE_PARTS),
    "koengen": ("Köngen", VILLAGE_PARTS),
    "leinfelden-echterdingen": (
        "Leinfelden-Echterdingen", ("Leinfelden", "Echterdingen", "Musberg", "Stetten")),
    "neckartailfingen": ("Neckartailfingen", VILLAGE_PARTS),
    "neckartenzlingen": ("Neckartenzlingen", VILLAGE_PARTS),
    "wendlingen": ("Wendlingen am Neckar", ("Wendlingen", "Unterboihingen", "Bodelshofen")),
}

DEMO_WALK = {
    "days_ahead": 10, "start": (14, 0), "hours": 2, "capacity": 30, "held_back": 0,
    "meeting_point": "Vor dem Rathaus {place}",
    "texts": {
        "de": ("Quartiersspaziergang durch {quartier}",
               "Gemeinsam gehen wir in ruhigem Tempo durch {quartier} und schauen, was älteren "
               "Menschen den Alltag leichter oder schwerer macht: Wege und Bordsteine, Bänke, "
               "Einkaufsmöglichkeiten, Bushaltestellen. Ihre Hinweise fließen in die "
               "Quartiersanalyse ein. Unterwegs machen wir Pausen mit Sitzgelegenheiten."),
        "en": ("Neighbourhood walk through {quartier}",
               "Together we walk at an easy pace through {quartier} and look at what makes "
               "everyday life easier or harder for older people: paths and kerbs, benches, "
               "shops, bus stops. Your observations go into the neighbourhood analysis. We "
               "stop to rest on the way, with places to sit."),
        "tr": ("{quartier} mahalle yürüyüşü",
               "{quartier} içinden birlikte, sakin adımlarla yürüyoruz ve yaşlı insanların "
               "günlük hayatını neyin kolaylaştırdığına ya da zorlaştırdığına bakıyoruz: yollar "
               "ve kaldırımlar, banklar, alışveriş imkânları, otobüs durakları. Görüşleriniz "
               "mahalle analizine katkı sağlar. Yolda oturarak dinlenebileceğiniz molalar "
               "veriyoruz."),
        "de-x-ls": ("Spaziergang durch {quartier}",
                    "Wir gehen zusammen durch {quartier}.\nWir gehen langsam.\n"
                    "Unterwegs machen wir Pausen.\nDann können Sie sich auf eine Bank "
                    "setzen.\n\nWir schauen zusammen:\nWas ist gut für ältere Menschen?\n"
                    "Was ist schwer für ältere Menschen?\nZum Beispiel: Wege, Bänke und "
                    "Geschäfte.\n\nSie können uns alles sagen.\nWir schreiben Ihre Hinweise "
                    "auf."),
    },
}
DEMO_CAFE = {
    "days_ahead": 17, "start": (15, 0), "hours": 2, "capacity": 20, "held_back": 4,
    "meeting_point": "Gemeindehaus {place}, großer Saal (Erdgeschoss)",
    "texts": {
        "de": ("Bürgercafé: Gut älter werden in {place}",
               "Bei Kaffee und Kuchen sprechen wir über Ihre Ideen für das Leben im Alter in "
               "{place}. Wir stellen kurz die ersten Ergebnisse der Befragung vor. Sie können "
               "einfach zuhören oder mitreden."),
        "en": ("Community café: growing older well in {place}",
               "Over coffee and cake we talk about your ideas for later life in {place}. We "
               "briefly present the first results of the survey. You are welcome to just "
               "listen or to join in."),
    },
}
DEMO_TRAINING = {
    "days_ahead": 24, "start": (9, 30), "hours": 3, "capacity": 16, "held_back": 0,
    "meeting_point": "Landratsamt Esslingen, Sitzungssaal",
    "texts": {
        "de": ("Schulung: Quartiersanalyse mit älteren Menschen",
               "Für Mitarbeitende der Gemeinden im Projekt „Quartiersforscher“: wie Sie ein "
               "Quartier mit Daten, Begehungen und Befragungen analysieren und ältere Menschen "
               "dabei beteiligen."),
        "en": ("Training: neighbourhood analysis with older residents",
               "For municipal staff in the \"Quartiersforscher\" project: how to analyse a "
               "neighbourhood with data, walks and surveys, and involve older residents."),
    },
}
