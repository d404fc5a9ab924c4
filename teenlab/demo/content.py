"""The hand-written part of the TEEN LAB demo: everything that is not drawn at random.

What the published report says (``../shared/seed``) is reproduced here as records: the partners,
the phases, the exchanges, the events, the French budget and the outcome of each recruited youth
(as profiles dealt out at random by ``generate``). The rest (the spending, the local actors, the
dates) is plausible invention.
"""

import datetime as dt

D = dt.date.fromisoformat

PROJECT = {
    "code": "TEENLAB",
    "name": "TEEN LAB",
    "programme": "INTERREG V-A ALCOTRA France-Italie 2014-2020",
    "start_date": D("2021-03-01"),
    "end_date": D("2023-03-31"),
    "cofinancing_total_eur": 794000,
    # "des jeunes de 16 à 26 ans sortis du système éducatif" (the report's introduction).
    "eligible_age_min": 16,
    "eligible_age_max": 26,
    # The rules of the published report: assiduity of at least 80 %, an excused absence is an
    # absence, TEEN LAB's age bands (minors, 18-23, 24-26).
    "attendance_threshold": 80,
    "excused_absences": "absent",
    "age_bands": "teenlab",
    # The cover's funding statement beside the EU emblem (Interreg V-A ALCOTRA's wording:
    # the Union, the Fund and the programme named).
    "eu_emblem": "yes",
    "funding_statement_fr": (
        "Projet cofinancé par le Fonds européen de développement régional (FEDER) dans le cadre"
        " du programme Interreg V-A France-Italie ALCOTRA 2014-2020"
    ),
    "funding_statement_it": (
        "Progetto cofinanziato dal Fondo europeo di sviluppo regionale (FESR) nell'ambito del"
        " programma Interreg V-A Francia-Italia ALCOTRA 2014-2020"
    ),
    "funding_statement_en": (
        "Project co-financed by the European Regional Development Fund (ERDF) under the"
        " Interreg V-A France-Italy ALCOTRA 2014-2020 programme"
    ),
}
# The residence zones as the report names them.
ZONE_LABELS = {"chambery": "Chambéry", "agglomeration": "Grand Chambéry"}

CHAMBERY = "chambery"
PINEROLO = "pinerolo"

ORGANISATIONS = [
    {
        "code": CHAMBERY,
        "name": "Ville de Chambéry – La Dynamo",  # noqa: RUF001 (as the town writes it)
        "country": "FR",
        "role": "partner",
        "city": "Chambéry",
        "cofinancing_eur": 350000,
        "phone": "04 79 72 13 10",
        "email": "ladynamo@mairie-chambery.fr",
        "website": "ladynamo.chambery.fr",
    },
    {
        "code": PINEROLO,
        "name": "Città di Pinerolo",
        "country": "IT",
        "role": "lead_partner",
        "city": "Pinerolo",
        "cofinancing_eur": 444000,
        "phone": "",
        "email": "",
        "website": "",
    },
]

CITY_COMMUNE = "Chambéry"
# The communes of Grand Chambéry the youth come from (zone `agglomeration`).
AGGLOMERATION_COMMUNES = [
    "Barberaz",
    "Barby",
    "Bassens",
    "Challes-les-Eaux",
    "Cognin",
    "Jacob-Bellecombette",
    "La Motte-Servolex",
    "La Ravoire",
    "Saint-Alban-Leysse",
    "Saint-Baldoph",
    "Sonnaz",
    "Voglans",
]
# Communes outside the reporting zones (zone `other`): youth received but not recruited.
OTHER_COMMUNES = ["Aix-les-Bains", "Montmélian", "Albertville", "Saint-Pierre-d'Albigny"]

PHASES = [
    (1, "Élaboration du projet avec les partenaires", D("2021-03-01"), D("2021-06-30")),
    (2, "Aménagement et équipement des locaux à la Dynamo", D("2021-05-03"), D("2021-09-30")),
    (
        3,
        "Mise en œuvre des deux sessions et ajustements intermédiaires",
        D("2021-06-01"),
        D("2023-01-31"),
    ),
    (4, "Bilan et compilation de l'expérimentation", D("2023-02-01"), D("2023-03-31")),
]

INFO_SESSION_PLACE = "La Dynamo, Chambéry"
# Collective information sessions before each session's recruitment (11 in all).
INFO_SESSION_DATES = {
    "C21": [
        D("2021-06-09"),
        D("2021-06-24"),
        D("2021-07-07"),
        D("2021-09-01"),
        D("2021-09-09"),
        D("2021-09-22"),
    ],
    "C22": [D("2022-06-08"), D("2022-06-23"), D("2022-09-07"), D("2022-09-15"), D("2022-09-21")],
}

# French school holidays (zone A, académie de Grenoble) and public holidays in the sessions.
HOLIDAYS = [
    (D("2021-10-23"), D("2021-11-07")),
    (D("2021-12-18"), D("2022-01-02")),
    (D("2022-10-22"), D("2022-11-06")),
    (D("2022-12-17"), D("2023-01-02")),
]
PUBLIC_HOLIDAYS = {D("2021-11-01"), D("2021-11-11"), D("2022-11-01"), D("2022-11-11")}

EXCHANGES = [
    # code, origin, destination, kind, title, start, end, place, youth, staff
    (
        "X01",
        "FR",
        "IT",
        "institutional",
        "Temps institutionnel d'inauguration à Pinerolo",
        D("2021-09-16"),
        D("2021-09-17"),
        "Pinerolo",
        None,
        5,
    ),
    (
        "X02",
        "IT",
        "FR",
        "institutional",
        "Inauguration des locaux TEEN LAB à la Dynamo avec la délégation de Pinerolo",
        D("2021-10-14"),
        D("2021-10-15"),
        "Chambéry",
        None,
        6,
    ),
    (
        "X03",
        "FR",
        "IT",
        "youth_stay",
        "Séjour des jeunes de la session 2021 à Pinerolo",
        D("2021-12-09"),
        D("2021-12-10"),
        "Pinerolo",
        11,
        3,
    ),
    (
        "X04",
        "FR",
        "remote",
        "training",
        "Formation de formateurs franco-italienne en visioconférence",
        D("2022-03-15"),
        D("2022-03-15"),
        "",  # remote: no place (the direction says it)
        None,
        8,
    ),
    (
        "X05",
        "FR",
        "IT",
        "professional",
        "Échange entre professionnels des FabLabs de Chambéry et de Pinerolo",
        D("2022-05-19"),
        D("2022-05-20"),
        "Pinerolo",
        None,
        3,
    ),
    (
        "X06",
        "IT",
        "FR",
        "youth_stay",
        "Séjour des jeunes de Pinerolo à Chambéry",
        D("2022-11-24"),
        D("2022-11-25"),
        "Chambéry",
        10,
        2,
    ),
    (
        "X07",
        "FR",
        "IT",
        "youth_stay",
        "Séjour des jeunes de la session 2022 à Pinerolo",
        D("2022-12-08"),
        D("2022-12-09"),
        "Pinerolo",
        12,
        3,
    ),
    (
        "X08",
        "IT",
        "FR",
        "institutional",
        "Temps institutionnel de clôture à Chambéry",
        D("2023-02-23"),
        D("2023-02-24"),
        "Chambéry",
        None,
        6,
    ),
    (
        "X09",
        "FR",
        "IT",
        "institutional",
        "Temps institutionnel de clôture à Pinerolo",
        D("2023-03-16"),
        D("2023-03-17"),
        "Pinerolo",
        None,
        5,
    ),
]

# The two sessions: (code, name, start, end, days without class: the youth stay in Pinerolo).
COHORTS = [
    (
        "C21",
        "Session automne 2021",
        D("2021-10-04"),
        D("2022-01-28"),
        {D("2021-12-09"), D("2021-12-10")},
    ),
    (
        "C22",
        "Session automne 2022",
        D("2022-10-03"),
        D("2023-01-27"),
        {D("2022-12-08"), D("2022-12-09")},
    ),
]

EVENTS = [
    (
        "EV21",
        "C21",
        "Tournoi solidaire de jeux vidéo et atelier de réalité virtuelle",
        D("2022-01-22"),
        "Les Restos du Cœur de Savoie",
        "La Dynamo, Chambéry",
    ),
    (
        "EV22",
        "C22",
        "Escape game numérique « Le secret de la Dynamo »",
        D("2023-01-21"),
        "Association Chambéry Solidarité Internationale",
        "La Dynamo, Chambéry",
    ),
]

BUDGET = {
    "cross_border": 33000,
    "coordination": 54000,
    "pedagogy": 130000,
    "premises_equipment": 133000,
}

# (date, category, amount in cents, label, supplier)
EXPENSES = [
    # Cross-border exchanges.
    (
        D("2021-09-17"),
        "cross_border",
        184600,
        "Inauguration à Pinerolo : transport de la délégation",
        "Autocars Alpes Savoie",
    ),
    (
        D("2021-09-17"),
        "cross_border",
        213450,
        "Inauguration à Pinerolo : hébergement et repas",
        "Albergo del Castello",
    ),
    (
        D("2021-10-15"),
        "cross_border",
        165000,
        "Accueil de la délégation de Pinerolo : réception d'inauguration",
        "Traiteur Les Saveurs de Savoie",
    ),
    (
        D("2021-12-10"),
        "cross_border",
        298000,
        "Séjour jeunes 2021 à Pinerolo : transport en autocar",
        "Autocars Alpes Savoie",
    ),
    (
        D("2021-12-10"),
        "cross_border",
        421560,
        "Séjour jeunes 2021 à Pinerolo : hébergement et restauration",
        "Ostello Pinerolo",
    ),
    (
        D("2021-12-10"),
        "cross_border",
        86000,
        "Séjour jeunes 2021 : visites et activités",
        "Museo della Cavalleria",
    ),
    (
        D("2022-03-15"),
        "cross_border",
        120000,
        "Formation de formateurs en visio : interprétariat",
        "Traductions Alpes Langues",
    ),
    (
        D("2022-05-20"),
        "cross_border",
        241230,
        "Échange FabLab à Pinerolo : déplacements et hébergement",
        "Agence Voyages Savoie",
    ),
    (
        D("2022-11-25"),
        "cross_border",
        364080,
        "Accueil des jeunes de Pinerolo : hébergement et repas",
        "Auberge de jeunesse de Chambéry",
    ),
    (
        D("2022-11-25"),
        "cross_border",
        98000,
        "Accueil des jeunes de Pinerolo : activités à Chambéry",
        "Savoie Mont Blanc Découverte",
    ),
    (
        D("2022-12-09"),
        "cross_border",
        312000,
        "Séjour jeunes 2022 à Pinerolo : transport en autocar",
        "Autocars Alpes Savoie",
    ),
    (
        D("2022-12-09"),
        "cross_border",
        438620,
        "Séjour jeunes 2022 à Pinerolo : hébergement et restauration",
        "Ostello Pinerolo",
    ),
    (
        D("2023-02-24"),
        "cross_border",
        172000,
        "Clôture à Chambéry : accueil de la délégation italienne",
        "Traiteur Les Saveurs de Savoie",
    ),
    (
        D("2023-03-17"),
        "cross_border",
        159040,
        "Clôture à Pinerolo : déplacement de la délégation",
        "Agence Voyages Savoie",
    ),
    # Coordination.
    (
        D("2021-06-30"),
        "coordination",
        512000,
        "Coordination du projet : chargée de mission (2e trimestre 2021)",
        "",
    ),
    (
        D("2021-09-30"),
        "coordination",
        648000,
        "Coordination du projet : chargée de mission (3e trimestre 2021)",
        "",
    ),
    (
        D("2021-12-31"),
        "coordination",
        648000,
        "Coordination du projet : chargée de mission (4e trimestre 2021)",
        "",
    ),
    (
        D("2022-03-31"),
        "coordination",
        655000,
        "Coordination du projet : chargée de mission (1er trimestre 2022)",
        "",
    ),
    (
        D("2022-06-30"),
        "coordination",
        655000,
        "Coordination du projet : chargée de mission (2e trimestre 2022)",
        "",
    ),
    (
        D("2022-09-30"),
        "coordination",
        655000,
        "Coordination du projet : chargée de mission (3e trimestre 2022)",
        "",
    ),
    (
        D("2022-12-31"),
        "coordination",
        655000,
        "Coordination du projet : chargée de mission (4e trimestre 2022)",
        "",
    ),
    (
        D("2023-03-31"),
        "coordination",
        600000,
        "Coordination du projet : chargée de mission (1er trimestre 2023)",
        "",
    ),
    (
        D("2022-04-12"),
        "coordination",
        96000,
        "Comités de pilotage : organisation et reprographie",
        "Imprimerie Savoie Repro",
    ),
    (
        D("2023-03-28"),
        "coordination",
        216000,
        "Contrôle de premier niveau des dépenses",
        "Cabinet Audit Alpes Conseil",
    ),
    # Pedagogy.
    (
        D("2021-10-29"),
        "pedagogy",
        1820000,
        "Formateurs numériques : session 2021 (octobre-décembre)",
        "",
    ),
    (D("2022-01-31"), "pedagogy", 1490000, "Formateurs numériques : session 2021 (janvier)", ""),
    (
        D("2021-12-17"),
        "pedagogy",
        624000,
        "Ateliers FabLab : animation de la session 2021",
        "Association FabLab Chambéry",
    ),
    (D("2022-01-28"), "pedagogy", 465000, "Accompagnement socio-professionnel : session 2021", ""),
    (
        D("2021-10-05"),
        "pedagogy",
        184560,
        "Consommables FabLab (filaments, bois, vinyle) : session 2021",
        "Fablab Fournitures",
    ),
    (
        D("2021-11-18"),
        "pedagogy",
        96000,
        "Interventions de professionnels du numérique : session 2021",
        "Atelier Pixel Savoie",
    ),
    (
        D("2022-01-22"),
        "pedagogy",
        138050,
        "Événement de fin de session 2021 : logistique et communication",
        "Imprimerie Savoie Repro",
    ),
    (
        D("2022-06-30"),
        "pedagogy",
        1050000,
        "Ingénierie pédagogique : ajustements entre les deux sessions",
        "",
    ),
    (
        D("2022-10-28"),
        "pedagogy",
        1890000,
        "Formateurs numériques : session 2022 (octobre-décembre)",
        "",
    ),
    (D("2023-01-31"), "pedagogy", 1520000, "Formateurs numériques : session 2022 (janvier)", ""),
    (
        D("2022-12-16"),
        "pedagogy",
        648000,
        "Ateliers FabLab : animation de la session 2022",
        "Association FabLab Chambéry",
    ),
    (D("2023-01-27"), "pedagogy", 480000, "Accompagnement socio-professionnel : session 2022", ""),
    (
        D("2022-10-04"),
        "pedagogy",
        192340,
        "Consommables FabLab (filaments, bois, vinyle) : session 2022",
        "Fablab Fournitures",
    ),
    (
        D("2022-11-17"),
        "pedagogy",
        108000,
        "Interventions de professionnels du numérique : session 2022",
        "Atelier Pixel Savoie",
    ),
    (
        D("2023-01-21"),
        "pedagogy",
        152380,
        "Événement de fin de session 2022 : logistique et communication",
        "Imprimerie Savoie Repro",
    ),
    (
        D("2022-05-13"),
        "pedagogy",
        278000,
        "Sorties pédagogiques et transports des jeunes",
        "Synchro Bus",
    ),
    (
        D("2022-02-25"),
        "pedagogy",
        264000,
        "Licences de logiciels de création numérique (2 ans)",
        "Logiciels Éducation Services",
    ),
    (
        D("2023-03-24"),
        "pedagogy",
        1250000,
        "Suivi des parcours après la formation et capitalisation",
        "",
    ),
    # Premises and equipment.
    (
        D("2021-07-23"),
        "premises_equipment",
        4350000,
        "Travaux d'aménagement des locaux de la Dynamo",
        "Bâtiment Savoie Rénovation",
    ),
    (
        D("2021-08-27"),
        "premises_equipment",
        742000,
        "Câblage réseau et Wi-Fi des salles de formation",
        "Réseaux & Fibre 73",
    ),
    (
        D("2021-09-03"),
        "premises_equipment",
        1268000,
        "Mobilier des salles de formation et de l'espace de vie",
        "Mobilier Collectivités Alpes",
    ),
    (
        D("2021-09-10"),
        "premises_equipment",
        1992000,
        "Ordinateurs portables (24) et sacoches",
        "Informatique Chambéry Services",
    ),
    (
        D("2021-09-10"),
        "premises_equipment",
        620000,
        "Vidéoprojecteurs, écrans interactifs et sonorisation",
        "Audiovisuel Savoie",
    ),
    (
        D("2021-09-17"),
        "premises_equipment",
        980000,
        "Imprimantes 3D (4) et accessoires",
        "Fablab Fournitures",
    ),
    (
        D("2021-09-17"),
        "premises_equipment",
        1290000,
        "Découpeuse laser et système d'extraction",
        "Laser Équipements",
    ),
    (
        D("2021-09-24"),
        "premises_equipment",
        356000,
        "Plotter de découpe vinyle et presse à chaud",
        "Fablab Fournitures",
    ),
    (
        D("2021-09-24"),
        "premises_equipment",
        428000,
        "Casques de réalité virtuelle (6)",
        "Informatique Chambéry Services",
    ),
    (
        D("2021-10-01"),
        "premises_equipment",
        215000,
        "Signalétique et habillage des locaux",
        "Imprimerie Savoie Repro",
    ),
    (
        D("2022-07-22"),
        "premises_equipment",
        538000,
        "Fraiseuse numérique de table",
        "Laser Équipements",
    ),
    (
        D("2022-09-16"),
        "premises_equipment",
        286000,
        "Aménagement d'un espace d'accueil et d'entretien",
        "Mobilier Collectivités Alpes",
    ),
]

# What each recruited youth leaves with (outcome of their latest enrolment), dealt out by
# `generate`: 25 with a professional project, 10 without, 4 not known (65/25/10 % of 39 as
# closely as whole numbers allow); positive exits work 2, study 4, experience 5, training 10,
# project 4. (professional_project, exit, detail)
# The details of the positive exits are the published report's examples (« Exemples : Bac,
# BTS, licences »…): the bilan prints them under each category, most frequent first, three at
# most, with "…" when some youth of the category are not covered (docs/indicators.md).
OUTCOMES_COMPLETED = [
    ("yes", "training", "Développeur web"),
    ("yes", "training", "Développeur web"),
    ("yes", "training", "Développeur web"),
    ("yes", "training", "couture"),
    ("yes", "training", "couture"),
    ("yes", "training", "menuiserie"),
    ("yes", "training", "cuisine"),
    ("yes", "training", "fibre optique"),
    ("yes", "training", "vente"),
    ("yes", "study", "Bac"),
    ("yes", "study", "BTS"),
    ("yes", "study", "licences"),
    ("yes", "experience", "Stages"),
    ("yes", "experience", "Stages"),
    ("yes", "experience", "services civiques"),
    ("yes", "experience", ""),
    ("no", "experience", ""),
    ("no", "work", "tester un secteur d'activité"),
    ("yes", "project", "Voyage"),
    ("yes", "project", "Voyage"),
    ("yes", "project", "projet personnel"),
    ("yes", "project", ""),
    ("yes", "none", "Projet de formation en électricité, entrée prévue à la rentrée"),
    ("yes", "none", "Projet de formation d'animateur, en attente de financement"),
    ("yes", "none", "Projet dans la logistique, en recherche d'une formation"),
    ("no", "none", "En recherche d'emploi, suivi par la Mission Locale"),
    ("no", "none", "Pas de projet défini pour le moment"),
    ("no", "none", "Retour vers l'accompagnement de la Mission Locale"),
]
OUTCOMES_DROPPED_OUT = [
    ("yes", "training", "menuiserie"),
    ("yes", "study", "Bac"),
    ("no", "work", "tester un secteur d'activité"),
    ("no", "none", "Sans solution à ce jour"),
    ("no", "none", "Sans solution à ce jour"),
    ("no", "none", "Suivi par un éducateur de prévention"),
    ("no", "none", "Déménagement, suivi interrompu"),
    ("unknown", "unknown", "Pas de nouvelles malgré plusieurs relances"),
    ("unknown", "unknown", "Pas de nouvelles malgré plusieurs relances"),
    ("unknown", "unknown", "Injoignable"),
    ("unknown", "unknown", "Injoignable"),
]
# The youth who dropped out of the 2021 session and came back to complete the 2022 one.
RETURNING_OUTCOME_FIRST = ("no", "none", "Pause pour raisons familiales, réinscrit en 2022")
RETURNING_OUTCOME_DETAIL = "Développeur web"

DROPOUT_NOTES = {
    "personal": ["Raisons familiales", "Déménagement hors de Savoie", "Problèmes de santé"],
    "wrong_orientation": [
        "Le numérique ne correspond pas à son projet",
        "Réorienté vers une formation en alternance",
    ],
    "lack_of_engagement": ["Absences répétées sans justification"],
    "lack_of_motivation": ["Ne se projette pas dans la formation"],
}

REFERRERS = [
    "Mission Locale",
    "Mission Locale",
    "Mission Locale",
    "Pôle emploi",
    "CIO",
    "Prévention spécialisée",
    "Bouche-à-oreille",
    "Réseaux sociaux",
    "Service jeunesse de la Ville",
]

COOPERATIONS = [
    (
        "Association FabLab Chambéry",
        "association",
        "fitting_out;training",
        "Conseil sur l'équipement du FabLab et animation d'ateliers",
    ),
    (
        "Association de prévention spécialisée de Savoie",
        "association",
        "sourcing;support",
        "Repérage de jeunes éloignés des dispositifs et suivi pendant la formation",
    ),
    (
        "Entreprises du numérique de Savoie Technolac",
        "company",
        "training;support",
        "Interventions de professionnels, visites d'entreprises et stages",
    ),
    (
        "Grand Chambéry",
        "institution",
        "design;supervision",
        "Co-construction et comité de pilotage",
    ),
    (
        "Lycées de Chambéry (lutte contre le décrochage scolaire)",
        "school",
        "sourcing",
        "Orientation de jeunes sortis du système scolaire",
    ),
    (
        "Mission Locale Jeunes de Chambéry",
        "institution",
        "sourcing;recruitment;support",
        "Orientation, entretiens de recrutement et suivi des parcours",
    ),
    (
        "Pôle emploi Chambéry",
        "institution",
        "sourcing;recruitment",
        "Information et prescription auprès des demandeurs d'emploi",
    ),
    (
        "Ville de Chambéry, services techniques",
        "institution",
        "design;fitting_out",
        "Conception et travaux d'aménagement des locaux de la Dynamo",
    ),
]

FIRST_NAMES_F = [
    "Amandine", "Anaïs", "Camille", "Chloé", "Clara", "Emma", "Eva", "Inès", "Jade", "Justine",
    "Laura", "Léa", "Lina", "Lisa", "Lou", "Lucie", "Maëlys", "Manon", "Margaux", "Marie",
    "Mélissa", "Noémie", "Océane", "Pauline", "Romane", "Salomé", "Sarah", "Yasmine", "Zoé",
]  # fmt: skip
FIRST_NAMES_M = [
    "Adam", "Alexandre", "Antoine", "Axel", "Baptiste", "Benjamin", "Bilal", "Clément", "Dylan",
    "Enzo", "Evan", "Florian", "Hugo", "Ilyes", "Jordan", "Kevin", "Killian", "Kylian", "Loïc",
    "Louis", "Lucas", "Mathis", "Matteo", "Maxime", "Mehdi", "Nathan", "Noah", "Nolan",
    "Quentin", "Rayan", "Romain", "Samuel", "Sofiane", "Théo", "Thomas", "Tom", "Valentin",
    "Yanis",
]  # fmt: skip
FIRST_NAMES_X = ["Sacha", "Charlie", "Alix"]
ITALIAN_FIRST_NAMES = {
    "f": ["Alessia", "Chiara", "Giulia", "Martina", "Sara"],
    "m": ["Alessandro", "Davide", "Lorenzo", "Luca", "Marco"],
}
